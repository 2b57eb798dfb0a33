import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rewardCampaignsOf } from '../../lib/twitch/ops/rewards';

// The dashboard's reward campaigns (tests/fixtures/twitch/ViewerDropsDashboard.campaigns.json), read one by one.
const fixture = JSON.parse(readFileSync('tests/fixtures/twitch/ViewerDropsDashboard.campaigns.json', 'utf8')) as { data: { rewardCampaignsAvailableToUser: Record<string, unknown>[] } };
const [sub, quest] = fixture.data.rewardCampaignsAvailableToUser as [Record<string, unknown>, Record<string, unknown>];

describe('reward campaigns from the drops dashboard', () => {
  it('maps each to what the options page shows: who gives it, when, what unlocks it, where to take part', () => {
    const { rewards, skipped } = rewardCampaignsOf([sub, quest]);
    expect(skipped).toBe(0);
    expect(rewards[0]).toEqual({
      id: 'e4f6a5b7-bb1e-11f1-bf5d-0a58fa11c004',
      name: 'Subscribe, get 1 month of Fixture+',
      brand: 'Fixture+',
      game: undefined,
      startAt: Date.parse('2026-11-01T17:00:00Z'),
      endAt: Date.parse('2026-11-30T17:00:00Z'),
      summary: 'Get 1 month of Fixture+',
      url: 'https://fixture-plus.example/redeem',
      subsGoal: 1,
      minutesGoal: 0,
      imageUrl: 'https://static-cdn.jtvnw.net/twitch-quests-assets/CAMPAIGN/fixture_plus/fixture_150x200.png',
      rewards: [{ id: 'e5a7b6c8-bb1e-11f1-bf5d-0a58fa11e001', name: '1 month of Fixture+', imageUrl: 'https://static-cdn.jtvnw.net/twitch-quests-assets/CAMPAIGN/fixture_plus/fixture_200x200.png' }],
    });
    expect(rewards[1]).toMatchObject({ game: 'Fixture Quest', subsGoal: 0, minutesGoal: 60 });
  });

  it('skips and counts the malformed ones, keeping the others', () => {
    const malformed = [
      null,
      'a string',
      { ...sub, id: undefined },
      { ...sub, name: null },
      { ...sub, endsAt: 'next week' },
      { ...sub, rewards: [{ name: 'no id' }] },
      { ...sub, unlockRequirements: { subsGoal: 'one' } },
    ];
    const { rewards, skipped } = rewardCampaignsOf([sub, ...malformed, quest]);
    expect(skipped).toBe(malformed.length);
    expect(rewards.map((r) => r.name)).toEqual(['Subscribe, get 1 month of Fixture+', 'Fixture Quest: the watch quest']);
    // None asked for (absent), and a list in another shape: nothing read, the latter said once.
    expect(rewardCampaignsOf(undefined)).toEqual({ rewards: [], skipped: 0 });
    expect(rewardCampaignsOf({ edges: [] })).toEqual({ rewards: [], skipped: 1 });
  });

  it('tolerates unknown fields and missing optional ones', () => {
    const { rewards, skipped } = rewardCampaignsOf([
      { ...quest, newField: { nested: true }, unlockRequirements: { minuteWatchedGoal: 30, newGoal: 2 }, game: { id: '1', name: 'Only A Name' } },
      { id: 'bare', name: 'Bare' },
    ]);
    expect(skipped).toBe(0);
    expect(rewards[0]).toMatchObject({ game: 'Only A Name', subsGoal: 0, minutesGoal: 30 });
    expect(rewards[1]).toEqual({ id: 'bare', name: 'Bare', subsGoal: 0, minutesGoal: 0, rewards: [] });
  });

  it('links only to http(s) addresses: externalURL, else aboutURL, else none', () => {
    const of = (over: Record<string, unknown>) => rewardCampaignsOf([{ ...sub, ...over }]).rewards[0]!.url;
    expect(of({ externalURL: 'javascript:alert(1)' })).toBe('https://blog.twitch.tv/2026/11/01/fixture-plus/');
    expect(of({ externalURL: '', aboutURL: 'not a url' })).toBeUndefined();
  });
});
