import type { SimUser, World } from './world';

/**
 * The GQL operations the simulator plays, with the persisted-query hashes Twitch knows them by. This table is the
 * simulator's own (from ../shared/twitch-wire.md), not the extension's registry: a hash the extension gets wrong
 * is answered PersistedQueryNotFound, as Twitch would.
 */
export const SIM_HASHES: Record<string, string> = {
  ChannelPointsContext: '1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024',
  GetIDFromLogin: '94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca',
  VideoPlayerStreamInfoOverlayChannel: 'a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2',
};

export interface GqlContext {
  world: World;
  user: SimUser | null;
}

type Handler = (vars: Record<string, unknown>, ctx: GqlContext) => unknown;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

const handlers: Record<string, Handler> = {
  ChannelPointsContext(vars, { world, user }) {
    const channel = world.channels.get(str(vars.channelLogin).toLowerCase());
    if (!channel) return { community: null, currentUser: user ? { id: user.id } : null };
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
            goals: [],
            __typename: 'CommunityPointsChannelSettings',
          },
          __typename: 'Channel',
        },
        self: { isModerator: false, __typename: 'ChannelSelfEdge' },
        __typename: 'User',
      },
      currentUser: user ? { id: user.id, __typename: 'User' } : null,
    };
  },
  GetIDFromLogin(vars, { world }) {
    const channel = world.channels.get(str(vars.login).toLowerCase());
    const user = world.users.get(str(vars.login).toLowerCase());
    const id = channel?.id ?? user?.id;
    return { user: id ? { id, login: str(vars.login).toLowerCase(), __typename: 'User' } : null };
  },
  VideoPlayerStreamInfoOverlayChannel(vars, { world }) {
    const c = world.channels.get(str(vars.channel).toLowerCase());
    if (!c) return { user: null };
    return {
      user: {
        id: c.id,
        login: c.login,
        displayName: c.displayName,
        profileURL: `https://www.twitch.tv/${c.login}`,
        profileImageURL: null,
        broadcastSettings: { id: c.id, title: c.title, __typename: 'BroadcastSettings' },
        stream: c.live
          ? {
              id: c.streamId,
              viewersCount: c.viewers,
              tags: [],
              game: c.game ? { id: c.game.id, name: c.game.name, displayName: c.game.name, __typename: 'Game' } : null,
              __typename: 'Stream',
            }
          : null,
        __typename: 'User',
      },
    };
  },
};

export interface GqlRequestItem {
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/** Answers one operation of a (possibly batched) GQL request, as Twitch shapes it. */
export function answerOperation(item: GqlRequestItem, ctx: GqlContext): unknown {
  const name = str(item.operationName);
  const hash = str(item.extensions?.persistedQuery?.sha256Hash);
  const handler = handlers[name];
  if (!handler || SIM_HASHES[name] !== hash) {
    return { errors: [{ message: 'PersistedQueryNotFound' }], extensions: { operationName: name } };
  }
  const vars = (item.variables && typeof item.variables === 'object' ? item.variables : {}) as Record<string, unknown>;
  return { data: handler(vars, ctx), extensions: { durationMilliseconds: 12, operationName: name, requestID: 'sim' } };
}
