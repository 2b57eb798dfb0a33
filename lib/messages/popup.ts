import { z } from 'zod';
import { activityTextShape } from '../activity';
import { INELIGIBLE } from '../drops/plan';
import { MINT_REASONS } from '../store/kv';
import { sessionStateSchema } from '../store/repos';
import { PRIORITIES } from '../watch/scheduler';

/** The popup's answer ('popup-state'): what it shows, all of it, in one read. */

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
  /** Watch streaks at risk (a replay looked for or watched) and those saved or lost in the last day. */
  streaks: z
    .array(
      z.object({
        login: z.string(),
        displayName: z.string().optional(),
        state: z.enum(['at-risk', 'recovering', 'recovered', 'lost']),
        length: z.number().nullable(),
        by: z.enum(['clip', 'vod']).optional(),
        /** Until when it can be saved (at risk), or when it was saved or lost. */
        at: z.number(),
      }),
    )
    .optional(),
  /** The viewer paused Minert. */
  paused: z.boolean(),
  /** The realtime socket: open, connecting, or closed (polling only). */
  realtime: z.enum(['open', 'connecting', 'closed']),
  activity: z.array(activityView),
  /** Stored log lines that could not be read (skipped). */
  activitySkipped: z.number().optional(),
});
export type PopupState = z.infer<typeof popupStateSchema>;
