/**
 * `npm run bench`: Minert's figures, as JSON, against the Twitch simulator.
 * - watchedHour: requests and bytes per watched channel for one simulated hour watching two channels (1,000 follows,
 *   drops on), with the realtime socket open as the background keeps it, and without it (a sleeping worker); the share
 *   of Minert's minute-watched events the simulator credited;
 * - dropsHour: the same while a drop is mined, with the share of drops-channel minutes credited to the drop;
 * - tickCpu: CPU time of a tick (user + system), mean and max over the watched hour;
 * - sync: the first tick with 1,000 followed channels and 100 drop campaigns (wall time, heap growth, requests);
 * - store: the size of the store after 30 days of watching two channels all day;
 * - bundle: sizes of the built Chrome extension's files;
 * - streakSave: a watch streak saved with a clip: simulated minutes, replay events and reads it took;
 * - in Chromium with the built extension (scripts/bench-chromium.ts; skipped without Chromium): the toolbar popup (its
 *   code starting, first render, first paint, the background's first answer), a bonus chest claimed over the realtime
 *   socket (latency), and twitch.tv's page run out of sight for an integrity token (how long, what the page asked).
 * Figures are measured, never asserted: compare runs, not thresholds.
 */
import 'fake-indexeddb/auto';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { socketTopics } from '../lib/engine/background';
import { chromiumFigures } from './bench-chromium';
import { runTick, type TickDeps } from '../lib/engine/tick';
import { ChannelCache } from '../lib/store/channels';
import { openMinertDb, type Db } from '../lib/store/db';
import { getSettings, saveSettings } from '../lib/store/settings';
import { Transport } from '../lib/twitch/http';
import { parseRealtime, topicsFor, type RealtimeEvent } from '../lib/twitch/events';
import { RealtimeClient } from '../lib/twitch/realtime';
import { simFetch } from '../tests/sim/fetch';
import { simWebSocket } from '../tests/sim/websocket';
import { startSim, type Sim } from '../tests/sim/server';
import { streakWorld } from '../tests/e2e-shared/worlds';

const MIN = 60_000;
const HOUR = 60 * MIN;

async function world(opts: { follows: number; live: number; campaigns: number; strict?: boolean }): Promise<{ sim: Sim; deps: TickDeps; transport: Transport }> {
  const sim = await startSim({
    world: (w) => {
      if (opts.strict) w.strict2026();
      const viewer = w.addUser('viewer');
      const t = w.clock.now();
      const game = { id: 'g1', name: 'Game One' };
      for (let i = 0; i < opts.follows; i++) {
        const login = `chan_${String(i).padStart(4, '0')}`;
        w.addChannel(login, { game, dropsEnabled: i < 5 });
        w.follow(viewer, login);
        if (i < opts.live) w.scheduleStream(login, t, t + 48 * HOUR);
      }
      for (let c = 0; c < opts.campaigns; c++) {
        w.addCampaign({
          name: `Campaign ${c}`,
          game: c === 0 ? game : { id: `g${c + 100}`, name: `Game ${c + 100}` },
          startAt: t - HOUR,
          endAt: t + 72 * HOUR,
          drops: [{ name: `Drop ${c}`, requiredMinutes: 240, benefit: { name: `Reward ${c}` } }],
        });
      }
    },
  });
  return { sim, ...(await ticking(sim)) };
}

/** A fresh store and the tick's dependencies for the simulator's viewer, its clock frozen (the bench moves it). */
async function ticking(sim: Sim): Promise<{ deps: TickDeps; transport: Transport }> {
  sim.clock.freeze();
  sim.world.sync();
  const db = await openMinertDb(`bench-${Math.random()}`);
  await saveSettings(db, { priorities: ['ORDER'] });
  const viewer = sim.world.users.get('viewer')!;
  // Claims and reads pass Twitch's integrity check, as after one visit of a twitch.tv page (its header set is kept).
  const { headers: h, expiresAt } = sim.world.pageSession(viewer);
  await db.put(
    'kv',
    { integrity: h['Client-Integrity'], clientId: h['Client-Id'], deviceId: h['X-Device-Id'], sessionId: h['Client-Session-Id'], clientVersion: h['Client-Version'], expiresAt, seenAt: sim.clock.now() },
    'integrity',
  );
  const transport = new Transport({ fetch: simFetch(sim), clock: sim.clock.asClock() });
  const deps: TickDeps = {
    db,
    clock: sim.clock.asClock(),
    transport,
    readCookie: async (n) => (n === 'auth-token' ? viewer.token : n === 'unique_id' ? viewer.deviceId : null),
    owner: 'bench',
    // As the background keeps them: the channel records read again only after another writer.
    channelCache: new ChannelCache(db),
  };
  return { deps, transport };
}

/** The realtime socket as the background keeps it: its events wait for the next tick; its topics follow the plan. */
function socket(sim: Sim, db: Db) {
  const viewer = sim.world.users.get('viewer')!;
  const inbox: RealtimeEvent[] = [];
  /** When the socket opened, in simulated time (the tick catches up on what it missed before). */
  let openedAt: number | undefined;
  const client = new RealtimeClient({
    token: viewer.token,
    clock: { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) },
    logger: () => {},
    WebSocket: simWebSocket(sim),
    onMessage: (topic, message) => {
      const ev = parseRealtime(topic, message);
      if (ev) inbox.push(ev);
    },
    onState: (s) => (openedAt = s === 'open' ? sim.clock.now() : undefined),
  });
  client.setTopics(topicsFor(viewer.id, [], new Set()));
  client.start();
  return {
    inbox,
    client,
    get openedAt() {
      return openedAt;
    },
    async follow(plan: string[]) {
      client.setTopics(socketTopics(await getSettings(db), await db.getAll('channels'), viewer.id, plan));
    },
  };
}

async function tick(sim: Sim, deps: TickDeps, rt?: ReturnType<typeof socket>): Promise<number> {
  const at = sim.clock.now();
  if (rt) await new Promise((r) => setTimeout(r, 15)); // let the socket's messages arrive
  const cpu = process.cpuUsage();
  const out = await runTick(deps, { reason: 'alarm', inbox: rt?.inbox.splice(0), realtimeSince: rt?.openedAt });
  const used = process.cpuUsage(cpu);
  if (rt && out.ran) await rt.follow(out.plan?.slots ?? []);
  sim.clock.advance(at + 30_000 - sim.clock.now());
  return (used.user + used.system) / 1000;
}

/** One simulated hour of ticks every 30 s after the first minutes: requests, bytes and credit, per watched channel. */
async function hour(opts: { realtime: boolean; campaigns: number; strict?: boolean }) {
  const { sim, deps, transport } = await world({ follows: 1000, live: 40, campaigns: opts.campaigns, strict: opts.strict });
  const rt = opts.realtime ? socket(sim, deps.db) : undefined;
  if (rt) while (rt.client.status !== 'open') await new Promise((r) => setTimeout(r, 10));
  for (let i = 0; i < 4; i++) await tick(sim, deps, rt); // settle: follows read, channels chosen
  const from = sim.requests.length;
  const events = sim.world.watchEvents.length;
  const drops = sim.world.dropEvents.length;
  const before = { ...transport.stats };
  const cpu: number[] = [];
  for (let i = 0; i < 120; i++) cpu.push(await tick(sim, deps, rt));
  rt?.client.stop();
  const requests = sim.requests.slice(from).filter((r) => !r.operations.includes('hermes'));
  const byKind: Record<string, number> = {};
  // GQL requests by the operations they carried (a batch counts once, under all its operations).
  for (const r of requests) {
    const k = r.host === 'gql.twitch.tv' ? `gql ${[...new Set(r.operations)].sort().join('+')}` : (r.operations[0] ?? r.path);
    byKind[k] = (byKind[k] ?? 0) + 1;
  }
  const sent = sim.world.watchEvents.slice(events);
  const channels = new Set(sent.map((e) => e.channelLogin)).size;
  const dropsChannel = sim.world.dropEvents.slice(drops)[0]?.channelLogin;
  const onDropsChannel = sent.filter((e) => e.channelLogin === dropsChannel).length;
  await sim.close();
  const per = (n: number) => Math.round(n / Math.max(1, channels));
  return {
    figures: {
      channels,
      requestsPerChannel: per(transport.stats.requests - before.requests),
      kBPerChannel: +((transport.stats.bytesOut - before.bytesOut + transport.stats.bytesIn - before.bytesIn) / 1000 / Math.max(1, channels)).toFixed(1),
      byKind,
      minutesSent: sent.length,
      creditedShare: +(sent.filter((e) => e.credited).length / Math.max(1, sent.length)).toFixed(3),
      ...(opts.campaigns > 0 ? { dropMinutes: sim.world.dropEvents.length - drops, dropCreditedShare: +((sim.world.dropEvents.length - drops) / Math.max(1, onDropsChannel)).toFixed(3) } : {}),
    },
    cpu,
  };
}

async function watchedHour() {
  const withSocket = await hour({ realtime: true, campaigns: 0 });
  const withoutSocket = await hour({ realtime: false, campaigns: 0 });
  const drops = await hour({ realtime: true, campaigns: 1, strict: true });
  const cpu = withSocket.cpu;
  return {
    watchedHour: { realtime: withSocket.figures, noRealtime: withoutSocket.figures },
    dropsHour: drops.figures,
    tickCpuMs: { mean: +(cpu.reduce((a, b) => a + b, 0) / cpu.length).toFixed(2), max: +Math.max(...cpu).toFixed(2) },
  };
}

/**
 * What the credit watchdog (lib/watch/credit.ts) costs: 3 simulated hours mining a drop on one channel in each variant
 * of the timeline (the loss at the start), with and without the socket. Requests per watched hour against the
 * 2026-07 run (spade credits, nothing to do), heartbeats included (one a minute by either route), so `extraPerHour`
 * is what the watchdog adds: confirming reads, and what a route change brings with it.
 */
async function creditWatchdog() {
  const HOURS = 3;
  const run = async (era: '2026-07' | '2026-04' | 'none', realtime: boolean) => {
    const { sim, deps } = await world({ follows: 10, live: 1, campaigns: 1, strict: true });
    const rt = realtime ? socket(sim, deps.db) : undefined;
    if (rt) while (rt.client.status !== 'open') await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < 4; i++) await tick(sim, deps, rt);
    sim.world.creditEra(era);
    const from = sim.requests.length;
    const drops = sim.world.dropEvents.length;
    for (let i = 0; i < HOURS * 120; i++) await tick(sim, deps, rt);
    rt?.client.stop();
    const requests = sim.requests.slice(from).filter((r) => !r.operations.includes('hermes'));
    const count = (op: string) => requests.filter((r) => r.operations.includes(op)).length;
    const credit = await deps.db.get('kv', 'heartbeat-credit');
    await sim.close();
    return {
      requestsPerHour: +(requests.length / HOURS).toFixed(1),
      dropSessionReadsPerHour: +(count('DropCurrentSessionContext') / HOURS).toFixed(1),
      heartbeatsPerHour: +((count('spade') + count('SendEvents')) / HOURS).toFixed(1),
      dropMinutesPerHour: +((sim.world.dropEvents.length - drops) / HOURS).toFixed(1),
      routeAtEnd: (credit as { route?: string } | undefined)?.route ?? null,
    };
  };
  const out: Record<string, unknown> = {};
  for (const realtime of [true, false]) {
    const base = await run('2026-07', realtime);
    const variants: Record<string, unknown> = { '2026-07': { ...base, extraPerHour: 0 } };
    for (const era of ['2026-04', 'none'] as const) {
      const v = await run(era, realtime);
      variants[era] = { ...v, extraPerHour: +(v.requestsPerHour - base.requestsPerHour).toFixed(1), extraDropSessionReadsPerHour: +(v.dropSessionReadsPerHour - base.dropSessionReadsPerHour).toFixed(1) };
    }
    out[realtime ? 'realtime' : 'noRealtime'] = variants;
  }
  return { goal: 'extra requests per watched hour <= 6', hours: HOURS, ...out };
}

async function firstSync() {
  const { sim, deps, transport } = await world({ follows: 1000, live: 50, campaigns: 100 });
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const start = performance.now();
  await tick(sim, deps);
  const wallMs = performance.now() - start;
  const result = {
    follows: 1000,
    campaigns: 100,
    wallMs: Math.round(wallMs),
    heapGrowthMB: +((process.memoryUsage().heapUsed - heap) / 2 ** 20).toFixed(1),
    requests: transport.stats.requests,
    bytesReceived: transport.stats.bytesIn,
  };
  await sim.close();
  return result;
}

/**
 * A watch streak saved (tests/e2e-shared/worlds.ts: 'sleepy' missed its last stream, a clip of it exists): ticks every
 * 30 s until the simulator counts it saved; what it took.
 */
async function streakSave() {
  const sim = await startSim({ world: (w) => void streakWorld(w) });
  const { deps } = await ticking(sim);
  const from = sim.requests.length;
  let ticks = 0;
  while (!sim.world.streaks.state('sleepy').savedBy && ticks < 240) {
    await tick(sim, deps);
    ticks++;
  }
  const requests = sim.requests.slice(from);
  const count = (op: string) => requests.filter((r) => r.operations.includes(op)).length;
  const result = {
    savedBy: sim.world.streaks.state('sleepy').savedBy ?? null,
    simulatedMinutes: ticks / 2,
    replayEvents: sim.world.streaks.plays.length,
    rewardListReads: count('RewardList'),
    replayListReads: count('ClipsCards__User') + count('FilterableVideoTower_Videos'),
  };
  await sim.close();
  return result;
}

/**
 * The store after 30 days of watching two channels all day: every minute through the real repositories (sessions,
 * points history, activity, with their bounds), then the size of everything stored, as JSON.
 */
async function storeAfter30Days() {
  const { appendActivity, recordPointsChanges, recordWatchedMinutes } = await import('../lib/store/repos');
  const db = await openMinertDb(`bench-store-${Math.random()}`);
  const start = Date.now();
  const days = 30;
  for (let d = 0; d < days; d++) {
    const tx = db.transaction(['watchSessions', 'pointsHistory', 'activity'], 'readwrite');
    for (let m = 0; m < 24 * 60; m++) {
      const at = start + (d * 24 * 60 + m) * MIN;
      // A new stream every 6 hours on each channel.
      const minutes = ['alpha', 'bravo'].map((login) => ({ login, channelId: login, streamId: `${login}-${Math.floor((d * 24 * 60 + m) / 360)}`, at, minutes: 1, passive: false }));
      await recordWatchedMinutes(tx.objectStore('watchSessions'), minutes, () => 1000 + m);
      if (m % 5 === 0) await recordPointsChanges(tx.objectStore('pointsHistory'), minutes.map((x) => ({ at, login: x.login, delta: 10, balance: 1000 + m, reason: 'WATCH' })));
      if (m % 15 === 0) await appendActivity(tx.objectStore('activity'), { kind: 'points', code: 'logBonusClaimedGain', args: [`alpha (${d}:${m})`, 50] }, at);
    }
    await tx.done;
  }
  let bytes = 0;
  const rows: Record<string, number> = {};
  for (const store of db.objectStoreNames) {
    const all = await db.getAll(store);
    rows[store] = all.length;
    bytes += JSON.stringify(all).length;
  }
  db.close();
  return { days, watchedMinutes: days * 24 * 60 * 2, bytes, rows };
}

function bundle() {
  const dir = '.output/chrome-mv3';
  if (!existsSync(dir)) return { skipped: 'run npm run build first' };
  const files: Record<string, number> = {};
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(f)) files[p.slice(dir.length + 1)] = statSync(p).size;
    }
  };
  walk(dir);
  const total = Object.values(files).reduce((a, b) => a + b, 0);
  return { totalBytes: total, files };
}

const result = {
  at: new Date().toISOString(),
  ...(await watchedHour()),
  creditWatchdog: await creditWatchdog(),
  sync: await firstSync(),
  streakSave: await streakSave(),
  store: await storeAfter30Days(),
  bundle: bundle(),
  ...(await chromiumFigures()),
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/bench.json', JSON.stringify(result, null, 2));
console.log(JSON.stringify(result, null, 2));
process.exit(0);
