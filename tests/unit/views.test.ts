import { afterEach, describe, expect, it } from 'vitest';
import { healthView, type HealthRecords } from '../../lib/engine/background/views/health';
import { localDay, statsView } from '../../lib/engine/background/views/stats';
import { healthViewSchema } from '../../lib/messages/options';
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

describe('the Health tab', () => {
  const NOW = Date.UTC(2026, 11, 3, 12);
  const HOUR = 60 * 60_000;
  const records = (): HealthRecords => ({
    version: '0.3.0',
    session: { status: 'logged-in', login: 'viewer', checkedAt: NOW },
    health: {
      ops: {
        Inventory: { at: NOW - 60_000, ok: true, source: 'learned', learnedAt: NOW - HOUR },
        ViewerDropsDashboard: { at: NOW - 60_000, ok: false, kind: 'integrity' },
        ChannelPointsContext: { at: NOW - 30_000, ok: false, kind: 'persisted-query-not-found' },
        ChannelFollows: { at: NOW - 30_000, ok: true },
      },
      blockedHosts: { 'spade.twitch.tv': { at: NOW - 5000, error: 'net::ERR_NAME_NOT_RESOLVED' } },
    },
    mutations: { path: 'page-token', blocked: false, at: NOW, integrityExpiresAt: NOW + 10 * 60_000 },
    page: { integrity: 'v4.public.SECRET-INTEGRITY', clientId: 'kimne78kx3ncx6brgo4mv6wki5h1ko', deviceId: 'dev', sessionId: 'sess', expiresAt: NOW + 10 * 60_000, seenAt: NOW - 60_000 },
    device: { accessToken: 'SECRET-ACCESS', refreshToken: 'SECRET-REFRESH', clientId: 'tv', expiresAt: NOW + HOUR, scopes: [], userId: '1', login: 'viewer', validatedAt: NOW },
    sessions: [
      { login: 'a', streamId: 's', start: NOW - 50 * 60_000, end: NOW - 10 * 60_000, minutes: 40, passive: false },
      { login: 'b', streamId: 't', start: NOW - 3 * HOUR, end: NOW - 2 * HOUR, minutes: 60, passive: false },
    ],
    changes: [
      { at: NOW - 20 * 60_000, login: 'a', delta: 10, balance: 100, reason: 'WATCH' },
      { at: NOW - 10 * 60_000, login: 'a', delta: 50, balance: 150, reason: 'CLAIM' },
    ],
    credit: { route: 'send-events', since: NOW - HOUR, routes: { spade: { failedAt: NOW - HOUR }, 'send-events': { creditedAt: NOW - 60_000 } }, dropsSince: null, dropsLogin: null, dropsBeats: 0, pointsSince: null, trialOf: null, noneAt: null, roundAt: NOW - 60_000 },
    realtime: 'open',
    recent: [{ id: 1, ts: NOW - 1000, firstTs: NOW - 1000, kind: 'drops', level: 'warn', code: 'logNothingNew', args: [], count: 1 }],
  });

  it('lists failing operations first, names where each hash came from, and counts the last hour', () => {
    const v = healthView(records(), NOW);
    expect(v.ops.map((o) => `${o.name}:${o.ok ? 'ok' : o.kind}:${o.source}`)).toEqual([
      'ChannelPointsContext:persisted-query-not-found:built-in',
      'ViewerDropsDashboard:integrity:built-in',
      'ChannelFollows:ok:built-in',
      'Inventory:ok:learned',
    ]);
    expect(v.ops.find((o) => o.name === 'Inventory')!.learnedAt).toBe(NOW - HOUR);
    expect(v.reads).toEqual({ via: 'page', integrityExpiresAt: NOW + 10 * 60_000, pageSeenAt: NOW - 60_000, blocked: ['ViewerDropsDashboard'] });
    expect(v.claims).toEqual({ path: 'page-token', blocked: false, activatedAs: undefined, expiresAt: NOW + 10 * 60_000 });
    expect(v.heartbeat).toEqual({ transport: 'send-events', creditedAt: NOW - 60_000, noneCredits: false, minutesLastHour: 40, creditsLastHour: 1 });
    expect(v.blockedHosts).toEqual([{ host: 'spade.twitch.tv', error: 'net::ERR_NAME_NOT_RESOLVED', at: NOW - 5000 }]);
    expect(healthViewSchema.parse(v)).toEqual(v);
  });

  it('says reads go with the session alone once the page token ran out, and the activation’s expiry for claims', () => {
    const r = records();
    r.page = { ...r.page!, expiresAt: NOW - 1 };
    r.mutations = { path: 'activated', blocked: false, at: NOW, activatedAs: 'viewer' };
    const v = healthView(r, NOW);
    expect(v.reads.via).toBe('session');
    expect(v.claims).toMatchObject({ path: 'activated', activatedAs: 'viewer', expiresAt: NOW + HOUR });
  });

  it('never carries a token: the diagnostics can be pasted in a bug report as they are', () => {
    const text = JSON.stringify(healthView(records(), NOW));
    expect(text).not.toMatch(/SECRET/);
    expect(text).not.toContain('"sess"');
    expect(text).not.toContain('"dev"');
  });
});
