import { z } from 'zod';
import type { Db } from './db';
import { DEFAULT_BET, FILTER_KEYS, STRATEGIES } from '../points/predictions';
import { PRIORITIES } from '../watch/scheduler';
import { DEFAULT_WEBHOOK, webhookSettingsSchema } from '../webhook';
import { goalRuleSetting } from './records';

/** The viewer's settings, one record in the 'kv' store: their shape and defaults, a change to some of them, reads and saves. */

export const betSettingsSchema = z.object({
  strategy: z.enum(STRATEGIES),
  percentage: z.number().min(0).max(100),
  percentageGap: z.number().min(0).max(100),
  maxPoints: z.number().int().min(10),
  minimumPoints: z.number().int().min(0),
  stealthMode: z.boolean(),
  delayMode: z.enum(['FROM_START', 'FROM_END', 'PERCENTAGE']),
  delay: z.number().min(0),
  filter: z.object({ by: z.enum(FILTER_KEYS), where: z.enum(['GT', 'LT', 'GTE', 'LTE']), value: z.number() }).nullable(),
});

export const streamerPrefsSchema = z.object({
  enabled: z.boolean(),
  points: z.boolean(),
  drops: z.boolean(),
  watchStreak: z.boolean(),
  predictions: z.boolean(),
  raids: z.boolean(),
  bonus: z.boolean(),
  moments: z.boolean(),
  goals: z.boolean().optional(), // give points to its community goals: off unless turned on (lib/points/goals.ts)
});

export const settingsSchema = z.object({
  /** Paused by the viewer: the session is still checked, nothing is watched, claimed or bet. */
  paused: z.boolean().default(false),
  /** How often the background wakes to look around while it watches nothing, in seconds (Chrome: 30 at least). */
  tickSeconds: z.number().int().min(30).max(3600).default(60),
  /** Watch followed channels to earn their points. */
  watchFollowed: z.boolean().default(true),
  /** The priority rules, in order. */
  priorities: z.array(z.enum(PRIORITIES)).max(PRIORITIES.length).default(['STREAK', 'DROPS', 'ORDER']),
  /** While a drop is mined, watch only its channel. */
  oneChannelWhileDrops: z.boolean().default(true),
  /** Drops: on or off, games to mine in order (empty: all), games never to mine, badge and emote drops. */
  drops: z
    .object({ enabled: z.boolean(), games: z.array(z.string()), exclude: z.array(z.string()), mineTwitchApplied: z.boolean() })
    .default({ enabled: true, games: [], exclude: [], mineTwitchApplied: true }),
  /** How to bet on predictions (on channels where the viewer turned predictions on). */
  bets: betSettingsSchema.default(DEFAULT_BET),
  /** A browser notification when a drop is claimed. */
  notifyDrops: z.boolean().default(true),
  /** A browser notification when a bet is won, lost or refunded. */
  notifyBets: z.boolean().default(true),
  /** When reads or claims need an integrity token and none is fresh: let twitch.tv's page run out of sight to get one. */
  mintIntegrity: z.boolean().default(true),
  /** Webhook notifications (lib/webhook.ts): off, no URL, every event off by default. */
  webhook: webhookSettingsSchema.default(DEFAULT_WEBHOOK),
  goals: goalRuleSetting, // community goals: the most given to one goal, the balance always kept (lib/points/goals.ts)
  /** Defaults for every channel; each channel's own settings override them. */
  streamerDefaults: streamerPrefsSchema
    // Added after the first release: stored defaults without them keep the viewer's other choices.
    .extend({ bonus: z.boolean().default(true), moments: z.boolean().default(true) })
    .default({ enabled: true, points: true, drops: true, watchStreak: true, predictions: false, raids: true, bonus: true, moments: true }),
});
export type Settings = z.infer<typeof settingsSchema>;

type SettingsShape = typeof settingsSchema.shape;
const patchShape = Object.fromEntries(Object.entries(settingsSchema.shape).map(([key, field]) => [key, field.unwrap().optional()])) as {
  [K in keyof SettingsShape]: z.ZodOptional<ReturnType<SettingsShape[K]['unwrap']>>;
};
/** A change to some settings: each field optional, and, unlike `settingsSchema.partial()`, no default filled in. */
export const settingsPatchSchema = z.object(patchShape);
export const DEFAULT_SETTINGS: Settings = settingsSchema.parse({});

/** Reads the settings. A stored field that no longer parses falls back to its default; the record is left as it is. */
export async function getSettings(db: Db): Promise<Settings> {
  const raw = ((await db.get('kv', 'settings')) ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const [key, field] of Object.entries(settingsSchema.shape)) {
    const parsed = field.safeParse(raw[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out as Settings;
}

export async function saveSettings(db: Db, patch: Partial<Settings>): Promise<Settings> {
  const tx = db.transaction('kv', 'readwrite');
  const current = settingsSchema.safeParse((await tx.store.get('settings')) ?? {});
  const next = settingsSchema.parse({ ...(current.success ? current.data : DEFAULT_SETTINGS), ...patch });
  // (The read and the write are one transaction: two saves cannot lose each other's fields.)
  await tx.store.put(next, 'settings');
  await tx.done;
  return next;
}
