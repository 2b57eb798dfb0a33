import type { Clock } from '../clock';
import type { Db } from '../store/db';
import type { KvDraft } from '../store/kv';
import type { NewActivity, ViewerContext } from '../store/repos';
import type { Settings } from '../store/settings';
import type { ChannelRecord, PointsChange } from '../store/schema';
import type { GqlClient } from '../twitch/gql';
import type { Transport } from '../twitch/http';

/**
 * What the steps of a tick share: the state the tick loaded once and the clients, which they read, and the drafts of
 * what the tick will write (channels, kv, activity, history), which nothing stores before the tick's one commit. A
 * step hands back what only the tick needs (a plan, claims, bets); what it changed in the stored state it puts in the
 * drafts, where the next step reads it (a chest claimed by the look is a balance the bets see).
 */
export interface TickContext {
  readonly db: Db;
  readonly clock: Clock;
  readonly transport: Transport;
  /** Reads: the twitch.tv session. */
  readonly gql: GqlClient;
  /** Claims, bets, raids, moments: the best path that passes Twitch's integrity check (lib/engine/auth.ts). */
  readonly gqlMut: GqlClient;
  /**
   * The progress reads (Inventory): the activation's TV token when there is one and no page header set, since Twitch
   * answers it there (not the campaign list); else the reads' client.
   */
  readonly inventoryGql: GqlClient;
  readonly userId: string;
  readonly settings: Settings;
  readonly viewer: ViewerContext | null;
  /** Whether the realtime socket is open: it says when a watched stream goes up or down. */
  readonly realtimeOpen: boolean;
  /** Since when it has been open without a break: what it says is known from then on only. */
  readonly realtimeSince?: number;
  /** Whether a chest Twitch refused before may be tried again now (lib/engine/auth.ts). */
  readonly mayRetry: boolean;
  /** When the twitch.tv page's header set in use (if any) was seen. */
  readonly pageSeenAt?: number;
  /** When a persisted-query hash was last learned from the twitch.tv page (0: never): a read it failed is asked again. */
  readonly hashesLearnedAt?: number;
  /** The channel records as the tick has left them so far. */
  readonly channels: ChannelDraft;
  /** The small records (lib/store/kv.ts): each read once, written with the tick; null clears one. */
  readonly kv: KvDraft;
  /** Lines for the activity log. */
  readonly activity: NewActivity[];
  /** Balance changes seen (a look, a chest claimed, a goal given, a streak saved), for the history. */
  readonly history: PointsChange[];
}

/** Every channel record, by login, as the tick has left them so far; the ones put here are written with the tick. */
export class ChannelDraft {
  private readonly records: Map<string, ChannelRecord>;
  private readonly changed = new Set<string>();

  constructor(stored: Iterable<[string, ChannelRecord]> = []) {
    this.records = new Map(stored);
  }

  get(login: string): ChannelRecord | undefined {
    return this.records.get(login);
  }

  has(login: string): boolean {
    return this.records.has(login);
  }

  values(): IterableIterator<ChannelRecord> {
    return this.records.values();
  }

  put(rec: ChannelRecord): void {
    this.records.set(rec.login, rec);
    this.changed.add(rec.login);
  }

  /** The records put since the tick began, to write. */
  puts(): ChannelRecord[] {
    return [...this.changed].map((login) => this.records.get(login)!);
  }

  /** All of them, as the tick leaves them. */
  all(): ReadonlyMap<string, ChannelRecord> {
    return this.records;
  }
}

export const blank = (login: string, now: number): ChannelRecord => ({ login, live: null, updatedAt: now });
