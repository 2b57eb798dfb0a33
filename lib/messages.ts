import { z } from 'zod';
import { betSettingsSchema, sessionStateSchema, settingsPatchSchema, settingsSchema, streamerPrefsSchema } from './store/repos';
import { PRIORITIES } from './watch/scheduler';
import { INELIGIBLE } from './drops/plan';
import { activityTextShape } from './activity';
import { webhookUrlSchema } from './webhook';
import { MINT_REASONS } from './store/kv';

/**
 * Every message between the background, the popup, the options page and the content script. The background
 * parses each one with `requestSchema` and checks who sent it before acting; the senders parse the answer.
 */
const login = z.string().regex(/^[a-z0-9_]{1,25}$/);

export const channelContextMessage = z.object({
  type: z.literal('channel-context'),
  /** null: the viewer is on twitch.tv but not on a channel page. */
  login: login.nullable(),
  live: z.boolean().nullable(),
});

export type ChannelContextMessage = z.infer<typeof channelContextMessage>;

export const requestSchema = z.discriminatedUnion('type', [
  channelContextMessage,
  z.object({ type: z.literal('popup-state'), channel: login.nullable(), refresh: z.boolean() }),
  z.object({ type: z.literal('get-settings') }),
  z.object({ type: z.literal('save-settings'), settings: settingsPatchSchema }),
  /** Replaces every setting with those of an exported file (validated by the background: nothing applied if bad). */
  z.object({ type: z.literal('import-settings'), settings: z.unknown() }),
  z.object({ type: z.literal('reset-settings') }),
  /** The channels Minert may watch, in the watch order, with each one's own settings. */
  z.object({ type: z.literal('list-streamers') }),
  /** Changes one channel's settings, or moves it in the watch order (to a position, 0 first). */
  z.object({
    type: z.literal('save-streamer'),
    login,
    prefs: streamerPrefsSchema.partial().optional(),
    /** The channel's own bet settings, all of them: a field left out takes the default (null: every default). */
    bets: betSettingsSchema.partial().nullable().optional(),
    moveTo: z.number().int().min(0).optional(),
  }),
  /** The figures behind the charts. */
  z.object({ type: z.literal('stats') }),
  /** Reads the follow list again now. */
  z.object({ type: z.literal('import-follows') }),
  /** Starts the one-click activation (device-code login): the background opens twitch.tv's activation page. */
  z.object({ type: z.literal('activate') }),
  z.object({ type: z.literal('sign-out-activation') }),
  /** The health of Minert's line to Twitch, for the options page's Health tab and its diagnostics. */
  z.object({ type: z.literal('health') }),
  /** "Send a test" to a webhook URL (the options page asked for its host permission first). */
  z.object({ type: z.literal('webhook-test'), url: webhookUrlSchema }),
  /** Every active and upcoming campaign, whether Minert mines it and why not, and the drops claimed (options page). */
  z.object({ type: z.literal('campaigns') }),
]);
export type Request = z.infer<typeof requestSchema>;

/** A log line: a message key with its arguments, which the popup shows in the viewer's language (lib/activity.ts). */
const activityView = z.object({
  ts: z.number(),
  kind: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  ...activityTextShape,
  count: z.number(),
});

export const popupStateSchema = z.object({
  session: sessionStateSchema.pick({ status: true, login: true, error: true, checkedAt: true }),
  channel: z
    .object({
      login: z.string(),
      displayName: z.string().optional(),
      balance: z.number().optional(),
      live: z.boolean().nullable(),
      multiplier: z.number().optional(),
      updatedAt: z.number().optional(),
      /** Where the channel came from: the active tab, or the last twitch page the viewer was on. */
      source: z.enum(['active-tab', 'last-seen']),
    })
    .nullable(),
  /** What Minert watches now. */
  watching: z.array(
    z.object({
      login: z.string(),
      displayName: z.string().optional(),
      /** Why it is watched: a priority rule, the viewer's tab, or a raid from a channel. */
      reason: z.object({ rule: z.enum([...PRIORITIES, 'TAB', 'RAID']), from: z.string().optional() }),
      /** The viewer's own tab: counted, no heartbeat sent. */
      passive: z.boolean(),
      drops: z.boolean(),
      balance: z.number().optional(),
      streamMinutes: z.number().optional(),
      /** Points gained on it in the last hour (per Twitch's reported changes). */
      hourGain: z.number(),
    }),
  ),
  drops: z.object({
    /** Campaigns to show, the one being mined first. */
    campaigns: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        game: z.string(),
        endAt: z.number(),
        mining: z.boolean(),
        /** Why it is not mined, when it is not. */
        note: z.enum(INELIGIBLE).optional(),
        linkUrl: z.string().optional(),
        drops: z.array(z.object({ name: z.string(), current: z.number(), required: z.number(), state: z.string() })),
      }),
    ),
    history: z.array(z.object({ dropName: z.string(), game: z.string(), claimedAt: z.number(), kind: z.enum(['claimed', 'applied']) })),
  }),
  predictions: z.object({
    recent: z.array(
      z.object({
        login: z.string(),
        title: z.string(),
        outcomeTitle: z.string(),
        points: z.number(),
        status: z.enum(['sending', 'placed', 'refused']),
        result: z.enum(['WIN', 'LOSE', 'REFUND']).optional(),
        net: z.number().optional(),
      }),
    ),
    /** Predictions open on watched channels that Minert will bet on, when their time comes. */
    open: z.array(z.object({ login: z.string(), title: z.string(), betAt: z.number(), closesAt: z.number() })),
    /** Over the bets kept: won, lost and the points gained or lost in all. */
    won: z.number(),
    lost: z.number(),
    net: z.number(),
  }),
  /** How claims and bets reach Twitch, and whether they currently work. */
  mutations: z.object({
    path: z.enum(['activated', 'page-token', 'session-only']),
    blocked: z.boolean(),
    integrityExpiresAt: z.number().optional(),
    activatedAs: z.string().optional(),
    /** An activation under way: the code the viewer confirms on twitch.tv. */
    activation: z.object({ userCode: z.string(), verificationUri: z.string(), expiresAt: z.number() }).nullable(),
    /** Minert's last run of twitch.tv's page out of sight for an integrity token: when, why, whether it worked. */
    minted: z.object({ at: z.number(), reason: z.enum(MINT_REASONS), ok: z.boolean() }).optional(),
  }),
  /** What stands between Minert and Twitch: operations Twitch no longer knows, reads it gates, hosts unreachable. */
  wire: z.object({ stale: z.array(z.string()), readsBlocked: z.array(z.string()), blockedHosts: z.array(z.string()) }),
  /**
   * The credit watchdog (lib/watch/credit.ts), when it has something to say: heartbeats go by a fallback route since
   * `since` because Twitch stopped crediting the `failed` ones, or (none) Twitch credits no route at all. Null: all well.
   */
  heartbeat: z.object({ route: z.string(), failed: z.array(z.string()), since: z.number(), none: z.boolean() }).nullable().optional(),
  /** The viewer paused Minert. */
  paused: z.boolean(),
  /** The realtime socket: open, connecting, or closed (polling only). */
  realtime: z.enum(['open', 'connecting', 'closed']),
  activity: z.array(activityView),
  /** Stored log lines that could not be read (skipped). */
  activitySkipped: z.number().optional(),
});
export type PopupState = z.infer<typeof popupStateSchema>;

const okSchema = z.object({ ok: z.literal(true) });

const streamerView = z.object({
  login: z.string(),
  displayName: z.string().optional(),
  live: z.boolean().nullable(),
  /** The viewer's own settings for it (unset: the defaults). */
  prefs: streamerPrefsSchema.partial(),
  bets: betSettingsSchema.partial(),
});
export type StreamerView = z.infer<typeof streamerView>;

export const statsSchema = z.object({
  /** Balance over the last 7 days, for the channels with the most changes. */
  balances: z.array(z.object({ login: z.string(), points: z.array(z.tuple([z.number(), z.number()])) })),
  /** Minutes watched per day, the last 14 days (oldest first). */
  minutesPerDay: z.array(z.object({ day: z.string(), minutes: z.number() })),
  bets: z.object({ won: z.number(), lost: z.number(), refunded: z.number(), net: z.number() }),
  dropsPerGame: z.array(z.object({ game: z.string(), count: z.number() })),
});
export type Stats = z.infer<typeof statsSchema>;

/**
 * The Health tab: each operation's last result and where its hash came from, how reads and claims reach Twitch and
 * until when, whether watched minutes were credited in the last hour, unreachable hosts. Never a token: "copy
 * diagnostics" hands this (with the settings and recent log codes) to a bug report as it is.
 */
export const healthViewSchema = z.object({
  at: z.number(),
  version: z.string(),
  session: z.object({ status: z.string(), login: z.string().optional() }),
  ops: z.array(
    z.object({
      name: z.string(),
      ok: z.boolean(),
      /** Why it failed (an error kind: persisted-query-not-found, integrity, ...). */
      kind: z.string().optional(),
      at: z.number(),
      source: z.enum(['built-in', 'learned']),
      learnedAt: z.number().optional(),
    }),
  ),
  reads: z.object({ via: z.enum(['page', 'session']), integrityExpiresAt: z.number().optional(), pageSeenAt: z.number().optional(), blocked: z.array(z.string()) }),
  claims: z.object({
    path: z.enum(['activated', 'page-token', 'session-only']).nullable(),
    blocked: z.boolean(),
    activatedAs: z.string().optional(),
    /** When the token claims use runs out (the activation's, or the page's integrity token). */
    expiresAt: z.number().optional(),
  }),
  heartbeat: z.object({
    /** The way minutes are reported now (spade, send-events), when known; when Twitch last credited it. */
    transport: z.string().nullable(),
    creditedAt: z.number().optional(),
    /** Every way was found not crediting (Twitch credits nothing Minert sends). */
    noneCredits: z.boolean(),
    /** Minutes Twitch accepted (HTTP) in the last hour, and balance changes it gave for watching then. */
    minutesLastHour: z.number(),
    creditsLastHour: z.number(),
  }),
  blockedHosts: z.array(z.object({ host: z.string(), error: z.string(), at: z.number() })),
  realtime: z.enum(['open', 'connecting', 'closed']),
  /** The last log lines, as codes (no text, no token). */
  recent: z.array(z.object({ ts: z.number(), level: z.enum(['info', 'warn', 'error']), ...activityTextShape })),
});
export type HealthView = z.infer<typeof healthViewSchema>;

/** The campaign browser: each campaign active or to come, whether Minert mines it (or why not), the claims kept. */
export const campaignsViewSchema = z.object({
  at: z.number(),
  /** When the campaigns were last read from Twitch (never: absent). */
  readAt: z.number().optional(),
  /** Drops mining is on in the settings (off: nothing is mined, whatever the campaign). */
  dropsEnabled: z.boolean(),
  campaigns: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      game: z.object({ name: z.string(), boxArtUrl: z.string().optional() }),
      startAt: z.number(),
      endAt: z.number(),
      state: z.enum(['active', 'upcoming']),
      linked: z.boolean(),
      linkUrl: z.string().optional(),
      /** Minert mines it (it is on its list); `mining`: the one mined now. */
      mined: z.boolean(),
      mining: z.boolean(),
      /** Why it is not mined, when it is not (lib/drops/plan.ts). */
      reason: z.enum(INELIGIBLE).optional(),
      /** When its progress was last read (absent: the minutes done are not known yet). */
      progressAt: z.number().optional(),
      drops: z.array(z.object({ id: z.string(), name: z.string(), current: z.number(), required: z.number(), state: z.string(), imageUrl: z.string().optional() })),
    }),
  ),
  history: z.array(z.object({ dropName: z.string(), campaignName: z.string(), game: z.string(), claimedAt: z.number(), kind: z.enum(['claimed', 'applied']), imageUrl: z.string().optional() })),
});
export type CampaignsView = z.infer<typeof campaignsViewSchema>;

/** What each request is answered with. */
export const responseSchemas = {
  'channel-context': okSchema,
  'popup-state': popupStateSchema,
  'get-settings': settingsSchema,
  'save-settings': settingsSchema,
  'import-settings': settingsSchema,
  'reset-settings': settingsSchema,
  stats: statsSchema,
  'list-streamers': z.array(streamerView),
  'save-streamer': z.array(streamerView),
  'import-follows': okSchema,
  activate: z.object({ userCode: z.string(), verificationUri: z.string(), expiresAt: z.number() }),
  'sign-out-activation': okSchema,
  health: healthViewSchema,
  'webhook-test': z.union([okSchema, z.object({ ok: z.literal(false), error: z.enum(['no-permission', 'failed']), detail: z.string().optional() })]),
  campaigns: campaignsViewSchema,
} satisfies Record<Request['type'], z.ZodType>;

export type ResponseFor<T extends Request['type']> = z.infer<(typeof responseSchemas)[T]>;

/** An answer that went wrong on the background's side. */
export const errorResponseSchema = z.object({ error: z.string() });

type Sender = (message: unknown) => Promise<unknown>;

/** Sends a request and parses its answer; throws with the background's error text when it failed. */
export async function sendRequest<R extends Request>(send: Sender, request: R): Promise<ResponseFor<R['type']>> {
  const answer = await send(requestSchema.parse(request));
  const failed = errorResponseSchema.safeParse(answer);
  if (failed.success) throw new Error(failed.data.error);
  return responseSchemas[request.type].parse(answer) as ResponseFor<R['type']>;
}
