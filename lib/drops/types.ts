/** Drops as the domain sees them: parsed from Twitch's answers by lib/twitch/drops.ts. Times in ms since epoch. */

export interface Benefit {
  id: string;
  name: string;
  imageUrl?: string;
}

export interface Drop {
  id: string;
  name: string;
  startAt: number;
  endAt: number;
  requiredMinutes: number;
  /** The minutes Twitch reports, and where that number came from. */
  currentMinutes: number;
  claimed: boolean;
  /** The id to claim it with; Twitch gives it once the minutes are done. */
  instanceId: string | null;
  benefits: Benefit[];
  /** Drops that must be claimed first. */
  preconditions: string[];
  /** A badge or emote: Twitch applies it itself; it is never claimed. */
  twitchApplied: boolean;
  /** Earned by subscribing, not by watching (`requiredSubs > 0`): never mined (TDM f3c189e, ZARM e92acf4). */
  subOnly?: boolean;
}

export interface Campaign {
  id: string;
  name: string;
  /** The game; its slug names it in the directory (asked of Twitch when a campaign came without one). */
  game: { id: string; name: string; slug?: string; boxArtUrl?: string };
  startAt: number;
  endAt: number;
  /** Whether the viewer's account is linked to the game's (some campaigns require it). */
  linked: boolean;
  linkUrl?: string;
  /** Logins of the channels that count, or null for any channel of the game with drops enabled. */
  allowedChannels: string[] | null;
  drops: Drop[];
  /** When its progress was last read from Twitch. */
  progressAt?: number;
}

/**
 * A reward campaign (Twitch's `rewardCampaignsAvailableToUser`): a reward for subscribing, Prime or a quest, not for
 * drop minutes. Minert lists it with its link and never mines it.
 */
export interface RewardCampaign {
  id: string;
  name: string;
  /** Who gives it (a brand), and the game it is for, when Twitch names them. */
  brand?: string;
  game?: string;
  startAt?: number;
  endAt?: number;
  summary?: string;
  /** Where the viewer takes part: externalURL, else aboutURL (http(s) only). */
  url?: string;
  /** What unlocks it: subscriptions, or minutes watched (0: not that). */
  subsGoal: number;
  minutesGoal: number;
  imageUrl?: string;
  rewards: Benefit[];
}

/** A drop Minert claimed (or that Twitch applied), kept in the history. */
export interface DropClaim {
  instanceId: string;
  dropId: string;
  dropName: string;
  campaignId: string;
  campaignName: string;
  game: string;
  benefits: Benefit[];
  claimedAt: number;
  /** 'claimed': Twitch confirmed our claim; 'applied': a badge or emote Twitch granted itself. */
  kind: 'claimed' | 'applied';
}
