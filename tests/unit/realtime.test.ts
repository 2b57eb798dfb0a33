import { describe, expect, it, vi } from 'vitest';
import { runTick, type TickDeps } from '../../lib/engine/tick';
import { listBets } from '../../lib/store/repos';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/store/settings';
import { parseRealtime, topicsFor, type RealtimeEvent } from '../../lib/twitch/events';
import { RealtimeClient } from '../../lib/twitch/realtime';
import type { Sim } from '../sim/server';
import { simWebSocket } from '../sim/websocket';
import type { World } from '../sim/world';
import { HOUR, MIN, TICK, viewerWorld } from './helpers';

const realClock = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

async function setup(world: (w: World, t0: number) => void, settings: Partial<Settings> = {}) {
  const vw = await viewerWorld(world, { settings: { priorities: ['ORDER'], ...settings } });
  // The socket, as the background keeps it: its events wait in the inbox for the next tick.
  const inbox: RealtimeEvent[] = [];
  let heard = 0;
  const client = new RealtimeClient({
    token: vw.viewer.token,
    clock: realClock,
    logger: () => {},
    WebSocket: simWebSocket(vw.sim),
    onMessage: (topic, message) => {
      heard += 1;
      const ev = parseRealtime(topic, message);
      if (ev) inbox.push(ev);
    },
  });
  return { ...vw, inbox, client, heard: () => heard };
}

/**
 * Ticks every 30 s of simulated time, and in between at the time a bet is due (as the background's timer does),
 * handing each tick what the socket brought.
 */
async function runFor(sim: Sim, deps: TickDeps, ms: number, inbox: RealtimeEvent[], socket: { client: RealtimeClient; userId: string; heard: () => number } | null) {
  const end = sim.clock.now() + ms;
  let next = sim.clock.now();
  while (sim.clock.now() < end) {
    sim.clock.advance(Math.max(0, next - sim.clock.now()));
    const at = sim.clock.now();
    // What the simulator sent on the socket has reached the inbox.
    if (socket) await vi.waitFor(() => expect(socket.heard()).toBe(sim.realtime.notifications));
    const events = inbox.splice(0);
    const out = await runTick(deps, { reason: 'test', inbox: events, realtimeSince: socket?.client.status === 'open' ? 0 : undefined });
    if (out.ran && socket) {
      const ids = (out.plan?.slots ?? []).map((l) => sim.world.channels.get(l)!.id);
      socket.client.setTopics(topicsFor(socket.userId, ids, new Set(ids), [], new Set(ids)));
    }
    next = Math.min(at + TICK, out.ran && out.nextBetAt !== null && out.nextBetAt > at ? out.nextBetAt : Infinity);
  }
}

describe('the realtime socket against the simulator', () => {
  it('authenticates, subscribes, and delivers events; reconnects when dropped or asked to move', async () => {
    const { sim, viewer, client, inbox } = await setup((w) => {
      w.addChannel('alpha', { live: true });
    });
    const alpha = sim.world.channel('alpha');
    client.setTopics(topicsFor(viewer.id, [alpha.id], new Set()));
    client.start();
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`community-points-user-v1.${viewer.id}`));
    const claimId = sim.world.offerClaim(viewer, 'alpha');
    await vi.waitFor(() => expect(inbox).toContainEqual({ kind: 'claim-available', channelId: alpha.id, claimId }));

    sim.realtime.dropAll();
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`raid.${alpha.id}`), { timeout: 5000 });
    // Asked to move, with a URL (following it is answered 4122) or with none (`reconnect: {}`): the client goes back
    // to the default URL, in one upgrade each time.
    const upgrades = () => sim.requests.filter((r) => r.operations.includes('hermes')).length;
    for (const empty of [false, true]) {
      sim.world.wire.hermesEmptyReconnect = empty;
      const before = upgrades();
      sim.realtime.sendReconnect();
      await vi.waitFor(() => expect(upgrades()).toBe(before + 1), { timeout: 5000 });
      await vi.waitFor(() => expect(sim.realtime.connections()).toBe(1), { timeout: 5000 });
      await vi.waitFor(() => expect(client.status).toBe('open'));
    }
    expect(sim.requests.filter((r) => r.operations.includes('hermes')).every((r) => !r.path.includes('challenge'))).toBe(true);
    // Events flow on the new socket once it has subscribed again.
    await vi.waitFor(
      () => {
        if (!inbox.some((e) => e.kind === 'moment')) sim.world.startMoment('alpha');
        expect(inbox.some((e) => e.kind === 'moment')).toBe(true);
      },
      { timeout: 5000, interval: 200 },
    );
    client.stop();
    await vi.waitFor(() => expect(sim.realtime.connections()).toBe(0));
  });

  it('notices a silent socket and reconnects', async () => {
    const { sim, viewer, client } = await setup((w) => w.addChannel('alpha', { live: true }));
    sim.realtime.keepaliveSec = 1;
    client.setTopics(topicsFor(viewer.id, [], new Set()));
    client.start();
    await vi.waitFor(() => expect(client.status).toBe('open'));
    const before = sim.requests.filter((r) => r.operations.includes('hermes')).length;
    sim.realtime.silence(true);
    await vi.waitFor(() => expect(sim.requests.filter((r) => r.operations.includes('hermes')).length).toBeGreaterThan(before), { timeout: 10_000 });
    sim.realtime.silence(false);
    await vi.waitFor(() => expect(client.status).toBe('open'), { timeout: 10_000 });
    client.stop();
  });
});

describe('points over simulated time, with the socket', () => {
  it('joins a raid, follows it to the raided channel and earns the raid points; claims a moment', async () => {
    const { sim, viewer, deps, inbox, client, heard } = await setup((w, t) => {
      for (const l of ['alpha', 'bravo']) {
        w.addChannel(l);
        w.follow(w.users.get('viewer')!, l);
      }
      w.addChannel('target');
      w.scheduleStream('alpha', t, t + HOUR);
      w.scheduleStream('bravo', t, t + 3 * HOUR);
      w.scheduleStream('target', t, t + 3 * HOUR);
    });
    client.start();
    const socket = { client, userId: viewer.id, heard };
    await runFor(sim, deps, 5 * MIN, inbox, socket);
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`raid.${sim.world.channel('alpha').id}`));
    sim.world.startRaid('alpha', 'target');
    sim.world.startMoment('bravo');
    await runFor(sim, deps, 3 * MIN, inbox, socket);
    expect(sim.world.raidJoins).toHaveLength(1);
    expect(sim.world.momentClaims).toHaveLength(1);
    expect(sim.world.pointEvents).toContainEqual(expect.objectContaining({ channelLogin: 'target', reason: 'raid', points: 250 }));
    expect(sim.world.creditedMinutes(viewer, 'target')).toBeGreaterThan(0);
    client.stop();
  });

  it('leaves bonus chests and moments alone where the viewer turned them off', async () => {
    const { sim, viewer, deps, inbox, client, heard } = await setup(
      (w, t) => {
        w.addChannel('alpha');
        w.follow(w.users.get('viewer')!, 'alpha');
        w.scheduleStream('alpha', t, t + HOUR);
      },
      { streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: false, raids: true, bonus: false, moments: false } },
    );
    client.start();
    const socket = { client, userId: viewer.id, heard };
    await runFor(sim, deps, 2 * MIN, inbox, socket);
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`community-moments-channel-v1.${sim.world.channel('alpha').id}`));
    sim.world.startMoment('alpha');
    await runFor(sim, deps, 40 * MIN, inbox, socket);
    expect(sim.world.bonusOffers.length).toBe(1); // waiting, unclaimed: Twitch puts up no other
    expect(sim.world.pointEvents.filter((e) => e.reason === 'claim')).toHaveLength(0);
    expect(sim.world.momentClaims).toHaveLength(0);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBeGreaterThan(30); // still watched for its points
    client.stop();
  });

  it('does not join a raid from a channel where the viewer turned raids off', async () => {
    const { sim, deps, inbox, client, viewer, heard } = await setup(
      (w, t) => {
        w.addChannel('alpha');
        w.follow(w.users.get('viewer')!, 'alpha');
        w.addChannel('target');
        w.scheduleStream('alpha', t, t + HOUR);
        w.scheduleStream('target', t, t + HOUR);
      },
      { streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: false, raids: false, bonus: true, moments: true } },
    );
    client.start();
    const socket = { client, userId: viewer.id, heard };
    await runFor(sim, deps, 2 * MIN, inbox, socket);
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`raid.${sim.world.channel('alpha').id}`));
    sim.world.startRaid('alpha', 'target');
    await runFor(sim, deps, 3 * MIN, inbox, socket);
    expect(sim.world.raidJoins).toHaveLength(0);
    expect(sim.world.creditedMinutes(viewer, 'target')).toBe(0);
    client.stop();
  });

  it('bets on a prediction by the chosen strategy, in its window, and settles exactly', async () => {
    const { sim, db, viewer, deps, inbox, client, heard } = await setup(
      (w, t) => {
        w.addChannel('alpha');
        w.follow(w.users.get('viewer')!, 'alpha');
        w.scheduleStream('alpha', t, t + 3 * HOUR);
        w.setBalance(w.users.get('viewer')!, 'alpha', 20_000);
      },
      {
        streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true },
        bets: { strategy: 'MOST_VOTED', percentage: 10, percentageGap: 20, maxPoints: 50_000, minimumPoints: 0, stealthMode: false, delayMode: 'FROM_END', delay: 10, filter: null },
      },
    );
    client.start();
    const socket = { client, userId: viewer.id, heard };
    await runFor(sim, deps, 2 * MIN, inbox, socket);
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`predictions-channel-v1.${sim.world.channel('alpha').id}`));
    const created = sim.clock.now();
    const eventId = sim.world.createPrediction('alpha', { title: 'Win the round?', outcomes: ['Yes', 'No'], windowSeconds: 120 });
    sim.world.addBettor(eventId, 0, 3000, 30); // the crowd says Yes
    sim.world.addBettor(eventId, 1, 9000, 5);
    await runFor(sim, deps, 3 * MIN, inbox, socket);
    const bets = sim.world.bets.filter((b) => b.userId === viewer.id);
    expect(bets).toHaveLength(1);
    const balanceAtBet = 20_000 + sim.world.pointEvents.filter((e) => e.at < bets[0]!.at).reduce((s, e) => s + e.points, 0);
    expect(bets[0]).toMatchObject({ eventId, points: Math.floor(balanceAtBet * 0.1) });
    expect(bets[0]!.at - created).toBe(110_000); // 10 s before the 120 s window closes
    sim.world.resolvePrediction(eventId, 0);
    await runFor(sim, deps, 2 * MIN, inbox, socket);
    const [bet] = await listBets(db);
    const pool = 3000 + 9000 + bets[0]!.points;
    expect(bet).toMatchObject({ eventId, status: 'placed', result: 'WIN', pointsWon: Math.floor((bets[0]!.points * pool) / (3000 + bets[0]!.points)) });
    expect((await db.get('channels', 'alpha'))?.balance).toBe(sim.world.balance(viewer, 'alpha'));
    client.stop();
  });

  it('gives to a community goal the moment the socket says it started, not at the next look; reads nothing for one that ended', async () => {
    const { sim, viewer, deps, inbox, client, heard } = await setup(
      (w, t) => {
        w.addChannel('alpha');
        w.follow(w.users.get('viewer')!, 'alpha');
        w.scheduleStream('alpha', t, t + 3 * HOUR);
        w.setBalance(w.users.get('viewer')!, 'alpha', 10_000);
      },
      { streamerDefaults: { ...DEFAULT_SETTINGS.streamerDefaults, goals: true }, goals: { maxPerGoal: 5000, keepBalance: 1000 } },
    );
    client.start();
    const socket = { client, userId: viewer.id, heard };
    const alpha = sim.world.channel('alpha');
    await runFor(sim, deps, 2 * MIN, inbox, socket);
    await vi.waitFor(() => expect(sim.realtime.subscriptions()).toContain(`community-points-channel-v1.${alpha.id}`));
    const taken = () => sim.world.goals.contributions.filter((c) => c.userId === viewer.id && c.error === null).map((c) => c.amount);
    const reads = () => sim.requests.filter((r) => r.operations.includes('ChannelPointsContext')).length;
    // Ended goals say so too: no read for them.
    const before = reads();
    const ended = sim.world.goals.create(alpha, { title: 'Old camera', amountNeeded: 50_000, perStreamUserMaximum: 3000, status: 'ENDED' });
    await runFor(sim, deps, TICK, inbox, socket);
    expect(reads()).toBe(before);
    // The look was 2 minutes ago (the next one is 7 minutes after it): the socket's word reads the goal now.
    const goal = sim.world.goals.create(alpha, { title: 'New camera', amountNeeded: 50_000, perStreamUserMaximum: 3000 });
    await runFor(sim, deps, TICK, inbox, socket);
    expect(taken()).toEqual([3000]);
    expect(sim.world.goals.contributions.map((c) => c.goalId)).not.toContain(ended.id);
    expect(sim.world.goals.of(alpha).find((g) => g.id === goal.id)!.pointsContributed).toBe(3000);
    client.stop();
  });

  it('finds and bets on predictions by polling when the socket is closed', async () => {
    const { sim, viewer, deps, inbox } = await setup(
      (w, t) => {
        w.addChannel('alpha');
        w.follow(w.users.get('viewer')!, 'alpha');
        w.scheduleStream('alpha', t, t + 3 * HOUR);
        w.setBalance(w.users.get('viewer')!, 'alpha', 5_000);
      },
      { streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true } },
    );
    await runFor(sim, deps, MIN, inbox, null);
    const eventId = sim.world.createPrediction('alpha', { title: 'Polled?', outcomes: ['A', 'B'], windowSeconds: 300 });
    await runFor(sim, deps, 6 * MIN, inbox, null);
    expect(sim.world.bets.filter((b) => b.userId === viewer.id && b.eventId === eventId)).toHaveLength(1);
  });
});

describe('the background keeps what the socket brought until a tick has used it', () => {
  it('events wait for the next tick when one did not run (busy) or failed', async () => {
    const { RealtimeLink } = await import('../../lib/engine/background/socket');
    let onMessage: ((topic: string, message: unknown) => void) | undefined;
    const fake = { start() {}, stop() {}, setTopics() {}, status: 'open' as const };
    const link = new RealtimeLink((o) => ((onMessage = o.onMessage), fake as unknown as RealtimeClient), () => {}, () => {}, () => 0);
    link.follow({ token: 't', topics: [] });
    onMessage!('community-points-user-v1.1', { type: 'claim-available', data: { claim: { id: 'c1', channel_id: '42' } } });
    const seen: number[] = [];
    await link.deliver(async (inbox) => (seen.push(inbox.length), { ran: false }));
    await expect(link.deliver(async (inbox) => (seen.push(inbox.length), Promise.reject(new Error('died'))))).rejects.toThrow('died');
    await link.deliver(async (inbox) => (seen.push(inbox.length), { ran: true }));
    await link.deliver(async (inbox) => (seen.push(inbox.length), { ran: true }));
    expect(seen).toEqual([1, 1, 1, 0]);
  });
});

describe('the topics the background listens to', () => {
  it("per watched channel: predictions and community goals only where the viewer turned them on; the viewer's own topics always", async () => {
    const { socketTopics } = await import('../../lib/engine/background/socket');
    const settings = { ...DEFAULT_SETTINGS, streamerDefaults: { ...DEFAULT_SETTINGS.streamerDefaults, predictions: false, goals: false } };
    const channels = [
      { login: 'alpha', id: '1', live: true, updatedAt: 0, prefs: { goals: true } },
      { login: 'bravo', id: '2', live: true, updatedAt: 0, prefs: { predictions: true } },
    ];
    const topics = socketTopics(settings, channels, 'u', ['alpha', 'bravo']);
    expect(topics.filter((t) => t.startsWith('community-points-channel-v1.'))).toEqual(['community-points-channel-v1.1']);
    expect(topics.filter((t) => t.startsWith('predictions-channel-v1.'))).toEqual(['predictions-channel-v1.2']);
    expect(topics).toEqual(expect.arrayContaining(['community-points-user-v1.u', 'predictions-user-v1.u', 'user-drop-events.u', 'raid.1', 'raid.2']));
    // A goal message says whether the goal is open; one Minert cannot read is null (logged), other types ignored.
    const goal = (type: string, g: object) => parseRealtime('community-points-channel-v1.1', { type, data: { timestamp: '2026-12-01T00:00:00Z', community_goal: g } });
    expect(goal('community-goal-created', { id: 'g', status: 'STARTED', is_in_stock: true })).toEqual({ kind: 'goal', channelId: '1', goalId: 'g', open: true });
    expect(goal('community-goal-updated', { id: 'g', status: 'FULFILLED', is_in_stock: true })).toMatchObject({ open: false });
    expect(goal('community-goal-updated', { id: 'g', status: 'STARTED', is_in_stock: false })).toMatchObject({ open: false });
    expect(goal('community-goal-updated', { title: 'no id' })).toBeNull();
    expect(goal('community-goal-deleted', { id: 'g' })).toBeUndefined();
  });
});
