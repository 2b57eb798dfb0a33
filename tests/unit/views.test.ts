import { afterEach, describe, expect, it } from 'vitest';
import { localDay, statsView } from '../../lib/engine/background/views/stats';
import type { WatchSession } from '../../lib/store/schema';

const original = process.env.TZ;
afterEach(() => {
  process.env.TZ = original;
});

/** A local time in the zone in force: y-m-d h:m. */
const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).getTime();
const session = (end: number, minutes: number): WatchSession => ({ login: 'a', streamId: 's', start: end - minutes * 60_000, end, minutes, passive: false });

describe('the charts, by the viewer’s own day', () => {
  it.each(['Europe/Paris', 'Asia/Tokyo', 'America/New_York', 'UTC'])('counts minutes on the local day they were watched (%s)', (tz) => {
    process.env.TZ = tz;
    const now = local(2026, 12, 2, 20);
    const sessions = [session(local(2026, 12, 2, 0, 30), 30), session(local(2026, 12, 1, 23, 30), 45), session(local(2026, 11, 20, 12), 10)];
    const { minutesPerDay } = statsView({ changes: [], sessions, bets: [], claims: [] }, now);
    expect(minutesPerDay).toHaveLength(14);
    expect(minutesPerDay.at(-1)).toEqual({ day: '2026-12-02', minutes: 30 });
    expect(minutesPerDay.at(-2)).toEqual({ day: '2026-12-01', minutes: 45 });
    expect(minutesPerDay[0]!.day).toBe('2026-11-19');
    expect(minutesPerDay.find((d) => d.day === '2026-11-20')!.minutes).toBe(10);
    expect(localDay(now)).toBe('2026-12-02');
  });

  it('keeps 14 calendar days across a daylight saving change', () => {
    process.env.TZ = 'Europe/Paris';
    const days = statsView({ changes: [], sessions: [], bets: [], claims: [] }, local(2026, 4, 5, 1)).minutesPerDay.map((d) => d.day);
    expect(new Set(days).size).toBe(14);
    expect(days.at(-1)).toBe('2026-04-05');
    expect(days).toContain('2026-03-29');
  });
});
