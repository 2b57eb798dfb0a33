import { randomUUID } from 'node:crypto';
import type { SimChannel, SimGame, SimUser, World } from './world';

/**
 * How a drop's benefit reaches the viewer: a DIRECT_ENTITLEMENT is claimed (DropsPage_ClaimDropRewards), a BADGE
 * or EMOTE Twitch applies itself once the minutes are watched.
 */
export type DistributionType = 'DIRECT_ENTITLEMENT' | 'BADGE' | 'EMOTE';

/** A time-based drop as a test describes it; ids are generated when not given, the window defaults to the campaign's. */
export interface DropSpec {
  id?: string;
  name: string;
  requiredMinutes: number;
  benefit: { id?: string; name: string; imageUrl?: string; distributionType?: DistributionType };
  /** Drops of the same campaign that must be claimed (or, for a BADGE or EMOTE, completed) before this one progresses. */
  preconditionDropIds?: string[];
  /** Subscriptions it needs (default 0); a sub-only drop is never earned by watching (TDM f3c189e, ZARM e92acf4). */
  requiredSubs?: number;
  startAt?: number;
  endAt?: number;
}

/** A drop campaign as a test describes it; times are sim-clock ms. */
export interface CampaignSpec {
  id?: string;
  name: string;
  game: SimGame;
  startAt: number;
  endAt: number;
  /** Logins of the only channels that progress it; null or absent: any drops-enabled channel of the game. */
  allowedChannels?: string[] | null;
  /**
   * Where the viewer links a game account. Absent: none, and self.isAccountConnected is false without meaning "must
   * link" (LURK, 2026-07): the campaign progresses. With one, an unlinked account (setAccountLinked) makes no progress.
   */
  accountLinkURL?: string;
  drops: DropSpec[];
}

export interface SimDrop {
  id: string;
  name: string;
  requiredMinutes: number;
  benefit: { id: string; name: string; imageUrl: string; distributionType: DistributionType };
  preconditionDropIds: string[];
  requiredSubs: number;
  startAt: number;
  endAt: number;
}

/** A campaign with every default filled in: what addCampaign returns. */
export interface SimCampaign {
  id: string;
  name: string;
  game: SimGame;
  startAt: number;
  endAt: number;
  allowedChannels: string[] | null;
  accountLinkURL: string | null;
  drops: SimDrop[];
}

export type CampaignStatus = 'ACTIVE' | 'UPCOMING' | 'EXPIRED';

/** A user's progress on one drop; claimed is never set for a BADGE or EMOTE drop. */
export interface DropProgress {
  minutes: number;
  claimed: boolean;
  claimedAt?: number;
}

/** One minute credited to a drop; minutes is the drop's total after it. */
export interface DropEvent {
  at: number;
  userId: string;
  channelLogin: string;
  campaignId: string;
  dropId: string;
  minutes: number;
}

export type ClaimStatus = 'ELIGIBLE_FOR_ALL' | 'DROP_INSTANCE_ALREADY_CLAIMED' | 'DROP_INSTANCE_NOT_FOUND';

/** One DropsPage_ClaimDropRewards a logged-in user sent, and how it was answered. */
export interface ClaimAttempt {
  at: number;
  userId: string;
  dropInstanceId: string;
  status: ClaimStatus;
}

/** The drop a user last progressed on, where and when: what DropCurrentSessionContext reports. */
export interface DropSession {
  at: number;
  channel: SimChannel;
  campaign: SimCampaign;
  drop: SimDrop;
}

/** Twitch's drop rules, in sim-clock ms. */
const DROP_SPACING_MS = 50_000; // drops progress on one channel at a time: one drop minute per user per this long
const SESSION_WINDOW_MS = 5 * 60_000; // the current session is the drop progressed at most this long ago
export const CLAIM_GRACE_MS = 24 * 3_600_000; // drops can be claimed until the campaign's end + 24 h (TDM)

/**
 * The drop campaigns of the world and each user's progress on them. Progress comes only from drop minutes spade
 * credited (watch.ts judges the event, then calls credit), on channels that count for the campaign.
 */
export class Drops {
  readonly campaigns: SimCampaign[] = [];
  /** Every minute credited to a drop, in order. */
  readonly events: DropEvent[] = [];
  /** Every claim attempt of a logged-in user, in order. */
  readonly claims: ClaimAttempt[] = [];
  /** Progress by drop instance id (see instanceId). */
  private readonly progress = new Map<string, DropProgress>();
  /** The user:campaign pairs whose account is not linked (linked is the default). */
  private readonly unlinked = new Set<string>();
  /** The last drop each user progressed on, by user id. */
  private readonly sessions = new Map<string, DropSession>();

  constructor(private readonly world: World) {}

  /** Adds a campaign; throws on an id already used, an unknown precondition or allowed channel, or an empty window. */
  add(spec: CampaignSpec): SimCampaign {
    if (spec.endAt <= spec.startAt) throw new Error(`empty window for campaign ${spec.name}`);
    const id = spec.id ?? randomUUID();
    const dropIds = new Set(this.campaigns.flatMap((c) => c.drops.map((d) => d.id)));
    if (this.campaigns.some((c) => c.id === id)) throw new Error(`campaign id ${id} already used`);
    const drops = spec.drops.map((d): SimDrop => {
      const dropId = d.id ?? randomUUID();
      if (dropIds.has(dropId)) throw new Error(`drop id ${dropId} already used`);
      dropIds.add(dropId);
      const benefitId = d.benefit.id ?? randomUUID();
      return {
        id: dropId,
        name: d.name,
        requiredMinutes: d.requiredMinutes,
        benefit: {
          id: benefitId,
          name: d.benefit.name,
          imageUrl: d.benefit.imageUrl ?? `https://static-cdn.jtvnw.net/twitch-quests-assets/REWARD/${benefitId}.png`,
          distributionType: d.benefit.distributionType ?? 'DIRECT_ENTITLEMENT',
        },
        preconditionDropIds: d.preconditionDropIds ?? [],
        requiredSubs: d.requiredSubs ?? 0,
        startAt: d.startAt ?? spec.startAt,
        endAt: d.endAt ?? spec.endAt,
      };
    });
    for (const d of drops) {
      const unknown = d.preconditionDropIds.find((p) => !drops.some((o) => o.id === p));
      if (unknown !== undefined) throw new Error(`drop ${d.name} needs ${unknown}, not a drop of its campaign`);
    }
    const campaign: SimCampaign = {
      id,
      name: spec.name,
      game: spec.game,
      startAt: spec.startAt,
      endAt: spec.endAt,
      // world.channel throws on a login that is no sim channel.
      allowedChannels: spec.allowedChannels?.map((login) => this.world.channel(login).login) ?? null,
      accountLinkURL: spec.accountLinkURL ?? null,
      drops,
    };
    this.campaigns.push(campaign);
    return campaign;
  }

  campaign(id: string): SimCampaign | null {
    return this.campaigns.find((c) => c.id === id) ?? null;
  }

  status(campaign: SimCampaign): CampaignStatus {
    const now = this.world.clock.now();
    return now < campaign.startAt ? 'UPCOMING' : now < campaign.endAt ? 'ACTIVE' : 'EXPIRED';
  }

  setLinked(user: SimUser, campaignId: string, linked: boolean): void {
    const campaign = this.campaign(campaignId);
    if (!campaign) throw new Error(`no such campaign ${campaignId}`);
    if (!campaign.accountLinkURL) throw new Error(`campaign ${campaign.name} has no account to link`);
    if (linked) this.unlinked.delete(`${user.id}:${campaignId}`);
    else this.unlinked.add(`${user.id}:${campaignId}`);
  }

  /** self.isAccountConnected: false for a campaign with nothing to link. */
  isLinked(user: SimUser, campaign: SimCampaign): boolean {
    return campaign.accountLinkURL !== null && !this.unlinked.has(`${user.id}:${campaign.id}`);
  }

  /** The id Twitch names a user's drop by in claims and the inventory. */
  instanceId(user: SimUser, campaign: SimCampaign, drop: SimDrop): string {
    return `${user.id}#${campaign.id}#${drop.id}`;
  }

  /** The user's progress on the drop (a copy; none yet is 0 minutes, unclaimed). */
  progressOf(user: SimUser, campaign: SimCampaign, drop: SimDrop): DropProgress {
    return { ...(this.progress.get(this.instanceId(user, campaign, drop)) ?? { minutes: 0, claimed: false }) };
  }

  /** The user's progress on a drop of any campaign, by the drop's id; throws on an unknown id. */
  progressById(user: SimUser, dropId: string): DropProgress {
    for (const c of this.campaigns) for (const d of c.drops) if (d.id === dropId) return this.progressOf(user, c, d);
    throw new Error(`no such drop ${dropId}`);
  }

  /** Done with: a DIRECT_ENTITLEMENT drop once claimed, a BADGE or EMOTE once its minutes are watched. */
  private completed(user: SimUser, campaign: SimCampaign, drop: SimDrop): boolean {
    const p = this.progressOf(user, campaign, drop);
    return drop.benefit.distributionType === 'DIRECT_ENTITLEMENT' ? p.claimed : p.minutes >= drop.requiredMinutes;
  }

  preconditionsMet(user: SimUser, campaign: SimCampaign, drop: SimDrop): boolean {
    return drop.preconditionDropIds.every((id) => this.completed(user, campaign, campaign.drops.find((d) => d.id === id)!));
  }

  /**
   * Whether a minute on the channel counts for the campaign: active, linked (when there is an account to link), and
   * the channel live, drops-enabled, broadcasting its game and on its allow list if it has one.
   */
  private counts(user: SimUser | null, campaign: SimCampaign, channel: SimChannel): boolean {
    return (
      this.status(campaign) === 'ACTIVE' &&
      (user === null || campaign.accountLinkURL === null || this.isLinked(user, campaign)) &&
      channel.live &&
      channel.dropsEnabled &&
      channel.game?.id === campaign.game.id &&
      (campaign.allowedChannels === null || campaign.allowedChannels.includes(channel.login))
    );
  }

  /** The campaigns a minute on the channel counts for; for a user, or for anyone (user null: the channel's available drops). */
  counting(user: SimUser | null, channel: SimChannel): SimCampaign[] {
    return this.campaigns.filter((c) => this.counts(user, c, channel));
  }

  /**
   * Whether the drop takes a minute now: earned by watching (no subs needed), inside its window, preconditions met,
   * neither claimed nor fully watched.
   */
  private progresses(user: SimUser, campaign: SimCampaign, drop: SimDrop): boolean {
    const now = this.world.clock.now();
    const p = this.progressOf(user, campaign, drop);
    return (
      drop.requiredSubs === 0 &&
      drop.startAt <= now &&
      now < drop.endAt &&
      !p.claimed &&
      p.minutes < drop.requiredMinutes &&
      this.preconditionsMet(user, campaign, drop)
    );
  }

  /**
   * A drop minute for the user on the channel (watch.ts checked the event): +1 minute on every drop of every campaign
   * the channel counts for, unless a drop minute was credited less than 50 s ago (on any channel): 'too-soon'. A
   * drop completed by this minute does not let the drops that wait on it take the same minute. Each minute is
   * published as drop-progress (drop-claim is no longer sent: TDM#570). 'no-drop' when nothing took it.
   */
  credit(user: SimUser, channel: SimChannel): 'credited' | 'too-soon' | 'no-drop' {
    const now = this.world.clock.now();
    const last = this.sessions.get(user.id);
    if (last && now - last.at < DROP_SPACING_MS) return 'too-soon';
    let credited = false;
    for (const campaign of this.counting(user, channel)) {
      for (const drop of campaign.drops.filter((d) => this.progresses(user, campaign, d))) {
        const p = this.progressOf(user, campaign, drop);
        p.minutes += 1;
        this.progress.set(this.instanceId(user, campaign, drop), p);
        this.events.push({ at: now, userId: user.id, channelLogin: channel.login, campaignId: campaign.id, dropId: drop.id, minutes: p.minutes });
        this.sessions.set(user.id, { at: now, channel, campaign, drop });
        credited = true;
        this.world.publish(`user-drop-events.${user.id}`, {
          type: 'drop-progress',
          data: { drop_id: drop.id, channel_id: channel.id, current_progress_min: p.minutes, required_progress_min: drop.requiredMinutes },
        });
      }
    }
    return credited ? 'credited' : 'no-drop';
  }

  /** The drop the user progressed on last on the channel (by id), if that was at most 5 minutes ago. */
  session(user: SimUser, channelId: string): DropSession | null {
    const s = this.sessions.get(user.id);
    return s && s.channel.id === channelId && this.world.clock.now() - s.at <= SESSION_WINDOW_MS ? s : null;
  }

  /**
   * Claims a drop instance for the user: only the user's own DIRECT_ENTITLEMENT drop whose minutes are watched, until
   * its campaign's end + 24 h (ids are matched against the user's own instance ids, so another user's is not found).
   * Every attempt is recorded in claims.
   */
  claim(user: SimUser, dropInstanceId: string): ClaimStatus {
    const now = this.world.clock.now();
    let status: ClaimStatus = 'DROP_INSTANCE_NOT_FOUND';
    for (const c of this.campaigns) {
      for (const d of c.drops) {
        if (this.instanceId(user, c, d) !== dropInstanceId) continue;
        const p = this.progressOf(user, c, d);
        if (p.claimed) status = 'DROP_INSTANCE_ALREADY_CLAIMED';
        else if (d.benefit.distributionType === 'DIRECT_ENTITLEMENT' && p.minutes >= d.requiredMinutes && now < c.endAt + CLAIM_GRACE_MS) {
          this.progress.set(dropInstanceId, { ...p, claimed: true, claimedAt: now });
          status = 'ELIGIBLE_FOR_ALL';
        }
      }
    }
    this.claims.push({ at: now, userId: user.id, dropInstanceId, status });
    return status;
  }
}
