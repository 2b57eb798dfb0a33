import { describe, expect, it } from 'vitest';
import { campaignsToMine, channelCounts, claimsDue, dropState, eligibility, stalled, type DropPrefs } from '../../lib/drops/plan';
import type { Campaign, Drop } from '../../lib/drops/types';

const H = 3_600_000;
const now = 100 * H;
const prefs: DropPrefs = { enabled: true, games: [], exclude: [], mineTwitchApplied: true };

const drop = (id: string, extra: Partial<Drop> = {}): Drop => ({
  id,
  name: `Drop ${id}`,
  startAt: now - H,
  endAt: now + 10 * H,
  requiredMinutes: 60,
  currentMinutes: 0,
  claimed: false,
  instanceId: null,
  benefits: [{ id: `b-${id}`, name: `Benefit ${id}` }],
  preconditions: [],
  twitchApplied: false,
  ...extra,
});

const campaign = (id: string, extra: Partial<Campaign> = {}): Campaign => ({
  id,
  name: `Campaign ${id}`,
  game: { id: 'g1', name: 'Game One' },
  startAt: now - H,
  endAt: now + 10 * H,
  linked: true,
  allowedChannels: null,
  drops: [drop(`${id}-1`)],
  ...extra,
});

describe('drop eligibility', () => {
  it('mines an active, linked campaign with time left, and says why not otherwise', () => {
    expect(eligibility(campaign('a'), prefs, now)).toMatchObject({ ok: true, next: { id: 'a-1' } });
    expect(eligibility(campaign('a', { linked: false }), prefs, now)).toEqual({ ok: false, reason: 'not-linked' });
    expect(eligibility(campaign('a', { startAt: now + H }), prefs, now)).toEqual({ ok: false, reason: 'not-started' });
    expect(eligibility(campaign('a', { endAt: now }), prefs, now)).toEqual({ ok: false, reason: 'ended' });
    // 60 minutes needed, 30 left.
    expect(eligibility(campaign('a', { endAt: now + 30 * 60_000 }), prefs, now)).toEqual({ ok: false, reason: 'too-late' });
    expect(eligibility(campaign('a', { drops: [drop('x', { claimed: true })] }), prefs, now)).toEqual({ ok: false, reason: 'done' });
    expect(eligibility(campaign('a'), { ...prefs, exclude: ['game one'] }, now)).toEqual({ ok: false, reason: 'excluded' });
    expect(eligibility(campaign('a'), { ...prefs, games: ['Other'] }, now)).toEqual({ ok: false, reason: 'not-listed' });
  });

  it('waits for preconditions, and skips badge drops when the viewer says so', () => {
    const c = campaign('a', { drops: [drop('first'), drop('second', { preconditions: ['first'] })] });
    expect(dropState(c.drops[1]!, c, now)).toBe('locked');
    const badge = campaign('b', { drops: [drop('badge', { twitchApplied: true })] });
    expect(eligibility(badge, prefs, now).ok).toBe(true);
    expect(eligibility(badge, { ...prefs, mineTwitchApplied: false }, now)).toEqual({ ok: false, reason: 'too-late' });
  });

  it('orders campaigns by the viewer game list, then by the earliest end', () => {
    const list = [
      campaign('late', { endAt: now + 20 * H }),
      campaign('soon', { endAt: now + 5 * H }),
      campaign('fav', { game: { id: 'g2', name: 'Favourite' }, endAt: now + 30 * H }),
    ];
    expect(campaignsToMine(list, prefs, now).map((c) => c.id)).toEqual(['soon', 'late', 'fav']);
    expect(campaignsToMine(list, { ...prefs, games: ['Favourite', 'Game One'] }, now).map((c) => c.id)).toEqual(['fav', 'soon', 'late']);
    expect(campaignsToMine(list, { ...prefs, enabled: false }, now)).toEqual([]);
  });

  it('claims finished drops with a claim id, never badges, never twice', () => {
    const c = campaign('a', {
      drops: [
        drop('done', { currentMinutes: 60, instanceId: 'u#a#done' }),
        drop('noid', { currentMinutes: 60 }),
        drop('badge', { currentMinutes: 60, twitchApplied: true }),
        drop('claimed', { currentMinutes: 60, claimed: true, instanceId: 'u#a#claimed' }),
      ],
    });
    expect(claimsDue([c], now).map((x) => x.drop.id)).toEqual(['done']);
    expect(dropState(c.drops[2]!, c, now)).toBe('applied');
  });

  it('knows which channels count, and when progress stalls', () => {
    const open = campaign('a');
    const acl = campaign('b', { allowedChannels: ['partner'] });
    expect(channelCounts(open, { login: 'anyone', live: true, gameId: 'g1' })).toBe(true);
    expect(channelCounts(open, { login: 'anyone', live: true, gameId: 'g2' })).toBe(false);
    expect(channelCounts(open, { login: 'anyone', live: false, gameId: 'g1' })).toBe(false);
    expect(channelCounts(acl, { login: 'anyone', live: true, gameId: 'g1' })).toBe(false);
    expect(channelCounts(acl, { login: 'partner', live: true, gameId: 'g1' })).toBe(true);
    expect(stalled(now - 10 * 60_000, now - 2 * 60_000, now)).toBe(false);
    expect(stalled(now - 10 * 60_000, now - 7 * 60_000, now)).toBe(true);
    expect(stalled(now - 3 * 60_000, now - 30 * 60_000, now)).toBe(false);
  });
});
