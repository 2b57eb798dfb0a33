import { randomUUID } from 'node:crypto';
import type { SimChannel, SimUser, World } from './world';

/** Raids and community moments, in sim-clock ms and points. */
const RAID_OPEN_MS = 90_000; // a raid can be joined this long after it starts
const RAID_REWARD_MS = 5 * 60_000; // a joined raid pays on the first credited minute on its target this long after joining
const RAID_POINTS = 250;
const MOMENT_OPEN_MS = 60_000; // a moment can be claimed this long after it starts

interface SimRaid {
  id: string;
  from: SimChannel;
  to: SimChannel;
  startedAt: number;
}

interface SimMoment {
  id: string;
  channel: SimChannel;
  startedAt: number;
  claimedBy: Set<string>;
}

/** Why CommunityMomentCallout_Claim refused a claim. */
export type MomentClaimError = 'EXPIRED' | 'NOT_FOUND' | 'ALREADY_CLAIMED';

/** The channels' raids (joined, then paid on a credited minute on the target) and community moments (a badge). */
export class Community {
  /** Every raid joined, in order. */
  readonly raidJoins: { at: number; userId: string; raidId: string }[] = [];
  /** Every community moment claimed, in order. */
  readonly momentClaims: { at: number; userId: string; momentId: string }[] = [];
  private readonly raids = new Map<string, SimRaid>();
  /** The raids each user joined, by user id, and whether each has paid its points yet. */
  private readonly joined = new Map<string, { raid: SimRaid; joinedAt: number; paid: boolean }[]>();
  private readonly moments = new Map<string, SimMoment>();

  constructor(private readonly world: World) {}

  /** The channel raids another, published as raid_update_v2 on the raiding channel; returns the raid id. */
  startRaid(from: SimChannel, to: SimChannel): string {
    const raid: SimRaid = { id: randomUUID(), from, to, startedAt: this.world.clock.now() };
    this.raids.set(raid.id, raid);
    this.world.publish(`raid.${from.id}`, {
      type: 'raid_update_v2',
      raid: {
        id: raid.id,
        creator_id: from.id,
        source_id: from.id,
        target_id: to.id,
        target_login: to.login,
        target_display_name: to.displayName,
        target_profile_image: '',
        transition_jitter_seconds: 5,
        force_raid_now_seconds: RAID_OPEN_MS / 1000,
        viewer_count: from.viewers,
      },
    });
    return raid.id;
  }

  /** The user joins the raid (JoinRaid): false when there is no such raid or it is no longer open. */
  joinRaid(user: SimUser, raidId: string): boolean {
    const raid = this.raids.get(raidId);
    const now = this.world.clock.now();
    if (!raid || now - raid.startedAt >= RAID_OPEN_MS) return false;
    this.raidJoins.push({ at: now, userId: user.id, raidId });
    const joined = this.joined.get(user.id) ?? [];
    if (!joined.some((j) => j.raid === raid)) joined.push({ raid, joinedAt: now, paid: false });
    this.joined.set(user.id, joined);
    return true;
  }

  /** A credited minute on a raid's target within 5 minutes of joining it pays the raid's points, once. */
  payRaids(user: SimUser, channel: SimChannel): void {
    const now = this.world.clock.now();
    for (const j of this.joined.get(user.id) ?? []) {
      if (j.paid || j.raid.to !== channel || now - j.joinedAt > RAID_REWARD_MS) continue;
      j.paid = true;
      this.world.points.earn(user, channel, 'raid', RAID_POINTS);
    }
  }

  /** A community moment starts on the channel, published as active; returns its id. */
  startMoment(channel: SimChannel): string {
    const moment: SimMoment = { id: randomUUID(), channel, startedAt: this.world.clock.now(), claimedBy: new Set() };
    this.moments.set(moment.id, moment);
    this.world.publish(`community-moments-channel-v1.${channel.id}`, { type: 'active', data: { moment_id: moment.id, channel_id: channel.id } });
    return moment.id;
  }

  /** The user claims the moment (a badge, no points): null when claimed, else why not. */
  claimMoment(user: SimUser, momentId: string): MomentClaimError | null {
    const moment = this.moments.get(momentId);
    const now = this.world.clock.now();
    if (!moment) return 'NOT_FOUND';
    if (moment.claimedBy.has(user.id)) return 'ALREADY_CLAIMED';
    if (now - moment.startedAt >= MOMENT_OPEN_MS) return 'EXPIRED';
    moment.claimedBy.add(user.id);
    this.momentClaims.push({ at: now, userId: user.id, momentId });
    return null;
  }
}
