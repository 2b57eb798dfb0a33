import type { DBSchema } from 'idb';
import type { ActivityText } from '../activity';
import type { DropClaim } from '../drops/types';
import type { ChannelRecord } from '../watch/channel';

export type { ChannelRecord };

export type ActivityLevel = 'info' | 'warn' | 'error';

/**
 * One line of the activity log: a message key with its arguments (lib/activity.ts), shown in the viewer's language.
 * Repeats of the same line are folded into one with a count.
 */
export interface ActivityEntry extends ActivityText {
  id?: number;
  /** When it last happened (ms since epoch). */
  ts: number;
  /** When it first happened, for a folded entry. */
  firstTs: number;
  kind: string;
  level: ActivityLevel;
  count: number;
}

/** A stretch of watching one stream, by heartbeat or in the viewer's tab. */
export interface WatchSession {
  id?: number;
  login: string;
  channelId?: string;
  streamId: string;
  start: number;
  end: number;
  /** Minutes Twitch accepted (heartbeats answered 204), or minutes watched in the tab. */
  minutes: number;
  passive: boolean;
  pointsStart?: number;
  pointsEnd?: number;
}

export interface MinertDB extends DBSchema {
  /** Small records by name: settings, session, lock, viewer context. */
  kv: { key: string; value: unknown };
  activity: { key: number; value: ActivityEntry; indexes: { ts: number } };
  channels: { key: string; value: ChannelRecord; indexes: { updatedAt: number } };
  watchSessions: { key: number; value: WatchSession; indexes: { login: string; end: number } };
  dropClaims: { key: string; value: DropClaim; indexes: { claimedAt: number } };
  bets: { key: string; value: BetRecord; indexes: { placedAt: number } };
  pointsHistory: { key: number; value: PointsChange; indexes: { at: number; login: string } };
}

/** A prediction Minert bet on (or decided not to), and how it ended. */
export interface BetRecord {
  eventId: string;
  login: string;
  title: string;
  outcomeId: string;
  outcomeTitle: string;
  points: number;
  /** Sent with the bet: Twitch counts a repeated transaction once. */
  transactionId: string;
  strategy: string;
  placedAt: number;
  status: 'sending' | 'placed' | 'refused';
  error?: string;
  result?: 'WIN' | 'LOSE' | 'REFUND';
  /** Points Twitch paid back (0 when lost). */
  pointsWon?: number;
}

/** One change of a channel balance, and why. */
export interface PointsChange {
  id?: number;
  at: number;
  login: string;
  delta: number;
  balance: number;
  /** Twitch's reason code (WATCH, CLAIM, WATCH_STREAK, RAID, PREDICTION...), or 'observed' when only polling saw it. */
  reason: string;
}

export const DB_NAME = 'minert';
