import { iso, isoOrNull } from './clock';
import { inputOf, limitOf, str, type Operation } from './gql-shared';
import type { PredictionStatus, SimPrediction } from './predictions';
import type { SimUser } from './world';

/** A prediction event as GQL gives it, with the calling user's own bet on it (self is null without a user). */
function predictionNode(e: SimPrediction, user: SimUser | null) {
  const bet = user ? e.bets.get(user.id) : undefined;
  return {
    id: e.id,
    title: e.title,
    status: e.status,
    createdAt: iso(e.createdAt),
    lockedAt: isoOrNull(e.lockedAt),
    endedAt: isoOrNull(e.endedAt),
    predictionWindowSeconds: e.windowSeconds,
    winningOutcome: e.winningOutcomeId ? { id: e.winningOutcomeId, __typename: 'PredictionEventOutcome' } : null,
    outcomes: e.outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      color: o.color,
      totalPoints: o.totalPoints,
      totalUsers: o.totalUsers,
      topPredictors: [],
      badge: { setID: 'predictions', version: o.badgeVersion, __typename: 'Badge' },
      __typename: 'PredictionEventOutcome',
    })),
    self: user
      ? {
          prediction: bet
            ? {
                id: bet.id,
                points: bet.points,
                outcome: { id: bet.outcomeId, __typename: 'PredictionEventOutcome' },
                result: bet.result ? { type: bet.result.type, pointsWon: bet.result.pointsWon, __typename: 'PredictionResult' } : null,
                __typename: 'Prediction',
              }
            : null,
          __typename: 'PredictionEventSelfEdge',
        }
      : null,
    __typename: 'PredictionEvent',
  };
}

/** Predictions: betting (MakePrediction) and a channel's events (ChannelPointsPredictionContext). */
export const PREDICTION_OPERATIONS: Record<string, Operation> = {
  MakePrediction: {
    field: 'makePrediction',
    mutation: true,
    handler(vars, { world, user }) {
      const input = inputOf(vars);
      const bet = user ? world.predictions.bet(user, str(input.eventID), str(input.outcomeID), Number(input.points), str(input.transactionID)) : 'NOT_FOUND';
      return {
        makePrediction: {
          prediction: typeof bet === 'string' ? null : { id: bet.id, __typename: 'Prediction' },
          error: typeof bet === 'string' ? { code: bet, __typename: 'MakePredictionError' } : null,
          __typename: 'MakePredictionPayload',
        },
      };
    },
  },
  ChannelPointsPredictionContext: {
    field: 'community',
    handler(vars, { world, user }) {
      const channel = world.channels.get(str(vars.channelLogin).toLowerCase());
      if (!channel) return { community: null };
      const events = world.predictions.events.filter((e) => e.channel === channel);
      const withStatus = (...statuses: PredictionStatus[]) => events.filter((e) => statuses.includes(e.status));
      // The ended ones, last ended first, as many as `count` asks.
      const ended = withStatus('RESOLVED', 'CANCELED').sort((a, b) => b.endedAt! - a.endedAt!).slice(0, limitOf(vars.count));
      return {
        community: {
          id: channel.id,
          channel: {
            id: channel.id,
            activePredictionEvents: withStatus('ACTIVE').map((e) => predictionNode(e, user)),
            lockedPredictionEvents: withStatus('LOCKED').map((e) => predictionNode(e, user)),
            resolvedPredictionEvents: {
              edges: ended.map((e) => ({ node: predictionNode(e, user), __typename: 'PredictionEventEdge' })),
              __typename: 'PredictionEventConnection',
            },
            __typename: 'Channel',
          },
          __typename: 'User',
        },
      };
    },
  },
};
