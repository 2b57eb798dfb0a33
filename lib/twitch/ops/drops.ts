import { z } from 'zod';
import { CLAIM_GRACE_MS } from '../../drops/plan';
import type { Benefit, Campaign, Drop, RewardCampaign } from '../../drops/types';
import { TwitchError } from '../errors';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';
import { rewardCampaignsOf } from './rewards';

const iso = z.string(); // ISO-8601 time, parsed below
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
  requiredSubs: z.number().int().nullable().optional(),
  preconditionDrops: z.array(z.object({ id: z.string() })).nullable().optional(),
  // null in some 2026 answers (TDM f990437): a drop whose benefits Twitch did not say.
  benefitEdges: z.array(benefitEdge).nullable(),
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
type TimeBasedDropWire = z.infer<typeof timeBasedDrop>;
const campaignGame = z
  .object({ id: z.string(), slug: z.string().nullable().optional(), displayName: z.string().optional(), name: z.string().optional(), boxArtURL: z.string().nullable().optional() })
  .nullable();
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

/**
 * The campaigns the viewer can see. A TV token's answer has `dropCampaigns: null` (rangermix#112, TDM#1165). With
 * fetchRewardCampaigns, the reward campaigns too: each parsed on its own (ops/rewards.ts), so a bad one fails nothing.
 */
export const ViewerDropsDashboard = persisted(
  'ViewerDropsDashboard',
  'd9cae7761dafab85908c85e6683cb4201b449e66ac3bb5e894f15ff12aeafaa7',
  z.object({ fetchRewardCampaigns: z.boolean() }),
  z.object({
    currentUser: z.object({ id: z.string(), dropCampaigns: z.array(z.object(campaignBase)).nullable() }).nullable(),
    // Unknown here: even a list in another shape must not fail the drop campaigns beside it.
    rewardCampaignsAvailableToUser: z.unknown().optional(),
  }),
);

/** The viewer's progress: campaigns in progress with minutes per drop and claim ids, and the benefits awarded. */
export const Inventory = persisted(
  'Inventory',
  '8337eb8541b314040b0edde0c09c5c7a2783ba1960aa9edfbf3bac16d0fec404',
  z.object({ fetchRewardCampaigns: z.boolean() }),
  z.object({
    currentUser: z
      .object({
        id: z.string(),
        inventory: z.object({
          dropCampaignsInProgress: z.array(z.object({ ...campaignBase, timeBasedDrops: z.array(timeBasedDrop) })).nullable(),
          gameEventDrops: z.array(z.object({ id: z.string(), lastAwardedAt: iso.nullable().optional() })).nullable(),
        }),
      })
      .nullable(),
  }),
);

/** One campaign in full: its drops, their minutes and benefits, and which channels count. Asked by the viewer's id. */
export const DropCampaignDetails = persisted(
  'DropCampaignDetails',
  '039277bf98f3130929262cc7c6efd9c141ca3749cb6dca442fc8ead9a53f77c1',
  z.object({ channelLogin: z.string().regex(/^\d+$/, "the viewer's user id"), dropID: z.string() }),
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

/** The drop progressing right now, and its minutes; "none" may be an object with an empty dropID. */
export const DropCurrentSessionContext = persisted(
  'DropCurrentSessionContext',
  '4d06b702d25d652afb9ef835d2a550031f1cf762b193523a92166f40ea3d142b',
  z.object({ channelID: z.string(), channelLogin: z.string() }),
  z.object({
    currentUser: z
      .object({
        dropCurrentSession: z
          .object({
            currentMinutesWatched: z.number().int().nullable().optional(),
            requiredMinutesWatched: z.number().int().nullable().optional(),
            dropID: z.string().nullable().optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** Claims a finished drop by its instance id. */
export const DropsPage_ClaimDropRewards = persisted(
  'DropsPage_ClaimDropRewards',
  'a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930',
  z.object({ input: z.object({ dropInstanceID: z.string().min(1) }) }),
  z.object({ claimDropRewards: z.object({ status: z.string() }).nullable() }),
  { mutation: true },
);

const time = (iso: string, what: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TwitchError('malformed', `${what}: "${iso}" is not a time`, { operation: 'drops' });
  return t;
};

const TWITCH_APPLIED = new Set(['BADGE', 'EMOTE']);

function dropOf(d: TimeBasedDropWire): Drop {
  const edges = d.benefitEdges ?? [];
  const benefits: Benefit[] = edges.map((e) => ({ id: e.benefit.id, name: e.benefit.name, imageUrl: e.benefit.imageAssetURL ?? undefined }));
  const twitchApplied = edges.length > 0 && edges.every((e) => TWITCH_APPLIED.has(e.benefit.distributionType ?? ''));
  const claimed = d.self?.isClaimed ?? false;
  return {
    id: d.id,
    name: d.name,
    startAt: time(d.startAt, d.name),
    endAt: time(d.endAt, d.name),
    requiredMinutes: d.requiredMinutesWatched,
    // Twitch reports 0 minutes for a claimed drop.
    currentMinutes: claimed ? d.requiredMinutesWatched : (d.self?.currentMinutesWatched ?? 0),
    claimed,
    instanceId: d.self?.dropInstanceID ?? null,
    benefits,
    preconditions: (d.preconditionDrops ?? []).map((p) => p.id),
    twitchApplied,
    subOnly: (d.requiredSubs ?? 0) > 0,
  };
}

type Listed = z.infer<z.ZodObject<typeof campaignBase>>;
type Details = NonNullable<NonNullable<z.infer<typeof DropCampaignDetails.response>['user']>['dropCampaign']>;

/** Linked, or nothing to link: a campaign without a link URL never waits for one (LURK, 2026-07). */
const linkedOf = (c: Listed) => !c.accountLinkURL || (c.self?.isAccountConnected ?? false);

function campaignOf(c: Details): Campaign {
  const allow = c.allow && c.allow.isEnabled !== false && c.allow.channels && c.allow.channels.length > 0 ? c.allow.channels.map((ch) => ch.name.toLowerCase()) : null;
  return {
    id: c.id,
    name: c.name,
    game: { id: c.game?.id ?? '', name: c.game?.displayName ?? c.game?.name ?? 'unknown game', slug: c.game?.slug ?? undefined, boxArtUrl: c.game?.boxArtURL ?? undefined },
    startAt: time(c.startAt, c.name),
    endAt: time(c.endAt, c.name),
    linked: linkedOf(c),
    linkUrl: c.accountLinkURL ?? undefined,
    allowedChannels: allow,
    drops: c.timeBasedDrops.map(dropOf),
  };
}

/** The drops dashboard as Minert reads it: the drop campaigns, the reward campaigns, and how many of those did not parse. */
export interface DropsDashboard {
  campaigns: Campaign[];
  rewards: RewardCampaign[];
  skippedRewards: number;
}

/**
 * The campaigns that matter now (active, upcoming, or ended less than a day ago: their drops can still be claimed),
 * in full, with the viewer's progress; and the reward campaigns listed beside them. `known` holds campaigns read
 * before: their details are not asked again.
 */
export async function fetchCampaigns(gql: GqlClient, viewerId: string, known: ReadonlyMap<string, Campaign>, now: number): Promise<DropsDashboard> {
  const dash = await gql.request(ViewerDropsDashboard, { fetchRewardCampaigns: true });
  if (!dash.currentUser) throw new TwitchError('logged-out', 'the drops dashboard answered no user', { operation: 'ViewerDropsDashboard' });
  if (!dash.currentUser.dropCampaigns) throw new TwitchError('gql', 'Twitch listed no campaigns for this session', { operation: 'ViewerDropsDashboard' });
  const { rewards, skipped: skippedRewards } = rewardCampaignsOf(dash.rewardCampaignsAvailableToUser);
  const listed = dash.currentUser.dropCampaigns.filter((c) => time(c.endAt, c.name) + CLAIM_GRACE_MS > now);
  if (listed.length === 0) return { campaigns: [], rewards, skippedRewards };
  const missing = listed.filter((c) => !known.has(c.id));
  const fresh = new Map<string, Campaign>();
  for (let i = 0; i < missing.length; i += 20) {
    const [results] = await gql.batch(missing.slice(i, i + 20).map((c) => ({ op: DropCampaignDetails, variables: { channelLogin: viewerId, dropID: c.id } })));
    for (const r of results) {
      const d = r.ok ? r.data.user?.dropCampaign : null;
      if (d) fresh.set(d.id, campaignOf(d));
    }
  }
  const campaigns = listed.flatMap((l) => {
    const c = fresh.get(l.id) ?? known.get(l.id);
    // The dashboard's linked flag is the newest.
    return c ? [{ ...c, linked: linkedOf(l) }] : [];
  });
  return { campaigns: applyInventory(campaigns, await fetchInventory(gql), now), rewards, skippedRewards };
}

export interface InventorySnapshot {
  /** Per drop id: Twitch's minutes, claimed state and claim id. */
  drops: Map<string, { currentMinutes: number; claimed: boolean; instanceId: string | null }>;
  linked: Map<string, boolean>;
  /** Benefit ids already awarded, with when. */
  awarded: Map<string, number>;
}

export async function fetchInventory(gql: GqlClient): Promise<InventorySnapshot> {
  const inv = await gql.request(Inventory, { fetchRewardCampaigns: false });
  if (!inv.currentUser) throw new TwitchError('logged-out', 'the inventory answered no user', { operation: 'Inventory' });
  const drops: InventorySnapshot['drops'] = new Map();
  const linked = new Map<string, boolean>();
  for (const c of inv.currentUser.inventory.dropCampaignsInProgress ?? []) {
    linked.set(c.id, linkedOf(c));
    for (const d of c.timeBasedDrops) {
      const drop = dropOf(d);
      drops.set(drop.id, { currentMinutes: drop.currentMinutes, claimed: drop.claimed, instanceId: drop.instanceId });
    }
  }
  const awarded = new Map<string, number>();
  for (const g of inv.currentUser.inventory.gameEventDrops ?? []) awarded.set(g.id, g.lastAwardedAt ? time(g.lastAwardedAt, g.id) : 0);
  return { drops, linked, awarded };
}

/** Campaigns with the inventory's progress applied (a drop absent from it has no progress, or was claimed earlier). */
export function applyInventory(campaigns: Campaign[], inv: InventorySnapshot, now: number): Campaign[] {
  return campaigns.map((c) => ({
    ...c,
    linked: inv.linked.get(c.id) ?? c.linked,
    progressAt: now,
    drops: c.drops.map((d) => {
      const p = inv.drops.get(d.id);
      if (p) return { ...d, currentMinutes: p.currentMinutes, claimed: p.claimed, instanceId: p.instanceId };
      // Not in progress: claimed before if all its benefits were awarded during its window.
      const awards = d.benefits.map((b) => inv.awarded.get(b.id));
      const claimedBefore = !d.twitchApplied && awards.length > 0 && awards.every((t) => t !== undefined && t >= d.startAt && t < d.endAt);
      return claimedBefore ? { ...d, claimed: true, currentMinutes: d.requiredMinutes } : d;
    }),
  }));
}

/** The drop progressing now, per Twitch; null when none is (Twitch may say so with an empty dropID). */
export async function fetchDropSession(gql: GqlClient, channelId: string): Promise<{ dropId: string; currentMinutes: number; requiredMinutes: number } | null> {
  const data = await gql.request(DropCurrentSessionContext, { channelID: channelId, channelLogin: '' });
  const s = data.currentUser?.dropCurrentSession;
  if (!s?.dropID) return null;
  return { dropId: s.dropID, currentMinutes: s.currentMinutesWatched ?? 0, requiredMinutes: s.requiredMinutesWatched ?? 0 };
}

/** Claims a drop. Resolves when Twitch confirms (or says it was claimed already); throws otherwise. */
export async function claimDrop(gql: GqlClient, instanceId: string): Promise<'claimed' | 'already-claimed'> {
  const data = await gql.request(DropsPage_ClaimDropRewards, { input: { dropInstanceID: instanceId } });
  const status = data.claimDropRewards?.status;
  if (status === 'ELIGIBLE_FOR_ALL') return 'claimed';
  if (status === 'DROP_INSTANCE_ALREADY_CLAIMED') return 'already-claimed';
  throw new TwitchError('gql', `Twitch did not claim the drop (status ${status ?? 'none'})`, { operation: 'DropsPage_ClaimDropRewards' });
}
