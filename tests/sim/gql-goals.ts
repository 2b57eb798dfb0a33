import { inputOf, str, WithErrors, type Operation } from './gql-shared';

/**
 * Community goals (facts and sources in goals.ts): what the viewer gave this stream (UserPointsContribution), and
 * giving points (ContributeCommunityPointsCommunityGoal, a mutation: integrity on the web client id, like the others).
 */
export const GOAL_OPERATIONS: Record<string, Operation> = {
  UserPointsContribution: {
    field: 'user',
    handler(vars, { world, user }) {
      const channel = world.channels.get(str(vars.channelLogin).toLowerCase());
      if (!channel) return { user: null };
      return {
        user: {
          id: channel.id,
          channel: {
            id: channel.id,
            self: user
              ? {
                  communityPoints: {
                    goalContributions: world.goals.of(channel).map((g) => ({
                      goal: { id: g.id, __typename: 'CommunityPointsCommunityGoal' },
                      userPointsContributedThisStream: world.goals.givenThisStream(user, g),
                      __typename: 'CommunityPointsCommunityGoalContribution',
                    })),
                    __typename: 'CommunityPointsProperties',
                  },
                  __typename: 'ChannelSelfEdge',
                }
              : null,
            __typename: 'Channel',
          },
          __typename: 'User',
        },
      };
    },
  },
  ContributeCommunityPointsCommunityGoal: {
    field: 'contributeCommunityPointsCommunityGoal',
    mutation: true,
    handler(vars, { world, user }) {
      const input = inputOf(vars);
      const transactionID = str(input.transactionID);
      if (!user) return new WithErrors({ contributeCommunityPointsCommunityGoal: null }, [{ message: 'unauthorized' }]);
      if (!transactionID || typeof input.amount !== 'number') {
        return new WithErrors({ contributeCommunityPointsCommunityGoal: null }, [{ message: 'Variable "$input" got invalid value', path: ['contributeCommunityPointsCommunityGoal'] }]);
      }
      const error = world.goals.contribute(user, str(input.channelID), str(input.goalID), input.amount, transactionID);
      return {
        contributeCommunityPointsCommunityGoal: {
          error: error ? { code: error, __typename: 'ContributeCommunityPointsCommunityGoalError' } : null,
          __typename: 'ContributeCommunityPointsCommunityGoalPayload',
        },
      };
    },
  },
};
