import { iso, isoOrNull } from './clock';
import { afterCursor, cursorOf, limitOf, str, WithErrors, type Operation } from './gql-shared';
import type { SimClip, SimVod } from './streaks';
import type { SimChannel } from './world';

/**
 * Watch-streak recovery's reads (facts and sources in streaks.ts): the streak (RewardList), the channel's clips
 * (ClipsCards__User) and its VODs (FilterableVideoTower_Videos). Reads like the others: wire.gateReads gates them.
 */

/** A required variable missing or not a non-empty string: GraphQL's validation error, no data (as Twitch answers it). */
function invalid(vars: Record<string, unknown>, name: string, type: string): WithErrors | null {
  const v = vars[name];
  if (typeof v === 'string' && v !== '') return null;
  return new WithErrors(undefined, [{ message: `Variable "$${name}" got invalid value ${JSON.stringify(v ?? null)}; Expected non-nullable type "${type}" not to be null.` }]);
}

/** How far back each clips filter reaches, ms. */
const FILTER_MS: Record<string, number> = { LAST_DAY: 86_400_000, LAST_WEEK: 7 * 86_400_000, LAST_MONTH: 30 * 86_400_000, ALL_TIME: Infinity };

const broadcast = (id: string) => ({ id, __typename: 'BroadcastIdentifier' });
const owner = (c: SimChannel) => ({ id: c.id, login: c.login, displayName: c.displayName, __typename: 'User' });

/** One page of a connection: edges with cursors, and whether more follow. */
function page<T>(all: readonly T[], vars: Record<string, unknown>, node: (item: T) => object, typename: string) {
  const start = afterCursor(vars.cursor) + 1;
  const items = all.slice(start, start + limitOf(vars.limit ?? 20));
  return {
    edges: items.map((item, i) => ({ cursor: cursorOf(start + i), node: node(item), __typename: `${typename}Edge` })),
    pageInfo: { hasNextPage: start + items.length < all.length, __typename: 'PageInfo' },
    __typename: `${typename}Connection`,
  };
}

const clipNode = (c: SimClip, channel: SimChannel) => ({
  id: c.id,
  slug: c.slug,
  url: c.url,
  embedURL: `https://clips.twitch.tv/embed?clip=${c.slug}`,
  title: c.title,
  durationSeconds: c.durationSeconds,
  createdAt: iso(c.createdAt),
  viewCount: c.viewCount,
  broadcaster: owner(channel),
  broadcastIdentifier: broadcast(c.broadcastId),
  __typename: 'Clip',
});

const videoNode = (v: SimVod, channel: SimChannel) => ({
  id: v.id,
  title: v.title,
  publishedAt: iso(v.publishedAt),
  lengthSeconds: v.lengthSeconds,
  broadcastType: 'ARCHIVE',
  viewCount: 42,
  previewThumbnailURL: `https://static-cdn.jtvnw.net/cf_vods/sim/${v.id}/thumb/thumb0-320x180.jpg`,
  owner: owner(channel),
  game: channel.game ? { id: channel.game.id, name: channel.game.name, displayName: channel.game.name, __typename: 'Game' } : null,
  broadcastIdentifier: broadcast(v.broadcastId),
  __typename: 'Video',
});

export const STREAK_OPERATIONS: Record<string, Operation> = {
  RewardList: {
    field: 'channel',
    handler(vars, { world, user }) {
      const bad = invalid(vars, 'channelID', 'ID!');
      if (bad) return bad;
      const channel = world.channelById(str(vars.channelID));
      if (!channel) return { channel: null };
      const s = user ? world.streaks.milestone(user, channel) : null;
      const length = s?.length ?? 0;
      const milestone = {
        watchStreakMilestone: {
          // A new streak (none yet, or lost) has an empty id and no achievement time (mpforce1 RewardList.py).
          id: length > 0 ? s!.milestoneId : '',
          value: String(length),
          category: 'WATCH_STREAK',
          achievementTimestamp: length > 0 ? iso(s!.achievedAt) : null,
          shareStatus: 'CAN_NOT_SHARE',
          __typename: 'ViewerMilestone',
        },
        watchStreakThreshold: 3,
        watchStreakCopoBonus: 350,
        state: 'ACTIVE',
        missedStreams: s?.expiresAt ? s.missed.map((id) => ({ broadcastIdentifiers: [broadcast(id)], __typename: 'MissedStream' })) : null,
        expiresAt: isoOrNull(s?.expiresAt ?? null),
        __typename: 'WatchStreakMilestone',
      };
      return {
        channel: {
          id: channel.id,
          self: user ? { watchStreakMilestone: milestone, __typename: 'ChannelSelfEdge' } : null,
          __typename: 'Channel',
        },
      };
    },
  },
  ClipsCards__User: {
    field: 'user',
    handler(vars, { world }) {
      const bad = invalid(vars, 'login', 'String!');
      if (bad) return bad;
      const criteria = (vars.criteria && typeof vars.criteria === 'object' ? vars.criteria : {}) as Record<string, unknown>;
      const filter = criteria.filter ?? 'ALL_TIME';
      if (typeof filter !== 'string' || !(filter in FILTER_MS)) {
        return new WithErrors(undefined, [{ message: `Variable "$criteria" got invalid value ${JSON.stringify(vars.criteria)}; Value ${JSON.stringify(filter)} does not exist in "ClipsFilter" enum.` }]);
      }
      const channel = world.channels.get(str(vars.login).toLowerCase());
      if (!channel) return { user: null };
      const now = world.clock.now();
      // Most viewed first, as the channel's clips page lists them.
      const clips = world.streaks.clipsOf(channel).filter((c) => now - c.createdAt <= FILTER_MS[filter]!).sort((a, b) => b.viewCount - a.viewCount);
      return { user: { id: channel.id, clips: page(clips, vars, (c) => clipNode(c, channel), 'Clip'), __typename: 'User' } };
    },
  },
  FilterableVideoTower_Videos: {
    field: 'user',
    handler(vars, { world }) {
      const bad = invalid(vars, 'channelOwnerLogin', 'String!');
      if (bad) return bad;
      const channel = world.channels.get(str(vars.channelOwnerLogin).toLowerCase());
      if (!channel) return { user: null };
      // Every sim VOD is a past broadcast: HIGHLIGHT or UPLOAD lists none. TIME: newest first; VIEWS keeps that order.
      const type = vars.broadcastType ?? null;
      const vods = type === null || type === 'ARCHIVE' ? world.streaks.vodsOf(channel) : [];
      return { user: { id: channel.id, videos: page(vods, vars, (v) => videoNode(v, channel), 'Video'), __typename: 'User' } };
    },
  },
};
