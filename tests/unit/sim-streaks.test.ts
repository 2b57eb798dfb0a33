import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { gql, gqlBody, HOUR, integrityFailed, MINUTE, minuteProps, pageCaller, postSpade, useSim, type Json } from './sim-requests';

// Watch-streak recovery (tests/sim/streaks.ts), through the HTTPS server, with requests as mpforce1 (2026) sends them.

interface Milestone {
  watchStreakMilestone: { id: string; value: string; category: string; achievementTimestamp: string | null };
  missedStreams: { broadcastIdentifiers: { id: string }[] }[] | null;
  expiresAt: string | null;
}
interface RewardList {
  channel: { id: string; self: { watchStreakMilestone: Milestone } | null } | null;
}
interface ClipNode {
  id: string;
  slug: string;
  url: string;
  durationSeconds: number;
  createdAt: string;
  broadcastIdentifier: { id: string };
}
interface VideoNode {
  id: string;
  publishedAt: string;
  lengthSeconds: number;
  broadcastIdentifier: { id: string };
}

async function streakWorld() {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addChannel('alpha', { live: true });
  });
  const viewer = sim.world.users.get('viewer')!;
  const channel = sim.world.channel('alpha');
  return { sim, world: sim.world, viewer, channel, fetch: simFetch(sim) };
}

const rewardList = async (sim: Sim, user: SimUser | undefined, channelID = sim.world.channel('alpha').id) =>
  (await gql<RewardList>(simFetch(sim), 'RewardList', { channelID, shouldIncludeAllSuspendedStreaks: false }, user ? { user } : {})).channel;
const milestoneOf = async (sim: Sim, user: SimUser) => (await rewardList(sim, user))!.self!.watchStreakMilestone;

const clipsOf = async (sim: Sim, filter = 'LAST_WEEK') =>
  (await gql<{ user: { clips: { edges: { node: ClipNode }[]; pageInfo: { hasNextPage: boolean } } } }>(simFetch(sim), 'ClipsCards__User', { login: 'alpha', limit: 20, criteria: { filter }, cursor: null })).user.clips;
const videosOf = async (sim: Sim, vars: Json = {}) =>
  (await gql<{ user: { videos: { edges: { cursor: string; node: VideoNode }[]; pageInfo: { hasNextPage: boolean } } } }>(simFetch(sim), 'FilterableVideoTower_Videos', {
    channelOwnerLogin: 'alpha', broadcastType: 'ARCHIVE', videoSort: 'TIME', limit: 30, includePreviewBlur: false, ...vars,
  })).user.videos;

/** mpforce1's simulate_clip_playback: video-play, then n_second_play every 5 s (the clock moves with it). */
async function watchClip(sim: Sim, user: SimUser, clip: ClipNode, seconds: number[] = [5], session = randomBytes(16).toString('hex')) {
  const base = {
    location: 'vod', url: clip.url, channel_id: sim.world.channel('alpha').id, vod_type: 'clip', vod_id: clip.id, live: false,
    minutes_logged: 0, play_session_id: session, player: 'site', user_id: user.id, clip_slug: clip.slug,
  };
  expect(await postSpade(simFetch(sim), [{ event: 'video-play', properties: { ...base, content_mode: 'clip', vod_timestamp: 0 } }])).toBe(204);
  for (const s of seconds) {
    sim.clock.advance(5_000);
    expect(await postSpade(simFetch(sim), [{ event: 'n_second_play', properties: { ...base, platform: 'web', seconds_after_play: s, vod_timestamp: s - 0.1 } }])).toBe(204);
  }
}

/** mpforce1's simulate_vod_playback: one VOD minute-watched a minute, `minutes` times. */
async function watchVod(sim: Sim, user: SimUser, vodId: string, minutes: number) {
  for (let i = 0; i < minutes; i++) {
    const props = { channel_id: sim.world.channel('alpha').id, broadcast_id: null, player: 'site', user_id: user.id, live: false, channel: 'alpha', vod_id: vodId, content_mode: 'vod' };
    expect(await postSpade(simFetch(sim), [{ event: 'minute-watched', properties: props }])).toBe(204);
    sim.clock.advance(MINUTE);
  }
}

const outcomes = (sim: Sim) => sim.world.streaks.plays.map((p) => `${p.event}:${p.outcome}`);

describe('RewardList', () => {
  it('answers a streak not at risk, then at risk with the missed broadcast, and null self logged out', async () => {
    const { sim, world, viewer, channel } = await streakWorld();
    expect(world.streaks.rules).toEqual({ clipSaves: true, vodMinutes: 5, saveDelayMs: 30_000, subOnlyVodsCount: false });
    expect(await milestoneOf(sim, viewer)).toMatchObject({ watchStreakMilestone: { id: '', value: '0', category: 'WATCH_STREAK', achievementTimestamp: null }, missedStreams: null, expiresAt: null });
    const missed = world.streaks.miss('alpha', { length: 4 });
    const m = await milestoneOf(sim, viewer);
    expect(m).toMatchObject({ watchStreakMilestone: { value: '4', __typename: 'ViewerMilestone' }, watchStreakThreshold: 3, watchStreakCopoBonus: 350, state: 'ACTIVE', __typename: 'WatchStreakMilestone' });
    expect(m.missedStreams).toEqual([{ broadcastIdentifiers: [{ id: missed, __typename: 'BroadcastIdentifier' }], __typename: 'MissedStream' }]);
    expect(Date.parse(m.expiresAt!)).toBe(world.clock.now() + 23.5 * HOUR);
    expect(world.streaks.state('alpha')).toEqual({ length: 4, expiresAt: world.clock.now() + 23.5 * HOUR, missed: [missed], savedBy: null, savedAt: null });
    expect(await rewardList(sim, undefined)).toEqual({ id: channel.id, self: null, __typename: 'Channel' });
    expect(await rewardList(sim, viewer, '999999999')).toBeNull();
  });

  it('refuses a missing channelID as GraphQL does, and is a read gated like the others', async () => {
    const { sim, world, viewer, fetch } = await streakWorld();
    const body = await gqlBody(fetch, 'RewardList', { shouldIncludeAllSuspendedStreaks: false }, { user: viewer });
    expect(body.errors).toEqual([{ message: expect.stringMatching(/^Variable "\$channelID" got invalid value null/) }]);
    expect(body.data).toBeUndefined();
    expect((await gqlBody(fetch, 'ClipsCards__User', { limit: 20 })).errors![0]!.message).toMatch(/^Variable "\$login" got invalid value/);
    expect((await gqlBody(fetch, 'FilterableVideoTower_Videos', { limit: 20 })).errors![0]!.message).toMatch(/^Variable "\$channelOwnerLogin" got invalid value/);
    world.wire.gateReads = 'all';
    const vars = { channelID: world.channel('alpha').id, shouldIncludeAllSuspendedStreaks: false };
    expect(await gqlBody(fetch, 'RewardList', vars, { user: viewer })).toMatchObject(integrityFailed('channel'));
    expect((await gqlBody(fetch, 'RewardList', vars, pageCaller(world, viewer))).errors).toBeUndefined();
    expect(world.integrityRefusals.map((r) => r.operation)).toEqual(['RewardList']);
  });
});

describe('clips and VODs', () => {
  it('lists clips by age filter and VODs newest first; the 2022-2024 videos hash is PersistedQueryNotFound', async () => {
    const { sim, world, fetch } = await streakWorld();
    const missed = world.streaks.miss('alpha', {
      length: 2,
      clips: [{ of: 'missed' }, { of: 'other', ageMs: 3 * 24 * HOUR }],
      vods: [{ of: 'other' }, { of: 'missed', subOnly: true }],
    });
    expect((await clipsOf(sim, 'LAST_DAY')).edges.map((e) => e.node.broadcastIdentifier.id)).toEqual([missed]);
    expect((await clipsOf(sim, 'LAST_WEEK')).edges).toHaveLength(2);
    expect((await gqlBody(fetch, 'ClipsCards__User', { login: 'alpha', limit: 20, criteria: { filter: 'YESTERDAY' } })).errors).toHaveLength(1);
    const videos = await videosOf(sim);
    expect(videos.edges.map((e) => e.node.broadcastIdentifier.id)[0]).toBe(missed);
    expect(Date.parse(videos.edges[0]!.node.publishedAt)).toBeGreaterThan(Date.parse(videos.edges[1]!.node.publishedAt));
    const first = await videosOf(sim, { limit: 1 });
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect((await videosOf(sim, { limit: 1, cursor: first.edges[0]!.cursor })).edges[0]!.node.id).toBe(videos.edges[1]!.node.id);
    expect((await videosOf(sim, { broadcastType: 'HIGHLIGHT' })).edges).toEqual([]);
    const old = 'a937f1d22e269e39a03b509f65a7490f9fc247d7f83d6ac1421523e3b68042cb';
    expect((await gqlBody(fetch, 'FilterableVideoTower_Videos', { channelOwnerLogin: 'alpha', broadcastType: 'ARCHIVE', videoSort: 'TIME', limit: 30 }, {}, old)).errors).toEqual([{ message: 'PersistedQueryNotFound' }]);
  });
});

describe('saving a streak', () => {
  it('a clip of the missed broadcast saves it; RewardList shows it after the delay', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 4, clips: [{ of: 'missed' }] });
    const clip = (await clipsOf(sim)).edges[0]!.node;
    await watchClip(sim, viewer, clip);
    expect(outcomes(sim)).toEqual(['video-play:started', 'n_second_play:saved']);
    const savedAt = world.clock.now();
    expect(world.streaks.state('alpha')).toMatchObject({ length: 4, savedBy: 'clip', savedAt });
    // tkelman: "there's a delay ... before the backend registers the streak as saved".
    sim.clock.advance(29_000);
    expect((await milestoneOf(sim, viewer)).expiresAt).not.toBeNull();
    sim.clock.advance(1_000);
    expect(await milestoneOf(sim, viewer)).toMatchObject({ watchStreakMilestone: { value: '4' }, missedStreams: null, expiresAt: null });
    expect(world.streaks.state('alpha')).toEqual({ length: 4, expiresAt: null, missed: [], savedBy: 'clip', savedAt });
    // Saved, it outlives the old expiry.
    sim.clock.advance(24 * HOUR);
    expect(world.streaks.state('alpha').length).toBe(4);
  });

  it('a clip of another broadcast, a play with no video-play, or one under 5 s does nothing', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 3, clips: [{ of: 'other' }, { of: 'missed' }] });
    const [other, mine] = (await clipsOf(sim)).edges.map((e) => e.node);
    await watchClip(sim, viewer, other!, [5, 10]);
    expect(outcomes(sim)).toEqual(['video-play:started', 'n_second_play:other-broadcast', 'n_second_play:other-broadcast']);
    world.streaks.plays.length = 0;
    const props = { vod_type: 'clip', vod_id: mine!.id, channel_id: world.channel('alpha').id, user_id: viewer.id, seconds_after_play: 5, play_session_id: 'never-started' };
    await postSpade(simFetch(sim), [{ event: 'n_second_play', properties: props }]);
    await watchClip(sim, viewer, mine!, [0]);
    expect(outcomes(sim)).toEqual(['n_second_play:no-play', 'video-play:started', 'n_second_play:too-short']);
    sim.clock.advance(HOUR);
    expect(world.streaks.state('alpha')).toMatchObject({ savedBy: null, length: 3 });
    world.streaks.rules.clipSaves = false;
    await watchClip(sim, viewer, mine!);
    expect(outcomes(sim).at(-1)).toBe('n_second_play:clips-off');
  });

  it('VOD minutes of the missed broadcast: 4 do not, the 5th does (rules.vodMinutes)', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 6, vods: [{ of: 'missed' }, { of: 'other' }] });
    const [missed, other] = (await videosOf(sim)).edges.map((e) => e.node);
    await watchVod(sim, viewer, other!.id, 6);
    await watchVod(sim, viewer, missed!.id, 4);
    expect(world.streaks.state('alpha').savedBy).toBeNull();
    await watchVod(sim, viewer, missed!.id, 1);
    expect(outcomes(sim)).toEqual([...Array(6).fill('minute-watched:other-broadcast'), ...Array(4).fill('minute-watched:counted'), 'minute-watched:saved']);
    expect(world.streaks.state('alpha')).toMatchObject({ savedBy: 'vod', length: 6 });
    // Never a live minute, and the live judging saw none of them.
    expect(world.watchEvents).toEqual([]);
    expect(world.creditedMinutes(viewer)).toBe(0);
  });

  it('counts VOD minutes a minute apart, and a sub-only VOD never (unless rules.subOnlyVodsCount)', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 2, vods: [{ of: 'missed', subOnly: true }] });
    const vod = (await videosOf(sim)).edges[0]!.node;
    await watchVod(sim, viewer, vod.id, 8);
    expect(new Set(outcomes(sim))).toEqual(new Set(['minute-watched:sub-only']));
    world.streaks.rules.subOnlyVodsCount = true;
    world.streaks.rules.vodMinutes = 2;
    const props = { channel_id: world.channel('alpha').id, user_id: viewer.id, live: false, channel: 'alpha', vod_id: vod.id, content_mode: 'vod' };
    await postSpade(simFetch(sim), [{ event: 'minute-watched', properties: props }, { event: 'minute-watched', properties: props }]);
    expect(outcomes(sim).slice(-2)).toEqual(['minute-watched:counted', 'minute-watched:too-soon']);
    sim.clock.advance(MINUTE);
    await postSpade(simFetch(sim), [{ event: 'minute-watched', properties: props }]);
    expect(world.streaks.state('alpha').savedBy).toBe('vod');
  });

  it('past expiresAt unsaved, the streak is lost: length 0, not at risk, nothing saves it', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 5, expiresInMs: HOUR, clips: [{ of: 'missed' }] });
    const clip = (await clipsOf(sim)).edges[0]!.node;
    sim.clock.advance(HOUR);
    expect(world.streaks.state('alpha')).toEqual({ length: 0, expiresAt: null, missed: [], savedBy: null, savedAt: null });
    expect(await milestoneOf(sim, viewer)).toMatchObject({ watchStreakMilestone: { id: '', value: '0', achievementTimestamp: null }, missedStreams: null, expiresAt: null });
    await watchClip(sim, viewer, clip);
    expect(outcomes(sim).at(-1)).toBe('n_second_play:not-at-risk');
  });

  it('live minute-watched judging is unchanged beside clip and VOD events in one batch', async () => {
    const { sim, world, viewer } = await streakWorld();
    world.streaks.miss('alpha', { length: 2, clips: [{ of: 'missed' }], vods: [{ of: 'missed' }] });
    const clip = (await clipsOf(sim)).edges[0]!.node;
    const vod = (await videosOf(sim)).edges[0]!.node;
    const c = world.channel('alpha');
    const clipBase = { channel_id: c.id, vod_type: 'clip', vod_id: clip.id, user_id: viewer.id, play_session_id: 's1', live: false };
    const status = await postSpade(simFetch(sim), [
      { event: 'video-play', properties: { ...clipBase, content_mode: 'clip' } },
      { event: 'minute-watched', properties: minuteProps(world, viewer, 'alpha') },
      { event: 'minute-watched', properties: { channel_id: c.id, user_id: viewer.id, live: false, channel: 'alpha', vod_id: vod.id, broadcast_id: null } },
      { event: 'n_second_play', properties: { ...clipBase, seconds_after_play: 5 } },
    ]);
    expect(status).toBe(204);
    expect(world.watchEvents.map((e) => e.reason)).toEqual(['credited']);
    expect(world.creditedMinutes(viewer, 'alpha')).toBe(1);
    expect(outcomes(sim)).toEqual(['video-play:started', 'minute-watched:counted', 'n_second_play:saved']);
    // The delay is a switch: 0 shows the save at once.
    world.streaks.rules.saveDelayMs = 0;
    world.streaks.miss('alpha', { length: 3, clips: [{ of: 'missed' }] });
    const fresh = (await clipsOf(sim)).edges.map((e) => e.node).find((n) => n.broadcastIdentifier.id === world.streaks.state('alpha').missed[0])!;
    await watchClip(sim, viewer, fresh);
    expect((await milestoneOf(sim, viewer)).expiresAt).toBeNull();
  });
});

/** Every key path of a JSON value (array elements under []), to compare shapes, not values. */
const shape = (v: unknown, at = ''): string[] =>
  Array.isArray(v) ? [...new Set(v.flatMap((x) => shape(x, `${at}[]`)))].sort()
  : v && typeof v === 'object' ? Object.entries(v).flatMap(([k, x]) => [`${at}.${k}`, ...shape(x, `${at}.${k}`)]).sort()
  : [];
const fixture = (name: string) => (JSON.parse(readFileSync(`tests/fixtures/twitch/${name}.json`, 'utf8')) as { data: unknown }).data;

describe('the fixtures (tests/fixtures/twitch)', () => {
  it("have the simulator's shapes: RewardList at risk and not, clips, VODs", async () => {
    const { sim, world, viewer } = await streakWorld();
    const fetch = simFetch(sim);
    const vars = { channelID: world.channel('alpha').id, shouldIncludeAllSuspendedStreaks: false };
    world.streaks.rules.saveDelayMs = 0;
    world.streaks.miss('alpha', { length: 4, clips: [{ of: 'missed' }, { of: 'other' }], vods: [{ of: 'missed' }, { of: 'other' }] });
    expect(shape(await gql(fetch, 'RewardList', vars, { user: viewer }))).toEqual(shape(fixture('RewardList.at-risk')));
    expect(shape(await gql(fetch, 'ClipsCards__User', { login: 'alpha', limit: 20, criteria: { filter: 'LAST_WEEK' } }))).toEqual(shape(fixture('ClipsCards__User.last-week')));
    expect(shape(await gql(fetch, 'FilterableVideoTower_Videos', { channelOwnerLogin: 'alpha', broadcastType: 'ARCHIVE', videoSort: 'TIME', limit: 30 }))).toEqual(shape(fixture('FilterableVideoTower_Videos.archive')));
    await watchClip(sim, viewer, (await clipsOf(sim)).edges[0]!.node);
    expect(shape(await gql(fetch, 'RewardList', vars, { user: viewer }))).toEqual(shape(fixture('RewardList.not-at-risk')));
  });
});
