import type { OptionsProps } from '../../components/Options';
import type { StreamerView } from '../../lib/messages/options';
import type { PopupState } from '../../lib/messages/popup';
import type { PageHeaders } from '../../lib/twitch/integrity';
import { afterEach } from 'vitest';
import { runTick, type TickDeps, type TickOutcome } from '../../lib/engine/tick';
import { openMinertDb, type Db } from '../../lib/store/db';
import { DEFAULT_SETTINGS, saveSettings, type Settings } from '../../lib/store/settings';
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
  await db.put('kv', pageHeadersOf(sim, user), 'integrity');
}

/** The header set twitch.tv's page sends with its integrity token, as the background stores it when it sees one. */
export function pageHeadersOf(sim: Sim, user: SimUser): PageHeaders {
  const { headers: h, expiresAt } = sim.world.pageSession(user);
  return {
    integrity: h['Client-Integrity'],
    clientId: h['Client-Id'],
    deviceId: h['X-Device-Id'],
    sessionId: h['Client-Session-Id'],
    clientVersion: h['Client-Version'],
    expiresAt,
    seenAt: sim.clock.now(),
  };
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

export const MIN = 60_000;
export const HOUR = 60 * MIN;
/** The alarm's period while watching. */
export const TICK = 30_000;

export interface ViewerWorld {
  sim: Sim;
  db: Db;
  viewer: SimUser;
  deps: TickDeps;
  transport: Transport;
  /** The twitch.tv cookies the background reads: clear them to log out. */
  cookies: Map<string, string>;
  /** When the world was made: schedules are written against it. */
  t0: number;
}

/**
 * A simulated Twitch with a logged-in viewer ('viewer'), its clock frozen at t0, a fresh store with the given
 * settings, and tick dependencies. `claims` gives the extension a way through Twitch's integrity check: the twitch.tv
 * page's token (default), the activation, or none (the session alone).
 */
export async function viewerWorld(
  world: (w: World, t0: number) => void,
  opts: { settings?: Partial<Settings>; claims?: 'page' | 'activation' | 'none'; transport?: TransportOptions; blockedHosts?: string[] } = {},
): Promise<ViewerWorld> {
  let t0 = 0;
  const sim = await useSim((w) => {
    t0 = w.clock.now();
    w.addUser('viewer');
    world(w, t0);
  });
  sim.clock.freeze(t0);
  sim.world.sync();
  const db = await freshDb();
  await saveSettings(db, opts.settings ?? {});
  const viewer = sim.world.users.get('viewer')!;
  if ((opts.claims ?? 'page') === 'page') await grantPageIntegrity(sim, db, viewer);
  if (opts.claims === 'activation') await grantActivation(sim, db, viewer);
  const { transport } = simTransport(sim, { fetch: simFetch(sim, { blockedHosts: opts.blockedHosts }), ...opts.transport });
  const cookies = new Map([
    ['auth-token', viewer.token],
    ['unique_id', viewer.deviceId],
  ]);
  const deps: TickDeps = { db, clock: sim.clock.asClock(), transport, readCookie: async (n) => cookies.get(n) ?? null, owner: 'test' };
  return { sim, db, viewer, deps, transport, cookies, t0 };
}

/**
 * Runs a tick every 30 s of simulated time for `ms`, as the alarm does while watching: the next tick comes 30 s after
 * the last one started, however long it took (retries sleep in simulated time). `onTick` sees each outcome.
 */
export async function runTicks(
  sim: Sim,
  deps: TickDeps,
  ms: number,
  onTick?: (out: TickOutcome, at: number) => void,
): Promise<void> {
  const end = sim.clock.now() + ms;
  while (sim.clock.now() < end) {
    const at = sim.clock.now();
    const out = await runTick(deps, { reason: 'alarm' });
    onTick?.(out, at);
    sim.clock.advance(at + TICK - sim.clock.now());
  }
}

/** The message keys of activity lines (the log keeps codes with arguments, not text). */
export const codes = (rows: readonly { code: string }[]): string[] => rows.map((r) => r.code);

/**
 * The options page's props, answering as the background would with the default settings and the given channels; the
 * settings and channel changes it saves are recorded.
 */
export function optionsProps(over: Partial<OptionsProps> = {}, streamers: StreamerView[] = []) {
  const saved: Partial<Settings>[] = [];
  const channelSaves: unknown[] = [];
  const p: OptionsProps = {
    load: async () => DEFAULT_SETTINGS,
    save: async (patch) => (saved.push(patch), { ...DEFAULT_SETTINGS, ...patch }),
    claims: async () => ({ path: 'session-only' }),
    activate: async () => {},
    signOut: async () => {},
    importSettings: async () => DEFAULT_SETTINGS,
    reset: async () => DEFAULT_SETTINGS,
    stats: async () => ({ balances: [], minutesPerDay: [], bets: { won: 0, lost: 0, refunded: 0, net: 0 }, dropsPerGame: [] }),
    streamers: {
      list: async () => streamers,
      save: async (login, change) => (channelSaves.push({ login, ...change }), streamers),
      importFollows: async () => {},
    },
    ...over,
  };
  return { p, saved, channelSaves };
}

/** A popup state with nothing to show but a logged-in viewer, for the component tests to fill in. */
export function popupStateOf(now: number, over: Partial<PopupState> = {}): PopupState {
  return {
    session: { status: 'logged-in', login: 'viewer', checkedAt: now },
    channel: null,
    watching: [],
    drops: { campaigns: [], history: [] },
    predictions: { open: [], recent: [], won: 0, lost: 0, net: 0 },
    mutations: { path: 'page-token', blocked: false, activation: null },
    wire: { stale: [], readsBlocked: [], blockedHosts: [] },
    paused: false,
    realtime: 'open',
    activity: [],
    ...over,
  };
}
