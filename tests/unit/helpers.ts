import { afterEach } from 'vitest';
import { openMinertDb, type Db } from '../../lib/store/db';
import { Transport, type TransportOptions } from '../../lib/twitch/http';
import type { Logger } from '../../lib/twitch/redact';
import { simFetch } from '../sim/fetch';
import { startSim, type Sim } from '../sim/server';
import type { SimUser, World } from '../sim/world';
import { TV_CLIENT_ID } from '../../lib/twitch/constants';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A simulator for this test, closed after it. Its clock is frozen so simulated time moves only when told. */
export async function useSim(world?: (w: World) => void): Promise<Sim> {
  const sim = await startSim({ world });
  sim.clock.freeze();
  cleanups.push(() => sim.close());
  return sim;
}

/** A transport to the simulator whose sleeps advance simulated time at once. Logs are collected. */
export function simTransport(sim: Sim, options: TransportOptions = {}): { transport: Transport; logs: string[] } {
  const logs: string[] = [];
  const logger: Logger = (level, message) => logs.push(`${level}: ${message}`);
  const transport = new Transport({ fetch: simFetch(sim), clock: sim.clock.asClock(), logger, random: () => 0.5, timeoutMs: 2_000, ...options });
  return { transport, logs };
}

let dbCount = 0;
/** A fresh database (fake-indexeddb), deleted after the test. */
export async function freshDb(): Promise<Db> {
  const name = `minert-test-${++dbCount}-${Math.random().toString(36).slice(2)}`;
  const db = await openMinertDb(name);
  cleanups.push(() => {
    db.close();
    indexedDB.deleteDatabase(name);
  });
  return db;
}

/**
 * Gives the extension a way to make claims, as the real viewer would: an integrity token the twitch.tv page
 * obtained (what the background stores when it sees the page's request), bound to the viewer's device id.
 */
export async function grantPageIntegrity(sim: Sim, db: Db, user: SimUser): Promise<void> {
  const { token, expiration } = sim.world.issueIntegrity(user.deviceId, user.id);
  await db.put('kv', { token, deviceId: user.deviceId, expiresAt: expiration, seenAt: sim.clock.now() }, 'integrity');
}

/** Or: the one-click activation done, its TV-client token (4 hours, then refreshed) stored as the background does. */
export async function grantActivation(sim: Sim, db: Db, user: SimUser): Promise<void> {
  const t = sim.world.issueToken(user, TV_CLIENT_ID, { expiresInSec: 4 * 3600 });
  await db.put(
    'kv',
    { accessToken: t.accessToken, refreshToken: t.refreshToken, clientId: TV_CLIENT_ID, expiresAt: t.expiresAt, scopes: [], userId: user.id, login: user.login, validatedAt: sim.clock.now() },
    'device-auth',
  );
}
