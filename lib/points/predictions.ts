import type { PredictionEvent, PredictionOutcome } from './types';

/**
 * Prediction betting, as the best points miner offers it: a strategy picks the outcome, the settings size the bet,
 * a filter may skip it, and a delay mode decides when (bets are placed as late as the viewer wants, to see the crowd).
 * Pure functions.
 */
export const STRATEGIES = ['MOST_VOTED', 'HIGH_ODDS', 'PERCENTAGE', 'SMART_MONEY', 'SMART', 'NUMBER_1', 'NUMBER_2', 'NUMBER_3', 'NUMBER_4', 'NUMBER_5'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const FILTER_KEYS = ['PERCENTAGE_USERS', 'ODDS_PERCENTAGE', 'ODDS', 'TOP_POINTS', 'TOTAL_USERS', 'TOTAL_POINTS', 'DECISION_USERS', 'DECISION_POINTS'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export interface BetSettings {
  strategy: Strategy;
  /** Percent of the balance to bet. */
  percentage: number;
  /** SMART: below this gap (in percent of users) between the top two outcomes, bet on the odds; above, on the crowd. */
  percentageGap: number;
  maxPoints: number;
  /** Do not bet while the balance is below this. */
  minimumPoints: number;
  /** Never be the top bettor of an outcome: bet a little less than its biggest bet. */
  stealthMode: boolean;
  delayMode: 'FROM_START' | 'FROM_END' | 'PERCENTAGE';
  /** Seconds (FROM_START, FROM_END) or a fraction of the window (PERCENTAGE). */
  delay: number;
  filter: { by: FilterKey; where: 'GT' | 'LT' | 'GTE' | 'LTE'; value: number } | null;
}

export const DEFAULT_BET: BetSettings = {
  strategy: 'SMART',
  percentage: 5,
  percentageGap: 20,
  maxPoints: 50_000,
  minimumPoints: 0,
  stealthMode: false,
  delayMode: 'FROM_END',
  delay: 6,
  filter: null,
};

/** Twitch's minimum bet. */
export const MIN_BET = 10;

export interface OutcomeStats extends PredictionOutcome {
  /** All points on the event over the points on this outcome: what one point returns if it wins. */
  odds: number;
  /** This outcome's share of the points, in percent. */
  oddsPercentage: number;
  /** This outcome's share of the bettors, in percent. */
  percentageUsers: number;
}

export function outcomeStats(event: PredictionEvent): OutcomeStats[] {
  const points = event.outcomes.reduce((s, o) => s + o.totalPoints, 0);
  const users = event.outcomes.reduce((s, o) => s + o.totalUsers, 0);
  return event.outcomes.map((o) => ({
    ...o,
    odds: o.totalPoints > 0 ? points / o.totalPoints : 0,
    oddsPercentage: points > 0 ? (o.totalPoints / points) * 100 : 0,
    percentageUsers: users > 0 ? (o.totalUsers / users) * 100 : 0,
  }));
}

const argmax = (list: OutcomeStats[], key: (o: OutcomeStats) => number) => list.reduce((best, o) => (key(o) > key(best) ? o : best), list[0]!);

/** The outcome a strategy picks. */
export function chooseOutcome(stats: OutcomeStats[], s: BetSettings): OutcomeStats | null {
  if (stats.length === 0) return null;
  switch (s.strategy) {
    case 'MOST_VOTED':
      return argmax(stats, (o) => o.totalUsers);
    case 'HIGH_ODDS':
      return argmax(stats, (o) => o.odds);
    case 'PERCENTAGE':
      return argmax(stats, (o) => o.oddsPercentage);
    case 'SMART_MONEY':
      return argmax(stats, (o) => o.topPoints ?? 0);
    case 'SMART': {
      const [a, b] = [...stats].sort((x, y) => y.percentageUsers - x.percentageUsers);
      if (!b) return a!;
      return a!.percentageUsers - b.percentageUsers < s.percentageGap ? argmax(stats, (o) => o.odds) : a!;
    }
    default: {
      const n = Number(s.strategy.slice('NUMBER_'.length)) - 1;
      return stats[n] ?? null;
    }
  }
}

function filterValue(key: FilterKey, stats: OutcomeStats[], chosen: OutcomeStats): number {
  switch (key) {
    case 'PERCENTAGE_USERS':
      return chosen.percentageUsers;
    case 'ODDS_PERCENTAGE':
      return chosen.oddsPercentage;
    case 'ODDS':
      return chosen.odds;
    case 'TOP_POINTS':
      return chosen.topPoints ?? 0;
    case 'TOTAL_USERS':
      return stats.reduce((s, o) => s + o.totalUsers, 0);
    case 'TOTAL_POINTS':
      return stats.reduce((s, o) => s + o.totalPoints, 0);
    case 'DECISION_USERS':
      return chosen.totalUsers;
    case 'DECISION_POINTS':
      return chosen.totalPoints;
  }
}

/** Why no bet is placed. */
export type NoBet =
  | { why: 'closed'; status: PredictionEvent['status'] }
  | { why: 'balance'; minimum: number }
  | { why: 'no-outcome'; strategy: Strategy }
  | { why: 'filter'; filter: NonNullable<BetSettings['filter']>; actual: number }
  | { why: 'too-small'; points: number; minimum: number };

export type BetDecision = { bet: true; outcomeId: string; outcomeTitle: string; points: number } | { bet: false; reason: NoBet };

/** What to bet on an open prediction, with this balance, or why not. `random` is for stealth mode's margin. */
export function decideBet(event: PredictionEvent, balance: number, s: BetSettings, random: () => number = Math.random): BetDecision {
  if (event.status !== 'ACTIVE') return { bet: false, reason: { why: 'closed', status: event.status } };
  if (balance < s.minimumPoints) return { bet: false, reason: { why: 'balance', minimum: s.minimumPoints } };
  const stats = outcomeStats(event);
  const chosen = chooseOutcome(stats, s);
  if (!chosen) return { bet: false, reason: { why: 'no-outcome', strategy: s.strategy } };
  if (s.filter) {
    const v = filterValue(s.filter.by, stats, chosen);
    const { where, value } = s.filter;
    const pass = where === 'GT' ? v > value : where === 'LT' ? v < value : where === 'GTE' ? v >= value : v <= value;
    if (!pass) return { bet: false, reason: { why: 'filter', filter: s.filter, actual: Math.round(v * 100) / 100 } };
  }
  let points = Math.min(Math.floor((balance * s.percentage) / 100), s.maxPoints, balance);
  if (s.stealthMode && chosen.topPoints !== undefined && points >= chosen.topPoints) points = chosen.topPoints - 1 - Math.floor(random() * 5);
  if (points < MIN_BET) return { bet: false, reason: { why: 'too-small', points, minimum: MIN_BET } };
  return { bet: true, outcomeId: chosen.id, outcomeTitle: chosen.title, points };
}

/** When a prediction's betting window closes. */
export function closesAt(event: Pick<PredictionEvent, 'createdAt' | 'windowSeconds'>): number {
  return event.createdAt + event.windowSeconds * 1000;
}

/** When to bet: a delay from the start, before the end, or a fraction of the window. Never after the window. */
export function betTime(event: Pick<PredictionEvent, 'createdAt' | 'windowSeconds'>, s: Pick<BetSettings, 'delayMode' | 'delay'>): number {
  const window = event.windowSeconds * 1000;
  const end = closesAt(event);
  const at =
    s.delayMode === 'FROM_START' ? event.createdAt + s.delay * 1000 : s.delayMode === 'FROM_END' ? end - s.delay * 1000 : event.createdAt + window * s.delay;
  return Math.max(event.createdAt, Math.min(at, end - 1000));
}
