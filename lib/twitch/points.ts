import { TwitchError } from './errors';
import type { GqlClient } from './gql';
import { ClaimCommunityPoints } from './operations';

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
