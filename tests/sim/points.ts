import { randomBytes } from 'node:crypto';
import { iso } from './clock';
import type { SimChannel, SimUser, World } from './world';

/** Why points were earned, and the reason_code Twitch's points-earned message gives for it. */
export type PointReason = 'watch' | 'claim' | 'raid' | 'prediction';
const REASON_CODES: Record<PointReason, string> = { watch: 'WATCH', claim: 'CLAIM', raid: 'RAID', prediction: 'PREDICTION' };

/** Points earned, with why: tests compare them with what the extension saw. */
export interface PointEvent {
  at: number;
  userId: string;
  channelLogin: string;
  reason: PointReason;
  points: number;
}

/** A bonus chest put up for a user on a channel. */
export interface BonusOffer {
  at: number;
  userId: string;
  channelLogin: string;
  claimId: string;
}

/**
 * Channel points: each user's balance and multipliers on each channel, the watch rewards (10 points every 5 credited
 * minutes, a bonus chest every 15) and the chests. Every gain is published as points-earned.
 */
export class Points {
  readonly events: PointEvent[] = [];
  readonly offers: BonusOffer[] = [];
  private readonly balances = new Map<string, number>();
  private readonly bonusClaims = new Map<string, string>();
  private readonly multipliers = new Map<string, number[]>();
  private readonly watchedMinutes = new Map<string, number>();

  constructor(private readonly world: World) {}

  private key(user: SimUser, channel: SimChannel): string {
    return `${user.id}:${channel.id}`;
  }

  balance(user: SimUser, channel: SimChannel): number {
    return this.balances.get(this.key(user, channel)) ?? 0;
  }

  setBalance(user: SimUser, channel: SimChannel, points: number): void {
    this.balances.set(this.key(user, channel), points);
  }

  multipliersOf(user: SimUser, channel: SimChannel): number[] {
    return this.multipliers.get(this.key(user, channel)) ?? [];
  }

  setMultipliers(user: SimUser, channel: SimChannel, factors: number[]): void {
    this.multipliers.set(this.key(user, channel), factors);
  }

  availableClaim(user: SimUser, channel: SimChannel): string | null {
    return this.bonusClaims.get(this.key(user, channel)) ?? null;
  }

  private factor(user: SimUser, channel: SimChannel): number {
    return 1 + this.multipliersOf(user, channel).reduce((a, b) => a + b, 0);
  }

  /** Adds points to the balance, records them and publishes points-earned; baseline is the gain before multipliers. */
  award(user: SimUser, channel: SimChannel, reason: PointReason, points: number, baseline = points): void {
    const balance = this.balance(user, channel) + points;
    this.setBalance(user, channel, balance);
    const now = this.world.clock.now();
    this.events.push({ at: now, userId: user.id, channelLogin: channel.login, reason, points });
    this.world.publish(`community-points-user-v1.${user.id}`, {
      type: 'points-earned',
      data: {
        timestamp: iso(now),
        point_gain: { user_id: user.id, channel_id: channel.id, total_points: points, baseline_points: baseline, reason_code: REASON_CODES[reason], multipliers: [] },
        balance: { user_id: user.id, channel_id: channel.id, balance },
      },
    });
  }

  /** A gain of base points times the user's multiplier on the channel. */
  earn(user: SimUser, channel: SimChannel, reason: PointReason, base: number): void {
    this.award(user, channel, reason, Math.round(base * this.factor(user, channel)), base);
  }

  /** A credited watch minute: 10 points every 5, a bonus chest every 15 (if none is waiting). */
  watchMinute(user: SimUser, channel: SimChannel): void {
    const key = this.key(user, channel);
    const minutes = (this.watchedMinutes.get(key) ?? 0) + 1;
    this.watchedMinutes.set(key, minutes);
    if (minutes % 5 === 0) this.earn(user, channel, 'watch', 10);
    if (minutes % 15 === 0 && !this.bonusClaims.has(key)) this.offerClaim(user, channel);
  }

  /** Puts a chest up, published as claim-available; returns its claim id. */
  offerClaim(user: SimUser, channel: SimChannel): string {
    const id = randomBytes(8).toString('hex');
    const now = this.world.clock.now();
    this.bonusClaims.set(this.key(user, channel), id);
    this.offers.push({ at: now, userId: user.id, channelLogin: channel.login, claimId: id });
    this.world.publish(`community-points-user-v1.${user.id}`, {
      type: 'claim-available',
      data: {
        timestamp: iso(now),
        claim: {
          id,
          user_id: user.id,
          channel_id: channel.id,
          point_gain: { total_points: Math.round(50 * this.factor(user, channel)), reason_code: 'CLAIM' },
          created_at: iso(now),
        },
      },
    });
    return id;
  }

  /** Claims a chest: 50 points (times the multiplier), then claim-claimed. False when that claim is not waiting. */
  claimBonus(user: SimUser, channel: SimChannel, claimId: string): boolean {
    if (this.bonusClaims.get(this.key(user, channel)) !== claimId) return false;
    this.bonusClaims.delete(this.key(user, channel));
    this.earn(user, channel, 'claim', 50);
    this.world.publish(`community-points-user-v1.${user.id}`, {
      type: 'claim-claimed',
      data: { timestamp: iso(this.world.clock.now()), claim: { id: claimId, user_id: user.id, channel_id: channel.id } },
    });
    return true;
  }
}
