import { describe, expect, it } from 'vitest';
import {
  afterStatus,
  AFTER_OFFLINE_MS,
  checkDue,
  firstToExpire,
  nextReplay,
  playMove,
  RECHECK_MS,
  SETTLE_MS,
  SWEEP_MS,
  sweepEvery,
  VOD_MINUTES,
  type Playing,
  type Replay,
  type StreakEntry,
} from '../../lib/points/streak';

const H = 60 * 60_000;
const now = Date.UTC(2026, 11, 3, 12);
const offline = { login: 'alpha', live: false as const, enough: 7 };
const entry = (e: Partial<StreakEntry> = {}): StreakEntry => ({ checkedAt: now - H, length: 4, expiresAt: null, missed: [], tried: [], ...e });
const clip: Replay = { kind: 'clip', id: 'c1', broadcastId: 'b1', slug: 's', url: 'u', seconds: 25 };
const vod: Replay = { kind: 'vod', id: 'v1', broadcastId: 'b1' };

describe('when a streak is read', () => {
  it('after a stream Minert watched too little of, once, 35 minutes after it ended', () => {
    const c = { ...offline, lastOfflineAt: now - AFTER_OFFLINE_MS, streamMinutes: 3 };
    expect(checkDue(c, entry({ checkedAt: now - 2 * H }), now)).toBe('now');
    expect(checkDue(c, entry({ checkedAt: now - 2 * H }), now - 60_000)).toBeNull();
    expect(checkDue(c, entry({ checkedAt: now }), now + 60_000)).toBeNull();
    // Watched enough: the streak was earned live.
    expect(checkDue({ ...c, streamMinutes: 7 }, entry({ checkedAt: now - 2 * H }), now)).toBeNull();
  });
  it('never for a live channel (the scheduler watches it), always while a replay plays', () => {
    expect(checkDue({ ...offline, live: true }, undefined, now)).toBeNull();
    const playing: Playing = { ...clip, session: 'x', startedAt: now, sent: 2, lastAt: now };
    expect(checkDue({ ...offline, live: true }, entry({ checkedAt: now, playing }), now)).toBe('now');
    // A clip's play alone cannot have saved it: its seconds come first.
    expect(checkDue(offline, entry({ checkedAt: now, playing: { ...playing, sent: 1 } }), now)).toBeNull();
  });
  it('once a day otherwise, by the sweep, and every two hours while at risk', () => {
    expect(checkDue(offline, undefined, now)).toBe('sweep');
    expect(checkDue(offline, entry({ checkedAt: now - SWEEP_MS + 1 }), now)).toBeNull();
    expect(checkDue(offline, entry({ checkedAt: now - SWEEP_MS }), now)).toBe('sweep');
    expect(checkDue(offline, entry({ checkedAt: now - RECHECK_MS + 1, expiresAt: now + 5 * H }), now)).toBeNull();
    expect(checkDue(offline, entry({ checkedAt: now - RECHECK_MS, expiresAt: now + 5 * H }), now)).toBe('now');
  });
  it('a read that failed is asked again two hours later, at the sweep\'s pace', () => {
    expect(checkDue(offline, entry({ checkedAt: now, failedAt: now - RECHECK_MS + 1 }), now)).toBeNull();
    expect(checkDue(offline, entry({ checkedAt: now, failedAt: now - RECHECK_MS }), now)).toBe('sweep');
  });
  it('the sweep reads every channel in a day, never in a burst', () => {
    // 1,000 channels, 20 a batch: a batch every 28.8 minutes; a few: every 2 hours; never more than every 20 minutes.
    expect(sweepEvery(1000)).toBe((SWEEP_MS * 20) / 1000);
    expect(sweepEvery(10)).toBe(RECHECK_MS);
    expect(sweepEvery(100_000)).toBe(20 * 60_000);
  });
});

describe('what a read means', () => {
  it('a fresh risk remembers the length to keep', () => {
    const v = afterStatus(entry(), { length: 4, expiresAt: now + 20 * H, missed: ['b1'] }, now);
    expect(v).toMatchObject({ kind: 'at-risk', fresh: true, entry: { atRiskLength: 4, missed: ['b1'], tried: [] } });
    const again = afterStatus(v.entry, { length: 4, expiresAt: now + 20 * H, missed: ['b1'] }, now + H);
    expect(again).toMatchObject({ kind: 'at-risk', fresh: false });
  });
  it('saved: no longer at risk with the same length, by the replay playing', () => {
    const playing: Playing = { ...clip, session: 'x', startedAt: now, sent: 2, lastAt: now };
    const atRisk = entry({ expiresAt: now + 20 * H, missed: ['b1'], atRiskLength: 4, playing });
    const v = afterStatus(atRisk, { length: 4, expiresAt: null, missed: [] }, now + 60_000);
    expect(v).toMatchObject({ kind: 'recovered', by: 'clip', entry: { outcome: 'recovered', expiresAt: null } });
    expect(v.entry.playing).toBeUndefined();
    // Read again later: nothing new to say.
    expect(afterStatus(v.entry, { length: 4, expiresAt: null, missed: [] }, now + H).kind).toBe('fine');
  });
  it('lost: the length dropped, or the time ran out', () => {
    const atRisk = entry({ expiresAt: now + H, missed: ['b1'], atRiskLength: 4 });
    expect(afterStatus(atRisk, { length: 0, expiresAt: null, missed: [] }, now).kind).toBe('lost');
    expect(afterStatus(atRisk, { length: 4, expiresAt: now - 1, missed: ['b1'] }, now).kind).toBe('lost');
  });
  it('a streak never at risk is fine', () => {
    expect(afterStatus(undefined, { length: 2, expiresAt: null, missed: [] }, now).kind).toBe('fine');
  });
});

describe('replays', () => {
  it('only of a missed broadcast, clips first, untried', () => {
    const e = entry({ expiresAt: now + H, missed: ['b1'] });
    const other: Replay = { kind: 'clip', id: 'c0', broadcastId: 'b0' };
    expect(nextReplay(e, [vod, other, clip])).toEqual(clip);
    expect(nextReplay({ ...e, tried: ['c1'] }, [vod, other, clip])).toEqual(vod);
    expect(nextReplay({ ...e, tried: ['c1', 'v1'] }, [vod, other, clip])).toBeNull();
  });
  it('a clip: its play, then its seconds, then time for Twitch to register it', () => {
    const p: Playing = { ...clip, session: 'x', startedAt: now, sent: 0, lastAt: now };
    expect(playMove(p, now)).toEqual({ kind: 'clip-play' });
    // The seconds played by the next tick, never past the clip's length.
    expect(playMove({ ...p, sent: 1 }, now + 60_000)).toEqual({ kind: 'clip-seconds', seconds: 25 });
    expect(playMove({ ...p, sent: 1 }, now + 2_000)).toEqual({ kind: 'clip-seconds', seconds: 5 });
    expect(playMove({ ...p, sent: 2, lastAt: now }, now + SETTLE_MS - 1)).toEqual({ kind: 'wait' });
    expect(playMove({ ...p, sent: 2, lastAt: now }, now + SETTLE_MS)).toEqual({ kind: 'done' });
  });
  it('a VOD: a minute a minute, up to eight', () => {
    const p: Playing = { ...vod, session: 'x', startedAt: now, sent: 0, lastAt: now };
    expect(playMove(p, now)).toEqual({ kind: 'vod-minute', minute: 1 });
    expect(playMove({ ...p, sent: 1 }, now + 30_000)).toEqual({ kind: 'wait' });
    expect(playMove({ ...p, sent: 1 }, now + 60_000)).toEqual({ kind: 'vod-minute', minute: 2 });
    expect(playMove({ ...p, sent: VOD_MINUTES, lastAt: now + 8 * 60_000 }, now + 8 * 60_000 + SETTLE_MS)).toEqual({ kind: 'done' });
  });
  it('events spade kept refusing still end the replay', () => {
    const p: Playing = { ...vod, session: 'x', startedAt: now, sent: 0, lastAt: now };
    expect(playMove(p, now + VOD_MINUTES * 60_000 + 2 * SETTLE_MS)).toEqual({ kind: 'done' });
  });
  it('one streak at a time: the one that expires first', () => {
    const book = { a: entry({ expiresAt: now + 5 * H }), b: entry({ expiresAt: now + 2 * H }), c: entry({ expiresAt: null }) };
    expect(firstToExpire(book, ['a', 'b', 'c'], now)).toBe('b');
    expect(firstToExpire(book, ['a', 'c'], now)).toBe('a');
    expect(firstToExpire(book, ['c'], now)).toBeNull();
  });
});
