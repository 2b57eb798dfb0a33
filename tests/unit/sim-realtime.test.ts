import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { gql, gqlBody, MINUTE, useSim, watchMinute, WEB } from './sim-requests';

// Hand-written messages and requests, as the web client and the peer tools send them (see shared/twitch-wire.md).
const RUST = { id: '263490', name: 'Rust' };
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** A server message: every one has an id, a type and a timestamp. */
interface Message {
  id: string;
  type: string;
  timestamp: string;
  parentId?: string;
  [key: string]: unknown;
}

let requestCount = 0;
const clients: Client[] = [];
afterEach(async () => {
  while (clients.length) await clients.pop()!.close();
});

/** A test's Hermes socket: the messages it received and not yet taken, and the requests it sends. */
class Client {
  private readonly inbox: Message[] = [];
  private wake: (() => void) | null = null;
  /** Subscription id -> topic, for the subscriptions this client asked for. */
  private readonly topics = new Map<string, string>();
  /** Resolves with the close code once the socket has closed. */
  readonly closed: Promise<number>;
  /** The close frame's reason, once closed. */
  closeReason = '';

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.inbox.push(JSON.parse(String(data)) as Message);
      this.wake?.();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeReason = String(reason);
        resolve(code);
      }),
    );
  }

  /** Takes the first message received that matches, waiting for one up to timeoutMs. */
  async next(match: (m: Message) => boolean, timeoutMs = 2_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex(match);
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no such message in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Sends a request and takes its answer (the message naming it as parent). */
  request(type: string, body: object): Promise<Message> {
    const id = `req-${++requestCount}`;
    this.ws.send(JSON.stringify({ id, type, ...body, timestamp: new Date().toISOString() }));
    return this.next((m) => m.parentId === id);
  }

  async authenticate(token: string): Promise<Message> {
    return this.request('authenticate', { authenticate: { token } });
  }

  /** Subscribes to a topic; its subscribeResponse. */
  async subscribe(topic: string): Promise<Message> {
    const id = `sub-${++requestCount}`;
    this.topics.set(id, topic);
    return this.request('subscribe', { subscribe: { id, type: 'pubsub', pubsub: { topic } } });
  }

  /** Waits until every message the server sent so far has arrived: a ping's pong comes after them. */
  async flush(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.ws.once('pong', () => resolve());
      this.ws.ping();
    });
  }

  /** Takes every message of the type received so far. */
  async all(type: string): Promise<Message[]> {
    await this.flush();
    const taken = this.inbox.filter((m) => m.type === type);
    this.inbox.splice(0, this.inbox.length, ...this.inbox.filter((m) => m.type !== type));
    return taken;
  }

  /** Takes the notifications received so far: each PubSub message parsed, with the topic of its subscription. */
  async published(): Promise<{ topic: string; message: Record<string, unknown> }[]> {
    return (await this.all('notification')).map((m) => {
      const n = m.notification as { subscription: { id: string }; type: string; pubsub: string };
      expect(n.type).toBe('pubsub');
      expect(typeof n.pubsub).toBe('string');
      return { topic: this.topics.get(n.subscription.id)!, message: JSON.parse(n.pubsub) as Record<string, unknown> };
    });
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

/** Opens a socket to a URL (by default wss://hermes.twitch.tv/v1) in the simulator (TLS to 127.0.0.1 with the Twitch host as SNI). */
function open(sim: Sim, url = `wss://hermes.twitch.tv/v1?clientId=${WEB}`): { client: Client; opened: Promise<void> } {
  const { host, pathname, search } = new URL(url);
  // ws hands the TLS options (ca, servername) to tls.connect.
  const options = { headers: { Host: host }, ca: sim.cert, servername: host };
  const ws = new WebSocket(`wss://127.0.0.1:${sim.port}${pathname}${search}`, options);
  const client = new Client(ws);
  clients.push(client);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { client, opened };
}

/** A socket opened and welcomed. */
async function connect(sim: Sim): Promise<Client> {
  const { client, opened } = open(sim);
  await opened;
  await client.next((m) => m.type === 'welcome');
  return client;
}

/** A socket authenticated as the user and subscribed to the topics. */
async function listen(sim: Sim, user: SimUser, topics: string[]): Promise<Client> {
  const client = await connect(sim);
  expect((await client.authenticate(user.token)).authenticateResponse).toEqual({ result: 'ok' });
  for (const topic of topics) expect((await client.subscribe(topic)).subscribeResponse).toMatchObject({ result: 'ok' });
  return client;
}

type Fetch = typeof globalThis.fetch;

/** Viewers and channels: alpha and beta live, rust live with drops, sleepy offline. */
async function realtimeWorld() {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addUser('friend');
    w.addChannel('alpha', { live: true, viewers: 321 });
    w.addChannel('beta', { live: true, displayName: 'Beta' });
    w.addChannel('rust', { live: true, game: RUST, dropsEnabled: true });
    w.addChannel('sleepy');
    w.requireIntegrity = false; // these tests are about other rules; sim-auth.test.ts covers integrity
  });
  const { world } = sim;
  const now = () => new Date(world.clock.now()).toISOString();
  return { sim, world, viewer: world.users.get('viewer')!, friend: world.users.get('friend')!, fetch: simFetch(sim), now };
}

describe('the realtime socket', () => {
  it('welcomes, authenticates and subscribes, in that order', async () => {
    const { sim, viewer } = await realtimeWorld();
    const { client, opened } = open(sim);
    await opened;
    const welcome = await client.next((m) => m.type === 'welcome');
    expect(welcome.id).toEqual(expect.any(String));
    expect(welcome.timestamp).toMatch(ISO);
    const { sessionId } = welcome.welcome as { sessionId: string };
    expect(welcome.welcome).toEqual({ keepaliveSec: 10, recoveryUrl: `wss://hermes.twitch.tv/v1?recover=${sessionId}`, sessionId });
    expect(sim.requests.at(-1)).toMatchObject({ host: 'hermes.twitch.tv', path: expect.stringMatching(/^\/v1\?clientId=/), operations: ['hermes'], status: 101 });

    const topic = `community-points-user-v1.${viewer.id}`;
    const early = await client.subscribe(topic);
    expect(early.subscribeResponse).toMatchObject({ result: 'error', errorCode: 'unauthenticated', subscription: { id: expect.any(String) } });
    const auth = await client.authenticate(viewer.token);
    expect(auth).toMatchObject({ type: 'authenticateResponse', authenticateResponse: { result: 'ok' } });
    const sub = await client.subscribe(topic);
    expect(sub.type).toBe('subscribeResponse');
    expect(sub.subscribeResponse).toEqual({ result: 'ok', subscription: { id: expect.stringMatching(/^sub-/) } });
    expect(sim.realtime.connections()).toBe(1);
    expect(sim.realtime.subscriptions()).toEqual([topic]);

    // A token no user has is refused, and the socket closed.
    const stranger = await connect(sim);
    const refused = await stranger.authenticate('not-a-token');
    expect(refused.authenticateResponse).toEqual({ result: 'error', error: 'invalid token', errorCode: 'unauthorized' });
    await stranger.closed;
    expect(sim.realtime.connections()).toBe(1);

    // A message it does not know closes the socket too.
    client.ws.send('{"type":"listen"}');
    await client.closed;
    expect(sim.realtime.connections()).toBe(0);
  });

  it('refuses other users\' user topics and a 51st subscription', async () => {
    const { sim, viewer, friend } = await realtimeWorld();
    const client = await listen(sim, viewer, []);
    const code = async (topic: string) => ((await client.subscribe(topic)).subscribeResponse as { result: string; errorCode?: string }).errorCode ?? 'ok';
    expect(await code(`community-points-user-v1.${friend.id}`)).toBe('forbidden');
    expect(await code(`predictions-user-v1.${friend.id}`)).toBe('forbidden');
    expect(await code(`user-drop-events.${friend.id}`)).toBe('forbidden');
    expect(await code(`user-drop-events.${viewer.id}`)).toBe('ok');
    // Channel topics are anyone's.
    for (let i = 1; i < 50; i++) expect(await code(`raid.${1000 + i}`)).toBe('ok');
    expect(sim.realtime.subscriptions()).toHaveLength(50);
    expect(await code('raid.2000')).toBe('too_many_subscriptions');
    // The limit is per socket.
    const second = await listen(sim, viewer, ['raid.2000']);
    expect(sim.realtime.subscriptions()).toHaveLength(51);
    await second.close();
  });

  it('sends keepalives every keepaliveSec of real time, and neither them nor notifications while silenced', async () => {
    const { sim, world, viewer } = await realtimeWorld();
    sim.realtime.keepaliveSec = 1;
    const { client, opened } = open(sim);
    await opened;
    expect((await client.next((m) => m.type === 'welcome')).welcome).toMatchObject({ keepaliveSec: 1 });
    await client.authenticate(viewer.token);
    await client.subscribe(`video-playback-by-id.${world.channel('sleepy').id}`);
    const keepalive = await client.next((m) => m.type === 'keepalive', 1_500);
    expect(Object.keys(keepalive).sort()).toEqual(['id', 'timestamp', 'type']);

    sim.realtime.silence(true);
    world.goLive('sleepy');
    // A keepalive interval passes while silenced: nothing is sent.
    const ticks = sim.realtime.keepaliveTicks;
    await expect.poll(() => sim.realtime.keepaliveTicks, { timeout: 1_500 }).toBeGreaterThan(ticks);
    expect(await client.all('keepalive')).toEqual([]);
    expect(await client.published()).toEqual([]);

    sim.realtime.silence(false);
    await client.next((m) => m.type === 'keepalive', 1_500);
    world.goOffline('sleepy');
    expect((await client.published()).map((n) => n.message.type)).toEqual(['stream-down']);
  });

  it('asks every socket to reconnect with a URL that fails when followed (4122), or with none under wire.hermesEmptyReconnect', async () => {
    const { sim } = await realtimeWorld();
    const [a, b] = [await connect(sim), await connect(sim)];
    sim.realtime.sendReconnect();
    const urls: string[] = [];
    for (const c of [a, b]) {
      const { url } = (await c.next((m) => m.type === 'reconnect')).reconnect as { url: string };
      expect(url).toMatch(new RegExp(`^wss://hermes\\.twitch\\.tv/v1\\?clientId=${WEB}&challenge=[0-9a-f]{24}$`));
      urls.push(url);
    }
    // Following it: the socket opens, then closes at once with 4122 "invalid challenge" (RAK 1b2768e0); no welcome.
    const { client: followed, opened } = open(sim, urls[0]);
    await opened;
    expect(await followed.closed).toBe(4122);
    expect(followed.closeReason).toBe('invalid challenge');
    await expect(followed.next((m) => m.type === 'welcome', 0)).rejects.toThrow('no such message');
    // The default URL still works.
    await connect(sim);
    expect(sim.realtime.connections()).toBe(3);

    sim.world.wire.hermesEmptyReconnect = true;
    sim.realtime.sendReconnect();
    const frame = await a.next((m) => m.type === 'reconnect');
    expect(frame.reconnect).toEqual({});
    expect(Object.keys(frame).sort()).toEqual(['id', 'reconnect', 'timestamp', 'type']);
  });

  it('drops every socket at once', async () => {
    const { sim, viewer } = await realtimeWorld();
    const [a, b] = [await connect(sim), await connect(sim)];
    await a.authenticate(viewer.token);
    await a.subscribe(`raid.${sim.world.channel('alpha').id}`);
    expect(sim.realtime.connections()).toBe(2);
    sim.realtime.dropAll();
    expect(sim.realtime.connections()).toBe(0);
    // No close frame: the client sees an abnormal closure (1006).
    expect(await a.closed).toBe(1006);
    expect(await b.closed).toBe(1006);
    expect(sim.realtime.subscriptions()).toEqual([]);
    await connect(sim);
    expect(sim.realtime.connections()).toBe(1);
  });

  it('fails the upgrade under a hermes fault, and cuts upgrades to other hosts and paths', async () => {
    const { sim } = await realtimeWorld();
    sim.faults.add('hermes', 'http-503');
    await expect(open(sim).opened).rejects.toThrow(/Unexpected server response: 503/);
    expect(sim.requests.at(-1)).toMatchObject({ operations: ['hermes'], status: 503 });
    expect(sim.faults.fired).toEqual([{ target: 'hermes', kind: 'http-503' }]);
    await expect(open(sim, 'wss://www.twitch.tv/v1').opened).rejects.toThrow();
    await expect(open(sim, 'wss://hermes.twitch.tv/v2').opened).rejects.toThrow();
    await connect(sim);
    expect(sim.realtime.connections()).toBe(1);
  });
});

describe('world events on the socket', () => {
  it('publishes watch points, a chest and its claim on the user topic, with the multiplier', async () => {
    const { sim, world, viewer, now } = await realtimeWorld();
    const alpha = world.channel('alpha');
    world.setMultipliers(viewer, 'alpha', [0.2]);
    const client = await listen(sim, viewer, [`community-points-user-v1.${viewer.id}`]);
    for (let i = 0; i < 15; i++) {
      watchMinute(world, viewer, 'alpha');
      world.clock.advance(MINUTE);
    }
    const messages = await client.published();
    expect(messages.every((n) => n.topic === `community-points-user-v1.${viewer.id}`)).toBe(true);
    expect(messages.map((n) => n.message.type)).toEqual(['points-earned', 'points-earned', 'points-earned', 'claim-available']);
    expect(messages[0]!.message.data).toEqual({
      timestamp: new Date(world.clock.now() - 11 * MINUTE).toISOString(),
      point_gain: { user_id: viewer.id, channel_id: alpha.id, total_points: 12, baseline_points: 10, reason_code: 'WATCH', multipliers: [] },
      balance: { user_id: viewer.id, channel_id: alpha.id, balance: 12 },
    });
    const claimId = world.availableClaim(viewer, 'alpha')!;
    const offeredAt = new Date(world.clock.now() - MINUTE).toISOString();
    expect(messages[3]!.message.data).toEqual({
      timestamp: offeredAt,
      claim: { id: claimId, user_id: viewer.id, channel_id: alpha.id, point_gain: { total_points: 60, reason_code: 'CLAIM' }, created_at: offeredAt },
    });

    expect(world.claimBonus(viewer, alpha.id, claimId)).toBe(true);
    expect((await client.published()).map((n) => n.message)).toEqual([
      {
        type: 'points-earned',
        data: {
          timestamp: now(),
          point_gain: { user_id: viewer.id, channel_id: alpha.id, total_points: 60, baseline_points: 50, reason_code: 'CLAIM', multipliers: [] },
          balance: { user_id: viewer.id, channel_id: alpha.id, balance: 96 },
        },
      },
      { type: 'claim-claimed', data: { timestamp: now(), claim: { id: claimId, user_id: viewer.id, channel_id: alpha.id } } },
    ]);
  });

  it('publishes stream-up and stream-down, for scheduled streams at sync too', async () => {
    const { sim, world, viewer } = await realtimeWorld();
    const sleepy = world.channel('sleepy');
    const client = await listen(sim, viewer, [`video-playback-by-id.${sleepy.id}`]);
    const serverTime = () => world.clock.now() / 1000;

    world.goLive('sleepy');
    expect((await client.published()).map((n) => n.message)).toEqual([{ type: 'stream-up', server_time: serverTime(), play_delay: 0 }]);
    world.goOffline('sleepy');
    world.goOffline('sleepy'); // already offline: nothing more
    expect((await client.published()).map((n) => n.message)).toEqual([{ type: 'stream-down', server_time: serverTime() }]);

    world.scheduleStream('sleepy', world.clock.now() + MINUTE, world.clock.now() + 2 * MINUTE);
    world.clock.advance(MINUTE);
    world.sync();
    expect((await client.published()).map((n) => n.message.type)).toEqual(['stream-up']);
    world.clock.advance(MINUTE);
    world.sync();
    expect((await client.published()).map((n) => n.message.type)).toEqual(['stream-down']);
  });

  it('publishes drop progress each minute, and no drop-claim (TDM#570)', async () => {
    const { sim, world, viewer } = await realtimeWorld();
    const rust = world.channel('rust');
    world.addCampaign({
      name: 'Rust Drops',
      game: RUST,
      startAt: world.clock.now(),
      endAt: world.clock.now() + 24 * 60 * MINUTE,
      drops: [
        { id: 'hoodie', name: 'Hoodie', requiredMinutes: 2, benefit: { name: 'Hoodie' } },
        { id: 'badge', name: 'Badge', requiredMinutes: 1, benefit: { name: 'Badge', distributionType: 'BADGE' } },
      ],
    });
    const client = await listen(sim, viewer, [`user-drop-events.${viewer.id}`]);
    for (let i = 0; i < 3; i++) {
      watchMinute(world, viewer, 'rust');
      world.clock.advance(MINUTE);
    }
    const progress = (drop_id: string, current: number, required: number) => ({
      type: 'drop-progress',
      data: { drop_id, channel_id: rust.id, current_progress_min: current, required_progress_min: required },
    });
    expect((await client.published()).map((n) => n.message)).toEqual([
      progress('hoodie', 1, 2),
      progress('badge', 1, 1),
      progress('hoodie', 2, 2),
    ]);
    expect(world.dropProgress(viewer, 'hoodie')).toMatchObject({ minutes: 2, claimed: false });
  });
});

describe('raids', () => {
  it('publishes a raid, and pays a joined raider 250 points once, on a credited minute on the target', async () => {
    const { sim, world, viewer, friend, fetch } = await realtimeWorld();
    const [alpha, beta] = [world.channel('alpha'), world.channel('beta')];
    world.setMultipliers(viewer, 'beta', [0.1]);
    const client = await listen(sim, viewer, [`raid.${alpha.id}`, `community-points-user-v1.${viewer.id}`]);
    const raidId = world.startRaid('alpha', 'beta');
    expect(await client.published()).toEqual([
      {
        topic: `raid.${alpha.id}`,
        message: {
          type: 'raid_update_v2',
          raid: {
            id: raidId,
            creator_id: alpha.id,
            source_id: alpha.id,
            target_id: beta.id,
            target_login: 'beta',
            target_display_name: 'Beta',
            target_profile_image: '',
            transition_jitter_seconds: 5,
            force_raid_now_seconds: 90,
            viewer_count: 321,
          },
        },
      },
    ]);

    world.clock.advance(89_999);
    expect(await gql(fetch, 'JoinRaid', { input: { raidID: raidId } }, { user: viewer })).toEqual({ joinRaid: { raidID: raidId, __typename: 'JoinRaidPayload' } });
    expect(world.raidJoins).toEqual([{ at: world.clock.now(), userId: viewer.id, raidId }]);
    // 90 s after it started the raid cannot be joined; an unknown raid never could.
    world.clock.advance(1);
    for (const raidID of [raidId, 'no-such-raid']) {
      expect(await gqlBody(fetch, 'JoinRaid', { input: { raidID } }, { user: friend })).toEqual({
        data: { joinRaid: null },
        errors: [{ message: 'raid not found' }],
        extensions: expect.anything(),
      });
    }
    expect(world.raidJoins).toHaveLength(1);

    // A minute on the raiding channel pays nothing; the first on the target pays 250 times the multiplier, once.
    expect(watchMinute(world, viewer, 'alpha')).toBe(true);
    expect(world.pointEvents).toEqual([]);
    expect(watchMinute(world, viewer, 'beta')).toBe(true);
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'beta');
    expect(world.pointEvents).toEqual([{ at: world.clock.now() - MINUTE, userId: viewer.id, channelLogin: 'beta', reason: 'raid', points: 275 }]);
    const earned = (await client.published()).map((n) => n.message.data as { point_gain: object; balance: object });
    expect(earned).toHaveLength(1);
    expect(earned[0]).toMatchObject({ point_gain: { channel_id: beta.id, total_points: 275, baseline_points: 250, reason_code: 'RAID' }, balance: { balance: 275 } });
  });

  it('pays nothing when the raider reaches the target more than 5 minutes after joining', async () => {
    const { world, friend, fetch } = await realtimeWorld();
    const raidId = world.startRaid('alpha', 'beta');
    await gql(fetch, 'JoinRaid', { input: { raidID: raidId } }, { user: friend });
    world.clock.advance(5 * MINUTE + 1);
    expect(watchMinute(world, friend, 'beta')).toBe(true);
    expect(world.pointEvents).toEqual([]);
  });
});

describe('community moments', () => {
  it('publishes a moment and lets each user claim it once within 60 s', async () => {
    const { sim, world, viewer, friend, fetch } = await realtimeWorld();
    const alpha = world.channel('alpha');
    const client = await listen(sim, viewer, [`community-moments-channel-v1.${alpha.id}`]);
    const momentId = world.startMoment('alpha');
    expect((await client.published()).map((n) => n.message)).toEqual([{ type: 'active', data: { moment_id: momentId, channel_id: alpha.id } }]);

    type Claim = { claimCommunityMoment: { moment: unknown; error: { code: string } | null } };
    const claim = async (user: SimUser, momentID: string) =>
      (await gql<Claim>(fetch, 'CommunityMomentCallout_Claim', { input: { momentID } }, { user })).claimCommunityMoment;
    world.clock.advance(59_999);
    expect(await claim(viewer, momentId)).toEqual({
      moment: { id: momentId, __typename: 'CommunityMoment' },
      error: null,
      __typename: 'ClaimCommunityMomentPayload',
    });
    expect((await claim(viewer, momentId)).error).toMatchObject({ code: 'ALREADY_CLAIMED' });
    expect((await claim(viewer, 'no-such-moment')).error).toMatchObject({ code: 'NOT_FOUND' });
    world.clock.advance(1);
    expect(await claim(friend, momentId)).toMatchObject({ moment: null, error: { code: 'EXPIRED' } });
    expect(world.momentClaims).toEqual([{ at: world.clock.now() - 1, userId: viewer.id, momentId }]);
    // A badge, not points.
    expect(world.pointEvents).toEqual([]);
  });
});

type BetAnswer = { makePrediction: { prediction: { id: string; __typename: string } | null; error: { code: string } | null; __typename: string } };

describe('predictions', () => {
  /** A MakePrediction: the prediction id, or the error code. */
  async function bet(fetch: Fetch, user: SimUser | undefined, eventID: string, outcomeID: string, points: number, transactionID: string): Promise<string> {
    const { makePrediction } = await gql<BetAnswer>(fetch, 'MakePrediction', { input: { eventID, outcomeID, points, transactionID } }, { user });
    return makePrediction.prediction?.id ?? makePrediction.error!.code;
  }

  /** The channel's events as ChannelPointsPredictionContext gives them to the user. */
  type Node = Record<string, unknown> & {
    id: string;
    status: string;
    outcomes: { id: string; totalPoints: number; totalUsers: number }[];
    self: { prediction: { id: string; points: number; result: unknown } | null } | null;
  };
  type Context = {
    community: {
      id: string;
      channel: { id: string; activePredictionEvents: Node[]; lockedPredictionEvents: Node[]; resolvedPredictionEvents: { edges: { node: Node }[] } };
    } | null;
  };
  const context = (fetch: Fetch, user: SimUser | undefined, count = 5, channelLogin = 'alpha') =>
    gql<Context>(fetch, 'ChannelPointsPredictionContext', { count, channelLogin }, { user });

  it('publishes the event, and takes bets within the limits, once per transaction', async () => {
    const { sim, world, viewer, fetch, now } = await realtimeWorld();
    const alpha = world.channel('alpha');
    const client = await listen(sim, viewer, [`predictions-channel-v1.${alpha.id}`]);
    world.setBalance(viewer, 'alpha', 300_000);
    const eventId = world.createPrediction('alpha', { title: 'Win?', outcomes: ['Yes', 'No'], windowSeconds: 120 });
    const [created] = await client.published();
    const event = (created!.message.data as { event: { outcomes: { id: string }[] } }).event;
    const [yes, no] = event.outcomes.map((o) => o.id) as [string, string];
    expect(created!.message).toEqual({
      type: 'event-created',
      data: {
        timestamp: now(),
        event: {
          id: eventId,
          channel_id: alpha.id,
          created_at: now(),
          ended_at: null,
          locked_at: null,
          outcomes: [
            { id: yes, color: 'BLUE', title: 'Yes', total_points: 0, total_users: 0, top_predictors: [], badge: { version: 'blue-1', set_id: 'predictions' } },
            { id: no, color: 'PINK', title: 'No', total_points: 0, total_users: 0, top_predictors: [], badge: { version: 'pink-2', set_id: 'predictions' } },
          ],
          prediction_window_seconds: 120,
          status: 'ACTIVE',
          title: 'Win?',
          winning_outcome_id: null,
        },
      },
    });

    expect(await bet(fetch, viewer, eventId, yes, 9, 't0')).toBe('MIN_POINTS');
    expect(await bet(fetch, viewer, eventId, yes, 250_001, 't0')).toBe('MAX_POINTS');
    expect(await bet(fetch, viewer, 'no-such-event', yes, 100, 't0')).toBe('NOT_FOUND');
    expect(await bet(fetch, viewer, eventId, 'no-such-outcome', 100, 't0')).toBe('NOT_FOUND');
    expect(await bet(fetch, undefined, eventId, yes, 100, 't0')).toBe('NOT_FOUND');
    const predictionId = await bet(fetch, viewer, eventId, yes, 100, 't1');
    expect(predictionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(world.balance(viewer, 'alpha')).toBe(299_900);
    // The same transaction again takes nothing more; a new one on the same outcome adds up.
    expect(await bet(fetch, viewer, eventId, yes, 100, 't1')).toBe(predictionId);
    expect(world.balance(viewer, 'alpha')).toBe(299_900);
    expect(await bet(fetch, viewer, eventId, yes, 50, 't2')).toBe(predictionId);
    expect(await bet(fetch, viewer, eventId, no, 50, 't3')).toBe('DIFFERENT_OUTCOME');
    // At most 250,000 on one event, all bets together.
    expect(await bet(fetch, viewer, eventId, yes, 249_851, 't4')).toBe('MAX_POINTS');
    expect(world.balance(viewer, 'alpha')).toBe(299_850);
    expect(world.bets).toEqual([
      { at: world.clock.now(), userId: viewer.id, eventId, outcomeId: yes, points: 100 },
      { at: world.clock.now(), userId: viewer.id, eventId, outcomeId: yes, points: 50 },
    ]);

    type Update = { event: { status: string; outcomes: { total_points: number; total_users: number }[] } };
    const updates = (await client.published()).map((n) => (n.message.data as Update).event);
    expect(updates.map((e) => [e.status, e.outcomes[0]!.total_points, e.outcomes[0]!.total_users])).toEqual([['ACTIVE', 100, 1], ['ACTIVE', 150, 1]]);

    world.setBalance(viewer, 'alpha', 20);
    expect(await bet(fetch, viewer, eventId, yes, 21, 't5')).toBe('INSUFFICIENT_POINTS');
    world.lockPrediction(eventId);
    expect(await bet(fetch, viewer, eventId, yes, 10, 't6')).toBe('EVENT_NOT_ACTIVE');
    const [locked] = await client.published();
    expect(locked!.message).toMatchObject({ type: 'event-updated', data: { event: { status: 'LOCKED', locked_at: now() } } });
    expect(world.bets).toHaveLength(2);
  });

  it('pays winners their share of the whole pool, other bettors included, and tells each bettor', async () => {
    const { sim, world, viewer, friend, fetch, now } = await realtimeWorld();
    const alpha = world.channel('alpha');
    world.setBalance(viewer, 'alpha', 5_000);
    world.setBalance(friend, 'alpha', 500);
    world.setMultipliers(viewer, 'alpha', [0.5]); // multipliers do not touch payouts
    const mine = await listen(sim, viewer, [`predictions-user-v1.${viewer.id}`, `community-points-user-v1.${viewer.id}`]);
    const theirs = await listen(sim, friend, [`predictions-user-v1.${friend.id}`, `community-points-user-v1.${friend.id}`]);
    const eventId = world.createPrediction('alpha', { title: 'Boss down?', outcomes: ['Yes', 'No'], windowSeconds: 300 });
    const [yes, no] = world.predictions.events[0]!.outcomes.map((o) => o.id) as [string, string];

    await bet(fetch, viewer, eventId, yes, 1_000, 'v1');
    await bet(fetch, friend, eventId, no, 500, 'f1');
    world.addBettor(eventId, 0, 500); // yes: 1,500 points from 2 bettors
    world.addBettor(eventId, 1, 8_000, 9); // no: 8,500 points from 10 bettors
    world.clock.advance(MINUTE);
    world.lockPrediction(eventId);
    world.resolvePrediction(eventId, 0);

    // 1,000 of the 1,500 on yes takes two thirds of the 10,000 in the pool, rounded down.
    expect(world.balance(viewer, 'alpha')).toBe(4_000 + 6_666);
    expect(world.balance(friend, 'alpha')).toBe(0);
    expect(world.pointEvents).toEqual([{ at: world.clock.now(), userId: viewer.id, channelLogin: 'alpha', reason: 'prediction', points: 6_666 }]);
    expect((await mine.published()).map((n) => n.message)).toEqual([
      {
        type: 'points-earned',
        data: {
          timestamp: now(),
          point_gain: { user_id: viewer.id, channel_id: alpha.id, total_points: 6_666, baseline_points: 6_666, reason_code: 'PREDICTION', multipliers: [] },
          balance: { user_id: viewer.id, channel_id: alpha.id, balance: 10_666 },
        },
      },
      {
        type: 'prediction-result',
        data: { timestamp: now(), prediction: { event_id: eventId, channel_id: alpha.id, outcome_id: yes, points: 1_000, result: { type: 'WIN', points_won: 6_666 } } },
      },
    ]);
    // A loser hears of the result, and gains nothing.
    expect((await theirs.published()).map((n) => n.message)).toEqual([
      {
        type: 'prediction-result',
        data: { timestamp: now(), prediction: { event_id: eventId, channel_id: alpha.id, outcome_id: no, points: 500, result: { type: 'LOSE', points_won: 0 } } },
      },
    ]);

    const resolved = (await context(fetch, viewer)).community!.channel.resolvedPredictionEvents.edges[0]!.node;
    expect(resolved).toMatchObject({ status: 'RESOLVED', winningOutcome: { id: yes }, endedAt: now() });
    expect(resolved.outcomes.map((o) => [o.totalPoints, o.totalUsers])).toEqual([[1_500, 2], [8_500, 10]]);
    expect(resolved.self!.prediction).toMatchObject({ points: 1_000, outcome: { id: yes }, result: { type: 'WIN', pointsWon: 6_666 } });
    expect(() => world.cancelPrediction(eventId)).toThrow();
  });

  it('locks at sync once the window has passed, and refunds every bet on cancel', async () => {
    const { sim, world, viewer, fetch, now } = await realtimeWorld();
    const alpha = world.channel('alpha');
    world.setBalance(viewer, 'alpha', 1_000);
    const eventId = world.createPrediction('alpha', { title: 'Three ways', outcomes: ['A', 'B', 'C'], windowSeconds: 60 });
    const outcomes = world.predictions.events[0]!.outcomes;
    expect(outcomes.map((o) => [o.color, o.badgeVersion])).toEqual([['BLUE', 'blue-1'], ['BLUE', 'blue-2'], ['BLUE', 'blue-3']]);
    await bet(fetch, viewer, eventId, outcomes[2]!.id, 200, 'v1');
    const client = await listen(sim, viewer, [`predictions-channel-v1.${alpha.id}`, `predictions-user-v1.${viewer.id}`]);

    world.clock.advance(59_999);
    world.sync();
    expect(world.predictions.events[0]!.status).toBe('ACTIVE');
    world.clock.advance(1);
    // The server syncs before answering: the window has passed.
    expect(await bet(fetch, viewer, eventId, outcomes[2]!.id, 100, 'v2')).toBe('EVENT_NOT_ACTIVE');
    expect((await client.published()).map((n) => n.message)).toMatchObject([{ type: 'event-updated', data: { event: { status: 'LOCKED', locked_at: now() } } }]);

    world.clock.advance(MINUTE);
    world.cancelPrediction(eventId);
    expect(world.balance(viewer, 'alpha')).toBe(1_000);
    expect(world.pointEvents).toMatchObject([{ reason: 'prediction', points: 200 }]);
    expect((await client.published()).map((n) => n.message)).toMatchObject([
      { type: 'event-updated', data: { event: { status: 'CANCELED', ended_at: now(), winning_outcome_id: null } } },
      { type: 'prediction-result', data: { prediction: { outcome_id: outcomes[2]!.id, points: 200, result: { type: 'REFUND', points_won: 200 } } } },
    ]);
    expect(() => world.createPrediction('alpha', { title: 'One', outcomes: ['A'], windowSeconds: 60 })).toThrow();
  });

  it('answers ChannelPointsPredictionContext with active, locked and the last ended events', async () => {
    const { world, viewer, fetch } = await realtimeWorld();
    const t0 = world.clock.now();
    world.setBalance(viewer, 'alpha', 1_000);
    const spec = (title: string) => ({ title, outcomes: ['Yes', 'No'], windowSeconds: 600 });
    const first = world.createPrediction('alpha', spec('first'));
    world.clock.advance(1_000);
    const second = world.createPrediction('alpha', spec('second'));
    world.clock.advance(1_000);
    const locked = world.createPrediction('alpha', spec('locked'));
    const active = world.createPrediction('alpha', spec('active'));
    world.createPrediction('beta', spec('elsewhere'));
    world.resolvePrediction(second, 1);
    world.clock.advance(1_000);
    world.cancelPrediction(first);
    world.lockPrediction(locked);
    const [yes] = world.predictions.events[3]!.outcomes;
    const predictionId = await bet(fetch, viewer, active, yes!.id, 100, 'v1');

    const data = await context(fetch, viewer);
    const alpha = world.channel('alpha');
    expect(data.community).toMatchObject({ id: alpha.id, channel: { id: alpha.id, __typename: 'Channel' }, __typename: 'User' });
    const channel = data.community!.channel;
    expect(channel.activePredictionEvents).toEqual([
      {
        id: active,
        title: 'active',
        status: 'ACTIVE',
        createdAt: new Date(t0 + 2_000).toISOString(),
        lockedAt: null,
        endedAt: null,
        predictionWindowSeconds: 600,
        winningOutcome: null,
        outcomes: world.predictions.events[3]!.outcomes.map((o, i) => ({
          id: o.id,
          title: ['Yes', 'No'][i],
          color: ['BLUE', 'PINK'][i],
          totalPoints: i === 0 ? 100 : 0,
          totalUsers: i === 0 ? 1 : 0,
          topPredictors: [],
          badge: { setID: 'predictions', version: ['blue-1', 'pink-2'][i], __typename: 'Badge' },
          __typename: 'PredictionEventOutcome',
        })),
        self: {
          prediction: { id: predictionId, points: 100, outcome: { id: yes!.id, __typename: 'PredictionEventOutcome' }, result: null, __typename: 'Prediction' },
          __typename: 'PredictionEventSelfEdge',
        },
        __typename: 'PredictionEvent',
      },
    ]);
    expect(channel.lockedPredictionEvents.map((e) => [e.id, e.status, e.lockedAt])).toEqual([[locked, 'LOCKED', new Date(t0 + 3_000).toISOString()]]);
    // Ended events, last ended first; `count` of them.
    expect(channel.resolvedPredictionEvents.edges.map((e) => [e.node.id, e.node.status])).toEqual([[first, 'CANCELED'], [second, 'RESOLVED']]);
    expect(channel.resolvedPredictionEvents.edges[1]!.node.self).toEqual({ prediction: null, __typename: 'PredictionEventSelfEdge' });
    expect((await context(fetch, viewer, 1)).community!.channel.resolvedPredictionEvents.edges).toHaveLength(1);
    // Without a user there is no self; an unknown channel has no community.
    expect((await context(fetch, undefined)).community!.channel.activePredictionEvents[0]!.self).toBeNull();
    expect(await context(fetch, viewer, 5, 'nobody')).toEqual({ community: null });
  });
});
