/**
 * The demo's story, in real time against the Twitch simulator: a drop mined and claimed, a bonus chest claimed, a
 * bet placed and won. The simulator's clock runs with the wall clock (nothing is moved forward): the drop needs two
 * watched minutes, the chest is offered a minute in, the prediction opens once the chest is claimed.
 * The terminal gets a line per thing that happened (from what the simulated Twitch saw), and a compact summary of
 * the extension's requests every 30 s; the popup is saved at each milestone.
 */
import { join } from 'node:path';
import type { Sim, SimRequest } from '../tests/sim/server';
import type { World } from '../tests/sim/world';
import type { DemoBrowser } from './demo-browsers';

export const VIEWER = 'demo_viewer';
export const CHANNEL = 'minert_demo';
const DISPLAY = 'Minert_Demo';
const GAME = { id: '32982', name: 'Grand Theft Auto V' };
export const DROP = { id: 'demo-parachute', name: 'Neon parachute', minutes: 2 };
const DROPS = [
  { id: DROP.id, name: DROP.name, requiredMinutes: DROP.minutes },
  { id: 'demo-jacket', name: 'Gold jacket', requiredMinutes: 60 },
];
const CHEST_AFTER_MS = 60_000;
const PREDICTION = { title: 'Heist succeeds?', outcomes: ['Yes', 'No'], windowSeconds: 90 };
/** Points mining, drops, chests and predictions on; bets: the most voted outcome, 5 % of the balance, 5 s in. */
export const DEMO_SETTINGS = {
  streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true },
  bets: { strategy: 'MOST_VOTED', percentage: 5, percentageGap: 20, maxPoints: 50000, minimumPoints: 0, stealthMode: false, delayMode: 'FROM_START', delay: 5, filter: null },
} as const;

/** The demo world: the viewer, a live drops-enabled channel with a campaign, two other followed channels. */
export function demoWorld(w: World): void {
  const viewer = w.addUser(VIEWER);
  w.addChannel(CHANNEL, { live: true, displayName: DISPLAY, title: 'Heist night, drops enabled', game: GAME, dropsEnabled: true });
  w.addChannel('lofi_beats', { live: true, displayName: 'Lofi_Beats', title: 'beats to mine to' });
  w.addChannel('night_owl', { displayName: 'Night_Owl' });
  w.setBalance(viewer, CHANNEL, 12_450);
  w.setBalance(viewer, 'lofi_beats', 880);
  w.setBalance(viewer, 'night_owl', 35_100);
  w.setMultipliers(viewer, CHANNEL, [0.2]);
  for (const login of [CHANNEL, 'lofi_beats', 'night_owl']) w.follow(viewer, login);
  const t = w.clock.now();
  w.addCampaign({
    id: 'demo-campaign',
    name: 'Heist week',
    game: GAME,
    startAt: t - 60 * 60_000,
    endAt: t + 7 * 24 * 60 * 60_000,
    drops: DROPS.map((d) => ({ ...d, benefit: { name: d.name } })),
  });
  // night_owl goes live three minutes in: Minert's schedule reacts, the drop channel keeps its slot.
  w.scheduleStream('night_owl', t + 3 * 60_000, t + 6 * 60 * 60_000);
}

export type Milestone = 'drop' | 'chest' | 'bet' | 'won';
export const MILESTONES: Milestone[] = ['drop', 'chest', 'bet', 'won'];

export interface StoryResult {
  done: Set<Milestone>;
  /** Milestone -> seconds after the login. */
  at: Partial<Record<Milestone, number>>;
  lines: string[];
  screenshots: string[];
  requests: number;
  seconds: number;
  missed: Milestone[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `p`, or a rejection naming `what` after `ms` (a browser that stopped answering must not hang the demo). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms / 1000} s`)), ms)));
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** "Ops ×3" counts, most first. */
function counts(names: string[]): string {
  const by = new Map<string, number>();
  for (const n of names) by.set(n, (by.get(n) ?? 0) + 1);
  return [...by]
    .sort((a, b) => b[1] - a[1])
    .map(([n, c]) => (c > 1 ? `${n} ×${c}` : n))
    .join(', ');
}

/** One compact line for a batch of requests: per host, GQL operations named. */
export function requestSummary(batch: SimRequest[]): string {
  const hosts = new Map<string, SimRequest[]>();
  for (const r of batch) hosts.set(r.host, [...(hosts.get(r.host) ?? []), r]);
  const parts = [...hosts].map(([host, rs]) => {
    const ops = rs.flatMap((r) => (r.operations.length ? r.operations : []));
    const failed = rs.filter((r) => r.status >= 400).length;
    return `${host.replace(/\.twitch\.tv$/, '')} ${rs.length}${ops.length && host.startsWith('gql') ? ` (${counts(ops)})` : ''}${failed ? ` [${failed} failed]` : ''}`;
  });
  return `${batch.length} requests: ${parts.join('; ')}`;
}

/**
 * Runs the story until every milestone happened or `deadlineMs` (wall clock) passed. `shotsDir`: where the popup
 * screenshots go, named `<browser>-<n>-<what>.png`.
 */
export async function runStory(sim: Sim, browser: DemoBrowser, opts: { deadlineMs: number; shotsDir: string; verbose: boolean }): Promise<StoryResult> {
  const world = sim.world;
  const viewer = world.users.get(VIEWER)!;
  const start = Date.now();
  const result: StoryResult = { done: new Set(), at: {}, lines: [], screenshots: [], requests: 0, seconds: 0, missed: [] };
  const stamp = () => {
    const s = Math.round((Date.now() - start) / 1000);
    return `[${String(Math.floor(s / 60))}:${String(s % 60).padStart(2, '0')}]`;
  };
  const say = (line: string) => {
    result.lines.push(`${stamp()} ${line}`);
    console.log(`${stamp()} ${line}`);
  };
  const reached = (m: Milestone, line: string) => {
    if (result.done.has(m)) return;
    result.done.add(m);
    result.at[m] = Math.round((Date.now() - start) / 1000);
    say(`★ ${line}`);
  };

  // Screenshots one at a time (a browser opens one popup tab per shot).
  let shots: Promise<unknown> = Promise.resolve();
  const shoot = (what: string, wait?: { testId: string; text: string }) => {
    shots = shots.then(async () => {
      const path = join(opts.shotsDir, `${browser.name}-${result.screenshots.length + 1}-${what}.png`);
      const shown = await within(browser.popupScreenshot(path, wait), 30_000, 'the popup').catch((e) => (say(`(screenshot ${what} failed: ${(e as Error).message})`), null));
      if (shown === null) return;
      result.screenshots.push(path);
      say(`  screenshot ${path}${shown ? '' : ` (the popup did not show "${wait?.text}" yet)`}`);
    });
    return shots;
  };

  // What the simulated Twitch saw, as story lines.
  let seenRequests = 0;
  let seenWatch = 0;
  let seenDrops = 0;
  let seenPoints = 0;
  let seenBets = 0;
  let lastSummary = Date.now();
  const watch = () => {
    // (A minute and the drop minutes it earned are stamped by two clock reads: matched within a second.)
    let drops = world.dropEvents.slice(seenDrops).filter((x) => x.userId === viewer.id);
    seenDrops = world.dropEvents.length;
    for (const e of world.watchEvents.slice(seenWatch)) {
      if (e.userId !== viewer.id || !e.credited) continue;
      const earned = drops.filter((x) => x.channelLogin === e.channelLogin && Math.abs(x.at - e.at) < 1000);
      drops = drops.filter((x) => !earned.includes(x));
      const progress = earned
        .map((x) => DROPS.find((d) => d.id === x.dropId))
        .map((d) => d && `'${d.name}' ${Math.min(world.dropProgress(viewer, d.id).minutes, d.requiredMinutes)}/${d.requiredMinutes}`)
        .filter(Boolean);
      const drop = progress.length ? `, drop minutes: ${progress.join(', ')}` : '';
      say(`minute watched on ${world.channel(e.channelLogin).displayName} credited (${e.route})${drop}`);
    }
    seenWatch = world.watchEvents.length;
    for (const e of world.pointEvents.slice(seenPoints)) {
      if (e.userId !== viewer.id) continue;
      const name = world.channel(e.channelLogin).displayName;
      const balance = world.balance(viewer, e.channelLogin).toLocaleString('en');
      if (e.reason === 'claim') {
        reached('chest', `chest claimed on ${name} (+${e.points}, balance ${balance})`);
        void shoot('chest', { testId: 'activity', text: 'bonus chest claimed' });
      } else if (e.reason === 'prediction') {
        const bet = [...world.bets].reverse().find((b) => b.userId === viewer.id);
        const net = bet ? `, net +${(e.points - bet.points).toLocaleString('en')} on the ${bet.points.toLocaleString('en')} bet` : '';
        reached('won', `prediction won: +${e.points.toLocaleString('en')} paid out on ${name}${net} (balance ${balance})`);
        void shoot('prediction-won', { testId: 'predictions', text: '1 won' });
      } else say(`+${e.points} points on ${name} (${e.reason}, balance ${balance})`);
    }
    seenPoints = world.pointEvents.length;
    for (const b of world.bets.slice(seenBets)) {
      if (b.userId !== viewer.id) continue;
      const event = world.predictions.events.find((e) => e.id === b.eventId);
      const outcome = event?.outcomes.find((o) => o.id === b.outcomeId)?.title ?? b.outcomeId;
      reached('bet', `bet ${b.points.toLocaleString('en')} on '${outcome}' placed (${event?.title ?? b.eventId})`);
      void shoot('bet', { testId: 'predictions', text: event?.title ?? '' });
    }
    seenBets = world.bets.length;
    if (!result.done.has('drop') && world.dropProgress(viewer, DROP.id).claimed) {
      reached('drop', `drop '${DROP.name}' claimed (${GAME.name}: Heist week)`);
      void shoot('drop', { testId: 'drop-history', text: DROP.name });
    }
    const fresh = sim.requests.slice(seenRequests);
    if (opts.verbose) for (const r of fresh) console.log(`    ${new Date(r.at).toLocaleTimeString()} ${r.status} ${r.method} ${r.host}${r.path} ${r.operations.join(', ')}`);
    if (Date.now() - lastSummary >= 30_000) {
      const batch = sim.requests.slice(result.requests);
      console.log(`${stamp()}   · ${batch.length ? requestSummary(batch) : 'no request in the last 30 s'}`);
      result.requests = sim.requests.length;
      lastSummary = Date.now();
    }
    seenRequests = sim.requests.length;
  };
  const ticker = setInterval(watch, 500);
  const complete = () => MILESTONES.every((m) => result.done.has(m));
  /** Waits until `cond` holds (polled every 250 ms) or the deadline passed; false then. */
  const until = async (cond: () => boolean): Promise<boolean> => {
    while (!cond()) {
      if (Date.now() > opts.deadlineMs) return false;
      await sleep(250);
    }
    return true;
  };

  try {
    await browser.send({ type: 'save-settings', settings: DEMO_SETTINGS });
    say('settings saved: predictions on, bets on the most voted outcome (5 % of the balance, 5 s after a prediction opens)');
    // The tab shows the drops inventory, not the channel: a channel the viewer has open is theirs to watch (Minert
    // sends it no heartbeat of its own), and here Minert does the watching.
    await browser.logIn(VIEWER, '/drops/inventory');
    say(`logged in on the simulated twitch.tv as ${VIEWER}, the drops inventory open in a tab; ${DISPLAY} is live (${GAME.name}, drops enabled)`);
    say(`campaign 'Heist week': drop '${DROP.name}' needs ${DROP.minutes} watched minutes`);
    await browser.showPopup();
    await until(() => world.watchEvents.some((e) => e.credited));
    await shoot('watching', { testId: 'watching', text: DISPLAY });

    // A chest a minute in (the socket brings it: Minert claims it at once).
    if (await until(() => Date.now() - start >= CHEST_AFTER_MS)) {
      world.offerClaim(viewer, CHANNEL);
      say(`Twitch offers a bonus chest on ${DISPLAY}`);
    }
    // Once it is claimed and Minert listens to the channel's predictions, a prediction opens.
    const channel = world.channel(CHANNEL);
    await until(() => result.done.has('chest') && sim.realtime.subscriptions().includes(`predictions-channel-v1.${channel.id}`));
    if (Date.now() <= opts.deadlineMs) {
      const eventId = world.createPrediction(CHANNEL, PREDICTION);
      world.addBettor(eventId, 0, 24_000, 31);
      world.addBettor(eventId, 1, 9_000, 12);
      say(`prediction '${PREDICTION.title}' opened on ${DISPLAY} (${PREDICTION.outcomes.join(' / ')}, ${PREDICTION.windowSeconds} s to bet; 31 viewers on Yes, 12 on No)`);
      if (await until(() => world.bets.some((b) => b.userId === viewer.id && b.eventId === eventId))) {
        // The bet in the popup first, then the result.
        await sleep(2_000);
        await shots;
        const bet = world.bets.find((b) => b.userId === viewer.id && b.eventId === eventId)!;
        const event = world.predictions.events.find((e) => e.id === eventId)!;
        const winner = event.outcomes.findIndex((o) => o.id === bet.outcomeId);
        world.resolvePrediction(eventId, winner);
        say(`prediction resolved: '${event.outcomes[winner]!.title}' wins`);
      }
    }
    await until(complete);
    await sleep(1_000);
    watch();
    await shots;
    await shoot('final');
    await shots;
    await within(browser.pageScreenshot(join(opts.shotsDir, `${browser.name}-twitch.png`)), 30_000, 'the twitch.tv tab').then(
      () => result.screenshots.push(join(opts.shotsDir, `${browser.name}-twitch.png`)),
      () => {},
    );
  } finally {
    clearInterval(ticker);
    const rest = sim.requests.slice(result.requests);
    if (rest.length) console.log(`${stamp()}   · ${requestSummary(rest)}`);
    result.requests = sim.requests.length;
    result.seconds = Math.round((Date.now() - start) / 1000);
    result.missed = MILESTONES.filter((m) => !result.done.has(m));
  }
  return result;
}
