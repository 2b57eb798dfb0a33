import { describe, expect, it } from 'vitest';
import { listWatchSessions } from '../../lib/store/repos';
import type { Settings } from '../../lib/store/settings';
import type { World } from '../sim/world';
import { LOOK_EVERY_MS } from '../../lib/watch/live';
import { runTick } from '../../lib/engine/tick';
import { HOUR, MIN, runTicks, TICK, viewerWorld } from './helpers';

const setup = (world: (w: World, t0: number) => void, settings: Partial<Settings> = {}) => viewerWorld(world, { settings });


function follow(w: World, logins: string[]) {
  const viewer = w.users.get('viewer')!;
  for (const l of logins) w.follow(viewer, l);
}

describe('watching, hours of simulated time against the simulator', () => {
  it('credits every minute on the two chosen channels, switches when one goes offline, keeps the order', async () => {
    const { sim, deps, viewer, t0, db } = await setup((w, t) => {
      for (const l of ['alpha', 'bravo', 'charlie', 'delta']) w.addChannel(l);
      follow(w, ['alpha', 'bravo', 'charlie', 'delta']);
      w.scheduleStream('alpha', t, t + 2 * HOUR);
      w.scheduleStream('bravo', t, t + 4 * HOUR);
      w.scheduleStream('charlie', t + HOUR, t + 4 * HOUR);
      w.scheduleStream('delta', t, t + 4 * HOUR);
    }, { priorities: ['ORDER'] });
    const plans: { at: number; slots: string[] }[] = [];
    await runTicks(sim, deps, 4 * HOUR, (out, at) => {
      if (out.ran && out.plan) plans.push({ at: at - t0, slots: out.plan.slots });
    });

    // Ideal: the first two live channels in the viewer's order, minute by minute.
    const ideal = (m: number) => {
      const live = ['alpha', 'bravo', 'charlie', 'delta'].filter((l) =>
        l === 'alpha' ? m < 120 : l === 'charlie' ? m >= 60 : true,
      );
      return live.slice(0, 2);
    };
    const eligible = new Map<string, number>();
    for (let m = 0; m < 240; m++) for (const l of ideal(m)) eligible.set(l, (eligible.get(l) ?? 0) + 1);
    const credited = new Map(['alpha', 'bravo', 'charlie', 'delta'].map((l) => [l, sim.world.creditedMinutes(viewer, l)]));
    const totalEligible = [...eligible.values()].reduce((a, b) => a + b, 0);
    const totalCredited = [...credited.values()].reduce((a, b) => a + b, 0);
    expect(totalCredited / totalEligible).toBe(1);
    for (const [l, n] of eligible) expect(credited.get(l), l).toBe(n);
    expect(credited.get('delta')).toBe(0);
    // Never more than two channels, never a refused event.
    expect(sim.world.watchEvents.filter((e) => !e.credited)).toEqual([]);
    // The order is kept: charlie replaces alpha when alpha ends, never before.
    expect(plans.find((p) => p.at === 30 * MIN)?.slots).toEqual(['alpha', 'bravo']);
    expect(plans.find((p) => p.at === 90 * MIN)?.slots).toEqual(['alpha', 'bravo']);
    expect(plans.find((p) => p.at === 2 * HOUR + TICK)?.slots).toEqual(['bravo', 'charlie']);
    // Sessions are recorded: one per stream watched.
    const sessions = await listWatchSessions(db, 10);
    expect(sessions.map((s) => `${s.login}:${s.minutes}`).sort()).toEqual([`alpha:${credited.get('alpha')}`, `bravo:${credited.get('bravo')}`, `charlie:${credited.get('charlie')}`]);
  });

  it('puts a new stream first for its watch streak, then goes back to the order', async () => {
    const { sim, deps, viewer, t0 } = await setup((w, t) => {
      for (const l of ['alpha', 'bravo', 'streaky']) w.addChannel(l);
      follow(w, ['alpha', 'bravo', 'streaky']);
      w.scheduleStream('alpha', t, t + 3 * HOUR);
      w.scheduleStream('bravo', t, t + 3 * HOUR);
      w.scheduleStream('streaky', t + HOUR, t + 3 * HOUR);
    }, { priorities: ['STREAK', 'ORDER'] });
    // Minutes 0-60: alpha and bravo hold the slots (their streaks are then earned).
    await runTicks(sim, deps, HOUR + 20 * MIN);
    const streakMinutes = sim.world.creditedMinutes(viewer, 'streaky');
    // Streaky went live at minute 60 and is seen at the next look at what is live (every 7 minutes); it gets 7
    // minutes, no more.
    expect(streakMinutes).toBe(7);
    const first = sim.world.watchEvents.find((e) => e.channelLogin === 'streaky' && e.credited)!;
    expect(first.at - t0).toBeLessThanOrEqual(HOUR + LOOK_EVERY_MS + MIN);
  });

  it('stays passive on the channel the viewer watches in a tab, and counts it as a slot', async () => {
    const { sim, deps, viewer, db } = await setup((w, t) => {
      for (const l of ['alpha', 'bravo', 'charlie']) w.addChannel(l);
      follow(w, ['alpha', 'bravo', 'charlie']);
      for (const l of ['alpha', 'bravo', 'charlie']) w.scheduleStream(l, t, t + 2 * HOUR);
    }, { priorities: ['ORDER'] });
    await db.put('kv', { login: 'bravo', live: true, at: sim.clock.now(), tabId: 1 }, 'viewer');
    await runTicks(sim, deps, 30 * MIN);
    expect(sim.world.creditedMinutes(viewer, 'bravo')).toBe(0);
    expect(sim.world.watchEvents.some((e) => e.channelLogin === 'bravo')).toBe(false);
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(30);
    expect(sim.world.creditedMinutes(viewer, 'charlie')).toBe(0);
    const sessions = await listWatchSessions(db, 10);
    expect(sessions.find((s) => s.login === 'bravo')).toMatchObject({ passive: true });
    expect(sessions.find((s) => s.login === 'bravo')!.minutes).toBeGreaterThanOrEqual(29);
  });



  it('recovers from a channel page it cannot read and a failing beacon, losing only that minute', async () => {
    const { sim, deps, viewer, db } = await setup((w, t) => {
      w.addChannel('alpha');
      follow(w, ['alpha']);
      w.scheduleStream('alpha', t, t + HOUR);
    });
    sim.faults.add('page', 'http-500', 4); // the first tick cannot find the beacon URL (4 attempts)
    sim.faults.add('spade', 'http-500', 4); // the second tick's beat fails
    await runTicks(sim, deps, 10 * MIN);
    // A failed beat is tried again at the next tick, 30 s later: one minute of ten is lost.
    expect(sim.world.creditedMinutes(viewer, 'alpha')).toBe(9);
    expect(sim.faults.pending()).toBe(0);
    const log = await db.getAll('activity');
    expect(log.some((a) => a.code === 'logHeartbeatFailed' && a.args[0] === 'alpha' && /^server/.test(String(a.args[1])))).toBe(true);
  });

  it('reads 1,000 followed channels in ten pages and keeps one request a minute per watched channel', async () => {
    const { sim, deps, transport } = await setup((w, t) => {
      const logins = Array.from({ length: 1000 }, (_, i) => `chan_${String(i).padStart(4, '0')}`);
      for (const l of logins) w.addChannel(l);
      follow(w, logins);
      for (const l of logins.slice(0, 40)) w.scheduleStream(l, t, t + 3 * HOUR);
    }, { priorities: ['ORDER'] });
    await runTicks(sim, deps, 2 * MIN);
    const follows = sim.requests.filter((r) => r.operations.includes('ChannelFollows'));
    expect(follows).toHaveLength(10);
    // A watched hour, once settled.
    const from = sim.requests.length;
    const bytesBefore = transport.stats.bytesIn + transport.stats.bytesOut;
    await runTicks(sim, deps, HOUR);
    const hour = sim.requests.slice(from);
    const gql = hour.filter((r) => r.host === 'gql.twitch.tv').length;
    // Without the realtime socket, per minute one GQL batch checks both watched streams before their heartbeats; a
    // look at what is live and at the watched channels' points every 7 minutes; the drop campaigns hourly; the bonus
    // chests (one per channel every 15 minutes). Per channel, one beacon a minute.
    expect(gql).toBeLessThanOrEqual(60 + 9 + 2 + 8);
    expect(hour.filter((r) => r.host === 'spade.twitch.tv')).toHaveLength(120);
    expect(transport.stats.bytesIn + transport.stats.bytesOut - bytesBefore).toBeGreaterThan(0);
  });

  it('with the socket open, a followed channel going live is read and watched in the tick its stream-up arrives', async () => {
    const { sim, deps, viewer } = await setup((w) => {
      for (const l of ['alpha', 'bravo']) w.addChannel(l);
      follow(w, ['alpha', 'bravo']);
      w.goLive('alpha');
    }, { priorities: ['ORDER'] });
    await runTick(deps, { reason: 'alarm', realtimeSince: 0 });
    sim.clock.advance(TICK);
    sim.world.goLive('bravo');
    const out = await runTick(deps, { reason: 'realtime', realtimeSince: 0, inbox: [{ kind: 'stream-up', channelId: sim.world.channel('bravo').id }] });
    expect(out.ran && out.plan?.slots).toEqual(['alpha', 'bravo']);
    expect(sim.world.creditedMinutes(viewer, 'bravo')).toBe(1);
  });

  it('when the socket reopens after a gap (Firefox woke its event page), the tick reads what it missed: a chest, a go-live', async () => {
    const { sim, deps, viewer } = await setup((w) => {
      for (const l of ['alpha', 'bravo']) w.addChannel(l);
      follow(w, ['alpha', 'bravo']);
      w.goLive('alpha');
    }, { priorities: ['ORDER'] });
    const openedAt = sim.clock.now();
    await runTick(deps, { reason: 'alarm', realtimeSince: openedAt });
    sim.clock.advance(TICK);
    await runTick(deps, { reason: 'alarm', realtimeSince: openedAt });
    // The worker sleeps (Firefox unloads its event page): the socket closes; meanwhile a chest appears and bravo goes
    // live, and nobody says so. On waking, the socket opens again and the tick it asks for catches up.
    sim.clock.advance(4 * MIN);
    sim.world.offerClaim(viewer, 'alpha');
    sim.world.goLive('bravo');
    const out = await runTick(deps, { reason: 'realtime', realtimeSince: sim.clock.now() - 1_000 });
    expect(sim.world.availableClaim(viewer, 'alpha')).toBeNull();
    expect(out.ran && out.plan?.slots).toEqual(['alpha', 'bravo']);
    // Once caught up, the socket tells the rest: the next tick does not read the live list again.
    sim.clock.advance(TICK);
    const settled = sim.requests.length;
    await runTick(deps, { reason: 'alarm', realtimeSince: sim.clock.now() - TICK });
    expect(sim.requests.slice(settled).filter((r) => r.operations.includes('FollowedLiveUsers'))).toEqual([]);
  });
});
