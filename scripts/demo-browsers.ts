/**
 * The two browsers the demo runs in, behind one small interface: Chromium (Playwright, tests/e2e/browser.ts) and
 * Debian's Firefox ESR (puppeteer-core over WebDriver BiDi, tests/e2e-firefox/firefox.ts). Each launches the BUILT
 * extension with its twitch.tv traffic sent to the simulator; the launch code is the test harnesses', not a copy.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page as PlaywrightPage } from '@playwright/test';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchWithExtension, sendFromPage } from '../tests/e2e/browser';
import { firefoxPath, launchFirefox } from '../tests/e2e-firefox/firefox';
import type { Sim } from '../tests/sim/server';

export type BrowserName = 'chromium' | 'firefox';

/** What the demo's story needs of a browser running Minert. */
export interface DemoBrowser {
  name: BrowserName;
  /** A line saying what was started. */
  describe: string;
  /** A message to the background, as the options page sends it. */
  send(message: unknown): Promise<unknown>;
  /** Logs in on the simulated twitch.tv as `user` and leaves the page at `path` open in a tab (it mints the integrity token). */
  logIn(user: string, path: string): Promise<void>;
  /** Opens Minert's popup in a tab of its own and leaves it open (to look at, with a display). */
  showPopup(): Promise<void>;
  /**
   * Opens a fresh popup, waits (up to 10 s) until the element with the test id contains `text` when given, saves a
   * screenshot at `path` and closes it. Resolves false when the text never came (the screenshot is saved anyway).
   */
  popupScreenshot(path: string, wait?: { testId: string; text: string }): Promise<boolean>;
  /** A screenshot of the twitch.tv tab. */
  pageScreenshot(path: string): Promise<void>;
  close(): Promise<void>;
}

const POPUP = { width: 380, height: 600 };

/** Polls `read` every 250 ms until it contains `text`, for at most `ms`. */
async function waitForText(read: () => Promise<string>, text: string, ms = 10_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if ((await read().catch(() => '')).includes(text)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const textOf = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';

export async function launchChromium(sim: Sim, headless: boolean): Promise<DemoBrowser> {
  const ext = await launchWithExtension(sim, { headless });
  const popupUrl = `chrome-extension://${ext.extensionId}/popup.html`;
  // An extension page to send messages from (as the options page does), also the popup left open.
  const live = await ext.context.newPage();
  await live.setViewportSize(POPUP);
  await live.goto(popupUrl);
  let tab: PlaywrightPage | null = null;
  return {
    name: 'chromium',
    describe: `Chromium started with Minert (extension id ${ext.extensionId})${headless ? ', headless' : ''}`,
    send: (message) => sendFromPage(live, message),
    logIn: async (user, path) => {
      tab = await ext.context.newPage();
      await tab.goto(`https://www.twitch.tv/sim/login?user=${user}&next=${encodeURIComponent(path)}`);
    },
    showPopup: async () => {
      await live.reload();
      await live.bringToFront();
    },
    popupScreenshot: async (path, wait) => {
      const page = await ext.context.newPage();
      try {
        await page.setViewportSize(POPUP);
        await page.goto(popupUrl);
        const ok = wait ? await waitForText(() => page.evaluate(textOf, wait.testId), wait.text) : true;
        await page.screenshot({ path });
        return ok;
      } finally {
        await page.close();
      }
    },
    pageScreenshot: async (path) => {
      await tab?.screenshot({ path });
    },
    close: () => ext.close(),
  };
}

/**
 * Debian's Firefox ESR: FIREFOX_PATH, else /usr/bin/firefox-esr. As chromiumPath() does for Chromium: when it is
 * missing on a Debian/Ubuntu machine where this process may install packages (root, apt-get on the PATH), it is
 * installed with apt-get, saying so; otherwise this throws with the command to run.
 */
export function ensureFirefoxEsr(): string {
  const debian = '/usr/bin/firefox-esr';
  const path = process.env.FIREFOX_PATH ?? debian;
  if (existsSync(path)) return firefoxPath();
  const install = 'apt-get update && apt-get install -y firefox-esr';
  const aptGet = (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => join(dir, 'apt-get')).find((p) => existsSync(p));
  const root = process.getuid?.() === 0;
  if (path !== debian || !aptGet || !root) {
    const how = path !== debian ? `point FIREFOX_PATH at a Firefox binary, or unset it to use Debian's (${install})` : `run: sudo sh -c '${install}' (Debian), or set FIREFOX_PATH to a Firefox binary`;
    throw new Error(`no Firefox at ${path}: ${how}`);
  }
  console.log(`no Firefox at ${debian}: installing Debian's firefox-esr (${install})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    for (const args of [['update'], ['install', '-y', 'firefox-esr']]) {
      console.log(`$ apt-get ${args.join(' ')}`);
      execFileSync(aptGet, args, { stdio: 'inherit', env });
    }
  } catch (e) {
    throw new Error(`installing firefox-esr failed (${(e as Error).message}): run ${install} by hand, or set FIREFOX_PATH`);
  }
  if (!existsSync(debian)) throw new Error(`apt-get installed firefox-esr but ${debian} is still missing: set FIREFOX_PATH`);
  console.log(`installed ${debian}`);
  return firefoxPath();
}

export async function launchFirefoxEsr(sim: Sim, headless: boolean): Promise<DemoBrowser> {
  ensureFirefoxEsr();
  const ff = await launchFirefox(sim, { headless });
  let tab: PuppeteerPage | null = null;
  let live: PuppeteerPage | null = null;
  const version = await ff.browser.version().catch(() => 'Firefox');
  return {
    name: 'firefox',
    describe: `${version} started with Minert (Firefox MV3 build, temporary add-on)${headless ? ', headless' : ''}`,
    send: (message) => ff.handleMessage(message),
    logIn: async (user, path) => {
      // twitch.tv's session cookies, as its login sets them; then a twitch.tv page, which mints the integrity token.
      await ff.logInByCookie(user);
      tab = await ff.openTab(`https://www.twitch.tv${path}`);
    },
    showPopup: async () => {
      await live?.close().catch(() => {});
      live = await ff.open('popup.html', POPUP);
      await live.bringToFront().catch(() => {});
    },
    popupScreenshot: async (path, wait) => {
      const page = await ff.open('popup.html', POPUP);
      try {
        const ok = wait ? await waitForText(() => page.evaluate(textOf, wait.testId), wait.text) : true;
        await page.screenshot({ path: path as `${string}.png` });
        return ok;
      } finally {
        await page.close().catch(() => {});
      }
    },
    pageScreenshot: async (path) => {
      await tab?.screenshot({ path: path as `${string}.png` });
    },
    close: () => ff.close(),
  };
}
