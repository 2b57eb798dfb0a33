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

/** Claims a bonus chest ("claim-available" on the channel). */
export const ClaimCommunityPoints = op(
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
);

/** Joins a raid (the channel being watched raids another one). */
export const JoinRaid = op(
  'JoinRaid',
  'c6a332a86d1087fbbb1a8623aa01bd1313d2386e7c63be60fdb2d1901f01a4ae',
  z.object({ input: z.object({ raidID: z.string().min(1) }) }),
  z.object({ joinRaid: z.object({ raidID: z.string().optional() }).nullable() }),
);

/** Claims a community moment. */
export const CommunityMomentCallout_Claim = op(
  'CommunityMomentCallout_Claim',
  'e2d67415aead910f7f9ceb45a77b750a1e1d9622c936d832328a0689e054db62',
  z.object({ input: z.object({ momentID: z.string().min(1) }) }),
  z.object({ claimCommunityMoment: z.object({ error: z.object({ code: z.string() }).nullable().optional() }).nullable() }),
);

/** Bets channel points on a prediction outcome. The transaction id makes a repeated bet count once. */
export const MakePrediction = op(
  'MakePrediction',
  'b44682ecc88358817009f20e69d75081b1e58825bb40aa53d5dbadcc17c881d8',
  z.object({ input: z.object({ eventID: z.string(), outcomeID: z.string(), points: z.number().int().min(10), transactionID: z.string().min(8) }) }),
  z.object({ makePrediction: z.object({ error: z.object({ code: z.string() }).nullable().optional() }).nullable() }),
);

const predictionNode = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['ACTIVE', 'LOCKED', 'RESOLVE_PENDING', 'RESOLVED', 'CANCELED', 'CANCEL_PENDING']),
  createdAt: z.string(),
  predictionWindowSeconds: z.number(),
  winningOutcome: z.object({ id: z.string() }).nullable().optional(),
  outcomes: z.array(z.object({ id: z.string(), title: z.string(), totalPoints: z.number(), totalUsers: z.number() })),
  self: z
    .object({
      prediction: z
        .object({ points: z.number(), outcome: z.object({ id: z.string() }).nullable().optional(), result: z.object({ type: z.string(), pointsWon: z.number().nullable().optional() }).nullable().optional() })
        .nullable(),
    })
    .nullable()
    .optional(),
});
export type PredictionNode = z.infer<typeof predictionNode>;

/** A channel's predictions: open, locked, and the last resolved ones, with the viewer's own bet on each. */
export const ChannelPointsPredictionContext = op(
  'ChannelPointsPredictionContext',
  'beb846598256b75bd7c1fe54a80431335996153e358ca9c7837ce7bb83d7d383',
  z.object({ count: z.number().int().min(1).max(20), channelLogin: login }),
  z.object({
    community: z
      .object({
        channel: z
          .object({
            id: z.string(),
            activePredictionEvents: z.array(predictionNode),
            lockedPredictionEvents: z.array(predictionNode),
            resolvedPredictionEvents: z.object({ edges: z.array(z.object({ node: predictionNode })) }).nullable().optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
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

const iso = z.string(); // ISO-8601 time, parsed in lib/twitch/drops.ts
const benefitEdge = z.object({
  benefit: z.object({
    id: z.string(),
    name: z.string(),
    imageAssetURL: z.string().nullable().optional(),
    distributionType: z.string().nullable().optional(),
  }),
});
const timeBasedDrop = z.object({
  id: z.string(),
  name: z.string(),
  startAt: iso,
  endAt: iso,
  requiredMinutesWatched: z.number().int(),
  preconditionDrops: z.array(z.object({ id: z.string() })).nullable().optional(),
  benefitEdges: z.array(benefitEdge),
  self: z
    .object({
      currentMinutesWatched: z.number().int(),
      isClaimed: z.boolean(),
      dropInstanceID: z.string().nullable().optional(),
      hasPreconditionsMet: z.boolean().optional(),
    })
    .nullable()
    .optional(),
});
const campaignGame = z.object({ id: z.string(), displayName: z.string().optional(), name: z.string().optional(), boxArtURL: z.string().nullable().optional() }).nullable();
const campaignBase = {
  id: z.string(),
  name: z.string(),
  status: z.string().optional(),
  startAt: iso,
  endAt: iso,
  accountLinkURL: z.string().nullable().optional(),
  game: campaignGame,
  self: z.object({ isAccountConnected: z.boolean() }).nullable().optional(),
};
export type TimeBasedDropWire = z.infer<typeof timeBasedDrop>;

/** The campaigns the viewer can see, with their status and whether the account is linked. */
export const ViewerDropsDashboard = op(
  'ViewerDropsDashboard',
  '8d5d9b5e3f088f9d1ff39eb2caab11f7a4cf7a3353da9ce82b5778226ff37268',
  z.object({ fetchRewardCampaigns: z.boolean() }),
  z.object({ currentUser: z.object({ id: z.string(), dropCampaigns: z.array(z.object(campaignBase)).nullable() }).nullable() }),
);

/** The viewer's progress: campaigns in progress with minutes per drop and claim ids, and the benefits claimed. */
export const Inventory = op(
  'Inventory',
  '37fea486d6179047c41d0f549088a4c3a7dd60c05c70956a1490262f532dccd9',
  z.object({ fetchRewardCampaigns: z.boolean() }),
  z.object({
    currentUser: z
      .object({
        id: z.string(),
        inventory: z.object({
          dropCampaignsInProgress: z.array(z.object({ ...campaignBase, timeBasedDrops: z.array(timeBasedDrop) })).nullable(),
          gameEventDrops: z.array(z.object({ id: z.string(), name: z.string().optional(), lastAwardedAt: iso.nullable().optional() })).nullable(),
        }),
      })
      .nullable(),
  }),
);

/** One campaign in full: its drops, their minutes and benefits, and which channels count. */
export const DropCampaignDetails = op(
  'DropCampaignDetails',
  'f6396f5ffdde867a8f6f6da18286e4baf02e5b98d14689a69b5af320a4c7b7b8',
  z.object({ channelLogin: z.string(), dropID: z.string() }),
  z.object({
    user: z
      .object({
        dropCampaign: z
          .object({
            ...campaignBase,
            allow: z
              .object({ channels: z.array(z.object({ id: z.string(), name: z.string(), displayName: z.string().optional() })).nullable(), isEnabled: z.boolean().optional() })
              .nullable()
              .optional(),
            timeBasedDrops: z.array(timeBasedDrop),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** The drop progressing right now, and its minutes. */
export const DropCurrentSessionContext = op(
  'DropCurrentSessionContext',
  '2e4b3630b91552eb05b76a94b6850eb25fe42263b7cf6d06bee6d156dd247c1c',
  z.object({ channelID: z.string().optional(), channelLogin: z.string().optional() }),
  z.object({
    currentUser: z
      .object({
        dropCurrentSession: z
          .object({
            channel: z.object({ id: z.string(), name: z.string().optional() }).nullable().optional(),
            currentMinutesWatched: z.number().int(),
            requiredMinutesWatched: z.number().int(),
            dropID: z.string(),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** Claims a finished drop by its instance id. */
export const DropsPage_ClaimDropRewards = op(
  'DropsPage_ClaimDropRewards',
  'a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930',
  z.object({ input: z.object({ dropInstanceID: z.string().min(1) }) }),
  z.object({ claimDropRewards: z.object({ status: z.string() }).nullable() }),
);

/** Every operation, by name: a test checks that the simulator plays each with the same hash. */
export const OPERATIONS: Record<string, AnyOperation> = Object.fromEntries(
  [
    ChannelPointsContext,
    ClaimCommunityPoints,
    JoinRaid,
    CommunityMomentCallout_Claim,
    MakePrediction,
    ChannelPointsPredictionContext,
    VideoPlayerStreamInfoOverlayChannel,
    ChannelFollows,
    PersonalSections,
    PlaybackAccessToken,
    DirectoryPage_Game,
    ViewerDropsDashboard,
    Inventory,
    DropCampaignDetails,
    DropCurrentSessionContext,
    DropsPage_ClaimDropRewards,
  ].map((o) => [o.name, o]),
);
