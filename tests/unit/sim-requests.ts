import { expect } from 'vitest';
import type { SimUser, World } from '../sim/world';

const WEB_CLIENT_ID = 'kimne78kx3ncx6brgo4mv6wki5h1ko';

type Fetch = typeof globalThis.fetch;

export interface GqlBody<T> {
  data?: T;
  errors?: { message: string }[];
  extensions?: unknown;
}

/**
 * Hand-written GQL requests for the simulator's own tests, with the hashes the test file knows (written from the
 * wire facts, apart from the simulator's table): `gqlBody` gives the whole answer, `gql` its data, checked error-free.
 */
export function makeGql(hashes: Record<string, string>) {
  async function gqlBody<T>(fetch: Fetch, name: string, variables: object, user?: SimUser, hash = hashes[name]): Promise<GqlBody<T>> {
    const res = await fetch('https://gql.twitch.tv/gql', {
      method: 'POST',
      headers: { 'client-id': WEB_CLIENT_ID, 'content-type': 'application/json', ...(user ? { authorization: `OAuth ${user.token}` } : {}) },
      body: JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as GqlBody<T>;
  }
  async function gql<T>(fetch: Fetch, name: string, variables: object, user?: SimUser): Promise<T> {
    const body = await gqlBody<T>(fetch, name, variables, user);
    expect(body.errors).toBeUndefined();
    return body.data!;
  }
  return { gqlBody, gql };
}

/** A watch minute as spade judges it, sent to the world directly: a segment fetched, then the minute-watched event. */
export function watchMinute(world: World, user: SimUser, login: string): boolean {
  const c = world.channel(login);
  world.segmentFetched(user, c);
  return world.minuteWatched({ channel_id: c.id, broadcast_id: c.streamId, player: 'site', user_id: user.id, live: true, channel: c.login }).credited;
}
