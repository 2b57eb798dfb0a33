import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pollDeviceToken } from '../../lib/twitch/device';
import { TwitchError } from '../../lib/twitch/errors';
import { GqlClient } from '../../lib/twitch/gql';
import { Transport } from '../../lib/twitch/http';
import { checkStreams, fetchChannels } from '../../lib/twitch/ops/channels';
import { fetchGameSlug, fetchGameStreams } from '../../lib/twitch/ops/directory';
import { claimDrop, fetchCampaigns, fetchDropSession, fetchInventory } from '../../lib/twitch/ops/drops';
import { fetchFollows, fetchLiveFollowed } from '../../lib/twitch/ops/follows';
import { claimBonus } from '../../lib/twitch/ops/points';
import { makePrediction } from '../../lib/twitch/ops/predictions';
import { replaysOf, rewardListCall, streakStatusOf } from '../../lib/twitch/ops/streaks';

// Twitch's answers as of late 2026, written from captured answers' shapes (tests/fixtures/twitch/README.md), read
// through each operation's schema and mapper by the real client: what comes out is domain data.
const fixture = (name: string): unknown => JSON.parse(readFileSync(`tests/fixtures/twitch/${name}.json`, 'utf8'));
/** One operation's answer out of a fixture (a batch fixture holds it as its first element). */
const answer = (name: string) => {
  const f = fixture(name);
  return Array.isArray(f) ? f[0] : f;
};

const NOW = Date.parse('2026-11-14T18:00:00Z');
const USER = '900000001';
const CAMPAIGN_A = 'a1f3c2d4-bb1e-11f1-8c2a-0a58fa11c001';
const CAMPAIGN_B = 'b2e4d3c5-bb1e-11f1-9d3b-0a58fa11c002';

/**
 * A transport answering each GQL operation (by name) with its fixture, and other URLs by path; it records the bodies
 * sent. A value may be a list: the answers to successive requests for that operation.
 */
function fixtureClient(answers: Record<string, string | string[] | { body: unknown }>, status = 200) {
  const sent: unknown[] = [];
  const count = new Map<string, number>();
  const next = (key: string) => {
    const a = answers[key];
    if (a === undefined) throw new Error(`no fixture for ${key}`);
    if (typeof a === 'object' && !Array.isArray(a)) return a.body;
    const n = count.get(key) ?? 0;
    count.set(key, n + 1);
    return answer(Array.isArray(a) ? a[Math.min(n, a.length - 1)]! : a);
  };
  const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    let reply: unknown;
    if (url.pathname === '/gql') {
      const parsed: unknown = JSON.parse(body);
      sent.push(parsed);
      reply = Array.isArray(parsed) ? parsed.map((p: { operationName: string }) => next(p.operationName)) : next((parsed as { operationName: string }).operationName);
    } else reply = next(url.pathname);
    return new Response(JSON.stringify(reply), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const transport = new Transport({ fetch, maxAttempts: 1 });
  return { gql: new GqlClient(transport, { token: 'fixture0token0abcdefghijklmnop' }), transport, sent };
}

const failsWith = async (p: Promise<unknown>, kind: string) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TwitchError);
  expect((e as TwitchError).kind).toBe(kind);
};

describe('captured answers through the schemas and mappers', () => {
  it('a live stream: its game from broadcastSettings, its chest and multiplier from the points context', async () => {
    const { gql } = fixtureClient({ ChannelPointsContext: 'ChannelPointsContext.claim', VideoPlayerStreamInfoOverlayChannel: 'VideoPlayerStreamInfoOverlayChannel.online' });
    const [r] = await fetchChannels(gql, ['fixture_streamer_a']);
    expect(r!.ok).toBe(true);
    if (!r!.ok) return;
    expect(r!.snapshot.live).toBe(true);
    expect(r!.snapshot.game).toEqual({ id: '900001', name: 'Fixture Quest' });
    expect(r!.snapshot.availableClaimId).toBeTruthy();
    expect(r!.snapshot.multiplier).toBeCloseTo(1.2);
    expect(r!.snapshot.balance).toBeGreaterThan(0);
  });

  it('an offline channel has no stream and no game', async () => {
    const { gql } = fixtureClient({ VideoPlayerStreamInfoOverlayChannel: 'VideoPlayerStreamInfoOverlayChannel.offline' });
    const [c] = await checkStreams(gql, ['fixture_streamer_c']);
    expect(c).toMatchObject({ login: 'fixture_streamer_c', stream: null });
  });

  it('the followed live channels (raw document) with their games, one without', async () => {
    const { gql, sent } = fixtureClient({ FollowedLiveUsers: 'FollowedLiveUsers.page' });
    const live = await fetchLiveFollowed(gql);
    expect(live.length).toBe(3);
    expect(live[0]).toMatchObject({ login: 'fixture_streamer_a', channelId: '900000101', game: { id: '900001', name: 'Fixture Quest' } });
    expect(live.some((s) => s.game === null)).toBe(true);
    expect(sent[0]).toMatchObject({ operationName: 'FollowedLiveUsers', query: expect.stringContaining('followedLiveUsers') });
  });

  it('follows, a game slug and its drops streams', async () => {
    const { gql, sent } = fixtureClient({ ChannelFollows: 'ChannelFollows.page', DirectoryGameRedirect: 'DirectoryGameRedirect', DirectoryPage_Game: 'DirectoryPage_Game.drops' });
    expect((await fetchFollows(gql)).map((f) => f.login)).toHaveLength(2);
    expect(await fetchGameSlug(gql, 'Fixture Arena: Reloaded')).toBe('fixture-arena-reloaded');
    const streams = await fetchGameStreams(gql, 'fixture-quest', { dropsOnly: true });
    expect(streams.length).toBe(2);
    expect(streams[0]!.game?.id).toBe('900001');
    expect(sent.at(-1)).toMatchObject({ variables: { slug: 'fixture-quest', options: { systemFilters: ['DROPS_ENABLED'] } } });
  });

  it('campaigns: listed, detailed by the viewer id, progress from the inventory; no link URL is not "link your account"', async () => {
    const { gql, sent } = fixtureClient({
      ViewerDropsDashboard: 'ViewerDropsDashboard.campaigns',
      DropCampaignDetails: ['DropCampaignDetails.allowed-channels', 'DropCampaignDetails.any-channel'],
      Inventory: 'Inventory.in-progress',
    });
    const { campaigns, rewards, skippedRewards } = await fetchCampaigns(gql, USER, new Map(), NOW);
    expect(sent[0]).toMatchObject({ operationName: 'ViewerDropsDashboard', variables: { fetchRewardCampaigns: true } });
    const details = sent[1] as { variables: { channelLogin: string } }[];
    expect(details.every((d) => d.variables.channelLogin === USER)).toBe(true);
    const a = campaigns.find((c) => c.id === CAMPAIGN_A)!;
    expect(a.game).toMatchObject({ id: '900001', slug: 'fixture-quest' });
    expect(a.allowedChannels).toEqual(['fixture_streamer_a', 'fixture_streamer_b']);
    const weapon = a.drops.find((d) => d.name === 'Fixture Weapon Skin')!;
    expect(weapon).toMatchObject({ currentMinutes: 120, claimed: false, instanceId: `${USER}#${CAMPAIGN_A}#${weapon.id}` });
    expect(a.drops.find((d) => d.name === 'Fixture Subscriber Outfit')!.subOnly).toBe(true);
    expect(a.drops.find((d) => d.name === 'Fixture Banner Badge')!.twitchApplied).toBe(true);
    const b = campaigns.find((c) => c.id === CAMPAIGN_B);
    expect(b?.linked).toBe(true);
    expect(b?.allowedChannels).toBeNull();
    // The reward campaigns listed beside them (a sibling of currentUser): what unlocks each, and where to take part.
    expect(skippedRewards).toBe(0);
    expect(rewards.map((r) => [r.name, r.brand, r.game, r.subsGoal, r.minutesGoal, r.url])).toEqual([
      ['Subscribe, get 1 month of Fixture+', 'Fixture+', undefined, 1, 0, 'https://fixture-plus.example/redeem'],
      ['Fixture Quest: the watch quest', 'Fixture Games Studio', 'Fixture Quest', 0, 60, 'https://accounts.fixture-games.example/twitch/quest'],
    ]);
    expect(rewards[0]).toMatchObject({ endAt: Date.parse('2026-11-30T17:00:00Z'), rewards: [{ name: '1 month of Fixture+', imageUrl: expect.stringContaining('fixture_200x200') }] });
  });

  it('a malformed reward campaign is skipped and counted; the drop campaigns are read as ever', async () => {
    const dash = answer('ViewerDropsDashboard.campaigns') as { data: { rewardCampaignsAvailableToUser: unknown[] } };
    dash.data.rewardCampaignsAvailableToUser.push({ id: 'broken', name: null, endsAt: 'soon' });
    const { gql } = fixtureClient({
      ViewerDropsDashboard: { body: dash },
      DropCampaignDetails: ['DropCampaignDetails.allowed-channels', 'DropCampaignDetails.any-channel'],
      Inventory: 'Inventory.in-progress',
    });
    const read = await fetchCampaigns(gql, USER, new Map(), NOW);
    expect(read.campaigns.map((c) => c.id)).toEqual(expect.arrayContaining([CAMPAIGN_A, CAMPAIGN_B]));
    expect(read.rewards).toHaveLength(2);
    expect(read.skippedRewards).toBe(1);
  });

  it('a TV token gets no campaign list; an integrity refusal is named', async () => {
    await failsWith(fetchCampaigns(fixtureClient({ ViewerDropsDashboard: 'ViewerDropsDashboard.tv-token' }).gql, USER, new Map(), NOW), 'gql');
    await failsWith(fetchCampaigns(fixtureClient({ ViewerDropsDashboard: 'ViewerDropsDashboard.integrity' }).gql, USER, new Map(), NOW), 'integrity');
  });

  it('an inventory with a failed path and one with null benefit edges are kept', async () => {
    const partial = await fetchInventory(fixtureClient({ Inventory: 'Inventory.partial' }).gql);
    expect(partial.drops.size).toBeGreaterThan(0);
    const nullEdges = await fetchInventory(fixtureClient({ Inventory: 'Inventory.null-benefit-edges' }).gql);
    expect(nullEdges.drops.size).toBe(2);
  });

  it('the drop session, and "no session" as an object with an empty drop id', async () => {
    const s = await fetchDropSession(fixtureClient({ DropCurrentSessionContext: 'DropCurrentSessionContext.session' }).gql, '900000101');
    expect(s?.dropId).toMatch(/^d/);
    expect(await fetchDropSession(fixtureClient({ DropCurrentSessionContext: 'DropCurrentSessionContext.none' }).gql, '900000101')).toBeNull();
  });

  it('claims, chests and bets: confirmed or refused with Twitch’s reason', async () => {
    expect(await claimDrop(fixtureClient({ DropsPage_ClaimDropRewards: 'DropsPage_ClaimDropRewards.claimed' }).gql, 'x#y#z')).toBe('claimed');
    expect(await claimDrop(fixtureClient({ DropsPage_ClaimDropRewards: 'DropsPage_ClaimDropRewards.already-claimed' }).gql, 'x#y#z')).toBe('already-claimed');
    expect(await claimBonus(fixtureClient({ ClaimCommunityPoints: 'ClaimCommunityPoints.claimed' }).gql, '900000101', 'claim')).toBeGreaterThan(0);
    await failsWith(claimBonus(fixtureClient({ ClaimCommunityPoints: 'ClaimCommunityPoints.not-found' }).gql, '900000101', 'claim'), 'gql');
    await makePrediction(fixtureClient({ MakePrediction: 'MakePrediction.ok' }).gql, { eventId: 'e', outcomeId: 'o', points: 10, transactionId: 'fixture-tx-1' });
    await failsWith(makePrediction(fixtureClient({ MakePrediction: 'MakePrediction.error' }).gql, { eventId: 'e', outcomeId: 'o', points: 10, transactionId: 'fixture-tx-2' }), 'gql');
  });

  it('an unknown hash is asked twice before it is called stale; a refused token is logged out', async () => {
    const pqnf = fixtureClient({ Inventory: 'GqlError.persisted-query-not-found' });
    await failsWith(fetchInventory(pqnf.gql), 'persisted-query-not-found');
    expect(pqnf.sent).toHaveLength(2);
    await failsWith(fetchInventory(fixtureClient({ Inventory: 'GqlError.unauthorized' }, 401).gql), 'logged-out');
  });

  it('a device token answer without expires_in learns its lifetime from validate', async () => {
    const { transport } = fixtureClient({ '/oauth2/token': 'DeviceToken.no-expiry', '/oauth2/validate': 'Validate' });
    const validate = answer('Validate') as { expires_in: number };
    const r = await pollDeviceToken(transport, { deviceCode: 'd', userCode: 'U', verificationUri: 'https://www.twitch.tv/activate?device-code=U', expiresAt: NOW + 1e6, intervalMs: 5000 }, NOW);
    expect(r.state).toBe('done');
    if (r.state === 'done') expect(r.tokens.expiresAt).toBe(NOW + validate.expires_in * 1000);
  });

  it('a watch streak at risk, and the clips and VODs of the missed broadcast that can save it', async () => {
    const atRisk = fixtureClient({ RewardList: 'RewardList.at-risk' });
    const call = rewardListCall('900000101');
    expect(streakStatusOf(await atRisk.gql.request(call.op, call.variables))).toEqual({ length: 4, expiresAt: Date.parse('2026-11-15T17:30:00Z'), missed: ['900050001'] });
    const fine = fixtureClient({ RewardList: 'RewardList.not-at-risk' });
    expect(streakStatusOf(await fine.gql.request(call.op, call.variables))).toMatchObject({ length: 4, expiresAt: null, missed: [] });
    const lists = fixtureClient({ ClipsCards__User: 'ClipsCards__User.last-week', FilterableVideoTower_Videos: 'FilterableVideoTower_Videos.archive' });
    const { replays, failed, skipped } = await replaysOf(lists.gql, 'fixturechannel', ['900050001']);
    expect([failed, skipped]).toEqual([[], 0]);
    // Only the replays of the missed broadcast, clips first; the other broadcast's clip and VOD are left out.
    expect(replays.map((r) => [r.kind, r.id, r.broadcastId])).toEqual([
      ['clip', '900060001', '900050001'],
      ['vod', '900070001', '900050001'],
    ]);
  });
});
