import { describe, expect, it } from 'vitest';
import { chooseWatch, STREAK_GAP_MS, wantsStreak, type Candidate, type WatchRules } from '../../lib/watch/scheduler';

const prefs = { enabled: true, points: true, drops: true, watchStreak: true, predictions: false, raids: true, bonus: true, moments: true };
let order = 0;
const c = (login: string, extra: Partial<Candidate> = {}): Candidate => ({
  login,
  live: true,
  streamMinutes: 60,
  order: order++,
  dropsEligible: false,
  prefs,
  ...extra,
});
const rules = (priorities: WatchRules['priorities'], oneChannelWhileDrops = false): WatchRules => ({ priorities, oneChannelWhileDrops });

describe('chooseWatch', () => {
  it('takes the first two live channels in the viewer order', () => {
    const plan = chooseWatch([c('a', { live: false }), c('b'), c('c'), c('d')], rules(['ORDER']), null);
    expect(plan.slots).toEqual(['b', 'c']);
    expect(plan.reasons).toEqual({ b: { rule: 'ORDER' }, c: { rule: 'ORDER' } });
  });

  it('puts a channel whose watch streak is waiting first', () => {
    const plan = chooseWatch([c('a'), c('b'), c('new', { streamMinutes: 2 })], rules(['STREAK', 'ORDER']), null);
    expect(plan.slots).toEqual(['new', 'a']);
    expect(plan.reasons.new).toEqual({ rule: 'STREAK' });
  });

  it('ignores a streak once earned, or when the stream followed the last one too closely', () => {
    const now = 10 * STREAK_GAP_MS;
    expect(wantsStreak(c('x', { streamMinutes: 7 }))).toBe(false);
    expect(wantsStreak(c('x', { streamMinutes: 0, streamStartedAt: now, lastOfflineAt: now - 5 * 60_000 }))).toBe(false);
    expect(wantsStreak(c('x', { streamMinutes: 0, streamStartedAt: now, lastOfflineAt: now - STREAK_GAP_MS }))).toBe(true);
    expect(wantsStreak(c('x', { streamMinutes: 0, prefs: { ...prefs, watchStreak: false } }))).toBe(false);
  });

  it('puts drops first when asked, and gives drop progress to one channel', () => {
    const plan = chooseWatch([c('a'), c('d1', { dropsEligible: true }), c('d2', { dropsEligible: true })], rules(['DROPS', 'ORDER']), null);
    expect(plan.slots).toEqual(['d1', 'd2']);
    expect(plan.dropsChannel).toBe('d1');
  });

  it('watches only the drops channel while a drop is mined, when the viewer asks for that', () => {
    const plan = chooseWatch([c('a'), c('d1', { dropsEligible: true })], rules(['DROPS', 'ORDER'], true), null);
    expect(plan.slots).toEqual(['d1']);
    expect(plan.dropsChannel).toBe('d1');
  });

  it('orders by points and by multiplier', () => {
    const list = [c('rich', { balance: 9000 }), c('poor', { balance: 10 }), c('mid', { balance: 500, multiplier: 1.2 })];
    expect(chooseWatch(list, rules(['POINTS_ASCENDING']), null).slots).toEqual(['poor', 'mid']);
    expect(chooseWatch(list, rules(['POINTS_DESCENDING']), null).slots).toEqual(['rich', 'mid']);
    expect(chooseWatch(list, rules(['SUBSCRIBED', 'POINTS_DESCENDING']), null).slots).toEqual(['mid', 'rich']);
  });

  it('counts the channel open in the viewer tab as a slot', () => {
    const plan = chooseWatch([c('a'), c('b'), c('tab')], rules(['ORDER']), { login: 'tab', live: true });
    expect(plan.slots).toEqual(['tab', 'a']);
    expect(plan.passive).toBe('tab');
    // An offline tab channel takes no slot.
    expect(chooseWatch([c('a'), c('b'), c('tab', { live: false })], rules(['ORDER']), { login: 'tab', live: false }).slots).toEqual(['a', 'b']);
  });

  it('skips channels the viewer turned off, and drop-only channels without a drop', () => {
    const off = { ...prefs, enabled: false };
    const dropsOnly = { ...prefs, points: false };
    const plan = chooseWatch([c('off', { prefs: off }), c('dropsonly', { prefs: dropsOnly }), c('ok')], rules(['ORDER']), null);
    expect(plan.slots).toEqual(['ok']);
  });

  it('never leaves a slot idle while an eligible channel is live', () => {
    // The priorities pick nobody (no streak, no drops, no multiplier): the free slots still get filled.
    const plan = chooseWatch([c('a'), c('b')], rules(['STREAK', 'DROPS', 'SUBSCRIBED']), null);
    expect(plan.slots).toEqual(['a', 'b']);
  });
});

describe('raids', () => {
  it('follows a raid to the raided channel, ahead of the priorities', () => {
    const plan = chooseWatch([c('a'), c('b'), c('target', { raidedFrom: 'a', order: 99 })], rules(['ORDER']), null);
    expect(plan.slots).toEqual(['target', 'a']);
    expect(plan.reasons.target).toEqual({ rule: 'RAID', from: 'a' });
  });
});
