import { inputOf, str, WithErrors, type Operation } from './gql-shared';

/** Channel points: the balance and chest (ChannelPointsContext), claiming a chest, joining a raid, claiming a moment. */
export const POINTS_OPERATIONS: Record<string, Operation> = {
  ChannelPointsContext: {
    // Variables {channelLogin, includeGoalTypes: ["CREATOR", "BOOST"]} (the page's); the channel's community goals
    // under communityPointsSettings.goals (goals.ts).
    field: 'community',
    handler(vars, { world, user }) {
      const channel = world.channels.get(str(vars.channelLogin).toLowerCase());
      if (!channel) return { community: null, currentUser: user ? { id: user.id, __typename: 'User' } : null };
      const claim = user ? world.availableClaim(user, channel.login) : null;
      return {
        community: {
          id: channel.id,
          displayName: channel.displayName,
          channel: {
            id: channel.id,
            self: user
              ? {
                  communityPoints: {
                    balance: world.balance(user, channel.login),
                    availableClaim: claim ? { id: claim, __typename: 'CommunityPointsClaim' } : null,
                    activeMultipliers: world.multipliersOf(user, channel.login).map((factor) => ({ factor, reason: 'SUB_T1', __typename: 'CommunityPointsMultiplier' })),
                    canRedeemRewardsForFree: false,
                    lastViewedContent: [],
                    userRedemptions: [],
                    __typename: 'CommunityPointsProperties',
                  },
                  __typename: 'ChannelSelfEdge',
                }
              : null,
            communityPointsSettings: {
              name: channel.pointsName,
              image: null,
              isEnabled: channel.pointsEnabled,
              raidPointAmount: 250,
              automaticRewards: [],
              customRewards: [],
              goals: world.goals.of(channel).map((g) => world.goals.node(g)),
              __typename: 'CommunityPointsChannelSettings',
            },
            __typename: 'Channel',
          },
          self: { isModerator: false, __typename: 'UserSelfConnection' },
          __typename: 'User',
        },
        currentUser: user ? { id: user.id, __typename: 'User' } : null,
      };
    },
  },
  ClaimCommunityPoints: {
    field: 'claimCommunityPoints',
    mutation: true,
    handler(vars, { world, user }) {
      const input = inputOf(vars);
      const channel = world.channelById(str(input.channelID));
      if (!user || !channel || !world.claimBonus(user, channel.id, str(input.claimID))) {
        return { claimCommunityPoints: { claim: null, currentPoints: null, error: { code: 'NOT_FOUND', __typename: 'ClaimCommunityPointsError' }, __typename: 'ClaimCommunityPointsPayload' } };
      }
      return {
        claimCommunityPoints: {
          claim: { id: str(input.claimID), __typename: 'CommunityPointsClaim' },
          currentPoints: world.balance(user, channel.login),
          error: null,
          __typename: 'ClaimCommunityPointsPayload',
        },
      };
    },
  },
  JoinRaid: {
    field: 'joinRaid',
    mutation: true,
    handler(vars, { world, user }) {
      const raidID = str(inputOf(vars).raidID);
      if (!user || !world.community.joinRaid(user, raidID)) return new WithErrors({ joinRaid: null }, [{ message: 'raid not found' }]);
      return { joinRaid: { raidID, __typename: 'JoinRaidPayload' } };
    },
  },
  CommunityMomentCallout_Claim: {
    field: 'claimCommunityMoment',
    mutation: true,
    handler(vars, { world, user }) {
      const momentID = str(inputOf(vars).momentID);
      const error = user ? world.claimMoment(user, momentID) : 'NOT_FOUND';
      return {
        claimCommunityMoment: {
          moment: error ? null : { id: momentID, __typename: 'CommunityMoment' },
          error: error ? { code: error, __typename: 'ClaimCommunityMomentError' } : null,
          __typename: 'ClaimCommunityMomentPayload',
        },
      };
    },
  },
};
