import { z } from 'zod';
import { TwitchError } from '../errors';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';

/** Claims a bonus chest ("claim-available" on the channel). */
export const ClaimCommunityPoints = persisted(
  'ClaimCommunityPoints',
  '46aaeebe02c99afdf4fc97c7c0cba964124bf6b0af229395f1f6d1feed05b3d0',
  z.object({ input: z.object({ channelID: z.string().min(1), claimID: z.string().min(1) }) }),
  z.object({
    claimCommunityPoints: z
      .object({
        currentPoints: z.number().int().nullable().optional(),
        error: z.object({ code: z.string() }).nullable().optional(),
      })
      .nullable(),
  }),
  { mutation: true },
);

/** Joins a raid (the channel being watched raids another one). */
export const JoinRaid = persisted(
  'JoinRaid',
  'c6a332a86d1087fbbb1a8623aa01bd1313d2386e7c63be60fdb2d1901f01a4ae',
  z.object({ input: z.object({ raidID: z.string().min(1) }) }),
  z.object({ joinRaid: z.object({ raidID: z.string().optional() }).nullable() }),
  { mutation: true },
);

/** Claims a community moment. */
export const CommunityMomentCallout_Claim = persisted(
  'CommunityMomentCallout_Claim',
  'e2d67415aead910f7f9ceb45a77b750a1e1d9622c936d832328a0689e054db62',
  z.object({ input: z.object({ momentID: z.string().min(1) }) }),
  z.object({ claimCommunityMoment: z.object({ error: z.object({ code: z.string() }).nullable().optional() }).nullable() }),
  { mutation: true },
);

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

