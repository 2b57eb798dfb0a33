import { z } from 'zod';

/**
 * The registry of persisted GQL operations Minert sends. Each entry names the operation, the sha256 of the
 * persisted query Twitch knows it by, and zod schemas for its variables and for the `data` of its answer.
 * Response schemas are loose (unknown fields pass through) and hold only what Minert reads.
 * A stale hash surfaces as a `persisted-query-not-found` TwitchError naming the operation.
 */
export interface Operation<V extends z.ZodType, R extends z.ZodType> {
  readonly name: string;
  readonly hash: string;
  readonly variables: V;
  readonly response: R;
}

function op<V extends z.ZodType, R extends z.ZodType>(
  name: string,
  hash: string,
  variables: V,
  response: R,
): Operation<V, R> {
  return { name, hash, variables, response };
}

export type VariablesOf<O> = O extends Operation<infer V, z.ZodType> ? z.input<V> : never;
export type ResponseOf<O> = O extends Operation<z.ZodType, infer R> ? z.output<R> : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;

const login = z.string().regex(/^[a-zA-Z0-9_]{1,25}$/, 'a Twitch login');

/** The viewer's points on one channel (balance, the bonus chest waiting, multipliers). */
export const ChannelPointsContext = op(
  'ChannelPointsContext',
  '1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024',
  z.object({ channelLogin: login }),
  z.object({
    community: z
      .object({
        id: z.string(),
        displayName: z.string(),
        channel: z
          .object({
            id: z.string(),
            self: z
              .object({
                communityPoints: z.object({
                  balance: z.number().int(),
                  availableClaim: z.object({ id: z.string() }).nullable().optional(),
                  activeMultipliers: z
                    .array(z.object({ factor: z.number(), reason: z.string().optional() }))
                    .nullable()
                    .optional(),
                }),
              })
              .nullable(),
            communityPointsSettings: z
              .object({ name: z.string().nullable().optional(), isEnabled: z.boolean().optional() })
              .nullable()
              .optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** A channel's id from its login. */
export const GetIDFromLogin = op(
  'GetIDFromLogin',
  '94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca',
  z.object({ login }),
  z.object({ user: z.object({ id: z.string(), login: z.string().optional() }).nullable() }),
);

/** Whether a channel is live, and what it streams. */
export const VideoPlayerStreamInfoOverlayChannel = op(
  'VideoPlayerStreamInfoOverlayChannel',
  'a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2',
  z.object({ channel: login }),
  z.object({
    user: z
      .object({
        id: z.string(),
        login: z.string().optional(),
        displayName: z.string().optional(),
        stream: z
          .object({
            id: z.string(),
            viewersCount: z.number().int().optional(),
            game: z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).nullable().optional(),
          })
          .nullable(),
        broadcastSettings: z.object({ title: z.string().nullable().optional() }).nullable().optional(),
      })
      .nullable(),
  }),
);

const pageInfo = z.object({ hasNextPage: z.boolean() });
const gameRef = z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).nullable().optional();

/** The viewer's followed channels, a page at a time (at most 100). */
export const ChannelFollows = op(
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

/** The side bar's sections; with FOLLOWED_SECTION, the followed channels that are live now, in one request. */
export const PersonalSections = op(
  'PersonalSections',
  '9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39',
  z.object({
    input: z.object({ sectionInputs: z.array(z.string()), recommendationContext: z.object({ platform: z.string() }) }),
    channelLogin: z.string().nullable(),
    withChannelUser: z.boolean(),
    creatorAnniversariesExperimentEnabled: z.boolean(),
  }),
  z.object({
    personalSections: z.array(
      z.object({
        type: z.string(),
        items: z.array(
          z.object({
            user: z.object({ id: z.string(), login: z.string(), displayName: z.string().optional() }).nullable(),
            content: z
              .object({ __typename: z.string().optional(), id: z.string().optional(), viewersCount: z.number().optional(), game: gameRef })
              .nullable()
              .optional(),
          }),
        ),
      }),
    ),
  }),
);

/** A signed token for a channel's HLS playlist: the first step of what a player does. */
export const PlaybackAccessToken = op(
  'PlaybackAccessToken',
  '3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce',
  z.object({ login, isLive: z.boolean(), isVod: z.boolean(), vodID: z.string(), playerType: z.string() }),
  z.object({ streamPlaybackAccessToken: z.object({ value: z.string(), signature: z.string() }).nullable() }),
);

/** Live channels of a game; with the drops tag, only those with drops enabled. */
export const DirectoryPage_Game = op(
  'DirectoryPage_Game',
  'd5c5df7ab9ae65c3ea0f225738c08a36a4a76e4c6c31db7f8c4b8dc064227f9e',
  z.object({
    name: z.string().min(1),
    limit: z.number().int().min(1).max(100),
    options: z.object({
      includeRestricted: z.array(z.string()).optional(),
      recommendationsContext: z.object({ platform: z.string() }).optional(),
      sort: z.string(),
      tags: z.array(z.string()),
      requestID: z.string().optional(),
    }),
    sortTypeIsRecency: z.boolean(),
  }),
  z.object({
    game: z
      .object({
        id: z.string(),
        name: z.string().optional(),
        displayName: z.string().optional(),
        streams: z
          .object({
            edges: z.array(
              z.object({
                node: z
                  .object({
                    id: z.string(),
                    viewersCount: z.number().optional(),
                    broadcaster: z.object({ id: z.string(), login: z.string(), displayName: z.string().optional() }).nullable(),
                    game: gameRef,
                  })
                  .nullable(),
              }),
            ),
            pageInfo: pageInfo.optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** Every operation, by name: the simulator and the hash checks read this. */
export const OPERATIONS: Record<string, AnyOperation> = Object.fromEntries(
  [ChannelPointsContext, GetIDFromLogin, VideoPlayerStreamInfoOverlayChannel, ChannelFollows, PersonalSections, PlaybackAccessToken, DirectoryPage_Game].map((o) => [o.name, o]),
);
