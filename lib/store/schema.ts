import type { DBSchema } from 'idb';
import type { DropClaim } from '../drops/types';
import type { BetSettings } from '../points/predictions';
import type { StreamerPrefs } from '../watch/scheduler';

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
  /** In the viewer's follow list, and where (the default watch order). */
  followed?: boolean;
  followOrder?: number;
  /** The viewer's own place for it in the watch order (set by reordering in the options page); wins over followOrder. */
  order?: number;
  /** The current stream (broadcast) and its game, when live. */
  streamId?: string;
  streamStartedAt?: number;
  game?: { id: string; name: string } | null;
  /** When Twitch last said whether it is live (and with which broadcast and game). */
  streamCheckedAt?: number;
  /** When the previous stream was seen ending. */
  lastOfflineAt?: number;
  /** Minutes credited on stream `streamId` (the watch streak needs about 7). */
  streamMinutes?: number;
  /** The last heartbeat Twitch accepted for this channel. */
  lastBeatAt?: number;
  /** The viewer's settings for this channel; unset fields take the defaults. */
  prefs?: Partial<StreamerPrefs>;
  /** The viewer's betting settings for this channel's predictions; unset fields take the defaults. */
  bets?: Partial<BetSettings>;
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
