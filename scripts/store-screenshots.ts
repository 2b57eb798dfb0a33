/**
 * `npm run store:screenshots`: the store listings' screenshots, 1280×800 PNG (the Chrome Web Store's size; AMO takes
 * it too), in store/screenshots/. They are taken from the built extension (.output/chrome-mv3) in Debian's Chromium
 * against the Twitch simulator, with the e2e harness (tests/e2e/browser.ts): a viewer follows four channels, one of
 * them streams a game with a drop campaign, 45 minutes of it were watched earlier, a bonus chest waits, and two
 * predictions open while Minert watches. Minert runs for real: it claims the first drop and the chest, bets on the
 * first prediction (which is won) and waits to bet on the second.
 *
 * For each language (default: every shipped one; or name them: `npm run store:screenshots -- fr`), light and dark:
 * - `<lang>-1-popup-drops-<theme>.png`: the popup (drops being mined, a claimed drop), beside a caption;
 * - `<lang>-2-popup-points-<theme>.png`: the popup scrolled to the predictions (a bet won, one waiting), and the log;
 * - `<lang>-3-options-<theme>.png`: the options page, top;
 * - `<lang>-4-options-channels-<theme>.png`: the options page at the channel list, one channel's own bet settings open.
 * The popup is shown at its real size in the browser (360×600) scaled 1.25× from a 2× capture, on a plain background.
 */
import type { Page } from '@playwright/test';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { chromiumPath, sendFromPage, startWorld, stopWorld, type ExtensionBrowser } from '../tests/e2e/browser';
import type { Sim } from '../tests/sim/server';
import type { World } from '../tests/sim/world';

const OUT = 'store/screenshots';
const SHOT = { width: 1280, height: 800 };
/** The browser's popup at most (Chrome and Firefox cap it at 800×600; Minert's is 360 wide). */
const POPUP = { width: 360, height: 600 };
const POPUP_ZOOM = 1.25;
const VIEWER = 'demo_viewer';
const GAME = { id: '515001', name: 'Starfall Odyssey' };
type Theme = 'light' | 'dark';
const THEMES: Theme[] = ['light', 'dark'];

/** What the streamers and Twitch would say in the viewer's language: the campaign, its drops, the predictions. */
interface WorldText {
  campaign: string;
  drops: [string, string, string];
  predictions: [string, string];
  outcomes: string[];
}
type Caption = { title: string; body: string };

/**
 * Per language: the world's texts and the captions beside the popup (the listing's own text is in store/*.md). The
 * extension's texts come from its locale files, in the browser's language.
 */
const TEXTS: Record<string, { world: WorldText; drops: Caption; points: Caption }> = {
  en: {
    world: {
      campaign: 'Launch week',
      drops: ['Comet helmet', 'Nebula cape', 'Starship skin'],
      predictions: ['Boss down on the first try?', 'New personal best tonight?'],
      outcomes: ['Yes', 'No'],
    },
    drops: {
      title: 'Drops, mined and claimed',
      body: 'Minert watches a channel that counts for your campaign, shows the progress and claims each drop the moment it is earned. No tab left open.',
    },
    points: {
      title: 'Channel points on their own',
      body: 'Bonus chests claimed as they appear, raids followed, predictions bet by the strategy you choose, and every result kept.',
    },
  },
  fr: {
    world: {
      campaign: 'Semaine de lancement',
      drops: ['Casque comète', 'Cape nébuleuse', 'Vaisseau stellaire'],
      predictions: ['Boss battu du premier coup ?', 'Nouveau record ce soir ?'],
      outcomes: ['Oui', 'Non'],
    },
    drops: {
      title: 'Des drops récoltés et récupérés',
      body: 'Minert regarde une chaîne qui compte pour votre campagne, affiche la progression et récupère chaque drop dès qu’il est obtenu. Sans onglet ouvert.',
    },
    points: {
      title: 'Les points de chaîne, tout seuls',
      body: 'Coffres bonus récupérés dès qu’ils apparaissent, raids suivis, paris sur les prédictions selon la stratégie de votre choix, et chaque résultat gardé.',
    },
  },
};

const shipped = readdirSync('public/_locales');
// By default the languages the store listings are written in (store/*.md): those with captions here.
const languages = process.argv.slice(2).length > 0 ? process.argv.slice(2) : shipped.filter((l) => TEXTS[l]);
for (const lang of languages) {
  if (!shipped.includes(lang) || !TEXTS[lang]) throw new Error(`no locale or captions for "${lang}" (shipped: ${shipped.join(', ')})`);
}

/** The world: four followed channels, a drop campaign on the first with 45 minutes already watched. */
function world(w: World, text: WorldText): void {
  // The world starts 45 minutes ago, and its clock comes back to the browser's by the end (predictions open and
  // close on the sim clock, and Minert bets on the browser's).
  w.clock.advance(-45 * 60_000);
  const viewer = w.addUser(VIEWER);
  w.addChannel('pixelforge', { live: true, displayName: 'PixelForge', title: 'Starfall launch week!', game: GAME, dropsEnabled: true, viewers: 1_240 });
  w.addChannel('cozycorner', { live: true, displayName: 'CozyCorner', title: 'Sunday chill and predictions', viewers: 3_080 });
  w.addChannel('retroruns', { live: true, displayName: 'RetroRuns', title: 'Any% practice', viewers: 410 });
  w.addChannel('nightowl', { displayName: 'NightOwl' });
  for (const login of ['pixelforge', 'cozycorner', 'retroruns', 'nightowl']) w.follow(viewer, login);
  w.setBalance(viewer, 'pixelforge', 12_450);
  w.setBalance(viewer, 'cozycorner', 48_200);
  w.setBalance(viewer, 'retroruns', 3_150);
  w.setBalance(viewer, 'nightowl', 880);
  const t = w.clock.now();
  w.addCampaign({
    id: 'starfall',
    name: text.campaign,
    game: GAME,
    startAt: t - 3_600_000,
    endAt: t + 3 * 24 * 3_600_000,
    drops: [
      { id: 'helmet', name: text.drops[0], requiredMinutes: 30, benefit: { name: text.drops[0] } },
      { id: 'cape', name: text.drops[1], requiredMinutes: 120, benefit: { name: text.drops[1] } },
      { id: 'ship', name: text.drops[2], requiredMinutes: 240, benefit: { name: text.drops[2] } },
    ],
  });
  // 45 minutes were watched earlier (on another device).
  const ch = w.channel('pixelforge');
  for (let i = 0; i < 45; i++) {
    w.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: ch.login, live: true, game_id: GAME.id });
    w.clock.advance(60_000);
  }
}

/** Waits until check() holds, running a tick between tries. */
async function until(ext: ExtensionBrowser, what: string, check: () => boolean | Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      const log = (await ext.popupState()).activity.slice(0, 15).map((a) => `    ${a.level}: ${a.code} ${JSON.stringify(a.args)}`);
      throw new Error(`timed out waiting for: ${what}; the last of Minert's log:\n${log.join('\n')}`);
    }
    await ext.tick();
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** A PNG of the page at the given CSS size, captured at `scale` device pixels per CSS pixel. */
async function capture(page: Page, size: { width: number; height: number }, scale: number, theme: Theme, prepare?: () => Promise<void>): Promise<Buffer> {
  const cdp = await page.context().newCDPSession(page);
  await page.setViewportSize(size);
  await cdp.send('Emulation.setDeviceMetricsOverride', { ...size, deviceScaleFactor: scale, mobile: false });
  await page.emulateMedia({ colorScheme: theme });
  await prepare?.();
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(300);
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide' });
  await cdp.send('Emulation.clearDeviceMetricsOverride');
  await cdp.detach();
  await page.emulateMedia({ colorScheme: null });
  return png;
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** The popup's picture at the right of a plain 1280×800 background, its caption at the left. */
async function compose(canvas: Page, popupPng: Buffer, caption: { title: string; body: string }, theme: Theme, file: string): Promise<void> {
  const dark = theme === 'dark';
  const icon = readFileSync('public/icon/128.png').toString('base64');
  const colors = dark
    ? { bg: '#1f1d24', text: '#efeff1', muted: '#b4b2bd', accent: '#a970ff', frame: '#3a3842' }
    : { bg: '#ece9f4', text: '#0e0e10', muted: '#4d4b57', accent: '#9147ff', frame: '#d3cfe0' };
  const w = POPUP.width * POPUP_ZOOM;
  const h = POPUP.height * POPUP_ZOOM;
  await canvas.setViewportSize(SHOT);
  await canvas.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
    html, body { margin: 0; width: ${SHOT.width}px; height: ${SHOT.height}px; background: ${colors.bg}; color: ${colors.text};
      font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; overflow: hidden; }
    main { display: flex; align-items: center; justify-content: center; gap: 88px; height: 100%; }
    .caption { width: 520px; }
    .brand { display: flex; align-items: center; gap: 14px; font-size: 30px; font-weight: 700; color: ${colors.accent}; }
    .brand img { width: 48px; height: 48px; }
    h1 { font-size: 42px; line-height: 1.15; margin: 34px 0 18px; letter-spacing: -.01em; }
    p { font-size: 21px; line-height: 1.5; margin: 0; color: ${colors.muted}; }
    .popup { width: ${w}px; height: ${h}px; border-radius: 14px; border: 1px solid ${colors.frame}; overflow: hidden; flex: none;
      box-shadow: 0 18px 50px rgba(20, 10, 40, ${dark ? 0.55 : 0.22}); }
    .popup img { display: block; width: ${w}px; height: ${h}px; }
  </style></head><body><main>
    <div class="caption">
      <div class="brand"><img src="data:image/png;base64,${icon}" alt="">Minert</div>
      <h1>${escapeHtml(caption.title)}</h1>
      <p>${escapeHtml(caption.body)}</p>
    </div>
    <div class="popup"><img src="data:image/png;base64,${popupPng.toString('base64')}" alt=""></div>
  </main></body></html>`);
  await canvas.evaluate(() => Promise.all([document.fonts.ready, ...Array.from(document.images, (i) => i.decode())]));
  await canvas.screenshot({ path: file });
  console.log(`  ${file}`);
}

/** Scrolls the page so the element is at the top, below the popup's sticky bar. */
async function scrollTo(page: Page, testId: string, offset: number): Promise<void> {
  await page.getByTestId(testId).waitFor();
  await page.evaluate(
    ({ testId, offset }) => {
      const el = document.querySelector(`[data-testid="${testId}"]`)!;
      window.scrollTo(0, el.getBoundingClientRect().top + window.scrollY - offset);
    },
    { testId, offset },
  );
}

async function shootLanguage(lang: string): Promise<void> {
  console.log(`== ${lang}`);
  const running: { sim?: Sim; ext?: ExtensionBrowser } = {};
  try {
    const text = TEXTS[lang]!;
    const { sim, ext } = await startWorld((w) => world(w, text.world), 0, lang);
    Object.assign(running, { sim, ext });
    const viewer = sim.world.users.get(VIEWER)!;
    const popup = await ext.open('popup.html');
    // Two channels watched (the drop's and the next in the viewer's order), predictions on, bets 2 s in on the most voted.
    // Paused until the twitch.tv page has been seen, so that no claim goes before its integrity token (and fails).
    const bets = { strategy: 'MOST_VOTED', percentage: 5, percentageGap: 20, maxPoints: 50_000, minimumPoints: 0, stealthMode: false, delayMode: 'FROM_START', delay: 2, filter: null };
    const defaults = { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true };
    await sendFromPage(popup, { type: 'save-settings', settings: { streamerDefaults: defaults, bets, oneChannelWhileDrops: false, paused: true } });
    sim.world.offerClaim(viewer, 'cozycorner');

    // The viewer logs in and opens a channel: its page mints its integrity token on its own GQL request, which
    // Minert sees; its claims and bets go with it.
    const twitch = await ext.context.newPage();
    await twitch.goto(`https://www.twitch.tv/sim/login?user=${VIEWER}&next=/pixelforge`);
    const pageToken = () => sim.requests.some((r) => r.host === 'gql.twitch.tv' && r.path === '/gql' && !!r.headers['client-integrity']);
    for (let i = 0; i < 100 && !pageToken(); i++) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 1000));
    await sendFromPage(popup, { type: 'save-settings', settings: { paused: false } });

    await until(ext, 'the first drop claimed', () => sim.world.dropProgress(viewer, 'helmet').claimed);
    await until(ext, 'the chest claimed', () => sim.world.availableClaim(viewer, 'cozycorner') === null);
    const cozy = sim.world.channel('cozycorner');
    await until(ext, 'the predictions socket', () => sim.realtime.subscriptions().includes(`predictions-channel-v1.${cozy.id}`));

    // A prediction: Minert bets 2 s in, on the most voted outcome; it is won.
    const first = sim.world.createPrediction('cozycorner', { title: text.world.predictions[0], outcomes: text.world.outcomes, windowSeconds: 60 });
    sim.world.addBettor(first, 0, 42_000, 35);
    sim.world.addBettor(first, 1, 18_500, 12);
    await until(ext, 'the bet', () => sim.world.bets.some((b) => b.userId === viewer.id), 20_000);
    sim.world.resolvePrediction(first, 0);
    await until(ext, 'the won bet in the popup state', async () => (await ext.popupState()).predictions.won === 1, 20_000);
    // A second one opens; Minert will bet 90 s in (the popup says when).
    await sendFromPage(popup, { type: 'save-settings', settings: { bets: { ...bets, delay: 90 } } });
    const second = sim.world.createPrediction('cozycorner', { title: text.world.predictions[1], outcomes: text.world.outcomes, windowSeconds: 240 });
    sim.world.addBettor(second, 0, 9_000, 20);
    await until(ext, 'the open prediction in the popup state', async () => (await ext.popupState()).predictions.open.length === 1, 20_000);
    await ext.tick();

    const state = await ext.popupState();
    const warnings = state.activity.filter((a) => a.level !== 'info');
    if (warnings.length > 0) console.log(`  (the log has warnings: ${JSON.stringify(warnings.map((a) => ({ code: a.code, args: a.args })))})`);

    await popup.reload();
    await popup.getByTestId('drop-history').waitFor();
    await popup.getByTestId('prediction-open').waitFor();
    const canvas = await ext.context.newPage();
    for (const theme of THEMES) {
      const drops = await capture(popup, POPUP, 2, theme, () => popup.evaluate(() => window.scrollTo(0, 0)));
      await compose(canvas, drops, text.drops, theme, `${OUT}/${lang}-1-popup-drops-${theme}.png`);
      const points = await capture(popup, POPUP, 2, theme, () => scrollTo(popup, 'predictions', 48));
      await compose(canvas, points, text.points, theme, `${OUT}/${lang}-2-popup-points-${theme}.png`);
    }

    const options = await ext.open('options.html');
    await options.getByTestId('charts').waitFor();
    await options.locator('[aria-controls="bets-cozycorner"]').click();
    await options.locator('#bets-cozycorner').waitFor();
    for (const theme of THEMES) {
      const top = await capture(options, SHOT, 1, theme, () => options.evaluate(() => window.scrollTo(0, 0)));
      writeFileSync(`${OUT}/${lang}-3-options-${theme}.png`, top);
      console.log(`  ${OUT}/${lang}-3-options-${theme}.png`);
      const channels = await capture(options, SHOT, 1, theme, () => scrollTo(options, 'streamers', 16));
      writeFileSync(`${OUT}/${lang}-4-options-channels-${theme}.png`, channels);
      console.log(`  ${OUT}/${lang}-4-options-channels-${theme}.png`);
    }
  } finally {
    await stopWorld(running);
  }
}

try {
  chromiumPath();
  mkdirSync(OUT, { recursive: true });
  for (const lang of languages) await shootLanguage(lang);
} catch (e) {
  console.error(`store screenshots failed: ${(e as Error).message}`);
  process.exit(1);
}
