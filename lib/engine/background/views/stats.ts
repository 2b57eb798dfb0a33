import type { Stats } from '../../../messages/options';
import type { BetRecord, PointsChange, WatchSession } from '../../../store/schema';
import type { DropClaim } from '../../../drops/types';

export const DAY_MS = 24 * 60 * 60_000;

/** The viewer's local calendar day of a time, as YYYY-MM-DD (the charts label days as the viewer lives them). */
export function localDay(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** What the charts are made of: the last 7 days of balance changes, 14 of watch sessions, every bet and claim kept. */
export interface StatsRecords {
  changes: PointsChange[];
  sessions: WatchSession[];
  bets: BetRecord[];
  claims: DropClaim[];
}

/**
 * The figures behind the options page's charts. Minutes are counted by the viewer's local day (a session counts on
 * the day it ended), the 14 days up to today.
 */
export function statsView(r: StatsRecords, now: number): Stats {
  const byLogin = new Map<string, [number, number][]>();
  for (const c of r.changes) byLogin.set(c.login, [...(byLogin.get(c.login) ?? []), [c.at, c.balance]]);
  const balances = [...byLogin.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 4)
    .map(([login, points]) => ({ login, points }));
  const perDay = new Map<string, number>();
  for (const s of r.sessions) perDay.set(localDay(s.end), (perDay.get(localDay(s.end)) ?? 0) + s.minutes);
  // Days back from today by the calendar, not by 24 h steps: a day of 23 or 25 hours (daylight saving) is one day.
  const today = new Date(now);
  const minutesPerDay = Array.from({ length: 14 }, (_, i) => {
    const day = localDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() - (13 - i), 12).getTime());
    return { day, minutes: Math.round(perDay.get(day) ?? 0) };
  });
  const settled = r.bets.filter((b) => b.result);
  const perGame = new Map<string, number>();
  for (const c of r.claims) perGame.set(c.game, (perGame.get(c.game) ?? 0) + 1);
  return {
    balances,
    minutesPerDay,
    bets: {
      won: settled.filter((b) => b.result === 'WIN').length,
      lost: settled.filter((b) => b.result === 'LOSE').length,
      refunded: settled.filter((b) => b.result === 'REFUND').length,
      net: settled.reduce((sum, b) => sum + (b.pointsWon ?? 0) - b.points, 0),
    },
    dropsPerGame: [...perGame.entries()].map(([game, count]) => ({ game, count })).sort((a, b) => b.count - a.count),
  };
}
