import { slugOf, type SimChannel, type SimGame, type SimUser, type World } from './world';

/** Who asks: the world, the token's user (null: none sent), and the client id the request names. */
export interface GqlContext {
  world: World;
  user: SimUser | null;
  clientId: string;
}

/** A handler answers the operation's data, or a WithErrors. */
export type Handler = (vars: Record<string, unknown>, ctx: GqlContext) => unknown;

/** An operation the simulator plays: the top field of its data (what an error's path names), and its handler. */
export interface Operation {
  field: string;
  /** Mutations need integrity on the web client id, whatever wire.gateReads says. */
  mutation?: boolean;
  handler: Handler;
}

/** A handler's data with GQL errors beside it, as Twitch answers a mutation it refuses or a read it half-served. */
export class WithErrors {
  constructor(
    readonly data: unknown,
    readonly errors: { message: string; path?: (string | number)[] }[],
  ) {}
}

export const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** A mutation's `input` variable (empty when missing). */
export const inputOf = (vars: Record<string, unknown>) => (vars.input && typeof vars.input === 'object' ? vars.input : {}) as Record<string, unknown>;
/** A connection's page size: the `limit` asked for, between 1 and 100 as Twitch allows. */
export const limitOf = (v: unknown) => Math.min(100, Math.max(1, Math.floor(Number(v)) || 1));
/** Edge cursors are base64 of the edge's index: opaque to clients, as Twitch's are. */
export const cursorOf = (index: number) => Buffer.from(String(index)).toString('base64');
/** The index a page starts after: -1 without a cursor, Infinity (an empty page) for one the sim never gave. */
export function afterCursor(cursor: unknown): number {
  if (cursor === null || cursor === undefined || cursor === '') return -1;
  const index = Buffer.from(str(cursor), 'base64').toString('utf8');
  return /^\d+$/.test(index) ? Number(index) : Infinity;
}
export const byViewers = (a: SimChannel, b: SimChannel) => b.viewers - a.viewers;
export const userNode = (c: SimChannel) => ({ id: c.id, login: c.login, displayName: c.displayName, __typename: 'User' });
/** A game as the channel operations give it: id, name and displayName (the sim's names are display names). */
export const gameNode = (g: SimGame | null) => (g ? { id: g.id, name: g.name, displayName: g.name, slug: slugOf(g), __typename: 'Game' } : null);
