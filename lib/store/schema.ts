import type { DBSchema } from 'idb';

export type ActivityLevel = 'info' | 'warn' | 'error';

/** One line of the activity log. Repeats of the same line are folded into one with a count. */
export interface ActivityEntry {
  id?: number;
  /** When it last happened (ms since epoch). */
  ts: number;
  /** When it first happened, for a folded entry. */
  firstTs: number;
  kind: string;
  level: ActivityLevel;
  message: string;
  count: number;
}

/** What Minert knows of a channel; the popup reads it. */
export interface ChannelRecord {
  login: string;
  id?: string;
  displayName?: string;
  /** null: not known yet. */
  live: boolean | null;
  balance?: number;
  /** A bonus chest that was waiting at the last look. */
  availableClaimId?: string | null;
  multiplier?: number;
  /** Where `live` came from, and when. */
  liveSource?: 'page' | 'gql';
  updatedAt: number;
  pointsUpdatedAt?: number;
}

export interface MinertDB extends DBSchema {
  /** Small records by name: settings, session, lock, viewer context. */
  kv: { key: string; value: unknown };
  activity: { key: number; value: ActivityEntry; indexes: { ts: number } };
  channels: { key: string; value: ChannelRecord; indexes: { updatedAt: number } };
}

export const DB_NAME = 'minert';
