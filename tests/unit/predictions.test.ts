import { describe, expect, it } from 'vitest';
import { betTime, decideBet, DEFAULT_BET, outcomeStats, type BetSettings } from '../../lib/points/predictions';
import type { PredictionEvent } from '../../lib/points/types';

const event = (outcomes: [number, number, number?][], extra: Partial<PredictionEvent> = {}): PredictionEvent => ({
  id: 'e',
  channelId: 'c',
  title: 'Will it work?',
  status: 'ACTIVE',
  createdAt: 1_000_000,
  windowSeconds: 120,
  winningOutcomeId: null,
  outcomes: outcomes.map(([points, users, top], i) => ({ id: `o${i}`, title: `Outcome ${i}`, totalPoints: points, totalUsers: users, topPoints: top })),
  ...extra,
});
const s = (extra: Partial<BetSettings>): BetSettings => ({ ...DEFAULT_BET, ...extra });

describe('prediction strategies', () => {
  // Outcome 0: many small bets; outcome 1: few big ones.
  const e = event([[1000, 80, 50], [9000, 20, 5000]]);

  it('computes odds and shares', () => {
    const [a, b] = outcomeStats(e);
    expect(a).toMatchObject({ odds: 10, oddsPercentage: 10, percentageUsers: 80 });
    expect(b!.odds).toBeCloseTo(10000 / 9000);
  });

  it.each([
    ['MOST_VOTED', 'o0'],
    ['HIGH_ODDS', 'o0'],
    ['PERCENTAGE', 'o1'],
    ['SMART_MONEY', 'o1'],
    ['NUMBER_2', 'o1'],
  ] as const)('%s picks %s', (strategy, id) => {
    expect(decideBet(e, 10_000, s({ strategy }))).toMatchObject({ bet: true, outcomeId: id });
  });

  it('SMART follows the crowd when it is clear, the odds when it is close', () => {
    expect(decideBet(e, 10_000, s({ strategy: 'SMART', percentageGap: 20 }))).toMatchObject({ outcomeId: 'o0' }); // 80 vs 20
    const close = event([[1000, 55, 100], [9000, 45, 100]]);
    expect(decideBet(close, 10_000, s({ strategy: 'SMART', percentageGap: 20 }))).toMatchObject({ outcomeId: 'o0' }); // odds 10 vs 1.1
    const closeOther = event([[9000, 55, 100], [1000, 45, 100]]);
    expect(decideBet(closeOther, 10_000, s({ strategy: 'SMART', percentageGap: 20 }))).toMatchObject({ outcomeId: 'o1' });
  });

  it('sizes the bet: percentage of the balance, capped, never under 10', () => {
    expect(decideBet(e, 10_000, s({ percentage: 5 }))).toMatchObject({ points: 500 });
    expect(decideBet(e, 10_000_000, s({ percentage: 5, maxPoints: 50_000 }))).toMatchObject({ points: 50_000 });
    expect(decideBet(e, 150, s({ percentage: 5 }))).toEqual({ bet: false, reason: { why: 'too-small', points: 7, minimum: 10 } });
    expect(decideBet(e, 900, s({ minimumPoints: 1000 }))).toEqual({ bet: false, reason: { why: 'balance', minimum: 1000 } });
  });

  it('stays under the top bettor in stealth mode', () => {
    expect(decideBet(e, 10_000, s({ strategy: 'MOST_VOTED', percentage: 100, stealthMode: true }), () => 0)).toMatchObject({ outcomeId: 'o0', points: 49 });
  });

  it('skips when the filter is not met', () => {
    expect(decideBet(e, 10_000, s({ strategy: 'MOST_VOTED', filter: { by: 'TOTAL_USERS', where: 'GT', value: 200 } }))).toMatchObject({ bet: false });
    expect(decideBet(e, 10_000, s({ strategy: 'MOST_VOTED', filter: { by: 'DECISION_USERS', where: 'GTE', value: 80 } }))).toMatchObject({ bet: true });
    expect(decideBet(e, 10_000, s({ strategy: 'HIGH_ODDS', filter: { by: 'ODDS', where: 'LT', value: 5 } }))).toMatchObject({ bet: false });
  });

  it('never bets on a locked prediction', () => {
    expect(decideBet(event([[1, 1], [1, 1]], { status: 'LOCKED' }), 10_000, DEFAULT_BET)).toEqual({ bet: false, reason: { why: 'closed', status: 'LOCKED' } });
  });

  it('times the bet by the delay mode, inside the window', () => {
    const ev = { createdAt: 0, windowSeconds: 120 };
    expect(betTime(ev, { delayMode: 'FROM_END', delay: 6 })).toBe(114_000);
    expect(betTime(ev, { delayMode: 'FROM_START', delay: 10 })).toBe(10_000);
    expect(betTime(ev, { delayMode: 'PERCENTAGE', delay: 0.5 })).toBe(60_000);
    expect(betTime(ev, { delayMode: 'FROM_START', delay: 500 })).toBe(119_000);
    expect(betTime(ev, { delayMode: 'FROM_END', delay: 500 })).toBe(0);
  });
});
