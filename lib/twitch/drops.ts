import type { Benefit, Campaign, Drop } from '../drops/types';
import { TwitchError } from './errors';
import type { GqlClient } from './gql';
import {
  DropCampaignDetails,
  DropCurrentSessionContext,
  DropsPage_ClaimDropRewards,
  Inventory,
  ViewerDropsDashboard,
  type ResponseOf,
  type TimeBasedDropWire,
} from './operations';

const time = (iso: string, what: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new TwitchError('malformed', `${what}: "${iso}" is not a time`, { operation: 'drops' });
  return t;
};

const TWITCH_APPLIED = new Set(['BADGE', 'EMOTE']);

function dropOf(d: TimeBasedDropWire): Drop {
  const benefits: Benefit[] = d.benefitEdges.map((e) => ({ id: e.benefit.id, name: e.benefit.name, imageUrl: e.benefit.imageAssetURL ?? undefined }));
  const twitchApplied = d.benefitEdges.length > 0 && d.benefitEdges.every((e) => TWITCH_APPLIED.has(e.benefit.distributionType ?? ''));
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
  };
}

type Details = NonNullable<NonNullable<ResponseOf<typeof DropCampaignDetails>['user']>['dropCampaign']>;

function campaignOf(c: Details): Campaign {
  const allow = c.allow && c.allow.isEnabled !== false && c.allow.channels && c.allow.channels.length > 0 ? c.allow.channels.map((ch) => ch.name.toLowerCase()) : null;
  return {
    id: c.id,
    name: c.name,
    game: { id: c.game?.id ?? '', name: c.game?.displayName ?? c.game?.name ?? 'unknown game', boxArtUrl: c.game?.boxArtURL ?? undefined },
    startAt: time(c.startAt, c.name),
    endAt: time(c.endAt, c.name),
    linked: c.self?.isAccountConnected ?? false,
    linkUrl: c.accountLinkURL ?? undefined,
    allowedChannels: allow,
    drops: c.timeBasedDrops.map(dropOf),
  };
}

/**
 * The campaigns that matter now (active or upcoming), in full, with the viewer's progress. `known` holds campaigns
 * read before: their details are not asked again, only their progress (from the inventory).
 */
export async function fetchCampaigns(gql: GqlClient, viewerLogin: string, known: ReadonlyMap<string, Campaign>, now: number): Promise<Campaign[]> {
  const dash = await gql.request(ViewerDropsDashboard, { fetchRewardCampaigns: true });
  if (!dash.currentUser) throw new TwitchError('logged-out', 'the drops dashboard answered no user', { operation: 'ViewerDropsDashboard' });
  const listed = (dash.currentUser.dropCampaigns ?? []).filter((c) => time(c.endAt, c.name) > now && (c.status === undefined || c.status !== 'EXPIRED'));
  const missing = listed.filter((c) => !known.has(c.id));
  const fresh = new Map<string, Campaign>();
  for (let i = 0; i < missing.length; i += 20) {
    const chunk = missing.slice(i, i + 20);
    const results = await gql.batch(chunk.map((c) => ({ op: DropCampaignDetails, variables: { channelLogin: viewerLogin, dropID: c.id } })));
    results.forEach((r) => {
      const d = r.ok ? (r.data as ResponseOf<typeof DropCampaignDetails>).user?.dropCampaign : null;
      if (d) fresh.set(d.id, campaignOf(d));
    });
  }
  const campaigns = listed.map((c) => fresh.get(c.id) ?? known.get(c.id)).filter((c): c is Campaign => !!c);
  // The dashboard's linked flag is the newest.
  for (const c of campaigns) {
    const l = listed.find((x) => x.id === c.id);
    if (l?.self) c.linked = l.self.isAccountConnected;
  }
  return applyInventory(campaigns, await fetchInventory(gql), now);
}

export interface InventorySnapshot {
  /** Per drop id: Twitch's minutes, claimed state and claim id. */
  drops: Map<string, { currentMinutes: number; claimed: boolean; instanceId: string | null }>;
  linked: Map<string, boolean>;
  /** Benefit ids already awarded, with when. */
  awarded: Map<string, number>;
}

export async function fetchInventory(gql: GqlClient): Promise<InventorySnapshot> {
  const inv = await gql.request(Inventory, { fetchRewardCampaigns: true });
  if (!inv.currentUser) throw new TwitchError('logged-out', 'the inventory answered no user', { operation: 'Inventory' });
  const drops: InventorySnapshot['drops'] = new Map();
  const linked = new Map<string, boolean>();
  for (const c of inv.currentUser.inventory.dropCampaignsInProgress ?? []) {
    if (c.self) linked.set(c.id, c.self.isAccountConnected);
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

/** The drop progressing now, per Twitch. */
export async function fetchDropSession(gql: GqlClient, channel: { id: string; login: string }): Promise<{ dropId: string; currentMinutes: number; requiredMinutes: number } | null> {
  const data = await gql.request(DropCurrentSessionContext, { channelID: channel.id, channelLogin: channel.login });
  const s = data.currentUser?.dropCurrentSession;
  return s ? { dropId: s.dropID, currentMinutes: s.currentMinutesWatched, requiredMinutes: s.requiredMinutesWatched } : null;
}

/** Claims a drop. Resolves when Twitch confirms (or says it was claimed already); throws otherwise. */
export async function claimDrop(gql: GqlClient, instanceId: string): Promise<'claimed' | 'already-claimed'> {
  const data = await gql.request(DropsPage_ClaimDropRewards, { input: { dropInstanceID: instanceId } });
  const status = data.claimDropRewards?.status;
  if (status === 'ELIGIBLE_FOR_ALL') return 'claimed';
  if (status === 'DROP_INSTANCE_ALREADY_CLAIMED') return 'already-claimed';
  throw new TwitchError('gql', `Twitch did not claim the drop (status ${status ?? 'none'})`, { operation: 'DropsPage_ClaimDropRewards' });
}
