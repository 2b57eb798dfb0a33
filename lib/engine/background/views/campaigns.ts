import { campaignsToMine, dropState, eligibility, type DropPrefs } from '../../../drops/plan';
import type { Campaign, DropClaim, RewardCampaign } from '../../../drops/types';
import type { CampaignsView } from '../../../messages/options';

/**
 * What the campaign browser shows, as stored: the campaigns last read (kv 'campaigns') and the reward campaigns read
 * with them (kv 'reward-campaigns'), the drop settings, the claims.
 */
export interface CampaignsRecords {
  campaigns: Campaign[];
  rewards: RewardCampaign[];
  /** When they were read from Twitch. */
  readAt?: number;
  drops: DropPrefs;
  claims: DropClaim[];
}

/**
 * Every campaign active or to come (the ones mined first, in Minert's order, then by start and end), whether Minert
 * mines it and, when not, why (the codes of lib/drops/plan.ts); the reward campaigns not over, ending soonest first
 * (never mined: listed with what unlocks them and their link); then the claimed history, newest first.
 */
export function campaignsView(r: CampaignsRecords, now: number): CampaignsView {
  const mine = campaignsToMine(r.campaigns, r.drops, now);
  const rank = (c: Campaign) => {
    const i = mine.indexOf(c);
    return i < 0 ? mine.length : i;
  };
  const campaigns = r.campaigns
    .filter((c) => c.endAt > now)
    .sort((a, b) => rank(a) - rank(b) || Math.max(a.startAt, now) - Math.max(b.startAt, now) || a.endAt - b.endAt || a.name.localeCompare(b.name))
    .map((c) => {
      const e = eligibility(c, r.drops, now);
      const mined = mine.includes(c);
      return {
        id: c.id,
        name: c.name,
        game: { name: c.game.name, boxArtUrl: c.game.boxArtUrl },
        startAt: c.startAt,
        endAt: c.endAt,
        state: now < c.startAt ? ('upcoming' as const) : ('active' as const),
        linked: c.linked,
        linkUrl: c.linkUrl,
        mined,
        mining: c === mine[0],
        reason: e.ok ? undefined : e.reason,
        progressAt: c.progressAt,
        drops: c.drops.map((d) => ({
          id: d.id,
          name: d.name,
          current: d.currentMinutes,
          required: d.requiredMinutes,
          state: dropState(d, c, now),
          imageUrl: d.benefits.find((b) => b.imageUrl)?.imageUrl,
        })),
      };
    });
  const history = [...r.claims]
    .sort((a, b) => b.claimedAt - a.claimedAt)
    .map((c) => ({ dropName: c.dropName, campaignName: c.campaignName, game: c.game, claimedAt: c.claimedAt, kind: c.kind, imageUrl: c.benefits.find((b) => b.imageUrl)?.imageUrl }));
  const rewards = r.rewards
    .filter((c) => (c.endAt ?? Infinity) > now)
    .sort((a, b) => (a.endAt ?? Infinity) - (b.endAt ?? Infinity) || a.name.localeCompare(b.name))
    .map(({ rewards, ...c }) => ({
      ...c,
      state: c.startAt !== undefined && now < c.startAt ? ('upcoming' as const) : ('active' as const),
      rewards: rewards.map((b) => b.name),
    }));
  return { at: now, readAt: r.readAt, dropsEnabled: r.drops.enabled, campaigns, rewards, history };
}
