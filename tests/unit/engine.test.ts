import { describe, expect, it } from 'vitest';
import { acquireLock, LOCK_LEASE_MS, releaseLock } from '../../lib/engine/lock';
import { runTick, type TickDeps } from '../../lib/engine/tick';
import { VALIDATE_EVERY_MS } from '../../lib/engine/session';
import type { Db } from '../../lib/store/db';
import { appendActivity, getSession, listActivity } from '../../lib/store/repos';
import type { Sim } from '../sim/server';
import { codes, freshDb, simTransport, useSim } from './helpers';
import { activityText } from '../../lib/activity';

async function setup() {
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer');
    w.addChannel('streamer', { live: true, displayName: 'Streamer' });
    w.setBalance(viewer, 'streamer', 1500);
  });
  const db = await freshDb();
  const viewer = sim.world.users.get('viewer')!;
  const cookies = new Map<string, string>([['auth-token', viewer.token], ['unique_id', viewer.deviceId]]);
  const { transport, logs } = simTransport(sim);
  const deps = (extra: Partial<TickDeps> = {}): TickDeps => ({
    db,
    clock: sim.clock.asClock(),
    transport,
    readCookie: async (name) => cookies.get(name) ?? null,
    owner: `t-${Math.random()}`,
    ...extra,
  });
  return { sim, db, viewer, cookies, deps, logs };
}

const onChannel = (db: Db, sim: Sim, login: string) => db.put('kv', { login, live: true, at: sim.clock.now() }, 'viewer');

describe('the tick', () => {
  it('validates the session, reads the balance of the channel the viewer is on, and logs what it did', async () => {
    const { sim, db, deps, viewer } = await setup();
    await onChannel(db, sim, 'streamer');
    const out = await runTick(deps(), { reason: 'test' });
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-in', login: 'viewer', userId: viewer.id }, refreshed: ['streamer'] });
    expect(await db.get('channels', 'streamer')).toMatchObject({ balance: 1500, live: true, displayName: 'Streamer', liveSource: 'gql' });
    const log = await listActivity(db);
    expect(log).toContainEqual(expect.objectContaining({ code: 'logSessionValid', args: ['viewer'] }));
    expect(log).toContainEqual(expect.objectContaining({ code: 'logBalanceLive', args: ['Streamer', 1500] }));
    // Shown in the viewer's language when read (English here), the number written as the language writes it.
    expect(log.map(activityText)).toContain('Streamer: 1,500 points (live)');
    // The token is never stored.
    expect(JSON.stringify(await db.getAll('kv'))).not.toContain(viewer.token);
  });

  it('says so when nobody is logged in, and asks Twitch nothing', async () => {
    const { sim, db, deps, cookies } = await setup();
    cookies.clear();
    const out = await runTick(deps(), { reason: 'test' });
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-out' } });
    expect(sim.requests).toHaveLength(0);
    expect((await listActivity(db))[0]).toMatchObject({ code: 'logNotLoggedIn', args: [] });
  });

  it('treats a token Twitch refuses as logged out', async () => {
    const { db, deps, cookies } = await setup();
    cookies.set('auth-token', 'expired0token0000000000000000');
    const out = await runTick(deps(), { reason: 'test' });
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-out', error: 'Twitch refused the session token' } });
    expect((await getSession(db)).status).toBe('logged-out');
  });

  it('validates hourly unless an answered read proved the session, at once after a refused read or a new login', async () => {
    const { sim, deps, cookies } = await setup();
    const validations = () => sim.requests.filter((r) => r.path === '/oauth2/validate').length;
    await runTick(deps(), { reason: 'test' });
    sim.clock.advance(VALIDATE_EVERY_MS - 60_000);
    await runTick(deps(), { reason: 'test' });
    expect(validations()).toBe(1);
    // The reads of that tick were answered: the session needs no validate an hour after the first.
    sim.clock.advance(60_000);
    await runTick(deps(), { reason: 'test' });
    expect(validations()).toBe(1);
    // A read Twitch refuses (401): the next tick asks id.twitch.tv.
    sim.clock.advance(VALIDATE_EVERY_MS / 2);
    sim.faults.add('*', 'http-401', 1);
    await runTick(deps(), { reason: 'test' });
    await runTick(deps(), { reason: 'test' });
    expect(validations()).toBe(2);
    const other = sim.world.addUser('other');
    cookies.set('auth-token', other.token);
    const out = await runTick(deps(), { reason: 'test' });
    expect(validations()).toBe(3);
    expect(out).toMatchObject({ session: { login: 'other' } });
  });

  it('keeps the known session and balance when Twitch is down, and retries later', async () => {
    const { sim, db, deps } = await setup();
    await onChannel(db, sim, 'streamer');
    await runTick(deps(), { reason: 'test' });
    sim.clock.advance(VALIDATE_EVERY_MS);
    sim.faults.add('validate', 'http-503', 10);
    const out = await runTick(deps(), { reason: 'test' });
    expect(out).toMatchObject({ session: { status: 'error', login: 'viewer' } });
    expect((await db.get('channels', 'streamer'))?.balance).toBe(1500);
    expect((await listActivity(db))[0]).toMatchObject({ level: 'error', code: 'logSessionCheckFailed', args: [expect.stringMatching(/^server/)] });
    sim.faults.clear();
    // Within the retry delay a plain tick does not ask again; one the viewer asked for (the popup) does.
    sim.clock.advance(60_000);
    expect(await runTick(deps(), { reason: 'test' })).toMatchObject({ session: { status: 'error' } });
    expect(await runTick(deps(), { reason: 'popup', retryFailed: true })).toMatchObject({ session: { status: 'logged-in' } });
    sim.clock.advance(VALIDATE_EVERY_MS);
    sim.faults.add('validate', 'http-503', 10);
    await runTick(deps(), { reason: 'test' });
    sim.faults.clear();
    sim.clock.advance(3 * 60_000);
    expect(await runTick(deps(), { reason: 'test' })).toMatchObject({ session: { status: 'logged-in' } });
  });

  it('logs a malformed answer and keeps the stored balance', async () => {
    const { sim, db, deps } = await setup();
    await onChannel(db, sim, 'streamer');
    await runTick(deps(), { reason: 'test' });
    sim.clock.advance(10 * 60_000);
    sim.faults.add('ChannelPointsContext', 'bad-shape');
    await runTick(deps(), { reason: 'test' });
    expect((await db.get('channels', 'streamer'))?.balance).toBe(1500);
    expect((await listActivity(db))[0]).toMatchObject({ level: 'error', code: 'logChannelError', args: ['streamer', expect.stringMatching(/^malformed/)] });
    // The next tick looks again and gets it.
    sim.world.setBalance(sim.world.users.get('viewer')!, 'streamer', 1600);
    sim.clock.advance(10 * 60_000);
    await runTick(deps(), { reason: 'test' });
    expect((await db.get('channels', 'streamer'))?.balance).toBe(1600);
  });

  it('never lets two ticks overlap', async () => {
    const { deps } = await setup();
    let release!: () => void;
    let reached!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const atCommit = new Promise<void>((r) => (reached = r));
    const first = runTick(deps({ beforeCommit: () => (reached(), gate) }), { reason: 'first' });
    await atCommit;
    expect(await runTick(deps(), { reason: 'second' })).toEqual({ ran: false, reason: 'busy' });
    release();
    expect(await first).toMatchObject({ ran: true });
    expect(await runTick(deps(), { reason: 'third' })).toMatchObject({ ran: true });
  });

  it('leaves the store as it was when a tick dies half-way, and the next one resumes after the lease', async () => {
    const { sim, db, deps } = await setup();
    await onChannel(db, sim, 'streamer');
    const before = { kv: await db.getAll('kv'), channels: await db.getAll('channels'), activity: await db.getAll('activity') };
    // The service worker is killed after the network work, before the write: the tick never finishes.
    let reached!: () => void;
    const atCommit = new Promise<void>((r) => (reached = r));
    void runTick(deps({ beforeCommit: () => (reached(), new Promise<never>(() => {})) }), { reason: 'killed' });
    await atCommit;
    expect(await db.getAll('channels')).toEqual(before.channels);
    expect(await db.getAll('activity')).toEqual(before.activity);
    expect(await db.get('kv', 'session')).toBeUndefined();
    // Its lock is still held until the lease runs out.
    expect(await runTick(deps(), { reason: 'too soon' })).toEqual({ ran: false, reason: 'busy' });
    sim.clock.advance(LOCK_LEASE_MS + 1);
    const out = await runTick(deps(), { reason: 'resumed' });
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-in' }, refreshed: ['streamer'] });
    expect((await db.get('channels', 'streamer'))?.balance).toBe(1500);
  });
});

describe('a full disk', () => {
  it('makes room in the histories and writes the tick, keeping claims and settings', async () => {
    const { sim, db, deps } = await setup();
    await onChannel(db, sim, 'streamer');
    for (let i = 0; i < 40; i++) {
      const tx = db.transaction('activity', 'readwrite');
      await appendActivity(tx.store, { kind: 'old', code: 'logLegacy', args: [`old ${i}`] }, i);
      await tx.done;
    }
    await db.put('dropClaims', { instanceId: 'keep', dropId: 'd', dropName: 'Kept', campaignId: 'c', campaignName: 'C', game: 'G', benefits: [], claimedAt: 1, kind: 'claimed' });
    // The browser refuses the next write for quota, once.
    const real = db.transaction.bind(db);
    let refused = false;
    (db as { transaction: unknown }).transaction = ((stores: string | string[], mode?: IDBTransactionMode) => {
      if (!refused && Array.isArray(stores) && stores.length === 7) {
        refused = true;
        throw new DOMException('quota', 'QuotaExceededError');
      }
      return real(stores as never, mode);
    }) as never;
    const out = await runTick(deps(), { reason: 'test' });
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-in' } });
    expect(refused).toBe(true);
    expect(await db.count('activity')).toBeLessThan(40);
    expect(codes(await listActivity(db))).toContain('logStorageFull');
    expect(await db.get('dropClaims', 'keep')).toBeDefined();
    expect((await db.get('channels', 'streamer'))?.balance).toBe(1500);
  });
});

describe('the lock', () => {
  it('is held by one owner until released or expired', async () => {
    const db = await freshDb();
    expect(await acquireLock(db, 'a', 0)).toBe(true);
    expect(await acquireLock(db, 'b', 1)).toBe(false);
    expect(await acquireLock(db, 'a', 2)).toBe(true);
    await releaseLock(db, 'b');
    expect(await acquireLock(db, 'b', 3)).toBe(false);
    await releaseLock(db, 'a');
    expect(await acquireLock(db, 'b', 4)).toBe(true);
    expect(await acquireLock(db, 'a', 4 + LOCK_LEASE_MS + 1)).toBe(true);
    const results = await Promise.all(['x', 'y', 'z'].map((o) => acquireLock(db, o, 10 * LOCK_LEASE_MS)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('is taken over at once from a worker instance that was killed, but not within one instance', async () => {
    const db = await freshDb();
    expect(await acquireLock(db, 'tick-1', 0, LOCK_LEASE_MS, 'first-start')).toBe(true);
    expect(await acquireLock(db, 'tick-2', 1, LOCK_LEASE_MS, 'first-start')).toBe(false);
    // The worker was killed and started again: its new instance takes the lock left behind.
    expect(await acquireLock(db, 'tick-1', 2, LOCK_LEASE_MS, 'second-start')).toBe(true);
  });
});
