import { afterEach } from 'vitest';
import { openMinertDb, type Db } from '../../lib/store/db';
import { Transport, type TransportOptions } from '../../lib/twitch/http';
import type { Logger } from '../../lib/twitch/redact';
import { simFetch } from '../sim/fetch';
import { startSim, type Sim } from '../sim/server';
import type { World } from '../sim/world';

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
