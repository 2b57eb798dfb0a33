import { z } from 'zod';
import type { MutationPath } from '../twitch/credentials';
import type { TwitchErrorKind } from '../twitch/errors';
import { learnedHashesSchema } from '../twitch/hashes';
import { pageHeadersSchema } from '../twitch/integrity';
import { heartbeatCreditSchema } from '../watch/credit';
import type { Db } from './db';
import { campaign, deviceAuth, dropClaim, goalContribution, predictionEvent, rewardCampaign, streakEntry, watchPlan } from './records';
import { sessionStateSchema, viewerContextSchema } from './repos';
import { settingsSchema } from './settings';

/**
 * Every small record Minert keeps by name in the 'kv' store, with its shape. Reads go through the schema: a stored
 * value that no longer parses (an older shape, a damaged row) reads as absent, is reported once, and is written over
 * by the next tick; nothing else is lost. Objects keep fields the schema does not name (a newer version's).
 */

/** A value and when it was read from Twitch. */
export interface Stamped<T> {
  at: number;
  value: T;
}
const stamped = <T>(value: z.ZodType<T>) => z.looseObject({ at: z.number(), value }) as unknown as z.ZodType<Stamped<T>>;
/** When something last happened (ms since epoch). */
const at = z.number();
/** A time per name (a drop instance, a channel): until when, or since when. */
const timeByName = z.record(z.string(), z.number());

/** Whether mutations work right now, and by which path; the popup tells the viewer what to do when they do not. */
const mutationState = z.looseObject({
  path: z.enum(['activated', 'page-token', 'session-only']) satisfies z.ZodType<MutationPath>,
  /** Twitch refused a mutation for integrity, and none has worked since on this path. */
  blocked: z.boolean(),
  at: z.number(),
  /** When the page's integrity token runs out, when that is the path. */
  integrityExpiresAt: z.number().optional(),
  /** The activated account, when activated. */
  activatedAs: z.string().optional(),
  /** While blocked: when a refused claim was last tried again. */
  retriedAt: z.number().optional(),
});
export type MutationState = z.infer<typeof mutationState>;

/**
 * How Minert's line to Twitch is doing: each operation's last outcome (a retired hash, a read Twitch gates behind
 * integrity), and the hosts that could not be reached (DNS block lists, a filtering extension, a proxy).
 */
const wireHealth = z.looseObject({
  ops: z.record(
    z.string(),
    z.object({
      at: z.number(),
      ok: z.boolean(),
      kind: (z.string() as z.ZodType<TwitchErrorKind>).optional(),
      /** Where the hash in use came from: Minert's release, or the twitch.tv page (learned when it was seen). */
      source: z.enum(['built-in', 'learned']).optional(),
      learnedAt: z.number().optional(),
    }),
  ),
  blockedHosts: z.record(z.string(), z.object({ at: z.number(), error: z.string() })),
});
export type WireHealth = z.infer<typeof wireHealth>;

/** A prediction Minert will bet on, when its time comes. */
const pendingPrediction = z.looseObject({ login: z.string(), event: predictionEvent, betAt: z.number(), done: z.boolean() });
export type PendingPrediction = z.infer<typeof pendingPrediction>;

/** Where the drops channel's minutes stood, to notice a watch that earns nothing. */
const progressMark = z.looseObject({ dropId: z.string(), login: z.string(), minutes: z.number(), since: z.number(), changedAt: z.number() });
export type ProgressMark = z.infer<typeof progressMark>;

/** Why Minert got an integrity token itself (lib/engine/mint.ts decides), and how: an offscreen document (Chrome), a frame
 * in the event page (Firefox), or an inactive muted tab it closes. */
export const MINT_REASONS = ['reads-refused', 'claims-refused', 'claim-due', 'expiring'] as const;
export const MINT_METHODS = ['offscreen', 'frame', 'tab'] as const;

/** The tick lock's lease, and the background instance (one per worker start) that holds it. */
const lease = z.object({ owner: z.string(), instance: z.string().optional(), expiresAt: z.number() });
export type Lease = z.infer<typeof lease>;

/** The device-code login under way, kept until it expires: a restarted worker polls on. */
const pendingActivation = z.object({ deviceCode: z.string(), userCode: z.string(), verificationUri: z.string(), expiresAt: z.number(), intervalMs: z.number() });
export type PendingActivation = z.infer<typeof pendingActivation>;

export const KV = {
  settings: settingsSchema,
  session: sessionStateSchema,
  /** The channel the viewer is on, as the content script last reported it. */
  viewer: viewerContextSchema,
  lock: lease,
  activation: pendingActivation,
  /** The activation (device-code login): its tokens, and whose they are. */
  'device-auth': deviceAuth,
  /** The twitch.tv page's header set (integrity token and the ids it is bound to). */
  integrity: pageHeadersSchema,
  /** Minert's last attempt to get a token by letting twitch.tv's page run out of sight: when, why, how, the outcome. */
  'integrity-mint': z.looseObject({
    at,
    reason: z.enum(MINT_REASONS),
    method: z.enum(MINT_METHODS).optional(),
    ok: z.boolean(),
    tookMs: z.number().optional(),
    error: z.string().optional(),
    /** The ways that failed before, each with why. */
    failed: z.array(z.string()).optional(),
    /** Still running (or its worker died in it), and how many attempts before it died in theirs. */
    running: z.boolean().optional(),
    interrupted: z.number().optional(),
  }),
  mutations: mutationState,
  'wire-health': wireHealth,
  /** Persisted-query hashes seen on twitch.tv's own requests, per operation (no variables: name, hash, times). */
  'learned-hashes': learnedHashesSchema,
  /** The campaigns failed for an unknown hash: the newest learned hash's time then, to retry once a newer one is seen. */
  'campaigns-hashes-at': at,
  /** Bumped with every write to the channels store (lib/store/channels.ts): a cache of them knows it is still right. */
  'channels-rev': z.number(),
  /** The last watch plan (the popup shows it; the next tick compares with it). */
  plan: watchPlan,
  /** The spade URL heartbeats go to, and when it was looked up. */
  spade: z.object({ url: z.string(), at }),
  /** A raid the viewer follows: to where, from where, until when. */
  raid: z.object({ target: z.string(), from: z.string(), until: z.number() }),
  /** The stream last seen in the viewer's own tab. */
  'passive-seen': z.object({ login: z.string(), at, streamId: z.string().optional() }),
  /** When the live followed channels, and the follow list, were last read, and how many. */
  'live-checked': z.object({ at, live: z.number() }),
  'follows-synced': z.object({ at, count: z.number() }),
  predictions: z.record(z.string(), pendingPrediction),
  /** Community goals Minert gave to, by goal id; a contribution is written here before it is sent (lib/engine/goals.ts). */
  'goal-contributions': z.record(z.string(), goalContribution),
  /** Watch streaks by channel login: the last read, a replay being watched to save one (lib/engine/streaks.ts). */
  streaks: z.record(z.string(), streakEntry),
  /** When the last batch of the daily streak sweep was read. */
  'streaks-swept-at': at,
  campaigns: stamped(z.array(campaign)),
  /** The reward campaigns (subs, Prime, quests) read with the campaigns: listed in the options page, never mined. */
  'reward-campaigns': stamped(z.array(rewardCampaign)),
  /** A campaign list Twitch refused for integrity: the page header set's seenAt then, to retry with a newer one. */
  'campaigns-blocked-page': at,
  'campaigns-retry-at': at,
  'inventory-at': at,
  'inventory-probe-at': at,
  'drop-session-at': at,
  'drop-progress': progressMark,
  /** The credit watchdog: the heartbeat route in use and what each route earned (schema documented in lib/watch/credit.ts). */
  'heartbeat-credit': heartbeatCreditSchema,
  /** Drops channels paused after a watch that earned nothing: until when. */
  'drop-stalled': timeByName,
  /** Claims written ahead (by instance id) before they are sent: a tick killed mid-claim settles them next time. */
  'claim-journal': z.record(z.string(), dropClaim),
  /** Claims Twitch refused: when each may be tried again. */
  'claim-retry': timeByName,
  /** Webhook problems logged: when, by URL host (one line an hour at most for each). */
  'webhook-logged': timeByName,
} as const;

type Fixed = typeof KV;
/** The live channels that count for one campaign, by campaign id. */
type DropChannelsKey = `drop-channels:${string}`;
export type KvKey = keyof Fixed | DropChannelsKey;
export type KvValue<K extends KvKey> = K extends keyof Fixed ? z.output<Fixed[K]> : Stamped<string[]>;

const dropChannels = stamped(z.array(z.string()));
export const dropChannelsKey = (campaignId: string): DropChannelsKey => `drop-channels:${campaignId}`;
/** How long a campaign's channel list is kept after it was read (the campaign may be over). */
const DROP_CHANNELS_KEEP_MS = 24 * 60 * 60_000;

function schemaOf(key: KvKey): z.ZodType {
  return key.startsWith('drop-channels:') ? dropChannels : KV[key as keyof Fixed];
}

/** Keys whose stored value failed its schema, each reported once per worker. */
const reported = new Set<string>();

/** The value as its schema reads it; undefined when absent or no longer parsing (reported once). */
export function parseKv<K extends KvKey>(key: K, raw: unknown): KvValue<K> | undefined {
  if (raw === undefined) return undefined;
  const parsed = schemaOf(key).safeParse(raw);
  if (parsed.success) return parsed.data as KvValue<K>;
  if (!reported.has(key)) {
    reported.add(key);
    console.warn(`Minert: the stored '${key}' no longer parses; it reads as absent until written again`, parsed.error.issues.slice(0, 3));
  }
  return undefined;
}

export async function readKv<K extends KvKey>(db: Db, key: K): Promise<KvValue<K> | undefined> {
  return parseKv(key, await db.get('kv', key));
}

export async function writeKv<K extends KvKey>(db: Db, key: K, value: KvValue<K>): Promise<void> {
  await db.put('kv', value, key);
}

export async function deleteKv(db: Db, key: KvKey): Promise<void> {
  await db.delete('kv', key);
}

/**
 * The small records of one tick: each read from the store at most once, the tick's writes kept here and committed
 * with the tick (null clears a key). A read after a write sees the write.
 */
export class KvDraft {
  private readonly loaded = new Map<string, unknown>();
  private readonly writes = new Map<string, unknown>();

  constructor(private readonly db: Db) {}

  /** The keys the worker's last tick read: the next one reads them in one transaction (one, not two dozen). */
  private static lastRead = new Set<string>();

  async get<K extends KvKey>(key: K): Promise<KvValue<K> | undefined> {
    KvDraft.lastRead.add(key);
    if (this.writes.has(key)) return (this.writes.get(key) ?? undefined) as KvValue<K> | undefined;
    if (!this.loaded.has(key)) this.loaded.set(key, await readKv(this.db, key));
    return this.loaded.get(key) as KvValue<K> | undefined;
  }

  /** Reads what the last tick read, in one transaction; the rest is read when asked for. */
  async prefetch(): Promise<void> {
    const keys = [...KvDraft.lastRead].filter((k) => !this.loaded.has(k) && !this.writes.has(k)) as KvKey[];
    // This tick's reads make the next tick's list (a key read once, long ago, is not carried forever).
    KvDraft.lastRead = new Set();
    if (keys.length === 0) return;
    const tx = this.db.transaction('kv', 'readonly');
    const values = await Promise.all(keys.map((k) => tx.store.get(k)));
    keys.forEach((k, i) => this.loaded.set(k, parseKv(k, values[i])));
  }

  set<K extends KvKey>(key: K, value: KvValue<K> | null): void {
    this.writes.set(key, value);
  }

  /** What this tick wrote, for the commit: null deletes. */
  changes(): [KvKey, unknown][] {
    return [...this.writes] as [KvKey, unknown][];
  }
}

/** Until when a record is worth keeping; undefined: for good. */
function keptUntil(key: string, value: unknown): number | undefined {
  if (key.startsWith('drop-channels:')) return (dropChannels.safeParse(value).data?.at ?? 0) + DROP_CHANNELS_KEEP_MS;
  if (key === 'activation') return pendingActivation.safeParse(value).data?.expiresAt ?? 0;
  if (key === 'raid') return KV.raid.safeParse(value).data?.until ?? 0;
  return undefined;
}

/** Deletes the records that have run out: campaign channel lists a day old, an expired activation, a raid over. */
export async function pruneKv(db: Db, now: number): Promise<number> {
  const tx = db.transaction('kv', 'readwrite');
  let pruned = 0;
  for (let c = await tx.store.openCursor(); c; c = await c.continue()) {
    const until = keptUntil(String(c.key), c.value);
    if (until === undefined || until > now) continue;
    await c.delete();
    pruned++;
  }
  await tx.done;
  return pruned;
}
