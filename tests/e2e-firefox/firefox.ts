import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PopupState } from '../../lib/messages/popup';
import { startSim, type Sim } from '../sim/server';
import type { SimUser, World } from '../sim/world';

/**
 * The Firefox end-to-end harness: Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi, runs the BUILT
 * Firefox MV3 extension (`wxt build -b firefox --mv3`) against the Twitch simulator. The recipe and its traps are in
 * /work/shared/test-bench.md ("Firefox, for real"); each is named where it is used below.
 */

export const FIREFOX_EXTENSION_DIR = resolve('.output/firefox-mv3');
/** The moz-extension uuid Firefox gives the extension (pref extensions.webextensions.uuids): its pages' host. */
export const EXTENSION_UUID = '5b0c6f3e-7d1a-4c52-9e8b-6a4d2f1c0b9e';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

/**
 * Every host the simulator plays, sent to 127.0.0.1 (network.dns.localDomains takes exact names, no wildcards; the
 * port is network.socket.forcePort's). twitch.tv's pages, GQL, the OAuth host, Hermes, spade and the settings script;
 * and discord.com, not Twitch: the simulator's webhook receiver (sim.webhooks).
 */
export const SIM_HOSTS = [
  'www.twitch.tv',
  'twitch.tv',
  'm.twitch.tv',
  'gql.twitch.tv',
  'id.twitch.tv',
  'passport.twitch.tv',
  'hermes.twitch.tv',
  'spade.twitch.tv',
  'static.twitchcdn.net',
  'assets.twitch.tv',
  'discord.com',
];

/** The Firefox to drive: FIREFOX_PATH, else Debian's firefox-esr. Nothing is ever downloaded. */
export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`no Firefox at ${path}: run apt-get install -y firefox-esr (Debian), or set FIREFOX_PATH`);
  return path;
}

/** The gecko id of the built extension (wxt.config.ts's browser_specific_settings.gecko.id). */
export function geckoId(): string {
  const manifestPath = join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`build the Firefox extension first (npx wxt build -b firefox --mv3): ${manifestPath}`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { manifest_version: number; browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (manifest.manifest_version !== 3 || !id) throw new Error(`${manifestPath}: not a Firefox MV3 build with a gecko id (build with --mv3)`);
  return id;
}

/** Firefox's record of the event page's life (chrome-scope listeners on the Extension object), in wall-clock ms. */
export interface BackgroundEvent {
  at: number;
  /** started, suspend, suspend-canceled, reset-idle, event, shutdown (the Extension's "background-script-*" events). */
  name: string;
  /** reset-idle: why (event, parentapicall, listeners...); event: the API event. */
  reason?: string;
  detail?: string;
}

export interface FirefoxOptions {
  /** extensions.background.idle.timeout, ms: how long the event page lives idle (Firefox's default: 30 s). */
  idleTimeoutMs?: number;
  /** More Firefox prefs. */
  prefs?: Record<string, unknown>;
  /**
   * Hosts that fail at the network level, as behind a DNS block list, a filter or a proxy (Chromium's harness: `MAP
   * host ~NOTFOUND`). A PAC sends only them to an HTTP proxy on a closed local port, so every request to them fails
   * with a network error (the connection is refused), never an HTTP one; failover to a direct connection is off. They
   * stay in network.dns.localDomains: were a request ever to go direct, it would reach the simulator (which records
   * it), never real DNS.
   */
  blocked?: string[];
  /** Runs Firefox with a window (the demo, on a display); headless unless false. */
  headless?: boolean;
}

/** A local TCP port with nothing listening on it (bound by the OS, then closed): connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The prefs that make `hosts` fail at the network level (FirefoxOptions.blocked); none when there are none. */
async function blockedPrefs(hosts: string[] = []): Promise<Record<string, unknown>> {
  if (hosts.length === 0) return {};
  const pac = `function FindProxyForURL(url, host) { return ${JSON.stringify(hosts)}.indexOf(host) >= 0 ? 'PROXY 127.0.0.1:${await closedPort()}' : 'DIRECT'; }`;
  return {
    'network.proxy.type': 2,
    'network.proxy.autoconfig_url': `data:application/x-ns-proxy-autoconfig,${encodeURIComponent(pac)}`,
    'network.proxy.failover_direct': false,
  };
}

export interface FirefoxExtension {
  browser: Browser;
  sim: Sim;
  /** Firefox's stdout and stderr, line by line: the extension's console lines among them (devtools.console.stdout.content). */
  output: string[];
  /** Sets the twitch.tv session cookies (auth-token, unique_id, login) on .twitch.tv, as twitch.tv's login does. */
  logInByCookie(user?: string): Promise<SimUser>;
  /** Opens a web page (a twitch.tv page, served by the simulator) in a new tab. */
  openTab(url: string): Promise<Page>;
  /** Opens one of Minert's pages in a new tab of the given size, and waits until it has loaded. */
  open(page: 'popup.html' | 'options.html', viewport?: { width: number; height: number }): Promise<Page>;
  /** Grants optional host permissions (e.g. https://discord.com/*) as the viewer's "Allow" in Firefox's prompt would. */
  grantOrigins(origins: string[]): Promise<void>;
  /** Runs a tick in the background now, as the alarm would. */
  tick(): Promise<unknown>;
  /** The state the background gives the popup (`channel`: the active tab's channel). */
  popupState(channel?: string | null): Promise<PopupState>;
  /** Runs a tick, then says which channels are watched (to poll on). */
  watchingAfterTick(): Promise<string[]>;
  /**
   * Runs a function in the driver page with the background's objects: `fn` is its source, `(bg, arg, page) => value`
   * (bg: the Background behind minert.ready; page: the event page's window, page.browser its API). Wakes the page.
   */
  background<T = unknown>(fn: string, arg?: unknown): Promise<T>;
  /** A message to the background as the options page would send it. */
  handleMessage<T = unknown>(message: unknown): Promise<T>;
  /** The event page's state as Firefox keeps it: running, suspending, stopped or starting. Does not wake it. */
  backgroundState(): Promise<string>;
  /** The event page's life so far (see BackgroundEvent). */
  backgroundEvents(): Promise<BackgroundEvent[]>;
  /**
   * prefers-color-scheme for every page from now on (pref layout.css.prefers-color-scheme.content-override; null: the
   * system's again). Given a page, waits until its media query says so (the pref reaches pages a moment later).
   */
  colorScheme(scheme: 'light' | 'dark' | null, page?: Page): Promise<void>;
  close(): Promise<void>;
}

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: Record<string, unknown> }>;
}

/** A BiDi script result as a plain value (strings, numbers, booleans, null, arrays and objects of them). */
function fromRemote(value: { type: string; value?: unknown }): unknown {
  switch (value.type) {
    case 'undefined':
    case 'null':
      return null;
    case 'array':
      return (value.value as { type: string }[]).map(fromRemote);
    case 'object':
      return Object.fromEntries((value.value as [string, { type: string }][]).map(([k, v]) => [k, fromRemote(v)]));
    default:
      return value.value;
  }
}

/** Whether Firefox's output should also go to this process's (MINERT_FIREFOX_DUMPIO=1: everything, as it comes). */
const dumpio = process.env.MINERT_FIREFOX_DUMPIO === '1';

/**
 * Launches Firefox ESR headless with the built extension installed (a temporary add-on, BiDi webExtension.install),
 * every twitch host sent to the simulator, and waits until the event page has run its script.
 */
export async function launchFirefox(sim: Sim, opts: FirefoxOptions = {}): Promise<FirefoxExtension> {
  const id = geckoId();
  const blocked = await blockedPrefs(opts.blocked);
  const profile = mkdtempSync(join(tmpdir(), 'minert-firefox-'));
  const output: string[] = [];
  let browser: Browser | null = null;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath(),
      headless: opts.headless ?? true,
      // Trap 1: without it, navigating to moz-extension:// is refused ("not allowed in this context").
      args: ['--remote-allow-system-access', '--profile', profile],
      acceptInsecureCerts: true, // the simulator's self-signed certificate
      dumpio,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [id]: EXTENSION_UUID }),
        'network.dns.localDomains': SIM_HOSTS.join(','),
        'network.socket.forcePort': `443=${sim.port}`,
        // The extension's console lines (the event page's too) on Firefox's stdout.
        'devtools.console.stdout.content': true,
        ...(opts.idleTimeoutMs !== undefined ? { 'extensions.background.idle.timeout': opts.idleTimeoutMs } : {}),
        ...blocked,
        ...opts.prefs,
      },
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const b = browser;
  const proc = b.process();
  let partial = '';
  const collect = (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    output.push(...lines);
  };
  proc?.stdout?.on('data', collect);
  proc?.stderr?.on('data', collect);

  const connection = (b as unknown as { connection: BidiConnection }).connection;
  const close = async () => {
    await b.close().catch(() => proc?.kill('SIGKILL'));
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const chromeContext = await (async () => {
      const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
      const contexts = tree.result.contexts as { context: string }[];
      if (!contexts[0]) throw new Error('no chrome browsing context (is --remote-allow-system-access given?)');
      return contexts[0].context;
    })();
    const chrome = async <T>(expression: string): Promise<T> => {
      const r = (await connection.send('script.evaluate', { expression, target: { context: chromeContext }, awaitPromise: true })).result as {
        type: string;
        result?: { type: string; value?: unknown };
        exceptionDetails?: { text: string };
      };
      if (r.type !== 'success') throw new Error(`chrome-scope evaluation failed: ${r.exceptionDetails?.text ?? JSON.stringify(r)}`);
      return fromRemote(r.result!) as T;
    };
    const extension = `ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs').ExtensionParent.GlobalManager.getExtension(${JSON.stringify(id)})`;

    await b.installExtension(FIREFOX_EXTENSION_DIR);
    for (let i = 0; !(await chrome<boolean>(`!!${extension}`)); i++) {
      if (i === 100) throw new Error(`${id} installed, but Firefox does not list it`);
      await new Promise((r) => setTimeout(r, 50));
    }
    // The event page's life, recorded from now on in Firefox's own scope (it survives the page).
    await chrome(`(() => {
      const ext = ${extension};
      const log = (globalThis.__minertBackground = []);
      const names = { 'background-script-started': 'started', 'background-script-suspend': 'suspend', 'background-script-suspend-canceled': 'suspend-canceled',
        'background-script-reset-idle': 'reset-idle', 'background-script-event': 'event', 'shutdown-background-script': 'shutdown' };
      for (const [event, name] of Object.entries(names)) {
        ext.on(event, (_, data) => log.push({ at: Date.now(), name, reason: data?.reason ?? undefined, detail: data?.path ?? data?.eventName ?? undefined }));
      }
      return true;
    })()`);

    // The driver: an extension document that runs none of Minert's code (the 16 px icon). Firefox gives every
    // moz-extension document the extension API; from it, runtime.getBackgroundPage() reaches the event page (waking it
    // if it sleeps), and the tests call into globalThis.minert there.
    const [driver] = await b.pages();
    if (!driver) throw new Error('Firefox opened no tab');
    const navigate = async (page: Page, url: string) => {
      // Trap 2: page.goto('moz-extension://…') never resolves (Firefox drops the navigation events of extension
      // documents): start the navigation without waiting for any, then poll the document itself.
      await connection.send('browsingContext.navigate', { context: (page.mainFrame() as unknown as { _id: string })._id, url, wait: 'none' });
      await page.waitForFunction((u: string) => location.href === u && document.readyState === 'complete', { timeout: 15_000, polling: 50 }, url);
    };
    await navigate(driver, `${EXTENSION_ORIGIN}/icon/16.png`);

    // `fn` is the source of a function (bg, arg, page) => value, run in the driver with the background's objects. It is
    // sent as source text: the driver's own code may not build functions (the extension's CSP forbids eval there), but
    // what the test harness evaluates is not bound by it.
    const inBackground = <T>(fn: string, arg: unknown = null): Promise<T> =>
      driver.evaluate(`(async () => {
        const page = await browser.runtime.getBackgroundPage();
        // Just woken, the page may still be running its script: minert is set last, once every listener is registered.
        for (let i = 0; i < 200 && !page.minert; i++) await new Promise((r) => setTimeout(r, 25));
        if (!page.minert) throw new Error('the background page exposes no minert object');
        const bg = await page.minert.ready;
        const value = await (${fn})(bg, ${JSON.stringify(arg)}, page);
        // As plain JSON, so nothing of the background's window crosses over.
        return JSON.stringify(value ?? null);
      })()`).then((json) => JSON.parse(json as string) as T);
    // The page has run its script (its listeners are registered): minert.ready resolves.
    await inBackground('async () => true');

    const ff: FirefoxExtension = {
      browser: b,
      sim,
      output,
      logInByCookie: async (login = 'viewer') => {
        const user = sim.world.users.get(login);
        if (!user) throw new Error(`no sim user ${login}`);
        const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
        const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' as const, expires });
        await b.setCookie(cookie('unique_id', user.deviceId), cookie('login', user.login), cookie('auth-token', user.token));
        return user;
      },
      openTab: async (url) => {
        const page = await b.newPage();
        await page.goto(url, { waitUntil: 'load' });
        return page;
      },
      open: async (name, viewport = { width: 1100, height: 720 }) => {
        const page = await b.newPage();
        await page.setViewport(viewport);
        await navigate(page, `${EXTENSION_ORIGIN}/${name}`);
        return page;
      },
      background: (fn, arg) => inBackground(fn, arg),
      grantOrigins: async (origins) => {
        // What the prompt's "Allow" runs (ext-permissions.js): the extension, as emitter, updates its allowed origins.
        await chrome(`(async () => {
          const { ExtensionPermissions } = ChromeUtils.importESModule('resource://gre/modules/ExtensionPermissions.sys.mjs');
          const ext = ${extension};
          await ExtensionPermissions.add(ext.id, { permissions: [], origins: ${JSON.stringify(origins)} }, ext);
          return true;
        })()`);
      },
      tick: () => inBackground('(bg) => bg.tick("test")'),
      popupState: (channel = null) => inBackground<PopupState>('(bg, channel) => bg.popupState(channel)', channel),
      watchingAfterTick: async () => {
        await ff.tick();
        return (await ff.popupState()).watching.map((w) => w.login);
      },
      handleMessage: <T>(message: unknown) =>
        inBackground<T>(
          '(bg, message, page) => bg.handleMessage(message, { id: page.browser.runtime.id, url: page.browser.runtime.getURL("/options.html") })',
          message,
        ),
      backgroundState: () => chrome<string>(`String(${extension}.backgroundState)`),
      backgroundEvents: () => chrome<BackgroundEvent[]>('globalThis.__minertBackground ?? []'),
      colorScheme: async (scheme, page) => {
        await chrome(
          scheme === null
            ? `Services.prefs.clearUserPref('layout.css.prefers-color-scheme.content-override')`
            : `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`,
        );
        if (page && scheme) {
          await page.waitForFunction((dark: boolean) => matchMedia('(prefers-color-scheme: dark)').matches === dark, { timeout: 5_000, polling: 50 }, scheme === 'dark');
        }
      },
      close,
    };
    return ff;
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * A screenshot in test-results/firefox-<name>.png, in the light or dark theme. A whole page (fullPage) is taken with
 * the viewport at the page's full height, so the sticky save bar sits at the bottom as a viewer sees it.
 */
export async function screenshot(ff: FirefoxExtension, page: Page, name: string, opts: { dark?: boolean; fullPage?: boolean } = {}): Promise<void> {
  mkdirSync('test-results', { recursive: true });
  try {
    await ff.colorScheme(opts.dark ? 'dark' : 'light', page);
    const viewport = page.viewport();
    if (opts.fullPage && viewport) {
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.setViewport({ ...viewport, height });
    }
    await page.screenshot({ path: `test-results/firefox-${name}.png` });
    if (opts.fullPage && viewport) await page.setViewport(viewport);
  } finally {
    await ff.colorScheme(null);
  }
}

/** The text of the element with the data-testid, or '' (to poll on). */
export function testIdText(page: Page, testId: string): Promise<string> {
  return page.evaluate((id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);
}

export interface Running {
  sim: Sim;
  ff: FirefoxExtension;
}

/**
 * Runs `body` with a simulator playing the world and Firefox with the extension pointed at it; closes both in every
 * case. On failure, Firefox's output (the extension's console lines among it) and the requests the simulator saw are
 * written to test-results/firefox-<label>.log, and the error is thrown again.
 */
export async function withFirefox(
  label: string,
  world: (w: World) => void,
  body: (r: Running) => Promise<void>,
  opts: FirefoxOptions = {},
): Promise<void> {
  const sim = await startSim({ world });
  let ff: FirefoxExtension | null = null;
  try {
    ff = await launchFirefox(sim, opts);
    await body({ sim, ff });
  } catch (e) {
    mkdirSync('test-results', { recursive: true });
    const requests = sim.requests.map((r) => `${new Date(r.at).toISOString()} ${r.status} ${r.method} ${r.host}${r.path} ${r.operations.join(',')}`);
    // The event page's life as Firefox tells it (idle-timer resets by the page's own API calls left out: too many).
    const life = ((await ff?.backgroundEvents().catch(() => null)) ?? [])
      .filter((x) => x.reason !== 'parentapicall')
      .map((x) => `${new Date(x.at).toISOString()} ${x.name}${x.reason ? ` ${x.reason}` : ''}${x.detail ? ` ${x.detail}` : ''}`);
    const log = [
      String(e instanceof Error ? e.stack : e),
      `== Firefox output (the extension's console lines among it)\n${ff?.output.join('\n') ?? ''}`,
      `== the event page's life\n${life.join('\n')}`,
      `== simulator requests\n${requests.join('\n')}`,
    ].join('\n\n');
    writeFileSync(`test-results/firefox-${label}.log`, log);
    throw e;
  } finally {
    await ff?.close();
    await sim.close();
  }
}
