import { z } from 'zod';
import type { CommunityGoal } from '../../points/goals';
import { TwitchError } from '../errors';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';

/*
 * Community goals (sources: rdavydov/Twitch-Channel-Points-Miner-v2, commit d78e587 of 2023-07-18 "Added functionality
 * to automatically contribute to community goals" (PR #575), unchanged at 92b9e74 of 2025-11-16:
 * TwitchChannelPointsMiner/constants.py, classes/Twitch.py, classes/entities/CommunityGoal.py; the goal's GQL type in
 * RakambdaOrg/ChannelPointsMiner api/gql/gql/data/types/CommunityPointsCommunityGoal.java and its status enum).
 * The goals come in ChannelPointsContext at `community.channel.communityPointsSettings.goals`; what the viewer gave
 * this stream comes from UserPointsContribution; points are given with ContributeCommunityPointsCommunityGoal.
 */

const goalSchema = z.object({
  id: z.string().min(1),
  title: z.string().nullable().optional(),
  status: z.string(),
  /** The goal's total (what is left is amountNeeded - pointsContributed, as the peers compute it). */
  amountNeeded: z.number(),
  pointsContributed: z.number(),
  perStreamUserMaximumContribution: z.number(),
  isInStock: z.boolean(),
});

/** ChannelPointsContext's `goals`, kept raw by its schema: one goal of an unexpected shape is dropped, never the balance. */
export const goalsField = z.array(z.unknown()).nullable().optional();

/** The goals of a channel as the domain sees them (absent or malformed: none). */
export function goalsOf(raw: readonly unknown[] | null | undefined): CommunityGoal[] {
  return (raw ?? []).flatMap((g) => {
    const p = goalSchema.safeParse(g);
    if (!p.success) return [];
    const d = p.data;
    return [{ id: d.id, title: d.title ?? '', status: d.status, amountNeeded: d.amountNeeded, pointsContributed: d.pointsContributed, perStreamUserMaximum: d.perStreamUserMaximumContribution, inStock: d.isInStock }];
  });
}

/** What the viewer gave to each goal of a channel in the current stream. */
export const UserPointsContribution = persisted(
  'UserPointsContribution',
  '23ff2c2d60708379131178742327ead913b93b1bd6f665517a6d9085b73f661f',
  z.object({ channelLogin: z.string().regex(/^[a-zA-Z0-9_]{1,25}$/, 'a Twitch login') }),
  z.object({
    user: z
      .object({
        channel: z
          .object({
            self: z
              .object({
                communityPoints: z
                  .object({
                    goalContributions: z
                      .array(z.object({ goal: z.object({ id: z.string() }), userPointsContributedThisStream: z.number() }))
                      .nullable()
                      .optional(),
                  })
                  .nullable()
                  .optional(),
              })
              .nullable()
              .optional(),
          })
          .nullable()
          .optional(),
      })
      .nullable(),
  }),
);

/** Gives channel points to a goal. The transaction id makes a repeated contribution count once. */
export const ContributeCommunityPointsCommunityGoal = persisted(
  'ContributeCommunityPointsCommunityGoal',
  '5774f0ea5d89587d73021a2e03c3c44777d903840c608754a1be519f51e37bb6',
  z.object({
    input: z.object({ amount: z.number().int().min(1), channelID: z.string().min(1), goalID: z.string().min(1), transactionID: z.string().min(8) }),
  }),
  z.object({
    contributeCommunityPointsCommunityGoal: z
      .object({ error: z.union([z.object({ code: z.string() }).loose(), z.string()]).nullable().optional() })
      .nullable(),
  }),
  { mutation: true },
);

/** The viewer's contributions this stream, by goal id. */
export async function fetchGoalContributions(gql: GqlClient, login: string): Promise<Record<string, number>> {
  const data = await gql.request(UserPointsContribution, { channelLogin: login });
  const list = data.user?.channel?.self?.communityPoints?.goalContributions ?? [];
  return Object.fromEntries(list.map((c) => [c.goal.id, c.userPointsContributedThisStream]));
}

/** Gives points to a goal. Resolves when Twitch takes them; throws with Twitch's reason when it does not. */
export async function contributeToGoal(gql: GqlClient, c: { channelId: string; goalId: string; amount: number; transactionId: string }): Promise<void> {
  const data = await gql.request(ContributeCommunityPointsCommunityGoal, {
    input: { amount: c.amount, channelID: c.channelId, goalID: c.goalId, transactionID: c.transactionId },
  });
  const payload = data.contributeCommunityPointsCommunityGoal;
  const error = payload?.error;
  if (!payload || error) {
    const code = typeof error === 'string' ? error : (error?.code ?? 'no answer');
    throw new TwitchError('gql', `Twitch refused the contribution (${code})`, { operation: 'ContributeCommunityPointsCommunityGoal' });
  }
}
