import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { useSim } from './helpers';

// Hand-written requests, as twitch.tv's player and the peer tools send them (see shared/twitch-wire.md).
const WEB_CLIENT_ID = 'kimne78kx3ncx6brgo4mv6wki5h1ko';
const DROPS_TAG = 'c2542d6d-cd10-4532-919b-3d19f30a768b';
const HASHES: Record<string, string> = {
  ChannelFollows: 'eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907',
  PersonalSections: '9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39',
  PlaybackAccessToken: '3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce',
  DirectoryPage_Game: 'd5c5df7ab9ae65c3ea0f225738c08a36a4a76e4c6c31db7f8c4b8dc064227f9e',
  VideoPlayerStreamInfoOverlayChannel: 'a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2',
};

type Fetch = typeof globalThis.fetch;

/** One persisted GQL operation; its `data`. */
async function gql<T>(fetch: Fetch, name: string, variables: object, user?: SimUser): Promise<T> {
  const res = await fetch('https://gql.twitch.tv/gql', {
    method: 'POST',
    headers: { 'client-id': WEB_CLIENT_ID, 'content-type': 'application/json', ...(user ? { authorization: `OAuth ${user.token}` } : {}) },
    body: JSON.stringify({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: HASHES[name] } } }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data?: T; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!;
}

interface AccessToken {
  value: string;
  signature: string;
}

async function accessToken(fetch: Fetch, login: string, user?: SimUser): Promise<AccessToken> {
  const data = await gql<{ streamPlaybackAccessToken: AccessToken }>(
    fetch, 'PlaybackAccessToken', { login, isLive: true, isVod: false, vodID: '', playerType: 'picture-by-picture' }, user,
  );
  return data.streamPlaybackAccessToken;
}

const usherUrl = (login: string, t: AccessToken) =>
  `https://usher.ttvnw.net/api/channel/hls/${login}.m3u8?sig=${encodeURIComponent(t.signature)}&token=${encodeURIComponent(t.value)}`;

/** Steps 2-4 of the heartbeat: usher's master playlist, its lowest-quality media playlist, a HEAD of the newest segment. */
async function fetchVideo(fetch: Fetch, login: string, token: AccessToken): Promise<Response> {
  const master = await (await fetch(usherUrl(login, token))).text();
  const media = await (await fetch(master.split('\n').at(-1)!)).text();
  return fetch(media.split('\n').at(-2)!, { method: 'HEAD' });
}

/** Posts events to the spade URL the settings script names, as form field `data` = base64 of their JSON. */
async function spade(fetch: Fetch, events: unknown): Promise<number> {
  const data = Buffer.from(JSON.stringify(events)).toString('base64');
  const res = await fetch('https://video-edge-sim01.abs.hls.ttvnw.net/v1/segment/spade', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ data }).toString(),
  });
  return res.status;
}

/** Step 5: one minute-watched event for the channel's current stream, with some properties overridden. */
function minuteWatched(sim: Sim, user: SimUser, login: string, overrides: object = {}): Promise<number> {
  const c = sim.world.channel(login);
  const properties = { channel_id: c.id, broadcast_id: c.streamId, player: 'site', user_id: user.id, live: true, channel: c.login, game: c.game?.name, game_id: c.game?.id };
  return spade(simFetch(sim), [{ event: 'minute-watched', properties: { ...properties, ...overrides } }]);
}

/** The whole heartbeat a player makes for one channel, or only the token and spade steps. */
async function heartbeat(sim: Sim, user: SimUser, login: string, opts: { video?: boolean; overrides?: object } = {}): Promise<number> {
  const fetch = simFetch(sim);
  const token = await accessToken(fetch, login, user);
  if (opts.video ?? true) expect((await fetchVideo(fetch, login, token)).status).toBe(200);
  return minuteWatched(sim, user, login, opts.overrides);
}

async function watchWorld() {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addChannel('alpha', { live: true });
    w.addChannel('beta', { live: true });
    w.addChannel('gamma', { live: true });
    w.addChannel('sleepy');
  });
  return { sim, viewer: sim.world.users.get('viewer')! };
}

const reasons = (sim: Sim) => sim.world.watchEvents.map((e) => `${e.channelLogin}:${e.reason}`);

describe('the sim world on its clock', () => {
  it('takes scheduled streams live and offline, with a new stream id for each interval', async () => {
    const sim = await useSim((w) => {
      w.addChannel('sched');
      w.addChannel('manual', { live: true });
    });
    const { world, clock } = sim;
    const t0 = clock.now();
    world.scheduleStream('sched', t0 + 60_000, t0 + 120_000);
    world.scheduleStream('sched', t0 + 180_000, t0 + 240_000);
    const sched = world.channel('sched');
    const manualStream = world.channel('manual').streamId;

    world.sync();
    expect(sched.live).toBe(false);
    clock.advance(60_000);
    world.sync();
    expect(sched).toMatchObject({ live: true, streamStartedAt: t0 + 60_000 });
    const first = sched.streamId;
    expect(first).toBeTruthy();
    clock.advance(59_999);
    world.sync();
    expect(sched.streamId).toBe(first);
    clock.advance(1);
    world.sync();
    expect(sched).toMatchObject({ live: false, streamId: null, streamStartedAt: null });

    // The server syncs before each request: no explicit sync here.
    clock.advance(70_000);
    const fetch = simFetch(sim);
    const overlay = await gql<{ user: { stream: { id: string } | null } }>(fetch, 'VideoPlayerStreamInfoOverlayChannel', { channel: 'sched' });
    expect(overlay.user.stream?.id).toBe(sched.streamId);
    expect(sched.streamId).not.toBe(first);
    expect(sched.streamStartedAt).toBe(t0 + 180_000);

    clock.advance(3_600_000);
    world.sync();
    expect(sched.live).toBe(false);
    // A channel without a schedule keeps its manual state.
    expect(world.channel('manual')).toMatchObject({ live: true, streamId: manualStream });
  });

  it('pages ChannelFollows through 1,050 follows in both orders', async () => {
    const sim = await useSim((w) => {
      const viewer = w.addUser('viewer');
      for (let i = 0; i < 1050; i++) {
        w.addChannel(`ch${String(i).padStart(4, '0')}`);
        w.follow(viewer, `ch${String(i).padStart(4, '0')}`);
        w.clock.advance(1_000);
      }
    });
    const viewer = sim.world.users.get('viewer')!;
    const fetch = simFetch(sim);
    type Page = { user: { id: string; follows: { edges: { cursor: string; followedAt: string; node: { login: string; __typename: string } }[]; pageInfo: { hasNextPage: boolean } } } | null };

    const walk = async (order: 'ASC' | 'DESC') => {
      const logins: string[] = [];
      const followedAt: string[] = [];
      let cursor: string | null = null;
      for (let pages = 1; ; pages++) {
        const data: Page = await gql<Page>(fetch, 'ChannelFollows', { limit: 100, order, cursor }, viewer);
        expect(data.user?.id).toBe(viewer.id);
        const { edges, pageInfo } = data.user!.follows;
        expect(edges.length).toBeLessThanOrEqual(100);
        logins.push(...edges.map((e) => e.node.login));
        followedAt.push(...edges.map((e) => e.followedAt));
        if (!pageInfo.hasNextPage) return { logins, followedAt, pages };
        cursor = edges.at(-1)!.cursor;
      }
    };
    const asc = await walk('ASC');
    expect(asc.pages).toBe(11);
    expect(asc.logins).toHaveLength(1050);
    expect(new Set(asc.logins).size).toBe(1050);
    expect(asc.logins[0]).toBe('ch0000');
    expect(asc.logins.at(-1)).toBe('ch1049');
    // Follows came a second apart: followedAt is an ISO time rising along the ASC order.
    expect(asc.followedAt[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(new Set(asc.followedAt).size).toBe(1050);
    expect(asc.followedAt).toEqual([...asc.followedAt].sort());

    const desc = await walk('DESC');
    expect(desc.logins).toEqual([...asc.logins].reverse());

    expect(await gql(fetch, 'ChannelFollows', { limit: 100, order: 'ASC', cursor: null })).toEqual({ user: null });
  });

  it('lists only the live followed channels in PersonalSections, most viewers first', async () => {
    const sim = await useSim((w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('small', { live: true, viewers: 10, game: { id: '1', name: 'Rust' } });
      w.addChannel('big', { live: true, viewers: 5_000, game: null });
      w.addChannel('asleep', { viewers: 99_999 });
      w.addChannel('stranger', { live: true, viewers: 70_000 });
      for (const c of ['small', 'big', 'asleep']) w.follow(viewer, c);
    });
    const viewer = sim.world.users.get('viewer')!;
    const fetch = simFetch(sim);
    const vars = {
      input: { sectionInputs: ['FOLLOWED_SECTION'], recommendationContext: { platform: 'web' } },
      channelLogin: null,
      withChannelUser: false,
      creatorAnniversariesExperimentEnabled: false,
    };
    type Sections = { personalSections: { type: string; title: { localizedFallback: string }; items: { user: { login: string }; content: { id: string; type: string; viewersCount: number; game: { name: string } | null } }[] }[] };
    const data = await gql<Sections>(fetch, 'PersonalSections', vars, viewer);
    expect(data.personalSections).toHaveLength(1);
    const [section] = data.personalSections;
    expect(section).toMatchObject({ type: 'FOLLOWED_SECTION', title: { localizedFallback: 'Followed Channels' } });
    expect(section!.items.map((i) => i.user.login)).toEqual(['big', 'small']);
    expect(section!.items[1]!.content).toMatchObject({ id: sim.world.channel('small').streamId, type: 'live', viewersCount: 10, game: { name: 'Rust' } });
    expect(section!.items[0]!.content.game).toBeNull();

    sim.world.goOffline('big');
    const later = await gql<Sections>(fetch, 'PersonalSections', vars, viewer);
    expect(later.personalSections[0]!.items.map((i) => i.user.login)).toEqual(['small']);
    expect(await gql(fetch, 'PersonalSections', vars)).toEqual({ personalSections: [] });
  });

  it('lists a game in DirectoryPage_Game, only drops-enabled streams with the drops tag', async () => {
    const sim = await useSim((w) => {
      const rust = { id: '263490', name: 'Rust' };
      w.addChannel('r_drops', { live: true, viewers: 300, game: rust, dropsEnabled: true });
      w.addChannel('r_plain', { live: true, viewers: 900, game: rust });
      w.addChannel('r_small', { live: true, viewers: 50, game: rust, dropsEnabled: true });
      w.addChannel('r_offline', { viewers: 5_000, game: rust, dropsEnabled: true });
      w.addChannel('chatter', { live: true, viewers: 9_000, dropsEnabled: true });
    });
    const fetch = simFetch(sim);
    type Directory = { game: { name: string; streams: { edges: { node: { id: string; broadcaster: { login: string }; game: { name: string } } }[]; pageInfo: { hasNextPage: boolean } } } | null };
    const list = async (vars: object) => {
      const data = await gql<Directory>(fetch, 'DirectoryPage_Game', { sortTypeIsRecency: false, ...vars });
      return { logins: data.game?.streams.edges.map((e) => e.node.broadcaster.login), data };
    };
    const all = await list({ name: 'rust', limit: 30, options: { sort: 'VIEWER_COUNT', tags: [] } });
    expect(all.logins).toEqual(['r_plain', 'r_drops', 'r_small']);
    expect(all.data.game?.streams.edges[0]!.node).toMatchObject({ id: sim.world.channel('r_plain').streamId, game: { name: 'Rust' } });
    expect(all.data.game?.streams.pageInfo.hasNextPage).toBe(false);

    const drops = await list({ name: 'Rust', limit: 30, options: { sort: 'VIEWER_COUNT', tags: [DROPS_TAG] } });
    expect(drops.logins).toEqual(['r_drops', 'r_small']);

    const two = await list({ name: 'RUST', limit: 2, options: { sort: 'VIEWER_COUNT' } });
    expect(two.logins).toEqual(['r_plain', 'r_drops']);
    expect(two.data.game?.streams.pageInfo.hasNextPage).toBe(true);

    expect((await list({ name: 'No Such Game', limit: 30, options: {} })).data).toEqual({ game: null });
  });
});

describe('the video path', () => {
  it('serves the settings script named by the channel page, with the spade URL', async () => {
    const { sim } = await watchWorld();
    const fetch = simFetch(sim);
    const page = await (await fetch('https://www.twitch.tv/alpha')).text();
    const src = /(https:\/\/static.twitchcdn.net\/config\/settings.*?js|https:\/\/assets.twitch.tv\/config\/settings.*?.js)/.exec(page)?.[1];
    expect(src).toMatch(/^https:\/\/static\.twitchcdn\.net\/config\/settings\.[0-9a-f]{32}\.js$/);
    const res = await fetch(src!);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toMatch(/^window\.__twilightSettings = \{/);
    expect(/"spade_url":"(.*?)"/.exec(js)?.[1]).toBe('https://video-edge-sim01.abs.hls.ttvnw.net/v1/segment/spade');
    expect(sim.resolverRules).toContain(`MAP *.ttvnw.net 127.0.0.1:${sim.port}`);
    expect(sim.resolverRules).toContain(`MAP *.twitchcdn.net 127.0.0.1:${sim.port}`);
  });

  it('answers token, usher, media playlist and segment as Twitch shapes them', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    const token = await accessToken(fetch, 'alpha', viewer);
    expect(token.signature).toMatch(/^[0-9a-f]{40}$/);
    const value = JSON.parse(token.value) as Record<string, unknown>;
    expect(value).toMatchObject({ channel: 'alpha', channel_id: Number(sim.world.channel('alpha').id), user_id: Number(viewer.id) });
    expect(value.expires).toBe(Math.floor((sim.clock.now() + 20 * 60_000) / 1000));
    expect(JSON.parse((await accessToken(fetch, 'alpha')).value)).toMatchObject({ user_id: null });
    expect(await gql(fetch, 'PlaybackAccessToken', { login: 'nobody', isLive: true, isVod: false, vodID: '', playerType: 'site' })).toEqual({ streamPlaybackAccessToken: null });

    const usher = await fetch(usherUrl('alpha', token));
    expect(usher.status).toBe(200);
    expect(usher.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const master = (await usher.text()).split('\n');
    expect(master[0]).toBe('#EXTM3U');
    expect(master.filter((l) => l.startsWith('#EXT-X-STREAM-INF')).length).toBeGreaterThanOrEqual(3);
    expect(master.at(-1)).toMatch(/^https:\/\/video-weaver\.sim01\.hls\.ttvnw\.net\/v1\/playlist\/\w+\.m3u8$/);
    expect(master.at(-2)).toMatch(/RESOLUTION=284x160/);

    // Segments are 2 s long, numbered from the stream's start.
    sim.clock.advance(10_000);
    const sequence = Math.floor((sim.clock.now() - sim.world.channel('alpha').streamStartedAt!) / 2_000);
    const media = await (await fetch(master.at(-1)!)).text();
    const lines = media.split('\n');
    expect(lines.slice(0, 4)).toEqual(['#EXTM3U', '#EXT-X-VERSION:3', '#EXT-X-TARGETDURATION:2', `#EXT-X-MEDIA-SEQUENCE:${sequence}`]);
    expect(lines.filter((l) => l === '#EXTINF:2.000,live')).toHaveLength(3);
    expect(lines.at(-1)).toBe('');
    const newest = lines.at(-2)!;
    expect(newest).toMatch(new RegExp(`^https://video-edge-sim01\\.abs\\.hls\\.ttvnw\\.net/v1/segment/\\w+-${sequence + 2}\\.ts$`));

    const head = await fetch(newest, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('video/mp2t');
    const length = Number(head.headers.get('content-length'));
    expect(length).toBeGreaterThan(170_000);
    expect(length).toBeLessThan(190_000);
    const get = await fetch(newest);
    expect((await get.arrayBuffer()).byteLength).toBe(length);
    const [headRecord, getRecord] = sim.requests.filter((r) => r.operations.includes('segment'));
    expect(headRecord).toMatchObject({ method: 'HEAD', status: 200, bytesOut: 0 });
    expect(getRecord).toMatchObject({ method: 'GET', status: 200, bytesOut: length });

    // Once the stream ends, its media playlist and segments are gone.
    sim.world.goOffline('alpha');
    expect((await fetch(master.at(-1)!)).status).toBe(404);
    expect((await fetch(newest, { method: 'HEAD' })).status).toBe(404);
  });

  it('refuses a bad, foreign or expired token with 403 and an offline channel with 404', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    const token = await accessToken(fetch, 'alpha', viewer);
    const badSig = await fetch(usherUrl('alpha', { ...token, signature: '0'.repeat(40) }));
    expect(badSig.status).toBe(403);
    const forged = await fetch(usherUrl('alpha', { ...token, value: token.value.replace(/"user_id":\d+/, '"user_id":1') }));
    expect(forged.status).toBe(403);
    expect((await fetch(usherUrl('beta', token))).status).toBe(403);

    const offline = await fetch(usherUrl('sleepy', await accessToken(fetch, 'sleepy', viewer)));
    expect(offline.status).toBe(404);
    const body = (await offline.json()) as { error: string; error_code: string }[];
    expect(Array.isArray(body)).toBe(true);
    expect(body[0]).toMatchObject({ error_code: 'transcode_does_not_exist', type: 'error' });

    sim.clock.advance(20 * 60_000);
    const expired = await fetch(usherUrl('alpha', token));
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { error_code: string }[])[0]!.error_code).toBe('token_expired');
  });

  it('lets tests fail each video step with a fault', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    for (const target of ['settings', 'usher', 'playlist', 'segment', 'spade']) sim.faults.add(target, 'http-503');
    const page = await (await fetch('https://www.twitch.tv/alpha')).text();
    expect((await fetch(/src="(https:\/\/static[^"]+)"/.exec(page)![1]!)).status).toBe(503);
    const token = await accessToken(fetch, 'alpha', viewer);
    expect((await fetch(usherUrl('alpha', token))).status).toBe(503);
    const master = await (await fetch(usherUrl('alpha', token))).text();
    expect((await fetch(master.split('\n').at(-1)!)).status).toBe(503);
    const media = await (await fetch(master.split('\n').at(-1)!)).text();
    expect((await fetch(media.split('\n').at(-2)!, { method: 'HEAD' })).status).toBe(503);
    expect(await minuteWatched(sim, viewer, 'alpha')).toBe(503);
    expect(sim.world.watchEvents).toHaveLength(0);
    expect(sim.faults.fired.map((f) => f.target)).toEqual(['settings', 'usher', 'playlist', 'segment', 'spade']);
  });
});

describe('spade and watch minutes', () => {
  it('credits exactly one minute per 50 s of watching', async () => {
    const { sim, viewer } = await watchWorld();
    expect(await heartbeat(sim, viewer, 'alpha')).toBe(204);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(1);
    expect(await heartbeat(sim, viewer, 'alpha')).toBe(204);
    sim.clock.advance(49_999);
    expect(await heartbeat(sim, viewer, 'alpha')).toBe(204);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(1);
    sim.clock.advance(1);
    await heartbeat(sim, viewer, 'alpha');
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(2);
    for (let i = 0; i < 10; i++) {
      sim.clock.advance(60_000);
      await heartbeat(sim, viewer, 'alpha');
    }
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(12);
    expect(sim.world.creditedMinutes(viewer)).toBe(12);
    expect(reasons(sim).slice(0, 4)).toEqual(['alpha:credited', 'alpha:too-soon', 'alpha:too-soon', 'alpha:credited']);
    const spadeRecord = sim.requests.find((r) => r.operations.includes('spade'))!;
    expect(spadeRecord).toMatchObject({ method: 'POST', status: 204, bytesOut: 0 });
    expect(spadeRecord.bytesIn).toBeGreaterThan(0);
  });

  it('credits nothing on an offline channel or with a wrong broadcast id', async () => {
    const { sim, viewer } = await watchWorld();
    const oldStream = sim.world.channel('alpha').streamId;
    sim.world.goOffline('alpha');
    expect(await minuteWatched(sim, viewer, 'alpha', { broadcast_id: oldStream })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'sleepy')).toBe(204);
    expect(await heartbeat(sim, viewer, 'beta', { overrides: { broadcast_id: '1' } })).toBe(204);
    sim.world.goLive('alpha');
    expect(await heartbeat(sim, viewer, 'alpha', { overrides: { broadcast_id: oldStream } })).toBe(204);
    expect(sim.world.creditedMinutes(viewer)).toBe(0);
    expect(reasons(sim)).toEqual(['alpha:offline', 'sleepy:offline', 'beta:wrong-broadcast', 'alpha:wrong-broadcast']);
  });

  it('credits at most two channels at once', async () => {
    const { sim, viewer } = await watchWorld();
    for (let minute = 0; minute < 3; minute++) {
      for (const c of ['alpha', 'beta', 'gamma']) await heartbeat(sim, viewer, c);
      sim.clock.advance(60_000);
    }
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(3);
    expect(sim.world.creditedMinutes(viewer, 'beta')).toBe(3);
    expect(sim.world.creditedMinutes(viewer, 'gamma')).toBe(0);
    expect(reasons(sim).slice(0, 3)).toEqual(['alpha:credited', 'beta:credited', 'gamma:third-channel']);
    // Once alpha has not been credited for over a minute, gamma takes its place.
    sim.clock.advance(1);
    for (const c of ['beta', 'gamma']) await heartbeat(sim, viewer, c);
    expect(sim.world.creditedMinutes(viewer, 'gamma')).toBe(1);
  });

  it('needs a recent segment fetch under playlist-and-spade, and not under spade-only', async () => {
    const { sim, viewer } = await watchWorld();
    expect(sim.world.heartbeatRule).toBe('playlist-and-spade');
    expect(await heartbeat(sim, viewer, 'alpha', { video: false })).toBe(204);
    expect(sim.world.creditedMinutes(viewer)).toBe(0);
    await heartbeat(sim, viewer, 'alpha');
    expect(sim.world.creditedMinutes(viewer)).toBe(1);
    // The segment fetch counts for 90 s.
    sim.clock.advance(90_000);
    await heartbeat(sim, viewer, 'alpha', { video: false });
    expect(sim.world.creditedMinutes(viewer)).toBe(2);
    sim.clock.advance(60_001);
    await heartbeat(sim, viewer, 'alpha', { video: false });
    expect(sim.world.creditedMinutes(viewer)).toBe(2);
    expect(reasons(sim)).toEqual(['alpha:no-playlist', 'alpha:credited', 'alpha:credited', 'alpha:no-playlist']);

    sim.world.heartbeatRule = 'spade-only';
    await heartbeat(sim, viewer, 'beta', { video: false });
    expect(sim.world.creditedMinutes(viewer, 'beta')).toBe(1);
  });

  it('checks who and what the event names, and refuses a body that does not decode', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    await fetchVideo(fetch, 'alpha', await accessToken(fetch, 'alpha', viewer));
    expect(await minuteWatched(sim, viewer, 'alpha', { user_id: '999999999' })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'alpha', { channel: 'beta' })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'alpha', { channel_id: '1' })).toBe(204);
    expect(sim.world.watchEvents.map((e) => e.reason)).toEqual(['unknown-user', 'unknown-channel', 'unknown-channel']);
    // Other spade events are accepted and ignored.
    expect(await spade(fetch, [{ event: 'video-play', properties: {} }])).toBe(204);
    expect(sim.world.watchEvents).toHaveLength(3);
    const post = (body: string) =>
      fetch('https://video-edge-sim01.abs.hls.ttvnw.net/v1/segment/spade', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post('data=not-base64-json')).status).toBe(400);
    expect((await post('nothing=here')).status).toBe(400);
    expect(sim.world.creditedMinutes(viewer)).toBe(0);
  });
});
