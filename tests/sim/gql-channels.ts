import { createHash } from 'node:crypto';
import { afterCursor, byViewers, cursorOf, gameNode, limitOf, str, userNode, type GqlContext, type Operation } from './gql-shared';
import { slugOf, type SimChannel } from './world';

/**
 * The live channels the viewer follows, most viewers first: the raw query's `currentUser.followedLiveUsers(first,
 * after)` (PersonalSections was dropped in 2026: ZARM 2026-07-14, LURK). Null currentUser without a token.
 */
export function followedLiveUsers(args: { first?: unknown; after?: unknown }, { world, user }: GqlContext): unknown {
  if (!user) return { currentUser: null };
  const live = world.followsOf(user).map((f) => f.channel).filter((c) => c.live).sort(byViewers);
  const start = afterCursor(args.after) + 1;
  const page = live.slice(start, start + limitOf(args.first ?? 100));
  const edges = page.map((c, i) => ({
    cursor: cursorOf(start + i),
    node: { ...userNode(c), stream: { id: c.streamId, viewersCount: c.viewers, game: gameNode(c.game), __typename: 'Stream' } },
    __typename: 'FollowedLiveUserEdge',
  }));
  return {
    currentUser: {
      id: user.id,
      followedLiveUsers: {
        edges,
        pageInfo: { hasNextPage: start + page.length < live.length, endCursor: edges.at(-1)?.cursor ?? null, __typename: 'PageInfo' },
        __typename: 'FollowedLiveUserConnection',
      },
      __typename: 'User',
    },
  };
}

/** A stream as the directory lists it. */
const streamNode = (c: SimChannel) => ({
  id: c.streamId,
  title: c.title,
  viewersCount: c.viewers,
  broadcaster: userNode(c),
  game: gameNode(c.game),
  __typename: 'Stream',
});

/** Channels, follows, the game directory and stream state. */
export const CHANNEL_OPERATIONS: Record<string, Operation> = {
  VideoPlayerStreamInfoOverlayChannel: {
    // The game is the broadcast settings' (kept while offline); the stream has none (samples/VideoPlayerStreamInfoOverlayChannel.*).
    field: 'user',
    handler(vars, { world }) {
      const c = world.channels.get(str(vars.channel).toLowerCase());
      if (!c) return { user: null };
      return {
        user: {
          id: c.id,
          profileURL: `https://www.twitch.tv/${c.login}`,
          displayName: c.displayName,
          login: c.login,
          profileImageURL: `https://static-cdn.jtvnw.net/jtv_user_pictures/${c.login}-profile_image-300x300.png`,
          broadcastSettings: {
            id: c.id,
            title: c.title,
            game: c.game ? { id: c.game.id, displayName: c.game.name, name: c.game.name, __typename: 'Game' } : null,
            __typename: 'BroadcastSettings',
          },
          stream: c.live ? { id: c.streamId, viewersCount: c.viewers, tags: [], __typename: 'Stream' } : null,
          __typename: 'User',
        },
      };
    },
  },
  ChannelFollows: {
    field: 'user',
    handler(vars, { world, user }) {
      if (!user) return { user: null };
      const follows = world.followsOf(user);
      const ordered = vars.order === 'DESC' ? [...follows].reverse() : follows;
      const start = afterCursor(vars.cursor) + 1;
      const page = ordered.slice(start, start + limitOf(vars.limit));
      return {
        user: {
          id: user.id,
          follows: {
            edges: page.map((f, i) => ({ cursor: cursorOf(start + i), followedAt: new Date(f.followedAt).toISOString(), node: userNode(f.channel), __typename: 'FollowEdge' })),
            pageInfo: { hasNextPage: start + page.length < ordered.length, __typename: 'PageInfo' },
            __typename: 'FollowConnection',
          },
          __typename: 'User',
        },
      };
    },
  },
  DirectoryPage_Game: {
    // By `slug`, not `name`; drops-enabled streams only with options.systemFilters ["DROPS_ENABLED"], the old drops
    // tag in options.tags filters nothing (TDM 5e862f9). Paged by `cursor`.
    field: 'game',
    handler(vars, { world }) {
      const slug = str(vars.slug).toLowerCase();
      const game = slug ? world.games().find((g) => slugOf(g) === slug) : undefined;
      if (!game) return { game: null };
      const filters = (vars.options as { systemFilters?: unknown } | undefined)?.systemFilters;
      const dropsOnly = Array.isArray(filters) && filters.includes('DROPS_ENABLED');
      const streams = [...world.channels.values()].filter((c) => c.live && c.game?.id === game.id && (!dropsOnly || c.dropsEnabled)).sort(byViewers);
      const start = afterCursor(vars.cursor) + 1;
      const page = streams.slice(start, start + limitOf(vars.limit));
      return {
        game: {
          ...gameNode(game),
          streams: {
            edges: page.map((c, i) => ({ cursor: cursorOf(start + i), node: streamNode(c), __typename: 'StreamEdge' })),
            pageInfo: { hasNextPage: start + page.length < streams.length, __typename: 'PageInfo' },
            __typename: 'StreamConnection',
          },
        },
      };
    },
  },
  DirectoryGameRedirect: {
    // A game's name to its slug, for a campaign whose game has none (TDM "SlugRedirect" reads data.game.slug).
    field: 'game',
    handler(vars, { world }) {
      const name = str(vars.name).toLowerCase();
      const game = world.games().find((g) => g.name.toLowerCase() === name);
      return { game: game ? { id: game.id, slug: slugOf(game), __typename: 'Game' } : null };
    },
  },
  GetIDFromLogin: {
    field: 'user',
    handler(vars, { world }) {
      const login = str(vars.login).toLowerCase();
      const id = world.channels.get(login)?.id ?? world.users.get(login)?.id;
      return { user: id ? { id, login, __typename: 'User' } : null };
    },
  },
  PlaybackAccessToken: {
    // Still served, though watch credit no longer needs video (2026): a token no usher of the sim reads.
    field: 'streamPlaybackAccessToken',
    handler(vars, { world, user }) {
      const channel = world.channels.get(str(vars.login).toLowerCase());
      if (!channel) return { streamPlaybackAccessToken: null };
      const expires = Math.floor(world.clock.now() / 1000) + 1200;
      const value = JSON.stringify({ channel: channel.login, channel_id: Number(channel.id), user_id: user ? Number(user.id) : null, expires });
      return {
        streamPlaybackAccessToken: {
          value,
          signature: createHash('sha1').update(value).digest('hex'),
          authorization: { isForbidden: false, forbiddenReasonCode: 'NONE' },
          __typename: 'PlaybackAccessToken',
        },
      };
    },
  },
};
