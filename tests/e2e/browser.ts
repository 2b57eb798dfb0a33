import { chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PopupState } from '../../lib/messages/popup';
import type { Settings } from '../../lib/store/settings';
import { startSim, type Sim } from '../sim/server';
import type { World } from '../sim/world';

export const EXTENSION_DIR = resolve('.output/chrome-mv3');

/**
 * The Chromium to drive: CHROMIUM_PATH, else Debian's. Playwright never downloads one here. On a fresh Debian/Ubuntu
 * machine where this process may install packages (root, apt-get on the PATH), a missing Debian Chromium is
 * installed with apt-get, saying so; otherwise this throws with the command to run, so the caller fails (non-zero).
 */
export function chromiumPath(): string {
  const debian = '/usr/bin/chromium';
  const path = process.env.CHROMIUM_PATH ?? debian;
  if (existsSync(path)) return path;
  const install = 'apt-get update && apt-get install -y chromium';
  const aptGet = (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => join(dir, 'apt-get')).find((p) => existsSync(p));
  const root = process.getuid?.() === 0;
  if (path !== debian || !aptGet || !root) {
    const how = path !== debian ? `point CHROMIUM_PATH at a Chromium binary, or unset it to use Debian's (${install})` : `run: sudo sh -c '${install}' (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium binary`;
    throw new Error(`no Chromium at ${path}: ${how}`);
  }
  console.log(`no Chromium at ${debian}: installing Debian's chromium (${install})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    for (const args of [['update'], ['install', '-y', 'chromium']]) {
      console.log(`$ apt-get ${args.join(' ')}`);
      execFileSync(aptGet, args, { stdio: 'inherit', env });
    }
  } catch (e) {
    throw new Error(`installing chromium failed (${(e as Error).message}): run ${install} by hand, or set CHROMIUM_PATH`);
  }
  if (!existsSync(debian)) throw new Error(`apt-get installed chromium but ${debian} is still missing: set CHROMIUM_PATH`);
  console.log(`installed ${debian}`);
  return debian;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  /** Runs a tick in the background now, as the alarm would. */
  tick(): Promise<unknown>;
  /** The state the background gives the popup (`channel`: the active tab's channel). */
  popupState(channel?: string | null): Promise<PopupState>;
  /** Runs a tick, then says which channels are watched (to poll on). */
  watchingAfterTick(): Promise<string[]>;
  /** Logs in on the simulated twitch.tv in a new tab, as a viewer would. */
  logIn(user?: string): Promise<Page>;
  /** Opens one of Minert's pages in a new tab. */
  open(page: 'popup.html' | 'options.html'): Promise<Page>;
  /** The toolbar badge's text. */
  badge(): Promise<string>;
  /** The tick alarm's period, in minutes. */
  alarmPeriod(): Promise<number | undefined>;
  /** The settings as the background reads them. */
  settings(): Promise<Settings>;
  /** The browser notifications Minert has shown (and not closed), by id. */
  notifications(): Promise<string[]>;
  close(): Promise<void>;
}

type Chrome = {
  chrome: {
    action: { getBadgeText(details: object): Promise<string> };
    alarms: { get(name: string): Promise<{ periodInMinutes?: number } | undefined> };
    notifications: { getAll(): Promise<Record<string, boolean>> };
    runtime: { id: string; getURL(path: string): string; sendMessage(message: unknown): Promise<unknown> };
  };
};
type Minert = {
  minert: {
    ready: Promise<{
      tick(reason: string): Promise<unknown>;
      popupState(channel: string | null): Promise<PopupState>;
      handleMessage(message: unknown, sender: { id: string; url: string }): Promise<unknown>;
    }>;
  };
};

/** Launches Chromium with the built extension, its twitch traffic sent to the simulator. */
export async function launchWithExtension(sim: Sim, opts: { headless?: boolean; language?: string; blocked?: string[]; extensionDir?: string } = {}): Promise<ExtensionBrowser> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`build the extension first (npm run build): ${EXTENSION_DIR}`);
  // A test may load a copy of the build (webhook.spec.ts: its manifest changed for what headless Chromium cannot do).
  const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
  const profile = mkdtempSync(join(tmpdir(), 'minert-profile-'));
  const headless = opts.headless ?? true;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless,
    ignoreHTTPSErrors: true,
    viewport: { width: 1100, height: 720 },
    // The browser's interface language (the one extensions get their messages in) comes from the environment on Linux.
    ...(opts.language ? { env: { ...process.env, LANGUAGE: opts.language, LANG: `${opts.language}.UTF-8` }, locale: opts.language.replace('_', '-') } : {}),
    args: [
      ...(opts.language ? [`--lang=${opts.language.replace('_', '-')}`] : []),
      ...(headless ? ['--headless=new'] : []),
      '--no-sandbox',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Hosts `blocked` do not resolve, as behind a DNS block list.
      `--host-resolver-rules=${sim.resolverRulesFor({ blocked: opts.blocked })}`,
      '--ignore-certificate-errors',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic',
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;
  // The worker has started; wait until its script has run (its listeners are registered) before browsing.
  for (let i = 0; i < 100 && !(await worker.evaluate(() => 'minert' in globalThis).catch(() => false)); i++) await new Promise((r) => setTimeout(r, 50));
  const newPage = async (url: string) => {
    const page = await context.newPage();
    await page.goto(url);
    return page;
  };
  const ext: ExtensionBrowser = {
    context,
    worker,
    extensionId,
    tick: () => worker.evaluate(() => (globalThis as unknown as Minert).minert.ready.then((bg) => bg.tick('test'))),
    popupState: (channel = null) => worker.evaluate((c) => (globalThis as unknown as Minert).minert.ready.then((bg) => bg.popupState(c)), channel),
    watchingAfterTick: async () => {
      await ext.tick();
      return (await ext.popupState()).watching.map((w) => w.login);
    },
    logIn: (user = 'viewer') => newPage(`https://www.twitch.tv/sim/login?user=${user}`),
    open: (page) => newPage(`chrome-extension://${extensionId}/${page}`),
    badge: () => worker.evaluate(() => (globalThis as unknown as Chrome).chrome.action.getBadgeText({})),
    alarmPeriod: () => worker.evaluate(() => (globalThis as unknown as Chrome).chrome.alarms.get('minert-tick').then((a) => a?.periodInMinutes)),
    notifications: () => worker.evaluate(() => (globalThis as unknown as Chrome).chrome.notifications.getAll().then((all) => Object.keys(all))),
    settings: () =>
      worker.evaluate(() => {
        const g = globalThis as unknown as Minert & Chrome;
        const page = { id: g.chrome.runtime.id, url: g.chrome.runtime.getURL('/options.html') };
        return g.minert.ready.then((bg) => bg.handleMessage({ type: 'get-settings' }, page)) as Promise<Settings>;
      }),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  return ext;
}

/**
 * A simulator playing the given world and Chromium with the extension pointed at it. `aheadMs` first moves the
 * simulated clock forward (minutes the world earned "earlier" are then that long ago).
 */
export async function startWorld(world: (w: World) => void, aheadMs = 0, language?: string): Promise<{ sim: Sim; ext: ExtensionBrowser }> {
  const sim = await startSim({ world });
  sim.clock.advance(aheadMs);
  return { sim, ext: await launchWithExtension(sim, { language }) };
}

export async function stopWorld(running: { sim?: Sim; ext?: ExtensionBrowser }): Promise<void> {
  await running.ext?.close();
  await running.sim?.close();
}

/** Sends a message to the background from an extension page (as the popup and the options page do). */
export function sendFromPage<T = unknown>(page: Page, message: unknown): Promise<T> {
  return page.evaluate((m) => (globalThis as unknown as Chrome).chrome.runtime.sendMessage(m), message) as Promise<T>;
}

/**
 * A screenshot in test-results/, in the light or dark theme. A whole page is taken at its full height, so the sticky
 * save bar sits at the bottom as a viewer sees it.
 */
export async function screenshot(page: Page, name: string, opts: { dark?: boolean; fullPage?: boolean } = {}): Promise<void> {
  await page.emulateMedia({ colorScheme: opts.dark ? 'dark' : 'light' });
  const viewport = page.viewportSize();
  if (opts.fullPage && viewport) {
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: viewport.width, height });
  }
  await page.screenshot({ path: `test-results/${name}.png` });
  if (opts.fullPage && viewport) await page.setViewportSize(viewport);
  await page.emulateMedia({ colorScheme: null });
}

/** The form controls of a page that a screen reader could not name (no label, aria-label, title or text). */
export function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const text = (ids: string) =>
      ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
    const nameOf = (el: HTMLElement) =>
      el.getAttribute('aria-label') ??
      (el.getAttribute('aria-labelledby') ? text(el.getAttribute('aria-labelledby')!) : null) ??
      Array.from((el as HTMLInputElement).labels ?? []).map((l) => l.textContent).join(' ') ??
      '';
    return Array.from(document.querySelectorAll<HTMLElement>('input:not([type=hidden]), select, textarea, button'))
      .filter((el) => !(nameOf(el).trim() || el.title || (el.tagName === 'BUTTON' && el.textContent?.trim())))
      .map((el) => el.outerHTML.slice(0, 120));
  });
}
