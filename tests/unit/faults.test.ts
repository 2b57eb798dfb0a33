import { describe, expect, it } from 'vitest';
import { runTick } from '../../lib/engine/tick';
import { getSession } from '../../lib/store/repos';
import type { FaultKind } from '../sim/faults';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { HOUR, MIN, runTicks, viewerWorld } from './helpers';

/**
 * The fault suite: hours of simulated watching while Twitch misbehaves in one way at a time. For each fault the miner
 * keeps working (or pauses with a clear status), backs off, recovers by itself, and loses no stored data. The
 * README's fault table is these cases.
 */
async function watching(timeoutMs = 2_000) {
  return viewerWorld((w, t) => {
    const viewer = w.users.get('viewer')!;
    for (const l of ['alpha', 'bravo']) {
      w.addChannel(l);
      w.follow(viewer, l);
      w.scheduleStream(l, t, t + 6 * HOUR);
      w.setBalance(viewer, l, 1000);
    }
  }, { transport: { timeoutMs } });
}

const credited = (sim: Sim, viewer: SimUser) => sim.world.creditedMinutes(viewer);

/** What must never be lost: the store's rows, counted before the fault; they may only grow. */
async function rows(db: Awaited<ReturnType<typeof watching>>['db']) {
  return { channels: await db.count('channels'), sessions: await db.count('watchSessions'), history: await db.count('pointsHistory') };
}

describe('fault suite', () => {
  it.each([
    ['a storm of HTTP 500 on every GQL request', '*', 'http-500'],
    ['HTTP 429 with Retry-After', '*', 'http-429'],
    ['timeouts', '*', 'timeout'],
    ['malformed JSON', '*', 'malformed-json'],
    ['answers of the wrong shape', '*', 'bad-shape'],
    ['"service error" GQL errors', '*', 'service-error'],
  ] as const)('%s for 10 minutes: backs off, then recovers and loses nothing', async (_name, target, kind) => {
    const { sim, db, viewer, deps } = await watching(kind === 'timeout' ? 50 : undefined);
    await runTicks(sim, deps, 20 * MIN);
    const before = await rows(db);
    const creditedBefore = credited(sim, viewer);
    sim.faults.add(target, kind as FaultKind, 100_000);
    const requestsBefore = sim.requests.length;
    await runTicks(sim, deps, 10 * MIN);
    const duringFault = sim.requests.length - requestsBefore;
    sim.faults.clear();
    await runTicks(sim, deps, 20 * MIN);
    // Backed off: far fewer requests than the ticks would make at full speed with four retries each.
    expect(duringFault).toBeLessThan(20 * 4 * 6);
    // Recovered: minutes are credited again after the fault.
    expect(credited(sim, viewer)).toBeGreaterThan(creditedBefore + 15);
    // Lost nothing.
    const after = await rows(db);
    expect(after.channels).toBeGreaterThanOrEqual(before.channels);
    expect(after.sessions).toBeGreaterThanOrEqual(before.sessions);
    expect(after.history).toBeGreaterThanOrEqual(before.history);
    expect((await getSession(db)).status).toBe('logged-in');
    // The balance Twitch gave at Minert's last look, before this minute's heartbeat earned its points.
    const shown = (await db.get('channels', 'alpha'))!.balance!;
    expect(sim.world.balance(viewer, 'alpha') - shown).toBeGreaterThanOrEqual(0);
    expect(sim.world.balance(viewer, 'alpha') - shown).toBeLessThanOrEqual(10);
  });

  it('PersistedQueryNotFound for one operation: names it, and watching goes on without it', async () => {
    const { sim, db, viewer, deps } = await watching();
    sim.faults.add('FollowedLiveUsers', 'pqnf', 100_000);
    await runTicks(sim, deps, 30 * MIN);
    const log = await db.getAll('activity');
    expect(log.some((a) => a.code === 'logLiveFollowedFailed' && /^persisted-query-not-found \(FollowedLiveUsers\)/.test(String(a.args[0])))).toBe(true);
    // The popup names it too.
    expect((await db.get('kv', 'wire-health')) as object).toMatchObject({ ops: { FollowedLiveUsers: { ok: false, kind: 'persisted-query-not-found' } } });
    // The followed channels' live state comes from their own stream checks instead: both are watched.
    expect(sim.world.creditedMinutes(viewer)).toBeGreaterThanOrEqual(2 * 29);
  });

  it('the session token revoked mid-run: logged out, no claim attempted, nothing lost; a new login resumes', async () => {
    const { sim, db, viewer, deps, cookies } = await watching();
    await runTicks(sim, deps, 10 * MIN);
    const before = await rows(db);
    sim.world.revokeToken(viewer.token);
    sim.clock.advance(HOUR); // the hourly validation notices
    await runTick(deps, { reason: 'test' });
    expect((await getSession(db)).status).toBe('logged-out');
    const beatsBefore = sim.requests.filter((r) => r.operations.includes('spade')).length;
    await runTicks(sim, deps, 5 * MIN);
    expect(sim.requests.filter((r) => r.operations.includes('spade')).length).toBe(beatsBefore);
    const after = await rows(db);
    expect(after.sessions).toBe(before.sessions);
    // The viewer logs in again (a new session token): Minert picks it up at once.
    const fresh = sim.world.issueToken(viewer, 'kimne78kx3ncx6brgo4mv6wki5h1ko');
    cookies.set('auth-token', fresh.accessToken);
    await runTicks(sim, deps, 5 * MIN);
    expect((await getSession(db)).status).toBe('logged-in');
    expect(sim.requests.filter((r) => r.operations.includes('spade')).length).toBeGreaterThan(beatsBefore);
  });
});
