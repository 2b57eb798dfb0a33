import type { IntegrityRefusal } from './integrity';

/** The world's things, as tests and the simulator's modules name them (world.ts re-exports them). */

export interface SimUser {
  id: string;
  login: string;
  displayName: string;
  /** The OAuth token of the user's web session (the auth-token cookie): web client id, never expires. */
  token: string;
  /** The unique_id cookie of the user's browser. */
  deviceId: string;
}

/** A game: slug, when not given, is the name in lower case with dashes (Twitch's own may differ: DirectoryGameRedirect). */
export interface SimGame {
  id: string;
  name: string;
  slug?: string;
}

export const slugOf = (game: SimGame): string => game.slug ?? game.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export interface SimChannel {
  id: string;
  login: string;
  displayName: string;
  live: boolean;
  streamId: string | null;
  streamStartedAt: number | null;
  /** The game of the channel's broadcast settings (kept while offline); null: none. */
  game: SimGame | null;
  title: string;
  viewers: number;
  pointsEnabled: boolean;
  pointsName: string | null;
  /** Whether the channel's stream is drops-enabled (the directory's DROPS_ENABLED filter). */
  dropsEnabled: boolean;
}

export interface Follow {
  channel: SimChannel;
  followedAt: number;
}

/** What twitch.tv's page holds for its GQL requests (World.pageSession): what an extension may capture from it. */
export interface PageSession {
  headers: { 'Client-Id': string; 'X-Device-Id': string; 'Client-Session-Id': string; 'Client-Version': string; 'Client-Integrity': string };
  /** When its integrity token expires, sim-clock ms. */
  expiresAt: number;
}

/** One request refused for integrity: which operation, and why (integrity.ts). */
export interface IntegrityRefusalRecord {
  at: number;
  operation: string;
  reason: IntegrityRefusal;
}
