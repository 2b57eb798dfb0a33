import { randomUUID } from 'node:crypto';
import { iso, isoOrNull } from './clock';
import type { Drops, SimCampaign, SimDrop } from './drops';
import type { PredictionStatus, SimPrediction } from './predictions';
import type { Playback } from './video';
import type { SimChannel, SimUser, World } from './world';

/**
 * The GQL operations the simulator plays, with the persisted-query hashes Twitch knows them by. This table is the
 * simulator's own (from ../shared/twitch-wire.md), not the extension's registry: a hash the extension gets wrong
 * is answered PersistedQueryNotFound, as Twitch would.
 */
export const SIM_HASHES: Record<string, string> = {
  ChannelPointsContext: '1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024',
  ClaimCommunityPoints: '46aaeebe02c99afdf4fc97c7c0cba964124bf6b0af229395f1f6d1feed05b3d0',
  JoinRaid: 'c6a332a86d1087fbbb1a8623aa01bd1313d2386e7c63be60fdb2d1901f01a4ae',
  CommunityMomentCallout_Claim: 'e2d67415aead910f7f9ceb45a77b750a1e1d9622c936d832328a0689e054db62',
  MakePrediction: 'b44682ecc88358817009f20e69d75081b1e58825bb40aa53d5dbadcc17c881d8',
  ChannelPointsPredictionContext: 'beb846598256b75bd7c1fe54a80431335996153e358ca9c7837ce7bb83d7d383',
  GetIDFromLogin: '94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca',
  VideoPlayerStreamInfoOverlayChannel: 'a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2',
  ChannelFollows: 'eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907',
  PersonalSections: '9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39',
  PlaybackAccessToken: '3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce',
  DirectoryPage_Game: 'd5c5df7ab9ae65c3ea0f225738c08a36a4a76e4c6c31db7f8c4b8dc064227f9e',
  ViewerDropsDashboard: '8d5d9b5e3f088f9d1ff39eb2caab11f7a4cf7a3353da9ce82b5778226ff37268',
  Inventory: '37fea486d6179047c41d0f549088a4c3a7dd60c05c70956a1490262f532dccd9',
  DropCampaignDetails: 'f6396f5ffdde867a8f6f6da18286e4baf02e5b98d14689a69b5af320a4c7b7b8',
  DropCurrentSessionContext: '2e4b3630b91552eb05b76a94b6850eb25fe42263b7cf6d06bee6d156dd247c1c',
  DropsPage_ClaimDropRewards: 'a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930',
};

/** The directory tag of drops-enabled streams. */
const DROPS_TAG = 'c2542d6d-cd10-4532-919b-3d19f30a768b';

export interface GqlContext {
  world: World;
  user: SimUser | null;
  playback: Playback;
  /** Whether the request passes Twitch's integrity check; the mutations below need it. */
  integrity: boolean;
}

/** The mutations, with the field their answer's data carries: on the web client id they need integrity. */
const MUTATION_FIELDS: Record<string, string> = {
  ClaimCommunityPoints: 'claimCommunityPoints',
  DropsPage_ClaimDropRewards: 'claimDropRewards',
  MakePrediction: 'makePrediction',
  JoinRaid: 'joinRaid',
  CommunityMomentCallout_Claim: 'claimCommunityMoment',
};

/** Twitch's answer to an operation that failed the integrity check: an error on the mutation's field, no data. */
export function integrityFailure(name: string): unknown {
  const field = MUTATION_FIELDS[name];
  return { errors: [{ message: 'failed integrity check', path: field ? [field] : [] }], data: null, extensions: { challenge: { type: 'integrity' } } };
}

/** A handler's data with GQL errors beside it, as Twitch answers a mutation it refuses. */
class WithErrors {
  constructor(
    readonly data: unknown,
    readonly errors: { message: string }[],
  ) {}
}

/** A handler answers the operation's data, or a WithErrors. */
type Handler = (vars: Record<string, unknown>, ctx: GqlContext) => unknown;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
/** A mutation's `input` variable (empty when missing). */
const inputOf = (vars: Record<string, unknown>) => (vars.input && typeof vars.input === 'object' ? vars.input : {}) as Record<string, unknown>;
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

/** A campaign's game as the drops operations name it; slug only where the details ask for it. */
const campaignGame = (c: SimCampaign, slug = false) => ({
  id: c.game.id,
  displayName: c.game.name,
  ...(slug ? { slug: c.game.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') } : {}),
  boxArtURL: `https://static-cdn.jtvnw.net/ttv-boxart/${encodeURIComponent(c.game.id)}-144x192.jpg`,
  __typename: 'Game',
});

/** The fields every drops operation gives a campaign: times, links, status and whether the account is linked. */
function campaignBase(drops: Drops, user: SimUser, c: SimCampaign) {
  return {
    id: c.id,
    name: c.name,
    status: drops.status(c),
    startAt: iso(c.startAt),
    endAt: iso(c.endAt),
    detailsURL: `https://www.twitch.tv/drops/campaigns?dropID=${c.id}`,
    accountLinkURL: c.accountLinkURL,
    self: { isAccountConnected: drops.isLinked(user, c), __typename: 'DropCampaignSelfEdge' },
    __typename: 'DropCampaign',
  };
}

/** The sim's publisher of a campaign: one per game, named after it. */
const ownerNode = (c: SimCampaign) => ({ id: `org-${c.game.id}`, name: c.game.name, __typename: 'Organization' });

/** The channels allowed to progress a campaign: null and disabled when any channel of the game counts. */
const allowNode = (world: World, c: SimCampaign) => ({
  channels:
    c.allowedChannels?.map((login) => {
      const ch = world.channel(login);
      return { id: ch.id, name: ch.login, displayName: ch.displayName, __typename: 'Channel' };
    }) ?? null,
  isEnabled: c.allowedChannels !== null,
  __typename: 'DropCampaignACL',
});

/** A time-based drop; with the user's self edge when a user is given (Inventory), without it (details) otherwise. */
function dropNode(drops: Drops, c: SimCampaign, d: SimDrop, user: SimUser | null) {
  const node = {
    id: d.id,
    name: d.name,
    startAt: iso(d.startAt),
    endAt: iso(d.endAt),
    requiredMinutesWatched: d.requiredMinutes,
    preconditionDrops: d.preconditionDropIds.length ? d.preconditionDropIds.map((id) => ({ id, __typename: 'TimeBasedDrop' })) : null,
    benefitEdges: [
      {
        benefit: { id: d.benefit.id, name: d.benefit.name, imageAssetURL: d.benefit.imageUrl, distributionType: d.benefit.distributionType, __typename: 'DropBenefit' },
        entitlementLimit: 1,
        __typename: 'DropBenefitEdge',
      },
    ],
    __typename: 'TimeBasedDrop',
  };
  if (!user) return node;
  const p = drops.progressOf(user, c, d);
  // Only a watched-out DIRECT_ENTITLEMENT drop has an instance to claim; minutes never pass the requirement.
  const claimable = d.benefit.distributionType === 'DIRECT_ENTITLEMENT' && p.minutes >= d.requiredMinutes;
  return {
    ...node,
    self: {
      hasPreconditionsMet: drops.preconditionsMet(user, c, d),
      currentMinutesWatched: p.minutes,
      isClaimed: p.claimed,
      dropInstanceID: claimable ? drops.instanceId(user, c, d) : null,
      __typename: 'TimeBasedDropSelfEdge',
    },
  };
}

const DAY_MS = 24 * 3_600_000;

/** A prediction event as GQL gives it, with the calling user's own bet on it (self is null without a user). */
function predictionNode(e: SimPrediction, user: SimUser | null) {
  const bet = user ? e.bets.get(user.id) : undefined;
  return {
    id: e.id,
    title: e.title,
    status: e.status,
    createdAt: iso(e.createdAt),
    lockedAt: isoOrNull(e.lockedAt),
    endedAt: isoOrNull(e.endedAt),
    predictionWindowSeconds: e.windowSeconds,
    winningOutcome: e.winningOutcomeId ? { id: e.winningOutcomeId, __typename: 'PredictionEventOutcome' } : null,
    outcomes: e.outcomes.map((o) => ({
      id: o.id,
      title: o.title,
      color: o.color,
      totalPoints: o.totalPoints,
      totalUsers: o.totalUsers,
      topPredictors: [],
      badge: { setID: 'predictions', version: o.badgeVersion, __typename: 'Badge' },
      __typename: 'PredictionEventOutcome',
    })),
    self: user
      ? {
          prediction: bet
            ? {
                id: bet.id,
                points: bet.points,
                outcome: { id: bet.outcomeId, __typename: 'PredictionEventOutcome' },
                result: bet.result ? { type: bet.result.type, pointsWon: bet.result.pointsWon, __typename: 'PredictionResult' } : null,
                __typename: 'Prediction',
              }
            : null,
          __typename: 'PredictionEventSelfEdge',
        }
      : null,
    __typename: 'PredictionEvent',
  };
}

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
  ClaimCommunityPoints(vars, { world, user }) {
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
  JoinRaid(vars, { world, user }) {
    const raidID = str(inputOf(vars).raidID);
    if (!user || !world.joinRaid(user, raidID)) return new WithErrors({ joinRaid: null }, [{ message: 'raid not found' }]);
    return { joinRaid: { raidID, __typename: 'JoinRaidPayload' } };
  },
  CommunityMomentCallout_Claim(vars, { world, user }) {
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
  MakePrediction(vars, { world, user }) {
    const input = inputOf(vars);
    const bet = user ? world.predictions.bet(user, str(input.eventID), str(input.outcomeID), Number(input.points), str(input.transactionID)) : 'NOT_FOUND';
    return {
      makePrediction: {
        prediction: typeof bet === 'string' ? null : { id: bet.id, __typename: 'Prediction' },
        error: typeof bet === 'string' ? { code: bet, __typename: 'MakePredictionError' } : null,
        __typename: 'MakePredictionPayload',
      },
    };
  },
  ChannelPointsPredictionContext(vars, { world, user }) {
    const channel = world.channels.get(str(vars.channelLogin).toLowerCase());
    if (!channel) return { community: null };
    const events = world.predictions.events.filter((e) => e.channel === channel);
    const withStatus = (...statuses: PredictionStatus[]) => events.filter((e) => statuses.includes(e.status));
    // The ended ones, last ended first, as many as `count` asks.
    const ended = withStatus('RESOLVED', 'CANCELED').sort((a, b) => b.endedAt! - a.endedAt!).slice(0, limitOf(vars.count));
    return {
      community: {
        id: channel.id,
        channel: {
          id: channel.id,
          activePredictionEvents: withStatus('ACTIVE').map((e) => predictionNode(e, user)),
          lockedPredictionEvents: withStatus('LOCKED').map((e) => predictionNode(e, user)),
          resolvedPredictionEvents: {
            edges: ended.map((e) => ({ node: predictionNode(e, user), __typename: 'PredictionEventEdge' })),
            __typename: 'PredictionEventConnection',
          },
          __typename: 'Channel',
        },
        __typename: 'User',
      },
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
  ViewerDropsDashboard(_vars, { world, user }) {
    if (!user) return { currentUser: null };
    const now = world.clock.now();
    const shown = world.drops.campaigns.filter((c) => now - c.endAt <= DAY_MS);
    return {
      currentUser: {
        id: user.id,
        login: user.login,
        dropCampaigns: shown.map((c) => ({ ...campaignBase(world.drops, user, c), owner: ownerNode(c), game: campaignGame(c) })),
        __typename: 'User',
      },
    };
  },
  Inventory(_vars, { world, user }) {
    if (!user) return { currentUser: null };
    const { drops } = world;
    const inProgress = drops.campaigns.filter((c) => drops.status(c) === 'ACTIVE' && c.drops.some((d) => drops.progressOf(user, c, d).minutes > 0));
    // One reward per claimed benefit: a benefit several drops give counts each claim.
    const rewards = new Map<string, { drop: SimDrop; campaign: SimCampaign; count: number; lastAt: number }>();
    for (const c of drops.campaigns) {
      for (const d of c.drops) {
        const p = drops.progressOf(user, c, d);
        if (p.claimedAt === undefined) continue;
        const seen = rewards.get(d.benefit.id);
        rewards.set(d.benefit.id, { drop: d, campaign: c, count: (seen?.count ?? 0) + 1, lastAt: Math.max(seen?.lastAt ?? 0, p.claimedAt) });
      }
    }
    return {
      currentUser: {
        id: user.id,
        inventory: {
          dropCampaignsInProgress: inProgress.map((c) => ({
            ...campaignBase(drops, user, c),
            game: campaignGame(c),
            allow: allowNode(world, c),
            timeBasedDrops: c.drops.map((d) => dropNode(drops, c, d, user)),
          })),
          gameEventDrops: [...rewards.values()].map(({ drop, campaign, count, lastAt }) => ({
            id: drop.benefit.id,
            name: drop.benefit.name,
            imageURL: drop.benefit.imageUrl,
            lastAwardedAt: iso(lastAt),
            totalCount: count,
            isConnected: true,
            requiredAccountLink: false,
            game: { id: campaign.game.id, name: campaign.game.name, __typename: 'Game' },
            __typename: 'UserDropReward',
          })),
          completedRewardCampaigns: [],
          __typename: 'Inventory',
        },
        __typename: 'User',
      },
    };
  },
  DropCampaignDetails(vars, { world, user }) {
    // channelLogin names the viewer: by login as the web client sends it, or by id as the drops miner does.
    const self = str(vars.channelLogin).toLowerCase();
    if (!user || (self !== user.login && self !== user.id)) return { user: null };
    const c = world.drops.campaign(str(vars.dropID));
    return {
      user: {
        id: user.id,
        dropCampaign: c
          ? {
              ...campaignBase(world.drops, user, c),
              description: `Watch ${c.game.name} with drops enabled to earn ${c.drops.map((d) => d.benefit.name).join(', ')}.`,
              game: campaignGame(c, true),
              owner: ownerNode(c),
              allow: allowNode(world, c),
              timeBasedDrops: c.drops.map((d) => dropNode(world.drops, c, d, null)),
            }
          : null,
        __typename: 'User',
      },
    };
  },
  DropCurrentSessionContext(_vars, { world, user }) {
    if (!user) return { currentUser: null };
    const s = world.drops.session(user);
    return {
      currentUser: {
        id: user.id,
        dropCurrentSession: s
          ? {
              channel: { id: s.channel.id, name: s.channel.login, displayName: s.channel.displayName, __typename: 'Channel' },
              game: { id: s.campaign.game.id, displayName: s.campaign.game.name, __typename: 'Game' },
              currentMinutesWatched: world.drops.progressOf(user, s.campaign, s.drop).minutes,
              requiredMinutesWatched: s.drop.requiredMinutes,
              dropID: s.drop.id,
              __typename: 'DropCurrentSession',
            }
          : null,
        __typename: 'User',
      },
    };
  },
  DropsPage_ClaimDropRewards(vars, { world, user }) {
    const id = str(inputOf(vars).dropInstanceID);
    const status = user ? world.drops.claim(user, id) : 'DROP_INSTANCE_NOT_FOUND';
    // What is not this user's claimable drop is a GQL error beside null data, not a status.
    if (status === 'DROP_INSTANCE_NOT_FOUND') return new WithErrors({ claimDropRewards: null }, [{ message: status }]);
    return { claimDropRewards: { status, isUserAccountConnected: true, dropType: 'TIME_BASED', __typename: 'ClaimDropRewardsPayload' } };
  },
};

export interface GqlRequestItem {
  operationName?: unknown;
  variables?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

/** Answers one operation of a (possibly batched) GQL request, as Twitch shapes it; unknown hashes first, then integrity. */
export function answerOperation(item: GqlRequestItem, ctx: GqlContext): unknown {
  const name = str(item.operationName);
  const hash = str(item.extensions?.persistedQuery?.sha256Hash);
  const handler = handlers[name];
  if (!handler || SIM_HASHES[name] !== hash) {
    return { errors: [{ message: 'PersistedQueryNotFound' }], extensions: { operationName: name } };
  }
  // A mutation that fails the check changes nothing: its handler is not run.
  if (name in MUTATION_FIELDS && !ctx.integrity) return integrityFailure(name);
  const vars = (item.variables && typeof item.variables === 'object' ? item.variables : {}) as Record<string, unknown>;
  const answer = handler(vars, ctx);
  const extensions = { durationMilliseconds: 12, operationName: name, requestID: 'sim' };
  return answer instanceof WithErrors ? { errors: answer.errors, data: answer.data, extensions } : { data: answer, extensions };
}
