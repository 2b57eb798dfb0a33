import { z } from 'zod';
import type { PredictionEvent } from '../points/types';
import { MAX_TOPICS } from './realtime';

/**
 * PubSub messages (from the realtime socket) as typed domain events. Unknown topics and message types are
 * ignored; a known one that does not parse is reported as null so the caller can log it.
 */
export type RealtimeEvent =
  | { kind: 'points-earned'; channelId: string; balance: number; gain: number; reason: string }
  | { kind: 'claim-available'; channelId: string; claimId: string }
  | { kind: 'raid'; sourceChannelId: string; raidId: string; targetId: string; targetLogin: string }
  | { kind: 'moment'; channelId: string; momentId: string }
  | { kind: 'prediction'; channelId: string; event: PredictionEvent }
  | { kind: 'prediction-result'; channelId: string; eventId: string; result: 'WIN' | 'LOSE' | 'REFUND'; pointsWon: number }
  | { kind: 'stream-up' | 'stream-down'; channelId: string }
  | { kind: 'drop-progress'; dropId: string; currentMinutes: number; requiredMinutes: number }
  | { kind: 'drop-claim'; dropId: string; instanceId: string }
  /** A community goal created or changed on the channel; `open`: started and in stock (what the message says). */
  | { kind: 'goal'; channelId: string; goalId: string; open: boolean };

const iso = z.string().transform((s, ctx) => {
  const t = Date.parse(s);
  if (Number.isNaN(t)) ctx.addIssue({ code: 'custom', message: 'not a time' });
  return t;
});

const pubsubEvent = z.looseObject({
  id: z.string(),
  channel_id: z.string(),
  title: z.string(),
  status: z.enum(['ACTIVE', 'LOCKED', 'RESOLVE_PENDING', 'RESOLVED', 'CANCELED', 'CANCEL_PENDING']),
  created_at: iso,
  prediction_window_seconds: z.number(),
  winning_outcome_id: z.string().nullable().optional(),
  outcomes: z.array(
    z.looseObject({
      id: z.string(),
      title: z.string(),
      total_points: z.number(),
      total_users: z.number(),
      top_predictors: z.array(z.looseObject({ points: z.number() })).nullable().optional(),
    }),
  ),
});

export function predictionFromPubsub(e: z.infer<typeof pubsubEvent>): PredictionEvent {
  return {
    id: e.id,
    channelId: e.channel_id,
    title: e.title,
    status: e.status,
    createdAt: e.created_at,
    windowSeconds: e.prediction_window_seconds,
    winningOutcomeId: e.winning_outcome_id ?? null,
    outcomes: e.outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      totalPoints: o.total_points,
      totalUsers: o.total_users,
      topPoints: o.top_predictors && o.top_predictors.length > 0 ? Math.max(...o.top_predictors.map((p) => p.points)) : undefined,
    })),
  };
}

const messages = {
  'community-points-user-v1': z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('points-earned'),
      data: z.looseObject({
        point_gain: z.looseObject({ channel_id: z.string(), total_points: z.number(), reason_code: z.string() }),
        balance: z.looseObject({ channel_id: z.string(), balance: z.number() }),
      }),
    }),
    z.looseObject({ type: z.literal('claim-available'), data: z.looseObject({ claim: z.looseObject({ id: z.string(), channel_id: z.string() }) }) }),
  ]),
  raid: z.looseObject({
    type: z.literal('raid_update_v2'),
    raid: z.looseObject({ id: z.string(), target_id: z.string(), target_login: z.string() }),
  }),
  'community-moments-channel-v1': z.looseObject({ type: z.literal('active'), data: z.looseObject({ moment_id: z.string() }) }),
  // data.community_goal in snake case (rdavydov WebSocketsPool.py, twitch4j CommunityPointsGoal.java): only what says
  // whether it is open is read; the goal itself is read from ChannelPointsContext, Twitch's word on it.
  'community-points-channel-v1': z.looseObject({
    type: z.enum(['community-goal-created', 'community-goal-updated']),
    data: z.looseObject({ community_goal: z.looseObject({ id: z.string(), status: z.string().optional(), is_in_stock: z.boolean().optional() }) }),
  }),
  'predictions-channel-v1': z.looseObject({ type: z.enum(['event-created', 'event-updated']), data: z.looseObject({ event: pubsubEvent }) }),
  'predictions-user-v1': z.looseObject({
    type: z.literal('prediction-result'),
    data: z.looseObject({
      prediction: z.looseObject({
        event_id: z.string(),
        channel_id: z.string(),
        result: z.looseObject({ type: z.enum(['WIN', 'LOSE', 'REFUND']), points_won: z.number().nullable().optional() }),
      }),
    }),
  }),
  'video-playback-by-id': z.looseObject({ type: z.enum(['stream-up', 'stream-down']) }),
  'user-drop-events': z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('drop-progress'),
      data: z.looseObject({ drop_id: z.string(), current_progress_min: z.number(), required_progress_min: z.number() }),
    }),
    z.looseObject({ type: z.literal('drop-claim'), data: z.looseObject({ drop_id: z.string(), drop_instance_id: z.string() }) }),
  ]),
};

/** Message types Minert reads on each topic; other types on them (viewcount, claim-claimed...) are ignored. */
const READ: Record<keyof typeof messages, readonly string[]> = {
  'community-points-user-v1': ['points-earned', 'claim-available'],
  raid: ['raid_update_v2'],
  'community-moments-channel-v1': ['active'],
  'community-points-channel-v1': ['community-goal-created', 'community-goal-updated'],
  'predictions-channel-v1': ['event-created', 'event-updated'],
  'predictions-user-v1': ['prediction-result'],
  'video-playback-by-id': ['stream-up', 'stream-down'],
  'user-drop-events': ['drop-progress', 'drop-claim'],
};

/** The event a PubSub message carries; undefined when Minert does not read it; null when it should but cannot. */
export function parseRealtime(topic: string, message: unknown): RealtimeEvent | null | undefined {
  const dot = topic.lastIndexOf('.');
  const name = topic.slice(0, dot) as keyof typeof messages;
  const id = topic.slice(dot + 1);
  const type = (message as { type?: unknown } | null)?.type;
  if (!(name in messages) || typeof type !== 'string' || !READ[name].includes(type)) return undefined;
  const parsed = messages[name].safeParse(message);
  if (!parsed.success) return null;
  switch (name) {
    case 'community-points-user-v1': {
      const p = parsed.data as z.infer<(typeof messages)['community-points-user-v1']>;
      if (p.type === 'points-earned') {
        return { kind: 'points-earned', channelId: p.data.balance.channel_id, balance: p.data.balance.balance, gain: p.data.point_gain.total_points, reason: p.data.point_gain.reason_code };
      }
      return { kind: 'claim-available', channelId: p.data.claim.channel_id, claimId: p.data.claim.id };
    }
    case 'raid': {
      const r = parsed.data as z.infer<(typeof messages)['raid']>;
      return { kind: 'raid', sourceChannelId: id, raidId: r.raid.id, targetId: r.raid.target_id, targetLogin: r.raid.target_login.toLowerCase() };
    }
    case 'community-moments-channel-v1':
      return { kind: 'moment', channelId: id, momentId: (parsed.data as z.infer<(typeof messages)['community-moments-channel-v1']>).data.moment_id };
    case 'community-points-channel-v1': {
      const g = (parsed.data as z.infer<(typeof messages)['community-points-channel-v1']>).data.community_goal;
      return { kind: 'goal', channelId: id, goalId: g.id, open: (g.status ?? 'STARTED') === 'STARTED' && g.is_in_stock !== false };
    }
    case 'predictions-channel-v1':
      return { kind: 'prediction', channelId: id, event: predictionFromPubsub((parsed.data as z.infer<(typeof messages)['predictions-channel-v1']>).data.event) };
    case 'predictions-user-v1': {
      const p = (parsed.data as z.infer<(typeof messages)['predictions-user-v1']>).data.prediction;
      return { kind: 'prediction-result', channelId: p.channel_id, eventId: p.event_id, result: p.result.type, pointsWon: p.result.points_won ?? 0 };
    }
    case 'video-playback-by-id':
      return { kind: (parsed.data as z.infer<(typeof messages)['video-playback-by-id']>).type, channelId: id };
    case 'user-drop-events': {
      const d = parsed.data as z.infer<(typeof messages)['user-drop-events']>;
      if (d.type === 'drop-progress') return { kind: 'drop-progress', dropId: d.data.drop_id, currentMinutes: d.data.current_progress_min, requiredMinutes: d.data.required_progress_min };
      return { kind: 'drop-claim', dropId: d.data.drop_id, instanceId: d.data.drop_instance_id };
    }
  }
}

/**
 * The topics Minert listens to: the viewer's own, per watched channel its raids, moments, predictions, community goals
 * and stream, and the streams of the next channels in the watch order (`alsoLive`, best first) in the room left under
 * the 50 a socket may hold: a followed channel going live is then known at once, not at the next read of the live list.
 */
export function topicsFor(
  userId: string,
  channelIds: string[],
  withPredictions: ReadonlySet<string>,
  alsoLive: string[] = [],
  withGoals: ReadonlySet<string> = new Set(),
): string[] {
  const topics = [`community-points-user-v1.${userId}`, `predictions-user-v1.${userId}`, `user-drop-events.${userId}`];
  for (const id of channelIds) {
    topics.push(`raid.${id}`, `community-moments-channel-v1.${id}`, `video-playback-by-id.${id}`);
    if (withPredictions.has(id)) topics.push(`predictions-channel-v1.${id}`);
    if (withGoals.has(id)) topics.push(`community-points-channel-v1.${id}`);
  }
  for (const id of alsoLive) {
    const topic = `video-playback-by-id.${id}`;
    if (topics.length >= MAX_TOPICS) break;
    if (!topics.includes(topic)) topics.push(topic);
  }
  return topics;
}
