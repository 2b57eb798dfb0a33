import { afterEach, expect } from 'vitest';
import { startSim, type Sim } from '../sim/server';
import type { WatchEvent } from '../sim/watch';
import type { SimUser, World } from '../sim/world';

/**
 * Hand-written requests for the simulator's own tests, as a 2026 peer sends them (shared/twitch-wire.md): the
 * hashes below are copied from the facts, apart from the simulator's table, so a test checks the simulator against
 * the facts rather than against itself. Nothing here goes through lib/.
 */

export const WEB = 'kimne78kx3ncx6brgo4mv6wki5h1ko';
export const TV = 'ue6666qo983tsx6so1t0vnawi233wa';
export const ANDROID = 'kd1unb4b3q4t58fwlpcbzcbnm76a8fp';
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** One current hash per operation, as TDM (2026-07/08) sends them; the others a peer sends where TDM has none. */
export const HASHES: Record<string, string> = {
  ViewerDropsDashboard: 'd9cae7761dafab85908c85e6683cb4201b449e66ac3bb5e894f15ff12aeafaa7',
  Inventory: '8337eb8541b314040b0edde0c09c5c7a2783ba1960aa9edfbf3bac16d0fec404',
  DropCampaignDetails: '039277bf98f3130929262cc7c6efd9c141ca3749cb6dca442fc8ead9a53f77c1',
  DropCurrentSessionContext: '4d06b702d25d652afb9ef835d2a550031f1cf762b193523a92166f40ea3d142b',
  DropsHighlightService_AvailableDrops: '782dad0f032942260171d2d80a654f88bdd0c5a9dddc392e9bc92218a0f42d20',
  DropsPage_ClaimDropRewards: 'a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930',
  ChannelPointsContext: '374314de591e69925fce3ddc2bcf085796f56ebb8cad67a0daa3165c03adc345',
  VideoPlayerStreamInfoOverlayChannel: '198492e0857f6aedead9665c81c5a06d67b25b58034649687124083ff288597d',
  PlaybackAccessToken: 'ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9',
  ChannelFollows: 'eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907',
  DirectoryPage_Game: '86bcceb4e8b1a51256ff8eed8bd8aae4acacf80d737efe904f84f3aeadf8cafd',
  DirectoryGameRedirect: '1f0300090caceec51f33c5e20647aceff9017f740f223c3c532ba6fa59f6b6cc',
  ClaimCommunityPoints: '46aaeebe02c99afdf4fc97c7c0cba964124bf6b0af229395f1f6d1feed05b3d0',
  JoinRaid: 'c6a332a86d1087fbbb1a8623aa01bd1313d2386e7c63be60fdb2d1901f01a4ae',
  CommunityMomentCallout_Claim: 'e2d67415aead910f7f9ceb45a77b750a1e1d9622c936d832328a0689e054db62',
  MakePrediction: 'b44682ecc88358817009f20e69d75081b1e58825bb40aa53d5dbadcc17c881d8',
  GetIDFromLogin: '94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca',
  ChannelPointsPredictionContext: 'beb846598256b75bd7c1fe54a80431335996153e358ca9c7837ce7bb83d7d383',
  // Community goals: rdavydov/Twitch-Channel-Points-Miner-v2 constants.py (d78e587, 2023-07-18; unchanged 2025-11-16).
  UserPointsContribution: '23ff2c2d60708379131178742327ead913b93b1bd6f665517a6d9085b73f661f',
  ContributeCommunityPointsCommunityGoal: '5774f0ea5d89587d73021a2e03c3c44777d903840c608754a1be519f51e37bb6',
  // Watch-streak recovery: mpforce1/Twitch-Channel-Points-Miner constants.py (2026); 0x8fv PR #46 (2026-08).
  RewardList: '0b1471876d7647993731b9e3c6a13bf304c67fb31d07f06a945d42286ee377c4',
  ClipsCards__User: '1cd671bfa12cec480499c087319f26d21925e9695d1f80225aae6a4354f23088',
  FilterableVideoTower_Videos: '67004f7881e65c297936f32c75246470629557a393788fb5a69d6d9a25a8fd5f',
};

type Fetch = typeof globalThis.fetch;
export type Json = Record<string, unknown>;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A simulator for this test, closed after it. Its clock is frozen so simulated time moves only when told. */
export async function useSim(world?: (w: World) => void): Promise<Sim> {
  const sim = await startSim({ world });
  sim.clock.freeze();
  cleanups.push(() => sim.close());
  return sim;
}

/** Who sends a GQL request: a user's token or another, the client id (web by default), and any further headers. */
export interface Caller {
  user?: SimUser;
  token?: string;
  clientId?: string;
  headers?: Record<string, string>;
}

/** The request's headers, lower case (a header given twice would be sent joined). */
export function gqlHeaders(c: Caller = {}): Record<string, string> {
  const token = c.token ?? c.user?.token;
  return {
    'client-id': c.clientId ?? WEB,
    'content-type': 'application/json',
    ...(token ? { authorization: `OAuth ${token}` } : {}),
    ...Object.fromEntries(Object.entries(c.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
}

/** What the user's twitch.tv page sends (World.pageSession: as if captured from it), with the user's token. */
export function pageCaller(world: World, user: SimUser): Caller {
  return { user, headers: world.pageSession(user).headers };
}

/** A persisted operation, with the hash of HASHES unless given. */
export const op = (name: string, variables: object, hash = HASHES[name]) => ({
  operationName: name,
  variables,
  extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
});

/** One GQL request (one item or a batch): its status and body. */
export async function gqlRequest(fetch: Fetch, body: object, caller: Caller = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch('https://gql.twitch.tv/gql', { method: 'POST', headers: gqlHeaders(caller), body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

export interface GqlBody<T> {
  data?: T;
  errors?: { message: string; path?: unknown[] }[];
  extensions?: Json;
}

/** One persisted operation answered HTTP 200: its whole body. */
export async function gqlBody<T = Json>(fetch: Fetch, name: string, variables: object, caller: Caller = {}, hash = HASHES[name]): Promise<GqlBody<T>> {
  const { status, body } = await gqlRequest(fetch, op(name, variables, hash), caller);
  expect(status).toBe(200);
  return body as GqlBody<T>;
}

/** One persisted operation's data, checked error-free. */
export async function gql<T = Json>(fetch: Fetch, name: string, variables: object, caller: Caller = {}): Promise<T> {
  const body = await gqlBody<T>(fetch, name, variables, caller);
  expect(body.errors).toBeUndefined();
  return body.data!;
}

/** The refusal of an operation whose top field is `field`, as Twitch answers a failed integrity check. */
export const integrityFailed = (field: string) => ({
  errors: [{ message: 'failed integrity check', path: [field] }],
  data: { [field]: null },
  extensions: expect.objectContaining({ challenge: { type: 'integrity' } }),
});

/** The whole property set of a minute-watched event for the channel's current stream (TDM _watch_payload, 2026-07). */
export function minuteProps(world: World, user: SimUser, login: string, overrides: Json = {}): Json {
  const c = world.channel(login);
  return {
    broadcast_id: c.streamId,
    channel_id: c.id,
    channel: c.login,
    client_time: world.clock.now() / 1000,
    game: c.game?.name ?? '',
    game_id: c.game?.id ?? '',
    hidden: false,
    is_live: true,
    live: true,
    logged_in: true,
    minutes_logged: 1,
    muted: false,
    user_id: Number(user.id),
    player: 'site',
    ...overrides,
  };
}

/** A minute-watched event judged by the world directly (no HTTP): what it earned. */
export function watchEvent(world: World, user: SimUser, login: string, overrides: Json = {}): WatchEvent {
  return world.minuteWatched(minuteProps(world, user, login, overrides));
}

/** Whether a minute-watched event sent to the world directly earned a points minute. */
export const watchMinute = (world: World, user: SimUser, login: string, overrides: Json = {}) => watchEvent(world, user, login, overrides).credited;

/** Posts events to spade as the web client does: form field `data` = base64 of their JSON. */
export async function postSpade(fetch: Fetch, events: unknown, url = 'https://spade.twitch.tv/track'): Promise<number> {
  const data = Buffer.from(JSON.stringify(events)).toString('base64');
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ data }).toString() });
  return res.status;
}
