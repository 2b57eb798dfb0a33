import type { Clock } from '../clock';
import type { Db } from '../store/db';
import type { KvDraft } from '../store/kv';
import type { NewActivity, ViewerContext } from '../store/repos';
import type { Settings } from '../store/settings';
import type { ChannelRecord, PointsChange } from '../store/schema';
import type { GqlClient } from '../twitch/gql';
import type { Transport } from '../twitch/http';

/** What the steps of a tick share: the state loaded once, the clients, and what the tick will write. */
export interface WatchContext {
  db: Db;
  clock: Clock;
  transport: Transport;
  /** Reads: the twitch.tv session. */
  gql: GqlClient;
  /** Claims, bets, raids, moments: the best path that passes Twitch's integrity check (lib/engine/auth.ts). */
  gqlMut: GqlClient;
  userId: string;
  settings: Settings;
  viewer: ViewerContext | null;
  /** Every channel record, by login; the step updates them here and names the ones it changed in `touched`. */
  channels: Map<string, ChannelRecord>;
  touched: Set<string>;
  /** The small records (lib/store/kv.ts): each read once, written with the tick; null clears one. */
  kv: KvDraft;
  activity: NewActivity[];
  /** Channels that count for the drop being mined (from the drops step). */
  dropsEligible?: ReadonlySet<string>;
  /** Whether the realtime socket is open: it says when a watched stream goes up or down. */
  realtimeOpen?: boolean;
  /** Since when it has been open without a break: what it says is known from then on only. */
  realtimeSince?: number;
  /** Balance changes seen this tick (a look, a chest claimed), for the history. */
  history: PointsChange[];
  /** Whether a chest Twitch refused before may be tried again now (lib/engine/auth.ts). */
  mayRetry: boolean;
  /**
   * The progress reads (Inventory): the activation's TV token when there is one and no page header set, since Twitch
   * answers it there (not the campaign list); else the reads' client.
   */
  inventoryGql?: GqlClient;
  /** When the twitch.tv page's header set in use (if any) was seen. */
  pageSeenAt?: number;
  /** When a persisted-query hash was last learned from the twitch.tv page (0: never): a read it failed is asked again. */
  hashesLearnedAt?: number;
}

export function put(ctx: WatchContext, rec: ChannelRecord): void {
  ctx.channels.set(rec.login, rec);
  ctx.touched.add(rec.login);
}

export const blank = (login: string, now: number): ChannelRecord => ({ login, live: null, updatedAt: now });
