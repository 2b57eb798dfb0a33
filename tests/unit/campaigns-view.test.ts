import { describe, expect, it } from 'vitest';
import { campaignsView } from '../../lib/engine/background/views/campaigns';
import type { DropPrefs } from '../../lib/drops/plan';
import type { Campaign, DropClaim, Drop, RewardCampaign } from '../../lib/drops/types';
import { campaignsViewSchema } from '../../lib/messages/options';

const NOW = Date.UTC(2026, 11, 3, 12);
const HOUR = 3_600_000;

const drop = (id: string, over: Partial<Drop> = {}): Drop => ({
  id,
  name: `Drop ${id}`,
  startAt: NOW - 10 * HOUR,
  endAt: NOW + 100 * HOUR,
  requiredMinutes: 60,
  currentMinutes: 0,
  claimed: false,
  instanceId: null,
  benefits: [{ id: `b-${id}`, name: id, imageUrl: `https://img/${id}.png` }],
  preconditions: [],
  twitchApplied: false,
  ...over,
});
const campaign = (id: string, game: string, over: Partial<Campaign> = {}): Campaign => ({
  id,
  name: `Campaign ${id}`,
  game: { id: game.toLowerCase(), name: game, boxArtUrl: `https://art/${game}.jpg` },
  startAt: NOW - HOUR,
  endAt: NOW + 48 * HOUR,
  linked: true,
  allowedChannels: null,
  drops: [drop(`${id}-1`)],
  ...over,
});
const prefs = (over: Partial<DropPrefs> = {}): DropPrefs => ({ enabled: true, games: [], exclude: [], mineTwitchApplied: false, ...over });

describe('the campaign browser', () => {
  const campaigns = [
    campaign('late', 'Game B', { endAt: NOW + 72 * HOUR }),
    campaign('soon', 'Game A', { endAt: NOW + 24 * HOUR, progressAt: NOW - 60_000, drops: [drop('soon-1', { currentMinutes: 20 })] }),
    campaign('unlinked', 'Game C', { linked: false, linkUrl: 'https://link/c' }),
    campaign('future', 'Game A', { startAt: NOW + 5 * HOUR }),
    campaign('gone', 'Game A', { startAt: NOW - 48 * HOUR, endAt: NOW - HOUR }),
    campaign('skip', 'Game D'),
  ];
  const claims: DropClaim[] = [
    { instanceId: 'i1', dropId: 'x', dropName: 'Old hat', campaignId: 'c0', campaignName: 'Before', game: 'Game A', benefits: [], claimedAt: NOW - 2 * HOUR, kind: 'claimed' },
    { instanceId: 'i2', dropId: 'y', dropName: 'Badge', campaignId: 'c0', campaignName: 'Before', game: 'Game A', benefits: [{ id: 'b', name: 'b', imageUrl: 'https://img/b.png' }], claimedAt: NOW - HOUR, kind: 'applied' },
  ];

  it('lists every campaign running or to come, the mined ones first in Minert’s order, each with why it is not mined', () => {
    const v = campaignsView({ campaigns, rewards: [], readAt: NOW - 120_000, drops: prefs({ games: ['Game B', 'Game A', 'Game C'], exclude: ['Game D'] }), claims }, NOW);
    expect(campaignsViewSchema.parse(v)).toEqual(v);
    expect(v.campaigns.map((c) => `${c.id}:${c.state}:${c.mined ? (c.mining ? 'mining' : 'mined') : c.reason}`)).toEqual([
      'late:active:mining', // the viewer's first game, though it ends last
      'soon:active:mined',
      'skip:active:excluded', // then by start, end and name
      'unlinked:active:not-linked',
      'future:upcoming:not-started',
    ]);
    const unlinked = v.campaigns.find((c) => c.id === 'unlinked')!;
    expect(unlinked).toMatchObject({ linked: false, linkUrl: 'https://link/c', game: { name: 'Game C', boxArtUrl: 'https://art/Game C.jpg' } });
    const soon = v.campaigns.find((c) => c.id === 'soon')!;
    expect(soon.progressAt).toBe(NOW - 60_000);
    expect(soon.drops).toEqual([{ id: 'soon-1', name: 'Drop soon-1', current: 20, required: 60, state: 'in-progress', imageUrl: 'https://img/soon-1.png' }]);
    expect(v.readAt).toBe(NOW - 120_000);
    expect(v.dropsEnabled).toBe(true);
  });

  it('says not-listed for a game off the list, and mines nothing while drops are off', () => {
    const listed = campaignsView({ campaigns, rewards: [], drops: prefs({ games: ['Game A'] }), claims: [] }, NOW);
    expect(listed.campaigns.find((c) => c.id === 'late')!.reason).toBe('not-listed');
    const off = campaignsView({ campaigns, rewards: [], drops: prefs({ enabled: false }), claims: [] }, NOW);
    expect(off.dropsEnabled).toBe(false);
    expect(off.campaigns.some((c) => c.mined || c.mining)).toBe(false);
    expect(off.readAt).toBeUndefined();
  });

  it('keeps the claimed history newest first, with the campaign and the reward image', () => {
    const v = campaignsView({ campaigns: [], rewards: [], drops: prefs(), claims }, NOW);
    expect(v.campaigns).toEqual([]);
    expect(v.history).toEqual([
      { dropName: 'Badge', campaignName: 'Before', game: 'Game A', claimedAt: NOW - HOUR, kind: 'applied', imageUrl: 'https://img/b.png' },
      { dropName: 'Old hat', campaignName: 'Before', game: 'Game A', claimedAt: NOW - 2 * HOUR, kind: 'claimed', imageUrl: undefined },
    ]);
  });

  it('lists the reward campaigns not over, ending soonest first, never mined, with what unlocks them and their link', () => {
    const reward = (id: string, over: Partial<RewardCampaign> = {}): RewardCampaign => ({
      id,
      name: `Reward ${id}`,
      subsGoal: 0,
      minutesGoal: 0,
      rewards: [{ id: `r-${id}`, name: `Prize ${id}` }],
      ...over,
    });
    const rewards = [
      reward('open', { brand: 'Brand', url: 'https://brand.example/about', subsGoal: 1 }), // no end: last
      reward('soon', { game: 'Game A', startAt: NOW - HOUR, endAt: NOW + HOUR, minutesGoal: 30, imageUrl: 'https://img/soon.png' }),
      reward('later', { startAt: NOW + 2 * HOUR, endAt: NOW + 5 * HOUR }),
      reward('over', { endAt: NOW - 1 }),
    ];
    const v = campaignsView({ campaigns: [], rewards, drops: prefs(), claims: [] }, NOW);
    expect(campaignsViewSchema.parse(v)).toEqual(v);
    expect(v.rewards.map((r) => `${r.id}:${r.state}`)).toEqual(['soon:active', 'later:upcoming', 'open:active']);
    expect(v.rewards[0]).toEqual({
      id: 'soon',
      name: 'Reward soon',
      brand: undefined,
      game: 'Game A',
      state: 'active',
      startAt: NOW - HOUR,
      endAt: NOW + HOUR,
      summary: undefined,
      url: undefined,
      subsGoal: 0,
      minutesGoal: 30,
      imageUrl: 'https://img/soon.png',
      rewards: ['Prize soon'],
    });
    expect(v.rewards[2]).toMatchObject({ brand: 'Brand', url: 'https://brand.example/about', subsGoal: 1 });
  });
});
