import { iso } from './clock';
import { CLAIM_GRACE_MS, type Drops, type SimCampaign, type SimDrop } from './drops';
import { TV_CLIENT_ID } from './auth';
import { inputOf, str, WithErrors, type Operation } from './gql-shared';
import { rewardCampaignNode } from './rewards';
import { slugOf, type SimUser, type World } from './world';

/** A campaign's game: DropCampaignDetails and Inventory give its slug (samples/DropCampaignDetails.1.json), the dashboard does not. */
const campaignGame = (c: SimCampaign, slug: boolean) => ({
  id: c.game.id,
  ...(slug ? { slug: slugOf(c.game) } : {}),
  displayName: c.game.name,
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
    imageURL: `https://static-cdn.jtvnw.net/twitch-quests-assets/CAMPAIGN/${c.id}.png`,
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
function dropNode(world: World, c: SimCampaign, d: SimDrop, user: SimUser | null) {
  const { drops } = world;
  const benefit = { id: d.benefit.id, name: d.benefit.name, imageAssetURL: d.benefit.imageUrl, distributionType: d.benefit.distributionType };
  const node = {
    id: d.id,
    name: d.name,
    startAt: iso(d.startAt),
    endAt: iso(d.endAt),
    requiredMinutesWatched: d.requiredMinutes,
    requiredSubs: d.requiredSubs,
    preconditionDrops: d.preconditionDropIds.length ? d.preconditionDropIds.map((id) => ({ id, __typename: 'TimeBasedDrop' })) : null,
    benefitEdges: [
      {
        benefit: { ...benefit, game: { id: c.game.id, name: c.game.name, __typename: 'Game' }, __typename: 'DropBenefit' },
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
    ...(world.wire.nullBenefitEdges ? { benefitEdges: null } : {}),
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

/** What the user claimed, newest first: one reward per claim (a benefit several drops give counts each). */
function claimed(world: World, user: SimUser) {
  const { drops } = world;
  const all = drops.campaigns.flatMap((c) => c.drops.map((d) => ({ campaign: c, drop: d, at: drops.progressOf(user, c, d).claimedAt })));
  return all.filter((r): r is typeof r & { at: number } => r.at !== undefined).sort((a, b) => b.at - a.at);
}

/** Inventory: the campaigns in progress with the user's drops, and the rewards claimed (samples/Inventory.2.json, 2026). */
function inventory(world: World, user: SimUser): unknown {
  const { drops } = world;
  const now = world.clock.now();
  // Progressed campaigns, until their drops can no longer be claimed.
  const inProgress = drops.campaigns.filter((c) => c.startAt <= now && now < c.endAt + CLAIM_GRACE_MS && c.drops.some((d) => drops.progressOf(user, c, d).minutes > 0));
  const rewards = claimed(world, user);
  const lastAwarded = new Map<string, number>();
  for (const r of rewards) if (!lastAwarded.has(r.drop.benefit.id)) lastAwarded.set(r.drop.benefit.id, r.at);
  const data = {
    currentUser: {
      id: user.id,
      inventory: {
        dropCampaignsInProgress: inProgress.map((c) => ({
          ...campaignBase(drops, user, c),
          game: campaignGame(c, true),
          allow: allowNode(world, c),
          eventBasedDrops: [],
          timeBasedDrops: c.drops.map((d) => dropNode(world, c, d, user)),
        })),
        gameEventDrops: [...lastAwarded].map(([id, at]) => ({ id, benefit: { id }, lastAwardedAt: iso(at), __typename: 'UserDropReward' })),
        earnedDropRewards: {
          edges: rewards.map((r) => ({
            node: { id: r.drop.benefit.id, item: { id: r.drop.benefit.id }, campaign: { id: r.campaign.id }, status: 'CLAIMED', earnedAt: iso(r.at) },
          })),
        },
        __typename: 'Inventory',
      },
      __typename: 'User',
    },
  };
  const first = data.currentUser.inventory.dropCampaignsInProgress[0];
  if (!world.wire.partialInventory || !first) return data;
  // Partial data: a field the server timed out on is null, its path in errors[] (TDM cd4eeee).
  first.allow.channels = null;
  return new WithErrors(data, [{ message: 'service timeout', path: ['currentUser', 'inventory', 'dropCampaignsInProgress', 0, 'allow', 'channels'] }]);
}

/** The drops operations: campaigns, inventory, details, the current session, a channel's drops, claims. */
export const DROPS_OPERATIONS: Record<string, Operation> = {
  ViewerDropsDashboard: {
    // Campaigns up to a day after their end. The TV client's token gets none (rangermix#112, TDM#1165).
    field: 'currentUser',
    handler(vars, { world, user, clientId }) {
      if (!user) return { currentUser: null };
      const now = world.clock.now();
      const shown = world.drops.campaigns.filter((c) => now - c.endAt <= DAY_MS);
      return {
        currentUser: {
          id: user.id,
          login: user.login,
          dropCampaigns:
            clientId === TV_CLIENT_ID ? null : shown.map((c) => ({ ...campaignBase(world.drops, user, c), owner: ownerNode(c), game: campaignGame(c, false) })),
          __typename: 'User',
        },
        // Beside currentUser, and only when asked for: the reward campaigns not over.
        ...(vars.fetchRewardCampaigns === true ? { rewardCampaignsAvailableToUser: world.rewardCampaigns.filter((c) => now < c.endAt).map(rewardCampaignNode) } : {}),
      };
    },
  },
  Inventory: {
    field: 'currentUser',
    handler: (_vars, { world, user }) => (user ? inventory(world, user) : { currentUser: null }),
  },
  DropCampaignDetails: {
    // channelLogin names the viewer: by user id (TDM, TCPM), or by login too unless wire.dropDetailsByIdOnly.
    field: 'user',
    handler(vars, { world, user }) {
      const self = str(vars.channelLogin).toLowerCase();
      if (!user || (self !== user.id && (world.wire.dropDetailsByIdOnly || self !== user.login))) return { user: null };
      const c = world.drops.campaign(str(vars.dropID));
      return {
        user: {
          id: user.id,
          dropCampaign: c
            ? {
                ...campaignBase(world.drops, user, c),
                description: `Watch ${c.game.name} with drops enabled to earn ${c.drops.map((d) => d.benefit.name).join(', ')}.`,
                game: { id: c.game.id, slug: slugOf(c.game), displayName: c.game.name, __typename: 'Game' },
                owner: ownerNode(c),
                allow: allowNode(world, c),
                eventBasedDrops: [],
                timeBasedDrops: c.drops.map((d) => dropNode(world, c, d, null)),
              }
            : null,
          __typename: 'User',
        },
      };
    },
  },
  DropCurrentSessionContext: {
    // Variables {channelID, channelLogin: ""}: the drop progressed on that channel in the last 5 minutes.
    field: 'currentUser',
    handler(vars, { world, user }) {
      if (!user) return { currentUser: null };
      const s = world.drops.session(user, str(vars.channelID));
      const none = world.wire.emptyDropSession
        ? { dropID: '', currentMinutesWatched: 0, requiredMinutesWatched: 0, channel: null, game: null, __typename: 'DropCurrentSession' }
        : null;
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
            : none,
          __typename: 'User',
        },
      };
    },
  },
  DropsHighlightService_AvailableDrops: {
    // The campaigns a live channel counts for, whoever watches (TDM reads viewerDropCampaigns, null as none).
    field: 'channel',
    handler(vars, { world }) {
      const channel = world.channelById(str(vars.channelID));
      if (!channel) return { channel: null };
      const campaigns = world.drops.counting(null, channel).map((c) => ({ id: c.id, name: c.name, game: campaignGame(c, false), __typename: 'DropCampaign' }));
      return { channel: { id: channel.id, viewerDropCampaigns: campaigns.length ? campaigns : null, __typename: 'Channel' } };
    },
  },
  DropsPage_ClaimDropRewards: {
    field: 'claimDropRewards',
    mutation: true,
    handler(vars, { world, user }) {
      const id = str(inputOf(vars).dropInstanceID);
      const status = user ? world.drops.claim(user, id) : 'DROP_INSTANCE_NOT_FOUND';
      // What is not this user's claimable drop is a GQL error beside null data, not a status.
      if (status === 'DROP_INSTANCE_NOT_FOUND') return new WithErrors({ claimDropRewards: null }, [{ message: status }]);
      return { claimDropRewards: { status, isUserAccountConnected: true, dropType: 'TIME_BASED', __typename: 'ClaimDropRewardsPayload' } };
    },
  },
};
