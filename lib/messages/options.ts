import { z } from 'zod';
import { activityTextShape } from '../activity';
import { INELIGIBLE } from '../drops/plan';
import { rewardCampaignFields } from '../store/records';
import { betSettingsSchema, streamerPrefsSchema } from '../store/settings';

/** The options page's answers: the channel list, the charts' figures, the Health tab, the campaign browser. */

export const streamerViewSchema = z.object({
  login: z.string(),
  displayName: z.string().optional(),
  live: z.boolean().nullable(),
  /** The viewer's own settings for it (unset: the defaults). */
  prefs: streamerPrefsSchema.partial(),
  bets: betSettingsSchema.partial(),
});
export type StreamerView = z.infer<typeof streamerViewSchema>;

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
  /** Reward campaigns (subs, Prime, quests): never mined; what unlocks each (0: not that), its link, its rewards' names. */
  rewards: z.array(z.object({ ...rewardCampaignFields, state: z.enum(['active', 'upcoming']), rewards: z.array(z.string()) })),
  history: z.array(z.object({ dropName: z.string(), campaignName: z.string(), game: z.string(), claimedAt: z.number(), kind: z.enum(['claimed', 'applied']), imageUrl: z.string().optional() })),
});
export type CampaignsView = z.infer<typeof campaignsViewSchema>;
