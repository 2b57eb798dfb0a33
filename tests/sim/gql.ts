import { randomUUID } from 'node:crypto';
import type { Playback } from './video';
import type { SimChannel, SimUser, World } from './world';

/**
 * The GQL operations the simulator plays, with the persisted-query hashes Twitch knows them by. This table is the
 * simulator's own (from ../shared/twitch-wire.md), not the extension's registry: a hash the extension gets wrong
 * is answered PersistedQueryNotFound, as Twitch would.
 */
export const SIM_HASHES: Record<string, string> = {
  ChannelPointsContext: '1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024',
  GetIDFromLogin: '94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca',
  VideoPlayerStreamInfoOverlayChannel: 'a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2',
  ChannelFollows: 'eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907',
  PersonalSections: '9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39',
  PlaybackAccessToken: '3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce',
  DirectoryPage_Game: 'd5c5df7ab9ae65c3ea0f225738c08a36a4a76e4c6c31db7f8c4b8dc064227f9e',
};

/** The directory tag of drops-enabled streams. */
const DROPS_TAG = 'c2542d6d-cd10-4532-919b-3d19f30a768b';

export interface GqlContext {
  world: World;
  user: SimUser | null;
  playback: Playback;
}

type Handler = (vars: Record<string, unknown>, ctx: GqlContext) => unknown;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** A connection's page size: the `limit` asked for, between 1 and 100 as Twitch allows. */
const limitOf = (v: unknown) => Math.min(100, Math.max(1, Math.floor(Number(v)) || 1));
/** Edge cursors are base64 of the edge's index: opaque to clients, as Twitch's are. */
const cursorOf = (index: number) => Buffer.from(String(index)).toString('base64');
/** The index a page starts after: -1 without a cursor, Infinity (an empty page) for one the sim never gave. */
function afterCursor(cursor: unknown): number {
  if (cursor === null || cursor === undefined || cursor === '') return -1;
  const index = Buffer.from(str(cursor), 'base64').toString('utf8');
  return /^\d+$/.test(index) ? Number(index) : Infinity;
}
const byViewers = (a: SimChannel, b: SimChannel) => b.viewers - a.viewers;
const userNode = (c: SimChannel) => ({ id: c.id, login: c.login, displayName: c.displayName, __typename: 'User' });
const gameNode = (c: SimChannel) => (c.game ? { id: c.game.id, name: c.game.name, displayName: c.game.name, __typename: 'Game' } : null);

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
              game: gameNode(c),
              __typename: 'Stream',
            }
          : null,
        __typename: 'User',
      },
    };
  },
  ChannelFollows(vars, { world, user }) {
    if (!user) return { user: null };
    const follows = world.followsOf(user);
    const ordered = vars.order === 'DESC' ? [...follows].reverse() : follows;
    const start = afterCursor(vars.cursor) + 1;
    const page = ordered.slice(start, start + limitOf(vars.limit));
    return {
      user: {
        id: user.id,
        follows: {
          edges: page.map((f, i) => ({
            cursor: cursorOf(start + i),
            followedAt: new Date(f.followedAt).toISOString(),
            node: userNode(f.channel),
            __typename: 'FollowEdge',
          })),
          pageInfo: { hasNextPage: start + page.length < ordered.length, __typename: 'PageInfo' },
          __typename: 'FollowConnection',
        },
        __typename: 'User',
      },
    };
  },
  PersonalSections(vars, { world, user }) {
    const inputs = (vars.input as { sectionInputs?: unknown } | undefined)?.sectionInputs;
    if (!user || !Array.isArray(inputs) || !inputs.includes('FOLLOWED_SECTION')) return { personalSections: [] };
    const live = world.followsOf(user).map((f) => f.channel).filter((c) => c.live).sort(byViewers);
    return {
      personalSections: [
        {
          type: 'FOLLOWED_SECTION',
          title: { localizedFallback: 'Followed Channels', __typename: 'PersonalSectionTitle' },
          items: live.map((c) => ({
            trackingID: randomUUID(),
            user: userNode(c),
            content: { id: c.streamId, viewersCount: c.viewers, type: 'live', game: gameNode(c), __typename: 'Stream' },
            __typename: 'PersonalSectionChannel',
          })),
          __typename: 'PersonalSection',
        },
      ],
    };
  },
  PlaybackAccessToken(vars, { world, user, playback }) {
    const channel = world.channels.get(str(vars.login).toLowerCase());
    if (!channel) return { streamPlaybackAccessToken: null };
    return { streamPlaybackAccessToken: { ...playback.token(user, channel, str(vars.playerType)), __typename: 'PlaybackAccessToken' } };
  },
  DirectoryPage_Game(vars, { world }) {
    const name = str(vars.name).toLowerCase();
    const plays = (c: SimChannel) => c.game?.name.toLowerCase() === name;
    const game = [...world.channels.values()].find(plays)?.game;
    if (!game) return { game: null };
    const tags = (vars.options as { tags?: unknown } | undefined)?.tags;
    const dropsOnly = Array.isArray(tags) && tags.includes(DROPS_TAG);
    const streams = [...world.channels.values()].filter((c) => c.live && plays(c) && (!dropsOnly || c.dropsEnabled)).sort(byViewers);
    const page = streams.slice(0, limitOf(vars.limit));
    return {
      game: {
        id: game.id,
        name: game.name,
        displayName: game.name,
        streams: {
          edges: page.map((c, i) => ({
            cursor: cursorOf(i),
            node: { id: c.streamId, title: c.title, viewersCount: c.viewers, broadcaster: userNode(c), game: gameNode(c), __typename: 'Stream' },
            __typename: 'StreamEdge',
          })),
          pageInfo: { hasNextPage: streams.length > page.length, __typename: 'PageInfo' },
          __typename: 'StreamConnection',
        },
        __typename: 'Game',
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
