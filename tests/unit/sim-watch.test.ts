import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { gql, gqlRequest, minuteProps, op, postSpade, useSim, type Json } from './sim-requests';

// Channels, the directory and spade's watch minutes, with requests written from shared/twitch-wire.md.
type Fetch = typeof globalThis.fetch;

/** DirectoryPage_Game's variables as TDM (2026-07) sends them, drops-enabled streams only unless told. */
const directoryVars = (slug: string, opts: { limit?: number; systemFilters?: string[]; tags?: string[]; cursor?: string } = {}) => ({
  slug,
  limit: opts.limit ?? 30,
  imageWidth: 50,
  includeCostreaming: false,
  options: {
    broadcasterLanguages: [],
    freeformTags: null,
    includeRestricted: ['SUB_ONLY_LIVE'],
    recommendationsContext: { platform: 'web' },
    sort: 'RELEVANCE',
    systemFilters: opts.systemFilters ?? ['DROPS_ENABLED'],
    tags: opts.tags ?? [],
    requestID: 'JIRA-VXP-2397',
  },
  sortTypeIsRecency: false,
  ...(opts.cursor ? { cursor: opts.cursor } : {}),
});

/** One minute-watched event for the channel's current stream (the whole property set, some overridden), posted to spade. */
const minuteWatched = (sim: Sim, user: SimUser, login: string, overrides: Json = {}) =>
  postSpade(simFetch(sim), [{ event: 'minute-watched', properties: minuteProps(sim.world, user, login, overrides) }]);

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

describe('channels and streams', () => {
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
    const overlay = await gql<{ user: { stream: { id: string } | null } }>(simFetch(sim), 'VideoPlayerStreamInfoOverlayChannel', { channel: 'sched' });
    expect(overlay.user.stream?.id).toBe(sched.streamId);
    expect(sched.streamId).not.toBe(first);
    expect(sched.streamStartedAt).toBe(t0 + 180_000);

    clock.advance(3_600_000);
    world.sync();
    expect(sched.live).toBe(false);
    expect(world.channel('manual')).toMatchObject({ live: true, streamId: manualStream });
  });

  it("gives a channel's game under broadcastSettings in VideoPlayerStreamInfoOverlayChannel, never under the stream", async () => {
    const sim = await useSim((w) => {
      w.addChannel('rusty', { live: true, viewers: 77, game: { id: '263490', name: 'Rust' }, title: 'base raid' });
      w.addChannel('nogame', { game: null });
    });
    const fetch = simFetch(sim);
    type Overlay = { user: { id: string; login: string; broadcastSettings: Json; stream: Json | null } | null };
    const rusty = sim.world.channel('rusty');
    const live = await gql<Overlay>(fetch, 'VideoPlayerStreamInfoOverlayChannel', { channel: 'rusty' });
    expect(live.user).toMatchObject({ id: rusty.id, login: 'rusty', displayName: 'rusty', profileURL: 'https://www.twitch.tv/rusty' });
    expect(live.user!.broadcastSettings).toEqual({
      id: rusty.id, title: 'base raid', game: { id: '263490', displayName: 'Rust', name: 'Rust', __typename: 'Game' }, __typename: 'BroadcastSettings',
    });
    expect(live.user!.stream).toEqual({ id: rusty.streamId, viewersCount: 77, tags: [], __typename: 'Stream' });
    sim.world.goOffline('rusty');
    const offline = await gql<Overlay>(fetch, 'VideoPlayerStreamInfoOverlayChannel', { channel: 'rusty' });
    expect(offline.user!.stream).toBeNull();
    expect(offline.user!.broadcastSettings.game).toMatchObject({ id: '263490' });
    expect((await gql<Overlay>(fetch, 'VideoPlayerStreamInfoOverlayChannel', { channel: 'nogame' })).user!.broadcastSettings.game).toBeNull();
    expect(await gql(fetch, 'VideoPlayerStreamInfoOverlayChannel', { channel: 'nobody' })).toEqual({ user: null });
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
    type Page = { user: { id: string; follows: { edges: { cursor: string; followedAt: string; node: { login: string } }[]; pageInfo: { hasNextPage: boolean } } } | null };

    const walk = async (order: 'ASC' | 'DESC') => {
      const logins: string[] = [];
      const followedAt: string[] = [];
      let cursor: string | null = null;
      for (let pages = 1; ; pages++) {
        const data: Page = await gql<Page>(fetch, 'ChannelFollows', { limit: 100, order, cursor }, { user: viewer });
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
    expect([asc.logins[0], asc.logins.at(-1)]).toEqual(['ch0000', 'ch1049']);
    expect(asc.followedAt[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(asc.followedAt).toEqual([...asc.followedAt].sort());
    expect((await walk('DESC')).logins).toEqual([...asc.logins].reverse());
    expect(await gql(fetch, 'ChannelFollows', { limit: 100, order: 'ASC', cursor: null })).toEqual({ user: null });
  });
});

describe('the live followed channels (raw query) and retired PersonalSections', () => {
  async function followedWorld() {
    const sim = await useSim((w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('small', { live: true, viewers: 10, game: { id: '1', name: 'Rust' } });
      w.addChannel('big', { live: true, viewers: 5_000, game: null });
      w.addChannel('mid', { live: true, viewers: 300 });
      w.addChannel('asleep', { viewers: 99_999 });
      w.addChannel('stranger', { live: true, viewers: 70_000 });
      for (const c of ['small', 'big', 'mid', 'asleep']) w.follow(viewer, c);
    });
    return { sim, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
  }
  const raw = (query: string, variables: Json = {}) => ({ query, variables });
  const FOLLOWED = (first: number) =>
    `query FollowedLive($cursor: Cursor) { currentUser { followedLiveUsers(first: ${first}, after: $cursor) { edges { node { id login displayName stream { id viewersCount game { id name displayName } } } } pageInfo { hasNextPage endCursor } } } }`;
  type Followed = { data?: { currentUser: { followedLiveUsers: { edges: { node: { login: string; stream: Json } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null }; errors?: { message: string }[] };

  it('pages the live followed channels, most viewers first, answering only the fields asked for', async () => {
    const { sim, viewer, fetch } = await followedWorld();
    const page = async (cursor: string | null) => (await gqlRequest(fetch, raw(FOLLOWED(2), { cursor }), { user: viewer })).body as Followed;
    const first = await page(null);
    expect(first.errors).toBeUndefined();
    const { edges, pageInfo } = first.data!.currentUser!.followedLiveUsers;
    expect(edges.map((e) => e.node.login)).toEqual(['big', 'mid']);
    expect(edges[0]!.node).toEqual({ id: sim.world.channel('big').id, login: 'big', displayName: 'big', stream: { id: sim.world.channel('big').streamId, viewersCount: 5_000, game: null } });
    expect(pageInfo).toEqual({ hasNextPage: true, endCursor: expect.any(String) });
    const second = (await page(pageInfo.endCursor)).data!.currentUser!.followedLiveUsers;
    expect(second.edges.map((e) => [e.node.login, e.node.stream.game])).toEqual([['small', { id: '1', name: 'Rust', displayName: 'Rust' }]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // Logged out: no user. A field it does not have is refused as Twitch's validation does.
    expect(((await gqlRequest(fetch, raw(FOLLOWED(100)))).body as Followed).data).toEqual({ currentUser: null });
    const unknown = await gqlRequest(fetch, raw('{ currentUser { followedLiveUsers(first: 5) { edges { node { login stream { game { boxArtURL } } } } } } }'), { user: viewer });
    expect(unknown.body).toMatchObject({ errors: [{ message: 'Cannot query field "boxArtURL" on type "Game".' }] });
    expect((unknown.body as Json).data).toBeUndefined();
    expect(sim.requests.at(-1)!.operations).toEqual(['FollowedLiveUsers']);
  });

  it('answers raw and persisted items mixed in one batch, refuses other raw documents, and PersonalSections is gone', async () => {
    const { viewer, fetch } = await followedWorld();
    const batch = await gqlRequest(
      fetch,
      [
        op('ChannelPointsContext', { channelLogin: 'mid', includeGoalTypes: ['CREATOR', 'BOOST'] }),
        raw(FOLLOWED(100), { cursor: null }),
        raw('query { currentUser { notifications { id } } }'),
        raw('mutation { sendSpadeEvents(input: {}) { statusCode } }'),
        raw('{ currentUser { followedLiveUsers(first: 1) { edges { node { ...Node } } } } }'),
        op('PersonalSections', { input: { sectionInputs: ['FOLLOWED_SECTION'] } }, '9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39'),
      ],
      { user: viewer },
    );
    const [points, followed, unknownField, mutation, fragment, sections] = batch.body as Json[];
    expect(points).toMatchObject({ data: { community: { displayName: 'mid' } } });
    expect((followed as Followed).data!.currentUser!.followedLiveUsers.edges.map((e) => e.node.login)).toEqual(['big', 'mid', 'small']);
    expect(unknownField).toMatchObject({ errors: [{ message: 'Cannot query field "notifications" on type "User".' }] });
    expect(mutation).toMatchObject({ errors: [{ message: expect.stringMatching(/^Syntax Error/) }] });
    expect(fragment).toMatchObject({ errors: [{ message: expect.stringMatching(/fragments/) }] });
    expect(sections).toMatchObject({ errors: [{ message: 'PersistedQueryNotFound' }] });
    const plainMutation = await gqlRequest(fetch, raw('mutation FollowUser($input: FollowUserInput!) { followUser(input: $input) { follow { user { id } } } }', { input: {} }), { user: viewer });
    expect(plainMutation.body).toMatchObject({ errors: [{ message: 'Cannot query field "followUser" on type "Mutation".' }] });
    // SendEvents is known (the heartbeat's GQL route): an input that does not decode is statusCode 400.
    const sendEvents = await gqlRequest(fetch, raw('mutation SendEvents($input: SendSpadeEventsInput!) { sendSpadeEvents(input: $input) { statusCode } }', { input: {} }), { user: viewer });
    expect(sendEvents.body).toMatchObject({ data: { sendSpadeEvents: { statusCode: 400 } } });
  });
});

describe('the game directory', () => {
  async function directoryWorld() {
    const sim = await useSim((w) => {
      const rust = { id: '263490', name: 'Rust' };
      w.addChannel('r_drops', { live: true, viewers: 300, game: rust, dropsEnabled: true });
      w.addChannel('r_plain', { live: true, viewers: 900, game: rust });
      w.addChannel('r_small', { live: true, viewers: 50, game: rust, dropsEnabled: true });
      w.addChannel('r_offline', { viewers: 5_000, game: rust, dropsEnabled: true });
      w.addChannel('siege', { live: true, viewers: 40, game: { id: '460630', name: "Tom Clancy's Rainbow Six Siege", slug: 'tom-clancys-rainbow-six-siege' }, dropsEnabled: true });
      w.addChannel('chatter', { live: true, viewers: 9_000, dropsEnabled: true });
    });
    return { sim, fetch: simFetch(sim) };
  }
  type Directory = { game: { id: string; slug: string; streams: { edges: { cursor: string; node: { id: string; broadcaster: { login: string }; game: Json } }[]; pageInfo: { hasNextPage: boolean } } } | null };
  const list = async (fetch: Fetch, vars: object) => {
    const data = await gql<Directory>(fetch, 'DirectoryPage_Game', vars);
    return { logins: data.game?.streams.edges.map((e) => e.node.broadcaster.login), data };
  };

  it('lists a game by slug, drops-enabled streams only with the DROPS_ENABLED system filter', async () => {
    const { sim, fetch } = await directoryWorld();
    const drops = await list(fetch, directoryVars('rust'));
    expect(drops.logins).toEqual(['r_drops', 'r_small']);
    expect(drops.data.game).toMatchObject({ id: '263490', slug: 'rust', displayName: 'Rust' });
    expect(drops.data.game!.streams.edges[0]!.node).toMatchObject({ id: sim.world.channel('r_drops').streamId, game: { id: '263490', name: 'Rust' } });
    expect((await list(fetch, directoryVars('rust', { systemFilters: [] }))).logins).toEqual(['r_plain', 'r_drops', 'r_small']);
    // The old drops tag filters nothing.
    expect((await list(fetch, directoryVars('rust', { systemFilters: [], tags: ['c2542d6d-cd10-4532-919b-3d19f30a768b'] }))).logins).toEqual(['r_plain', 'r_drops', 'r_small']);
    const two = await list(fetch, directoryVars('rust', { systemFilters: [], limit: 2 }));
    expect(two.logins).toEqual(['r_plain', 'r_drops']);
    expect(two.data.game!.streams.pageInfo.hasNextPage).toBe(true);
    const rest = await list(fetch, directoryVars('rust', { systemFilters: [], limit: 2, cursor: two.data.game!.streams.edges[1]!.cursor }));
    expect(rest.logins).toEqual(['r_small']);
    expect(rest.data.game!.streams.pageInfo.hasNextPage).toBe(false);
    // By name, as before 2026, there is no game; nor for a slug guessed from the name where Twitch's differs.
    expect(await gql(fetch, 'DirectoryPage_Game', { ...directoryVars(''), name: 'Rust' })).toEqual({ game: null });
    expect((await list(fetch, directoryVars('tom-clancy-s-rainbow-six-siege'))).data).toEqual({ game: null });
    expect((await list(fetch, directoryVars('tom-clancys-rainbow-six-siege'))).logins).toEqual(['siege']);
  });

  it("turns a game's name into its slug with DirectoryGameRedirect", async () => {
    const { fetch } = await directoryWorld();
    expect(await gql(fetch, 'DirectoryGameRedirect', { name: "Tom Clancy's Rainbow Six Siege" })).toEqual({
      game: { id: '460630', slug: 'tom-clancys-rainbow-six-siege', __typename: 'Game' },
    });
    expect(await gql(fetch, 'DirectoryGameRedirect', { name: 'just chatting' })).toEqual({ game: { id: '509658', slug: 'just-chatting', __typename: 'Game' } });
    expect(await gql(fetch, 'DirectoryGameRedirect', { name: 'No Such Game' })).toEqual({ game: null });
  });
});

describe('spade and watch minutes', () => {
  it("finds the spade URL from the channel page's settings script, or in the page under wire.spadeUrlInPage", async () => {
    const { sim } = await watchWorld();
    const fetch = simFetch(sim);
    const SPADE = /"spade_?url": ?"(https:\/\/[.\w\-/]+)"/i;
    const page = await (await fetch('https://www.twitch.tv/alpha')).text();
    expect(SPADE.exec(page)).toBeNull();
    const src = /src="(https:\/\/[\w.]+\/config\/settings\.[0-9a-f]{32}\.js)"/.exec(page)?.[1];
    expect(src).toMatch(/^https:\/\/static\.twitchcdn\.net\/config\/settings\.[0-9a-f]{32}\.js$/);
    const res = await fetch(src!);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toContain('"spade_url":"https://spade.twitch.tv/track"');
    expect(SPADE.exec(js)?.[1]).toBe('https://spade.twitch.tv/track');

    sim.world.wire.spadeUrlInPage = true;
    const inline = await (await fetch('https://www.twitch.tv/alpha')).text();
    expect(inline).toContain('"spade_url":"https://spade.twitch.tv/track"');
    expect(inline).not.toMatch(/config\/settings\.[0-9a-f]{32}\.js/);
    expect(sim.resolverRules).toBe(`MAP *.twitch.tv 127.0.0.1:${sim.port}, MAP twitch.tv 127.0.0.1:${sim.port}, MAP *.twitchcdn.net 127.0.0.1:${sim.port}`);
  });

  it('credits exactly one minute per 50 s of watching, from the spade POST alone', async () => {
    const { sim, viewer } = await watchWorld();
    expect(await minuteWatched(sim, viewer, 'alpha')).toBe(204);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(1);
    expect(await minuteWatched(sim, viewer, 'alpha')).toBe(204);
    sim.clock.advance(49_999);
    expect(await minuteWatched(sim, viewer, 'alpha')).toBe(204);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(1);
    sim.clock.advance(1);
    await minuteWatched(sim, viewer, 'alpha');
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(2);
    for (let i = 0; i < 10; i++) {
      sim.clock.advance(60_000);
      await minuteWatched(sim, viewer, 'alpha');
    }
    expect(sim.world.creditedMinutes(viewer)).toBe(12);
    expect(reasons(sim).slice(0, 4)).toEqual(['alpha:credited', 'alpha:too-soon', 'alpha:too-soon', 'alpha:credited']);
    const spadeRecord = sim.requests.find((r) => r.operations.includes('spade'))!;
    expect(spadeRecord).toMatchObject({ host: 'spade.twitch.tv', path: '/track', method: 'POST', status: 204, bytesOut: 0 });
    expect(spadeRecord.bytesIn).toBeGreaterThan(0);
    expect(sim.world.watchEvents[0]!.properties).toMatchObject({ channel: 'alpha', user_id: Number(viewer.id) });
  });

  it('credits nothing on an offline channel, for a stream not live, or with a wrong broadcast id', async () => {
    const { sim, viewer } = await watchWorld();
    const oldStream = sim.world.channel('alpha').streamId;
    sim.world.goOffline('alpha');
    expect(await minuteWatched(sim, viewer, 'alpha', { broadcast_id: oldStream })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'sleepy')).toBe(204);
    expect(await minuteWatched(sim, viewer, 'beta', { broadcast_id: '1' })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'gamma', { live: false })).toBe(204);
    sim.world.goLive('alpha');
    expect(await minuteWatched(sim, viewer, 'alpha', { broadcast_id: oldStream })).toBe(204);
    expect(sim.world.creditedMinutes(viewer)).toBe(0);
    expect(reasons(sim)).toEqual(['alpha:offline', 'sleepy:offline', 'beta:wrong-broadcast', 'gamma:not-live', 'alpha:wrong-broadcast']);
  });

  it('credits at most two channels at once', async () => {
    const { sim, viewer } = await watchWorld();
    for (let minute = 0; minute < 3; minute++) {
      for (const c of ['alpha', 'beta', 'gamma']) await minuteWatched(sim, viewer, c);
      sim.clock.advance(60_000);
    }
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(3);
    expect(sim.world.creditedMinutes(viewer, 'beta')).toBe(3);
    expect(sim.world.creditedMinutes(viewer, 'gamma')).toBe(0);
    expect(reasons(sim).slice(0, 3)).toEqual(['alpha:credited', 'beta:credited', 'gamma:third-channel']);
    // Once alpha has not been credited for over a minute, gamma takes its place.
    sim.clock.advance(1);
    for (const c of ['beta', 'gamma']) await minuteWatched(sim, viewer, c);
    expect(sim.world.creditedMinutes(viewer, 'gamma')).toBe(1);
  });

  it('checks who and what the event names, and refuses a body that does not decode', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    expect(await minuteWatched(sim, viewer, 'alpha', { user_id: 999999999 })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'alpha', { channel: 'beta' })).toBe(204);
    expect(await minuteWatched(sim, viewer, 'alpha', { channel_id: '1' })).toBe(204);
    expect(sim.world.watchEvents.map((e) => e.reason)).toEqual(['unknown-user', 'unknown-channel', 'unknown-channel']);
    // Other spade events are accepted and ignored.
    expect(await postSpade(fetch, [{ event: 'video-play', properties: {} }])).toBe(204);
    expect(sim.world.watchEvents).toHaveLength(3);
    const post = (body: string) => fetch('https://spade.twitch.tv/track', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect((await post('data=not-base64-json')).status).toBe(400);
    expect((await post('nothing=here')).status).toBe(400);
    // The video path of 2024 is gone: its hosts are not the simulator's.
    await expect(fetch('https://video-edge-sim01.abs.hls.ttvnw.net/v1/segment/spade', { method: 'POST', body: 'data=' })).rejects.toThrow('fetch failed');
    expect(sim.world.creditedMinutes(viewer)).toBe(0);
  });

  it('fails spade and the settings script with faults', async () => {
    const { sim, viewer } = await watchWorld();
    const fetch = simFetch(sim);
    for (const target of ['settings', 'spade']) sim.faults.add(target, 'http-503');
    const page = await (await fetch('https://www.twitch.tv/alpha')).text();
    expect((await fetch(/src="(https:\/\/static[^"]+)"/.exec(page)![1]!)).status).toBe(503);
    expect(await minuteWatched(sim, viewer, 'alpha')).toBe(503);
    expect(sim.world.watchEvents).toHaveLength(0);
    expect(sim.faults.fired.map((f) => f.target)).toEqual(['settings', 'spade']);
  });

  it('fails a blocked host as a DNS block does, in Node and in the resolver rules for Chromium', async () => {
    const { sim, viewer } = await watchWorld();
    const blocked = simFetch(sim, { blockedHosts: ['spade.twitch.tv'] });
    const event = [{ event: 'minute-watched', properties: minuteProps(sim.world, viewer, 'alpha') }];
    const failure = await postSpade(blocked, event).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(TypeError);
    expect((failure as TypeError).message).toBe('fetch failed');
    expect((failure as TypeError).cause).toMatchObject({ code: 'ENOTFOUND', hostname: 'spade.twitch.tv' });
    expect(sim.requests.filter((r) => r.host === 'spade.twitch.tv')).toHaveLength(0);
    // Other hosts still answer through the same fetch.
    expect((await blocked('https://www.twitch.tv/alpha')).status).toBe(200);
    expect(sim.world.watchEvents).toHaveLength(0);
    expect(sim.resolverRulesFor({ blocked: ['spade.twitch.tv', 'hermes.twitch.tv'] })).toBe(
      `MAP spade.twitch.tv ~NOTFOUND, MAP hermes.twitch.tv ~NOTFOUND, ${sim.resolverRules}`,
    );
  });
});
