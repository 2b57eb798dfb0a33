/**
 * How long Firefox lets the event page and its realtime socket live: not a test (nothing is asserted), a measurement.
 * Run after `npx wxt build -b firefox --mv3`:
 *
 *   npx tsx tests/e2e-firefox/measure.ts [minutes per scenario, default 4] [scenario names, default all]
 *
 * Each scenario runs the built extension in Firefox ESR against the simulator with Firefox's default idle timeout
 * (extensions.background.idle.timeout unset: 30 s), logged in by cookie, and nothing calling into the page. It records
 * Firefox's own account of the page (started, suspended, and every idle-timer reset with its reason, from the
 * Extension object in the chrome scope) and, every 50 ms, how many Hermes sockets the simulator has open. Chests are
 * offered now and then and the time until Minert claims them (with no tick asked for) is noted. The figures are
 * printed as JSON and written to test-results/firefox-lifetime-<scenario>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { World } from '../sim/world';
import { startSim } from '../sim/server';
import { launchFirefox, type BackgroundEvent } from './firefox';

const minutes = Number(process.argv[2] ?? 4);
const only = process.argv.slice(3);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const between = ([min, max]: [number, number]) => min + Math.floor(Math.random() * (max - min));

interface Scenario {
  name: string;
  what: string;
  world: (w: World) => void;
  /** Open the popup in a tab for the whole run (it asks the background for its state every 3 s). */
  popup?: boolean;
  /** Offer a chest on this channel, the next one a random time in [min, max] ms after the last was claimed. */
  chests?: { on: string; every: [number, number] };
  /** Start a stream on this channel a random time in [min, max] ms after the last one ended (it ends 2 s after Minert's first minute on it). */
  streams?: { on: string; every: [number, number] };
}

const followed = (live: boolean) => (w: World) => {
  const viewer = w.addUser('viewer');
  for (const login of ['first', 'second']) {
    w.addChannel(login, { live });
    w.follow(viewer, login);
  }
};

const scenarios: Scenario[] = [
  { name: 'idle', what: 'logged in, the followed channels offline: nothing to watch (the alarm every 60 s), the socket open on their topics', world: followed(false) },
  {
    name: 'idle-goes-live',
    what: 'as "idle", a followed channel going live 20 to 50 s after its last stream ended (and ending 2 s after Minert\'s first minute on it)',
    world: followed(false),
    streams: { on: 'first', every: [20_000, 50_000] },
  },
  { name: 'watching', what: 'logged in, two followed channels live: watching both (the alarm every 30 s), nothing else happens', world: followed(true) },
  {
    name: 'watching-sparse-chests',
    what: 'as "watching", a chest offered 45 to 90 s after the last was claimed',
    world: followed(true),
    chests: { on: 'first', every: [45_000, 90_000] },
  },
  {
    name: 'watching-frequent-chests',
    what: 'as "watching", a chest offered 17 to 30 s after the last was claimed',
    world: followed(true),
    chests: { on: 'first', every: [17_000, 30_000] },
  },
  {
    name: 'watching-popup-open',
    what: 'as "watching-frequent-chests", with the popup open in a tab',
    world: followed(true),
    popup: true,
    chests: { on: 'first', every: [17_000, 30_000] },
  },
];

const round = (ms: number) => Math.round(ms / 100) / 10; // seconds, one decimal
const stats = (values: number[]) =>
  values.length === 0
    ? null
    : { n: values.length, min: round(Math.min(...values)), median: round([...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!), max: round(Math.max(...values)) };

async function run(s: Scenario) {
  const sim = await startSim({ world: s.world });
  const ff = await launchFirefox(sim);
  try {
    const viewer = sim.world.users.get('viewer')!;
    if (s.popup) await ff.open('popup.html', { width: 360, height: 560 });
    // twitch.tv open once for the integrity token chests are claimed with, then closed.
    await ff.logInByCookie('viewer');
    const tab = await ff.openTab('https://www.twitch.tv/');
    await sleep(2_000);
    await tab.close();

    const start = Date.now();
    const end = start + minutes * 60_000;
    /** [at, open sockets] at each change. */
    const sockets: [number, number][] = [];
    const chests: { offeredAt: number; claimedAt: number | null; pageState: string }[] = [];
    const chestDelay = () => (s.chests ? between(s.chests.every) : Infinity);
    let nextChest = start + chestDelay();
    let open: { offeredAt: number } | null = null;
    const streams: { liveAt: number; watchedAt: number | null; pageState: string }[] = [];
    let nextStream = s.streams ? start + between(s.streams.every) : Infinity;
    let live: { minutesBefore: number; endAt: number | null } | null = null;
    while (Date.now() < end) {
      const n = sim.realtime.connections();
      if (sockets.at(-1)?.[1] !== n) sockets.push([Date.now(), n]);
      if (s.chests) {
        if (open && sim.world.availableClaim(viewer, s.chests.on) === null) {
          chests.at(-1)!.claimedAt = Date.now();
          open = null;
          nextChest = Date.now() + chestDelay();
        } else if (!open && Date.now() >= nextChest) {
          const pageState = await ff.backgroundState();
          sim.world.offerClaim(viewer, s.chests.on);
          open = { offeredAt: Date.now() };
          chests.push({ offeredAt: open.offeredAt, claimedAt: null, pageState });
        }
      }
      if (s.streams) {
        const on = s.streams.on;
        const heartbeats = () => sim.world.watchEvents.filter((e) => e.channelLogin === on).length;
        if (!live && Date.now() >= nextStream) {
          const pageState = await ff.backgroundState();
          sim.world.goLive(on);
          live = { minutesBefore: heartbeats(), endAt: null };
          streams.push({ liveAt: Date.now(), watchedAt: null, pageState });
        } else if (live && live.endAt === null && heartbeats() > live.minutesBefore) {
          streams.at(-1)!.watchedAt = Date.now();
          live.endAt = Date.now() + 2_000;
        } else if (live?.endAt && Date.now() >= live.endAt) {
          sim.world.goOffline(on);
          live = null;
          nextStream = Date.now() + between(s.streams.every);
        }
      }
      await sleep(50);
    }
    sockets.push([end, -1]);
    const events = (await ff.backgroundEvents()).filter((e) => e.at >= start && e.at <= end);

    // The page's lives: from each start (or the window's start) to its suspension.
    const lives: number[] = [];
    const idleBeforeSuspend: number[] = [];
    let startedAt: number | null = null;
    let lastReset: BackgroundEvent | null = null;
    for (const e of events) {
      if (e.name === 'started') startedAt = e.at;
      if (e.name === 'reset-idle') lastReset = e;
      if (e.name === 'suspend') {
        if (startedAt !== null) lives.push(e.at - startedAt);
        if (lastReset) idleBeforeSuspend.push(e.at - lastReset.at);
        startedAt = null;
      }
    }
    const resets = new Map<string, number>();
    for (const e of events.filter((e) => e.name === 'reset-idle')) {
      const key = `${e.reason}${e.reason === 'event' ? ` ${e.detail}` : ''}`;
      resets.set(key, (resets.get(key) ?? 0) + 1);
    }
    const wakers = new Map<string, number>();
    for (const [i, e] of events.entries()) {
      if (e.name !== 'event') continue;
      const first = events.slice(i).find((x) => x.name === 'reset-idle' && x.reason === 'event')?.detail ?? 'unknown';
      wakers.set(first, (wakers.get(first) ?? 0) + 1);
    }
    // The socket: how long it was up and down, in turns.
    const up: number[] = [];
    const down: number[] = [];
    for (let i = 0; i + 1 < sockets.length; i++) {
      const [at, n] = sockets[i]!;
      const next = sockets[i + 1]![0];
      if (n > 0) up.push(next - at);
      else down.push(next - at);
    }
    const total = end - start;
    const downTotal = down.reduce((a, b) => a + b, 0);
    const suspensions = events.filter((e) => e.name === 'suspend').length;
    const claimed = chests.filter((c) => c.claimedAt !== null);
    const latency = (state: string) => claimed.filter((c) => c.pageState === state).map((c) => c.claimedAt! - c.offeredAt);
    const watched = streams.filter((x) => x.watchedAt !== null);
    const liveLatency = (state: string) => watched.filter((x) => x.pageState === state).map((x) => x.watchedAt! - x.liveAt);
    return {
      scenario: s.name,
      what: s.what,
      windowSeconds: round(total),
      suspensions,
      pageLifeSeconds: stats(lives),
      idleBeforeSuspendSeconds: stats(idleBeforeSuspend),
      idleTimerResets: Object.fromEntries(resets),
      wokenBy: Object.fromEntries(wakers),
      socketUpSeconds: stats(up),
      socketDownSeconds: stats(down),
      socketDownShare: Math.round((downTotal / total) * 1000) / 10,
      chestClaimSeconds: {
        pageRunning: stats(latency('running')),
        pageStopped: stats(latency('stopped')),
        unclaimed: chests.length - claimed.length,
      },
      /** From a followed channel going live to Minert's first minute on it, by the page's state when it went live. */
      goLiveToFirstMinuteSeconds: {
        pageRunning: stats(liveLatency('running')),
        pageStopped: stats(liveLatency('stopped')),
        notWatched: streams.length - watched.length,
      },
    };
  } finally {
    await ff.close();
    await sim.close();
  }
}

mkdirSync('test-results', { recursive: true });
for (const s of scenarios.filter((s) => only.length === 0 || only.includes(s.name))) {
  console.log(`== ${s.name}: ${s.what} (${minutes} min)`);
  const r = await run(s);
  console.log(JSON.stringify(r, null, 2));
  writeFileSync(`test-results/firefox-lifetime-${s.name}.json`, JSON.stringify(r, null, 2));
}
