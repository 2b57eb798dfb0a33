import { TwitchError } from './errors';
import type { GqlClient } from './gql';
import type { PredictionEvent } from './events';
import {
  ChannelPointsPredictionContext,
  ClaimCommunityPoints,
  CommunityMomentCallout_Claim,
  JoinRaid,
  MakePrediction,
  type PredictionNode,
} from './operations';

/**
 * Claims a bonus chest. Resolves to the balance Twitch reports after it (null if it gave none); throws when Twitch
 * answers with an error (the chest was gone, or the claim failed its integrity check): nothing is reported as claimed
 * without Twitch's word.
 */
export async function claimBonus(gql: GqlClient, channelId: string, claimId: string): Promise<number | null> {
  const data = await gql.request(ClaimCommunityPoints, { input: { channelID: channelId, claimID: claimId } });
  const payload = data.claimCommunityPoints;
  if (!payload) throw new TwitchError('malformed', 'the claim answer is empty', { operation: 'ClaimCommunityPoints' });
  if (payload.error) throw new TwitchError('gql', `Twitch refused the claim (${payload.error.code})`, { operation: 'ClaimCommunityPoints' });
  return payload.currentPoints ?? null;
}

/** Joins a raid; throws when Twitch refuses it. */
export async function joinRaid(gql: GqlClient, raidId: string): Promise<void> {
  await gql.request(JoinRaid, { input: { raidID: raidId } });
}

/** Claims a community moment; throws when Twitch refuses it (expired, claimed already). */
export async function claimMoment(gql: GqlClient, momentId: string): Promise<void> {
  const data = await gql.request(CommunityMomentCallout_Claim, { input: { momentID: momentId } });
  const error = data.claimCommunityMoment?.error;
  if (error) throw new TwitchError('gql', `Twitch refused the moment (${error.code})`, { operation: 'CommunityMomentCallout_Claim' });
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
  return nodes.map((n: PredictionNode) => {
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
