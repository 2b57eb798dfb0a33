import { z } from 'zod';
import { TwitchError } from '../errors';
import type { PredictionEvent } from '../../points/types';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';

const login = z.string().regex(/^[a-zA-Z0-9_]{1,25}$/, 'a Twitch login');

/** Bets channel points on a prediction outcome. The transaction id makes a repeated bet count once. */
export const MakePrediction = persisted(
  'MakePrediction',
  'b44682ecc88358817009f20e69d75081b1e58825bb40aa53d5dbadcc17c881d8',
  z.object({ input: z.object({ eventID: z.string(), outcomeID: z.string(), points: z.number().int().min(10), transactionID: z.string().min(8) }) }),
  z.object({ makePrediction: z.object({ error: z.object({ code: z.string() }).nullable().optional() }).nullable() }),
  { mutation: true },
);

const predictionNode = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['ACTIVE', 'LOCKED', 'RESOLVE_PENDING', 'RESOLVED', 'CANCELED', 'CANCEL_PENDING']),
  createdAt: z.string(),
  predictionWindowSeconds: z.number(),
  winningOutcome: z.object({ id: z.string() }).nullable().optional(),
  outcomes: z.array(z.object({ id: z.string(), title: z.string(), totalPoints: z.number(), totalUsers: z.number() })),
  self: z
    .object({
      prediction: z
        .object({ points: z.number(), outcome: z.object({ id: z.string() }).nullable().optional(), result: z.object({ type: z.string(), pointsWon: z.number().nullable().optional() }).nullable().optional() })
        .nullable(),
    })
    .nullable()
    .optional(),
});

/** A channel's predictions: open, locked, and the last resolved ones, with the viewer's own bet on each. */
export const ChannelPointsPredictionContext = persisted(
  'ChannelPointsPredictionContext',
  'beb846598256b75bd7c1fe54a80431335996153e358ca9c7837ce7bb83d7d383',
  z.object({ count: z.number().int().min(1).max(20), channelLogin: login }),
  z.object({
    community: z
      .object({
        channel: z
          .object({
            id: z.string(),
            activePredictionEvents: z.array(predictionNode),
            lockedPredictionEvents: z.array(predictionNode),
            resolvedPredictionEvents: z.object({ edges: z.array(z.object({ node: predictionNode })) }).nullable().optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** A mutation's transaction id as the web client makes it (32 hex digits): Twitch counts a repeated one once. */
export function newTransactionId(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

/** Places a bet. Resolves when Twitch takes it; throws with Twitch's reason when it does not. */
export async function makePrediction(gql: GqlClient, bet: { eventId: string; outcomeId: string; points: number; transactionId: string }): Promise<void> {
  const data = await gql.request(MakePrediction, {
    input: { eventID: bet.eventId, outcomeID: bet.outcomeId, points: bet.points, transactionID: bet.transactionId },
  });
  const error = data.makePrediction?.error;
  if (!data.makePrediction || error) throw new TwitchError('gql', `Twitch refused the bet (${error?.code ?? 'no answer'})`, { operation: 'MakePrediction' });
}

export interface PolledPrediction {
  event: PredictionEvent;
  /** The viewer's bet and its result, per Twitch. */
  mine: { points: number; outcomeId: string | null; result: string | null; pointsWon: number } | null;
}

/** A channel's open, locked and recently resolved predictions. */
export async function fetchPredictions(gql: GqlClient, login: string): Promise<PolledPrediction[]> {
  const data = await gql.request(ChannelPointsPredictionContext, { count: 1, channelLogin: login });
  const ch = data.community?.channel;
  if (!ch) return [];
  const nodes = [...ch.activePredictionEvents, ...ch.lockedPredictionEvents, ...(ch.resolvedPredictionEvents?.edges ?? []).map((e) => e.node)];
  return nodes.map((n) => {
    const createdAt = Date.parse(n.createdAt);
    if (Number.isNaN(createdAt)) throw new TwitchError('malformed', `prediction ${n.id}: createdAt is not a time`, { operation: 'ChannelPointsPredictionContext' });
    const p = n.self?.prediction ?? null;
    return {
      event: {
        id: n.id,
        channelId: ch.id,
        title: n.title,
        status: n.status,
        createdAt,
        windowSeconds: n.predictionWindowSeconds,
        winningOutcomeId: n.winningOutcome?.id ?? null,
        outcomes: n.outcomes.map((o) => ({ id: o.id, title: o.title, totalPoints: o.totalPoints, totalUsers: o.totalUsers })),
      },
      mine: p ? { points: p.points, outcomeId: p.outcome?.id ?? null, result: p.result?.type ?? null, pointsWon: p.result?.pointsWon ?? 0 } : null,
    };
  });
}
