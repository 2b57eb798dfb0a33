import type { Campaign, Drop } from './types';

/** What the viewer wants mined. */
export interface DropPrefs {
  enabled: boolean;
  /** Games to mine, best first; empty: every game. */
  games: string[];
  /** Games never to mine. */
  exclude: string[];
  /** Mine badge and emote drops too (Twitch applies them; they are never claimed). */
  mineTwitchApplied: boolean;
}

export type DropState = 'claimed' | 'applied' | 'claimable' | 'in-progress' | 'locked' | 'sub-only' | 'upcoming' | 'expired';

/** A finished drop can still be claimed this long after its campaign ends (TDM claims until then). */
export const CLAIM_GRACE_MS = 24 * 60 * 60_000;

export function dropState(drop: Drop, campaign: Campaign, now: number): DropState {
  if (drop.claimed) return 'claimed';
  const done = drop.currentMinutes >= drop.requiredMinutes;
  if (done && drop.twitchApplied) return 'applied';
  if (done && now >= campaign.endAt + CLAIM_GRACE_MS) return 'expired';
  if (done) return drop.instanceId ? 'claimable' : 'in-progress';
  if (now >= drop.endAt || now >= campaign.endAt) return 'expired';
  if (drop.subOnly) return 'sub-only';
  if (now < drop.startAt || now < campaign.startAt) return 'upcoming';
  if (!preconditionsMet(drop, campaign)) return 'locked';
  return 'in-progress';
}

function preconditionsMet(drop: Drop, campaign: Campaign): boolean {
  return drop.preconditions.every((id) => {
    const pre = campaign.drops.find((d) => d.id === id);
    return !pre || pre.claimed || (pre.twitchApplied && pre.currentMinutes >= pre.requiredMinutes);
  });
}

/** Why a campaign is not mined. */
export const INELIGIBLE = ['excluded', 'not-listed', 'not-started', 'ended', 'not-linked', 'too-late', 'done'] as const;
export type Ineligible = (typeof INELIGIBLE)[number];

export type Eligibility = { ok: true; next: Drop } | { ok: false; reason: Ineligible };

const norm = (s: string) => s.trim().toLowerCase();

/**
 * Whether a campaign is worth watching for now, and which drop it would progress: active, account linked, a game the
 * viewer wants, a drop left that can still be finished in the time left.
 */
export function eligibility(campaign: Campaign, prefs: DropPrefs, now: number): Eligibility {
  const game = norm(campaign.game.name);
  if (prefs.exclude.some((g) => norm(g) === game)) return { ok: false, reason: 'excluded' };
  if (prefs.games.length > 0 && !prefs.games.some((g) => norm(g) === game)) return { ok: false, reason: 'not-listed' };
  if (now < campaign.startAt) return { ok: false, reason: 'not-started' };
  if (now >= campaign.endAt) return { ok: false, reason: 'ended' };
  if (!campaign.linked) return { ok: false, reason: 'not-linked' };
  const open = campaign.drops
    .filter((d) => dropState(d, campaign, now) === 'in-progress' && (prefs.mineTwitchApplied || !d.twitchApplied))
    .filter((d) => d.requiredMinutes - d.currentMinutes <= (Math.min(d.endAt, campaign.endAt) - now) / 60_000)
    .sort((a, b) => a.requiredMinutes - a.currentMinutes - (b.requiredMinutes - b.currentMinutes) || a.endAt - b.endAt);
  if (open.length === 0) {
    const left = campaign.drops.some((d) => ['in-progress', 'locked'].includes(dropState(d, campaign, now)));
    return { ok: false, reason: left ? 'too-late' : 'done' };
  }
  return { ok: true, next: open[0]! };
}

/** Campaigns to mine, in order: the viewer's game order, then the one that ends first. */
export function campaignsToMine(campaigns: Campaign[], prefs: DropPrefs, now: number): Campaign[] {
  if (!prefs.enabled) return [];
  const rank = (c: Campaign) => {
    const i = prefs.games.findIndex((g) => norm(g) === norm(c.game.name));
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return campaigns.filter((c) => eligibility(c, prefs, now).ok).sort((a, b) => rank(a) - rank(b) || a.endAt - b.endAt);
}

/** Drops finished and not yet claimed: claim them now (also ones finished long ago, while they can be). */
export function claimsDue(campaigns: Campaign[], now: number): { campaign: Campaign; drop: Drop }[] {
  return campaigns.flatMap((campaign) => campaign.drops.filter((d) => dropState(d, campaign, now) === 'claimable').map((drop) => ({ campaign, drop })));
}

/** Whether watching this channel counts for the campaign. */
export function channelCounts(campaign: Campaign, channel: { login: string; live: boolean; gameId?: string | null }): boolean {
  if (!channel.live || channel.gameId !== campaign.game.id) return false;
  return campaign.allowedChannels === null || campaign.allowedChannels.includes(channel.login);
}

/** Campaigns with one drop's minutes as Twitch just reported them (an unclaimed drop only), read at `now`. */
export function withDropMinutes(campaigns: Campaign[], dropId: string, minutes: number, now: number): Campaign[] {
  return campaigns.map((c) =>
    c.drops.some((d) => d.id === dropId && !d.claimed) ? { ...c, progressAt: now, drops: c.drops.map((d) => (d.id === dropId ? { ...d, currentMinutes: minutes } : d)) } : c,
  );
}

/** Minutes without progress, while the drops channel was watched, after which that channel is given up. */
export const STALL_MINUTES = 6;

/**
 * Progress stalls when the drops channel gets its heartbeats but Twitch's minutes for the drop do not move.
 * `watchedSince` is when Minert started watching this channel for this drop; `lastChangeAt` when the minutes last rose.
 */
export function stalled(watchedSince: number, lastChangeAt: number, now: number): boolean {
  return now - Math.max(watchedSince, lastChangeAt) >= STALL_MINUTES * 60_000;
}
