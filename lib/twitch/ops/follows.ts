import { z } from 'zod';
import { TwitchError } from '../errors';
import type { GqlClient } from '../gql';
import { persisted, raw, type ResponseOf } from '../operation';
import { gameOf, type LiveStream } from './channels';

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable().optional() });

/** The viewer's followed channels, a page at a time (at most 100). */
export const ChannelFollows = persisted(
  'ChannelFollows',
  'eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907',
  z.object({ limit: z.number().int().min(1).max(100), order: z.enum(['ASC', 'DESC']), cursor: z.string().nullable().optional() }),
  z.object({
    user: z
      .object({
        follows: z.object({
          edges: z.array(z.object({ cursor: z.string().nullable().optional(), node: z.object({ id: z.string(), login: z.string(), displayName: z.string().optional() }).nullable() })),
          pageInfo,
        }),
      })
      .nullable(),
  }),
);

/**
 * The followed channels that are live now. The side bar's persisted PersonalSections was retired in 2026 (ZARM
 * 2026-07-14, LURK); this raw document is the shape several 2026 clients send instead.
 */
export const FollowedLiveUsers = raw(
  'FollowedLiveUsers',
  'query FollowedLiveUsers($cursor: Cursor) { currentUser { followedLiveUsers(first: 100, after: $cursor) { edges { node { id login displayName stream { id viewersCount game { id name displayName } } } } pageInfo { hasNextPage endCursor } } } }',
  z.object({ cursor: z.string().nullable() }),
  z.object({
    currentUser: z
      .object({
        followedLiveUsers: z.object({
          edges: z.array(
            z.object({
              node: z
                .object({
                  id: z.string(),
                  login: z.string(),
                  displayName: z.string().optional(),
                  stream: z
                    .object({
                      id: z.string(),
                      viewersCount: z.number().optional(),
                      game: z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).nullable().optional(),
                    })
                    .nullable(),
                })
                .nullable(),
            }),
          ),
          pageInfo,
        }),
      })
      .nullable(),
  }),
);

export interface FollowedChannel {
  id: string;
  login: string;
  displayName?: string;
}

/** Every followed channel, 100 a page, oldest follow first (the default watch order). */
export async function fetchFollows(gql: GqlClient, maxPages = 100): Promise<FollowedChannel[]> {
  const out: FollowedChannel[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const data: ResponseOf<typeof ChannelFollows> = await gql.request(ChannelFollows, { limit: 100, order: 'ASC', cursor });
    if (!data.user) throw new TwitchError('logged-out', 'ChannelFollows answered no user', { operation: 'ChannelFollows' });
    const edges = data.user.follows.edges;
    for (const e of edges) if (e.node) out.push({ id: e.node.id, login: e.node.login.toLowerCase(), displayName: e.node.displayName });
    cursor = data.user.follows.pageInfo.endCursor ?? edges.at(-1)?.cursor ?? null;
    if (!data.user.follows.pageInfo.hasNextPage || !cursor) return out;
  }
  return out;
}

/** The call for the first page of the followed live channels, to send alone or in a bigger batch. */
export const liveFollowedCall = () => ({ op: FollowedLiveUsers, variables: { cursor: null } });

/**
 * The followed channels that are live now, 100 a request: from the first page's answer when it came in a bigger
 * batch, the next pages asked here.
 */
export async function fetchLiveFollowed(gql: GqlClient, first?: ResponseOf<typeof FollowedLiveUsers>, maxPages = 10): Promise<LiveStream[]> {
  const out: LiveStream[] = [];
  let data: ResponseOf<typeof FollowedLiveUsers> = first ?? (await gql.request(FollowedLiveUsers, { cursor: null }));
  for (let page = 1; ; page++) {
    if (!data.currentUser) throw new TwitchError('logged-out', 'the followed live channels answered no user', { operation: 'FollowedLiveUsers' });
    const conn: NonNullable<ResponseOf<typeof FollowedLiveUsers>['currentUser']>['followedLiveUsers'] = data.currentUser.followedLiveUsers;
    for (const { node } of conn.edges) {
      if (!node?.stream) continue;
      out.push({ channelId: node.id, login: node.login.toLowerCase(), displayName: node.displayName, streamId: node.stream.id, viewers: node.stream.viewersCount, game: gameOf(node.stream.game) });
    }
    const cursor = conn.pageInfo.endCursor ?? null;
    if (!conn.pageInfo.hasNextPage || !cursor || page >= maxPages) return out;
    data = await gql.request(FollowedLiveUsers, { cursor });
  }
}
