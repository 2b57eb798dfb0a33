/**
 * `npm run bench`'s figures in Chromium, with the built extension (skipped without Chromium or a build): the popup, a
 * bonus chest over the realtime socket, and twitch.tv's page run out of sight for an integrity token. Figures are
 * measured, never asserted.
 */
import { existsSync } from 'node:fs';
import { questWorld } from '../tests/e2e-shared/worlds';
import { launchWithExtension, startWorld, stopWorld, type ExtensionBrowser } from '../tests/e2e/browser';
import { startSim } from '../tests/sim/server';

export async function chromiumFigures() {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium) || !existsSync('.output/chrome-mv3/manifest.json')) return { skipped: 'no Chromium or no build' };
  return { popup: await popup(), chestOverSocket: await chestOverSocket(), mintOutOfSight: await mintOutOfSight() };
}

/** Polls `done` (ticking first when asked) until it holds: the bench waits on what it measures, at most a minute. */
async function until(done: () => boolean | Promise<boolean>, tick?: ExtensionBrowser): Promise<void> {
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 20))) {
    if (tick) await tick.tick();
    if (await done()) return;
  }
  throw new Error('bench: waited a minute in vain');
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * A bonus chest over the realtime socket: from Twitch offering it to Minert's claim reaching Twitch, no tick asked for
 * (the background claims on the socket's word), five chests in a row.
 */
async function chestOverSocket() {
  const { sim, ext } = await startWorld((w) => {
    const viewer = w.addUser('viewer');
    for (const login of ['first', 'second']) {
      w.addChannel(login, { live: true });
      w.follow(viewer, login);
    }
  });
  try {
    await ext.logIn();
    const viewer = sim.world.users.get('viewer')!;
    const topic = `raid.${sim.world.channel('first').id}`;
    await until(() => sim.realtime.subscriptions().includes(topic), ext);
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const offeredAt = Date.now();
      sim.world.offerClaim(viewer, 'first');
      await until(() => sim.world.availableClaim(viewer, 'first') === null);
      runs.push(Date.now() - offeredAt);
    }
    return { claimLatencyMs: { median: median(runs), runs } };
  } finally {
    await stopWorld({ sim, ext });
  }
}

/**
 * The strict 2026 world with twitch.tv never opened: Minert runs the page out of sight for an integrity token (how,
 * in how long, and what the page itself asked of Twitch).
 */
async function mintOutOfSight() {
  const { sim, ext } = await startWorld((w) => {
    w.strict2026();
    questWorld(w);
  });
  try {
    const viewer = sim.world.users.get('viewer')!;
    const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
    const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' as const, expires });
    await ext.context.addCookies([cookie('auth-token', viewer.token), cookie('unique_id', viewer.deviceId), cookie('login', viewer.login)]);
    type Bg = { minert: { ready: Promise<{ db: { get(store: string, key: string): Promise<unknown> } }> } };
    const record = () => ext.worker.evaluate(() => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.get('kv', 'integrity-mint'))) as Promise<{ running?: boolean; ok: boolean; method?: string; tookMs?: number; reason: string; error?: string } | undefined>;
    // The record is kept when a run starts (a killed worker's run is known), and completed with how it went.
    await until(async () => {
      const r = await record();
      return r !== undefined && !r.running;
    }, ext);
    const { ok, method, reason, tookMs, error } = (await record())!;
    const byPage = sim.requests.filter((r) => r.headers.origin === 'https://www.twitch.tv' || r.headers['sec-fetch-dest'] === 'iframe' || r.headers.referer?.toString().startsWith('https://www.twitch.tv/'));
    return { ok, method, reason, tookMs, error, pageRequests: byPage.length, integrityPosts: sim.world.integrity.requests };
  } finally {
    await stopWorld({ sim, ext });
  }
}

/**
 * The popup from the toolbar: from opening it to its code starting, its first render (the state kept from the last
 * opening; the first opening, runs[0], has none), the browser's first paint of it, and the background's first answer
 * rendered.
 */
async function popup() {
  const sim = await startSim({ world: (w) => w.addUser('viewer') });
  const ext = await launchWithExtension(sim);
  await ext.tick(); // the first sync done: the popup is measured, not the worker's start
  // The popup as the viewer opens it (the toolbar button: chrome.action.openPopup from the worker). Playwright does not
  // list an extension's popup among its pages, so its marks are read over the browser's DevTools protocol.
  const cdp = await ext.context.browser()!.newBrowserCDPSession();
  await cdp.send('Target.setDiscoverTargets', { discover: true });
  const bus = cdp as unknown as { on(event: string, f: (e: never) => void): void; off(event: string, f: (e: never) => void): void };
  /** The first of `events` that `pick` maps to a value. */
  const when = <E, R>(events: string[], pick: (e: E) => R | undefined) =>
    new Promise<R>((resolve) => {
      const listener = (e: E) => {
        const r = pick(e);
        if (r === undefined) return;
        for (const event of events) bus.off(event, listener);
        resolve(r);
      };
      for (const event of events) bus.on(event, listener);
    });
  const opened = new Set<string>();
  const popupOpened = () =>
    when(['Target.targetCreated', 'Target.targetInfoChanged'], ({ targetInfo: t }: { targetInfo: { targetId: string; url: string } }) =>
      t.url.endsWith('/popup.html') && !opened.has(t.targetId) ? (opened.add(t.targetId), t.targetId) : undefined,
    );
  let id = 0;
  const evaluate = async (sessionId: string, expression: string): Promise<string> => {
    const n = ++id;
    const answer = when(['Target.receivedMessageFromTarget'], (e: { sessionId: string; message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; result?: { result: { value: string } } };
      return e.sessionId === sessionId && m.id === n ? m.result!.result.value : undefined;
    });
    const params = { expression, returnByValue: true, awaitPromise: true };
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: n, method: 'Runtime.evaluate', params }) });
    return answer;
  };
  // The marks the popup sets itself (its code started; the first state rendered, before the browser paints it; the
  // background's first answer rendered, the same time when nothing was kept) and the browser's first contentful paint;
  // read once the refresh the popup asks for is over, so the next opening does not share the CPU with it.
  const marks = `new Promise((resolve) => {
    const names = ['minert-main', 'minert-first-render', 'minert-first-answer', 'first-contentful-paint'];
    const at = (n) => performance.getEntriesByName(n)[0]?.startTime;
    const check = () => {
      if (names.every((n) => at(n) !== undefined) && !document.querySelector('[data-testid="refreshing"]')) resolve(JSON.stringify(names.map(at)));
      else setTimeout(check, 50);
    };
    check();
  })`;
  const figures: number[][] = [];
  for (let i = 0; i < 7; i++) {
    const found = popupOpened();
    await ext.worker.evaluate('chrome.action.openPopup()');
    const targetId = await found;
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as { sessionId: string };
    figures.push(JSON.parse(await evaluate(sessionId, marks)) as number[]);
    // The next popup opens once this one is gone (one popup per window).
    const gone = when(['Target.targetDestroyed'], (e: { targetId: string }) => (e.targetId === targetId ? true : undefined));
    await cdp.send('Target.closeTarget', { targetId });
    await gone;
  }
  await ext.close();
  await sim.close();
  // runs[0] is the first opening after the install (nothing kept yet); the median is over the others.
  const column = (k: number) => figures.map((f) => Math.round(f[k]!));
  const figure = (k: number) => ({ median: median(column(k).slice(1)), runs: column(k) });
  return { opened: 'toolbar popup', codeStartMs: figure(0), firstRenderMs: figure(1), firstPaintMs: figure(3), firstAnswerMs: figure(2) };
}
