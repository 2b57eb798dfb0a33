import { randomUUID } from 'node:crypto';
import { iso, isoOrNull } from './clock';
import type { SimChannel, SimUser, World } from './world';

export type PredictionStatus = 'ACTIVE' | 'LOCKED' | 'RESOLVED' | 'CANCELED';
export type PredictionResultType = 'WIN' | 'LOSE' | 'REFUND';
/** Why MakePrediction refused a bet. */
export type BetError = 'EVENT_NOT_ACTIVE' | 'INSUFFICIENT_POINTS' | 'MIN_POINTS' | 'MAX_POINTS' | 'DIFFERENT_OUTCOME' | 'NOT_FOUND';

/** A prediction as a test opens it: 2 to 10 outcome titles, open for bets windowSeconds from now. */
export interface PredictionSpec {
  title: string;
  outcomes: string[];
  windowSeconds: number;
}

export interface SimOutcome {
  id: string;
  title: string;
  color: 'BLUE' | 'PINK';
  /** The version of the predictions badge a bettor on it wears: blue-1, pink-2... */
  badgeVersion: string;
  /** Points and bettors on it, the sim users' and other viewers' (addBettor) together. */
  totalPoints: number;
  totalUsers: number;
}

/** A sim user's stake in an event: all their points on one outcome, and its result once the event ended. */
export interface SimBet {
  /** The id of the user's prediction (MakePrediction answers it). */
  id: string;
  userId: string;
  outcomeId: string;
  points: number;
  result: { type: PredictionResultType; pointsWon: number } | null;
}

export interface SimPrediction {
  id: string;
  channel: SimChannel;
  title: string;
  outcomes: SimOutcome[];
  windowSeconds: number;
  status: PredictionStatus;
  createdAt: number;
  lockedAt: number | null;
  endedAt: number | null;
  winningOutcomeId: string | null;
  /** The sim users' stakes, by user id. */
  bets: Map<string, SimBet>;
}

/** One bet MakePrediction accepted. */
export interface BetRecord {
  at: number;
  userId: string;
  eventId: string;
  outcomeId: string;
  points: number;
}

/** Twitch's betting limits, in points. */
const MIN_BET = 10;
const MAX_BET = 250_000; // per user and event, all bets on it together

/** The event as PubSub's predictions-channel-v1 carries it. */
function pubsubEvent(e: SimPrediction) {
  return {
    id: e.id,
    channel_id: e.channel.id,
    created_at: iso(e.createdAt),
    ended_at: isoOrNull(e.endedAt),
    locked_at: isoOrNull(e.lockedAt),
    outcomes: e.outcomes.map((o) => ({
      id: o.id,
      color: o.color,
      title: o.title,
      total_points: o.totalPoints,
      total_users: o.totalUsers,
      top_predictors: [],
      badge: { version: o.badgeVersion, set_id: 'predictions' },
    })),
    prediction_window_seconds: e.windowSeconds,
    status: e.status,
    title: e.title,
    winning_outcome_id: e.winningOutcomeId,
  };
}

/**
 * The channels' predictions: opened, bet on (by sim users through MakePrediction, by other viewers through
 * addBettor), locked (by hand, or at sync once the window has passed), then resolved or canceled, which pays the
 * sim users' balances. Each change is published on predictions-channel-v1, each result on predictions-user-v1.
 */
export class Predictions {
  readonly events: SimPrediction[] = [];
  /** Every bet MakePrediction accepted, in order. */
  readonly bets: BetRecord[] = [];
  /** The transactions of accepted bets, as user:event:transaction id: a repeated one is not taken again. */
  private readonly transactions = new Set<string>();

  constructor(private readonly world: World) {}

  private now(): number {
    return this.world.clock.now();
  }

  /** The event by id, which must be in one of the statuses given; throws otherwise. */
  private get(id: string, ...statuses: PredictionStatus[]): SimPrediction {
    const e = this.events.find((x) => x.id === id);
    if (!e) throw new Error(`no such prediction ${id}`);
    if (!statuses.includes(e.status)) throw new Error(`prediction ${id} is ${e.status}`);
    return e;
  }

  private publishEvent(e: SimPrediction, type: 'event-created' | 'event-updated'): void {
    this.world.publish(`predictions-channel-v1.${e.channel.id}`, { type, data: { timestamp: iso(this.now()), event: pubsubEvent(e) } });
  }

  /**
   * Opens a prediction on the channel. Outcomes are BLUE and PINK when there are two; with more, all BLUE, as
   * Twitch colors them (badges blue-1 to blue-10).
   */
  create(login: string, spec: PredictionSpec): SimPrediction {
    if (spec.outcomes.length < 2 || spec.outcomes.length > 10) throw new Error('a prediction has 2 to 10 outcomes');
    const e: SimPrediction = {
      id: randomUUID(),
      channel: this.world.channel(login),
      title: spec.title,
      outcomes: spec.outcomes.map((title, i) => {
        const color = spec.outcomes.length === 2 && i === 1 ? 'PINK' : 'BLUE';
        return { id: randomUUID(), title, color, badgeVersion: `${color.toLowerCase()}-${i + 1}`, totalPoints: 0, totalUsers: 0 };
      }),
      windowSeconds: spec.windowSeconds,
      status: 'ACTIVE',
      createdAt: this.now(),
      lockedAt: null,
      endedAt: null,
      winningOutcomeId: null,
      bets: new Map(),
    };
    this.events.push(e);
    this.publishEvent(e, 'event-created');
    return e;
  }

  /** Other viewers bet on the open event: the outcome's points and bettors go up. */
  addBettor(eventId: string, outcomeIndex: number, points: number, userCount: number): void {
    const e = this.get(eventId, 'ACTIVE');
    const outcome = e.outcomes[outcomeIndex];
    if (!outcome) throw new Error(`prediction ${eventId} has no outcome ${outcomeIndex}`);
    outcome.totalPoints += points;
    outcome.totalUsers += userCount;
    this.publishEvent(e, 'event-updated');
  }

  /**
   * A sim user's MakePrediction: the user's stake, or why it was refused. The points leave the user's balance at
   * once; more points on the same outcome add up; a transaction id already accepted changes nothing.
   */
  bet(user: SimUser, eventId: string, outcomeId: string, points: number, transactionId: string): SimBet | BetError {
    const e = this.events.find((x) => x.id === eventId);
    if (!e) return 'NOT_FOUND';
    const stake = e.bets.get(user.id);
    const transaction = `${user.id}:${e.id}:${transactionId}`;
    if (stake && this.transactions.has(transaction)) return stake;
    const outcome = e.outcomes.find((o) => o.id === outcomeId);
    if (!outcome) return 'NOT_FOUND';
    if (e.status !== 'ACTIVE') return 'EVENT_NOT_ACTIVE';
    if (stake && stake.outcomeId !== outcomeId) return 'DIFFERENT_OUTCOME';
    if (!Number.isInteger(points) || points < MIN_BET) return 'MIN_POINTS';
    if ((stake?.points ?? 0) + points > MAX_BET) return 'MAX_POINTS';
    const balance = this.world.balance(user, e.channel.login);
    if (points > balance) return 'INSUFFICIENT_POINTS';

    this.world.setBalance(user, e.channel.login, balance - points);
    this.transactions.add(transaction);
    const bet = stake ?? { id: randomUUID(), userId: user.id, outcomeId, points: 0, result: null };
    bet.points += points;
    e.bets.set(user.id, bet);
    outcome.totalPoints += points;
    if (!stake) outcome.totalUsers += 1;
    this.bets.push({ at: this.now(), userId: user.id, eventId: e.id, outcomeId, points });
    this.publishEvent(e, 'event-updated');
    return bet;
  }

  /** Closes the open event to bets. */
  lock(eventId: string): void {
    const e = this.get(eventId, 'ACTIVE');
    e.status = 'LOCKED';
    e.lockedAt = this.now();
    this.publishEvent(e, 'event-updated');
  }

  /** Locks every open event whose window has passed (World.sync). */
  lockExpired(): void {
    for (const e of this.events) {
      if (e.status === 'ACTIVE' && this.now() >= e.createdAt + e.windowSeconds * 1000) this.lock(e.id);
    }
  }

  /** Ends the event with a winner: each winning stake gets its share of all the points bet, rounded down. */
  resolve(eventId: string, winningOutcomeIndex: number): void {
    const e = this.get(eventId, 'ACTIVE', 'LOCKED');
    const winner = e.outcomes[winningOutcomeIndex];
    if (!winner) throw new Error(`prediction ${eventId} has no outcome ${winningOutcomeIndex}`);
    const totalPool = e.outcomes.reduce((sum, o) => sum + o.totalPoints, 0);
    e.status = 'RESOLVED';
    e.lockedAt ??= this.now();
    e.endedAt = this.now();
    e.winningOutcomeId = winner.id;
    this.publishEvent(e, 'event-updated');
    this.settle(e, (bet) =>
      bet.outcomeId === winner.id ? { type: 'WIN', pointsWon: Math.floor((bet.points * totalPool) / winner.totalPoints) } : { type: 'LOSE', pointsWon: 0 },
    );
  }

  /** Ends the event without a winner: every stake is refunded. */
  cancel(eventId: string): void {
    const e = this.get(eventId, 'ACTIVE', 'LOCKED');
    e.status = 'CANCELED';
    e.endedAt = this.now();
    this.publishEvent(e, 'event-updated');
    this.settle(e, (bet) => ({ type: 'REFUND', pointsWon: bet.points }));
  }

  /** Pays each sim user's stake its result and tells the user (points-earned only when points came back). */
  private settle(e: SimPrediction, result: (bet: SimBet) => NonNullable<SimBet['result']>): void {
    for (const bet of e.bets.values()) {
      bet.result = result(bet);
      const user = this.world.userById(bet.userId)!;
      if (bet.result.pointsWon > 0) this.world.award(user, e.channel, 'prediction', bet.result.pointsWon);
      this.world.publish(`predictions-user-v1.${user.id}`, {
        type: 'prediction-result',
        data: {
          timestamp: iso(this.now()),
          prediction: {
            event_id: e.id,
            channel_id: e.channel.id,
            outcome_id: bet.outcomeId,
            points: bet.points,
            result: { type: bet.result.type, points_won: bet.result.pointsWon },
          },
        },
      });
    }
  }
}
