import { z } from 'zod';
import type { Benefit, Campaign, Drop, DropClaim, RewardCampaign } from '../drops/types';
import { DEFAULT_GOAL_RULE, type GoalRule } from '../points/goals';
import type { StreakEntry } from '../points/streak';
import type { PredictionEvent } from '../points/types';
import type { DeviceAuth } from '../twitch/credentials';
import { PRIORITIES, type WatchPlan } from '../watch/scheduler';

/**
 * The domain's records as the store keeps them (lib/store/kv.ts): each schema is typed by the domain's own type, so a
 * field the domain adds without telling the store is a type error here. Objects keep fields they do not name.
 */

const benefit: z.ZodType<Benefit> = z.looseObject({ id: z.string(), name: z.string(), imageUrl: z.string().optional() });
const drop: z.ZodType<Drop> = z.looseObject({
  id: z.string(),
  name: z.string(),
  startAt: z.number(),
  endAt: z.number(),
  requiredMinutes: z.number(),
  currentMinutes: z.number(),
  claimed: z.boolean(),
  instanceId: z.string().nullable(),
  benefits: z.array(benefit),
  preconditions: z.array(z.string()),
  twitchApplied: z.boolean(),
  subOnly: z.boolean().optional(),
});
export const campaign: z.ZodType<Campaign> = z.looseObject({
  id: z.string(),
  name: z.string(),
  game: z.looseObject({ id: z.string(), name: z.string(), slug: z.string().optional(), boxArtUrl: z.string().optional() }),
  startAt: z.number(),
  endAt: z.number(),
  linked: z.boolean(),
  linkUrl: z.string().optional(),
  allowedChannels: z.array(z.string()).nullable(),
  drops: z.array(drop),
  progressAt: z.number().optional(),
});
/** A reward campaign's own fields, as stored and as the options page shows them (lib/messages/options.ts). */
export const rewardCampaignFields = {
  id: z.string(),
  name: z.string(),
  brand: z.string().optional(),
  game: z.string().optional(),
  startAt: z.number().optional(),
  endAt: z.number().optional(),
  summary: z.string().optional(),
  url: z.string().optional(),
  subsGoal: z.number(),
  minutesGoal: z.number(),
  imageUrl: z.string().optional(),
};
export const rewardCampaign: z.ZodType<RewardCampaign> = z.looseObject({ ...rewardCampaignFields, rewards: z.array(benefit) });
export const dropClaim: z.ZodType<DropClaim> = z.looseObject({
  instanceId: z.string(),
  dropId: z.string(),
  dropName: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  game: z.string(),
  benefits: z.array(benefit),
  claimedAt: z.number(),
  kind: z.enum(['claimed', 'applied']),
});
export const predictionEvent: z.ZodType<PredictionEvent> = z.looseObject({
  id: z.string(),
  channelId: z.string(),
  title: z.string(),
  status: z.enum(['ACTIVE', 'LOCKED', 'RESOLVE_PENDING', 'RESOLVED', 'CANCELED', 'CANCEL_PENDING']),
  createdAt: z.number(),
  windowSeconds: z.number(),
  outcomes: z.array(z.looseObject({ id: z.string(), title: z.string(), totalPoints: z.number(), totalUsers: z.number(), topPoints: z.number().optional() })),
  winningOutcomeId: z.string().nullable(),
});
export const watchPlan: z.ZodType<WatchPlan> = z.looseObject({
  slots: z.array(z.string()),
  dropsChannel: z.string().nullable(),
  passive: z.string().nullable(),
  reasons: z.record(z.string(), z.looseObject({ rule: z.enum([...PRIORITIES, 'TAB', 'RAID']), from: z.string().optional() })),
});
export const deviceAuth: z.ZodType<DeviceAuth> = z.looseObject({
  accessToken: z.string(),
  refreshToken: z.string(),
  clientId: z.string(),
  expiresAt: z.number(),
  scopes: z.array(z.string()),
  userId: z.string(),
  login: z.string(),
  validatedAt: z.number(),
});

/** The viewer's rule for community goals (settings; lib/points/goals.ts). */
export const goalRule: z.ZodType<GoalRule> = z.object({ maxPerGoal: z.number().int().min(0), keepBalance: z.number().int().min(0) });
export const goalRuleSetting = z.object({ maxPerGoal: z.number().int().min(0), keepBalance: z.number().int().min(0) }).default(DEFAULT_GOAL_RULE);
/**
 * A community goal Minert gave to: the channel, what it gave in all, and a contribution written ahead of sending with
 * its transaction id (a resend after a killed worker counts once on Twitch).
 */
export const goalContribution = z.looseObject({
  login: z.string(),
  channelId: z.string(),
  title: z.string(),
  given: z.number(),
  at: z.number(),
  pending: z.object({ transactionId: z.string(), amount: z.number().int().min(1), at: z.number() }).optional(),
});
export type GoalContribution = z.infer<typeof goalContribution>;

const replayKind = z.enum(['clip', 'vod']);
/** A channel's watch streak as Minert last read it, and the replay being watched to save it (lib/points/streak.ts). */
export const streakEntry: z.ZodType<StreakEntry> = z.looseObject({
  checkedAt: z.number(),
  length: z.number().nullable(),
  expiresAt: z.number().nullable(),
  missed: z.array(z.string()),
  atRiskLength: z.number().nullable().optional(),
  playing: z
    .looseObject({
      kind: replayKind,
      id: z.string(),
      broadcastId: z.string(),
      slug: z.string().optional(),
      url: z.string().optional(),
      seconds: z.number().optional(),
      session: z.string(),
      startedAt: z.number(),
      sent: z.number(),
      lastAt: z.number(),
    })
    .optional(),
  tried: z.array(z.string()),
  outcome: z.enum(['recovered', 'lost', 'no-replay']).optional(),
  outcomeAt: z.number().optional(),
  recoveredBy: replayKind.optional(),
  failedAt: z.number().optional(),
});
