import { randomUUID } from 'node:crypto';
import { iso } from './clock';
import type { SimGame } from './types';

/**
 * A reward campaign as a test describes it: Twitch's rewards for subscribing, Prime or a quest, listed in the drops
 * dashboard (`rewardCampaignsAvailableToUser`) when it is asked with fetchRewardCampaigns: true. Watching never
 * progresses one in the sim. Times are sim-clock ms.
 */
export interface RewardCampaignSpec {
  id?: string;
  name: string;
  brand: string;
  startAt: number;
  endAt: number;
  /** Null or absent: sitewide (as the captured Apple TV+ campaign, ttvdrops' test_schemas.py). */
  game?: SimGame | null;
  subsGoal?: number;
  minutesGoal?: number;
  externalURL?: string;
  aboutURL?: string;
  rewards: { id?: string; name: string }[];
}

export type SimRewardCampaign = Required<Omit<RewardCampaignSpec, 'game' | 'rewards'>> & { game: SimGame | null; rewards: { id: string; name: string }[] };

export function rewardCampaign(spec: RewardCampaignSpec): SimRewardCampaign {
  if (spec.endAt <= spec.startAt) throw new Error(`empty window for reward campaign ${spec.name}`);
  return {
    id: spec.id ?? randomUUID(),
    name: spec.name,
    brand: spec.brand,
    startAt: spec.startAt,
    endAt: spec.endAt,
    game: spec.game ?? null,
    subsGoal: spec.subsGoal ?? 0,
    minutesGoal: spec.minutesGoal ?? 0,
    externalURL: spec.externalURL ?? '',
    aboutURL: spec.aboutURL ?? '',
    rewards: spec.rewards.map((r) => ({ id: r.id ?? randomUUID(), name: r.name })),
  };
}

const imageSet = (url: string) => ({ image1xURL: url, __typename: 'RewardCampaignImageSet' });

/**
 * A reward campaign as the dashboard lists it: the field set peers read (TheLovinator1/ttvdrops
 * twitch/tests/test_schemas.py, Alorf/TwitchDropsBot RewardCampaignsAvailableToUser.cs); `status` is "UNKNOWN" as in
 * that capture of a running campaign.
 */
export function rewardCampaignNode(c: SimRewardCampaign) {
  const art = `https://static-cdn.jtvnw.net/twitch-quests-assets/CAMPAIGN/${c.id}`;
  return {
    id: c.id,
    name: c.name,
    brand: c.brand,
    startsAt: iso(c.startAt),
    endsAt: iso(c.endAt),
    status: 'UNKNOWN',
    summary: `Get ${c.rewards.map((r) => r.name).join(', ')}`,
    instructions: '',
    externalURL: c.externalURL,
    rewardValueURLParam: '',
    aboutURL: c.aboutURL,
    isSitewide: c.game === null,
    game: c.game ? { id: c.game.id, displayName: c.game.name, __typename: 'Game' } : null,
    unlockRequirements: { subsGoal: c.subsGoal, minuteWatchedGoal: c.minutesGoal, __typename: 'QuestRewardUnlockRequirements' },
    image: imageSet(`${art}/150x200.png`),
    rewards: c.rewards.map((r) => ({
      id: r.id,
      name: r.name,
      bannerImage: imageSet(`${art}/${r.id}-200x200.png`),
      thumbnailImage: imageSet(`${art}/${r.id}-200x200.png`),
      earnableUntil: iso(c.endAt),
      redemptionInstructions: '',
      redemptionURL: c.externalURL,
      __typename: 'Reward',
    })),
    __typename: 'RewardCampaign',
  };
}
