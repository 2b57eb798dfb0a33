import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { questWorld } from '../e2e-shared/worlds';
import { sendFromPage, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

type Bg = { minert: { ready: Promise<{ db: { get(store: string, key: string): Promise<unknown>; getAll(store: string): Promise<unknown[]> } }> } };

// The strict 2026 world (reads gated behind integrity, tokens bound to the page's whole header set), and a viewer who
// is logged in to twitch.tv (the session cookies are there) but never opens it while Minert runs.
test.beforeEach(async () => {
  ({ sim, ext } = await startWorld((w) => {
    w.strict2026();
    questWorld(w);
  }));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('in the strict 2026 world, with twitch.tv never opened, Minert runs its page out of sight for a token: reads the campaigns, claims a chest and a drop', async () => {
  const viewer = sim.world.users.get('viewer')!;
  // Logged in to twitch.tv earlier: the cookies are in the browser, no twitch.tv page is open or opened.
  const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
  const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' as const, expires });
  await ext.context.addCookies([cookie('auth-token', viewer.token), cookie('unique_id', viewer.deviceId), cookie('login', viewer.login)]);
  sim.world.offerClaim(viewer, 'questing');

  await expect.poll(async () => {
    await ext.tick();
    return sim.world.dropProgress(viewer, 'hat').claimed;
  }, { timeout: 60_000 }).toBe(true);
  await expect.poll(() => sim.world.pointEvents.filter((e) => e.reason === 'claim').length, { timeout: 30_000 }).toBe(1);
  expect(sim.world.claims.map((c) => c.status)).toEqual(['ELIGIBLE_FOR_ALL']);

  // The campaigns were read (a read the strict world gates behind integrity).
  const state = await ext.popupState();
  expect(state.drops.history.map((h) => h.dropName)).toEqual(['Quest hat']);
  expect(state.wire.readsBlocked).toEqual([]);
  // The popup says when and why; the log has the line.
  expect(state.mutations.minted).toMatchObject({ ok: true });
  const log = (await ext.worker.evaluate(() => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.getAll('activity')))) as { code: string; args: unknown[] }[];
  expect(log.filter((a) => a.code === 'logIntegrityMinted').map((a) => a.args.slice(0, 2))).toEqual([
    [{ code: 'mintWhyReadsRefused', args: [] }, { code: 'mintHowOffscreen', args: [] }],
  ]);

  // The twitch.tv page ran in Minert's offscreen document (framed: no tab), once; no page was opened in a tab.
  const pageLoads = sim.requests.filter((r) => r.host === 'www.twitch.tv' && r.method === 'GET' && r.path === '/drops/inventory');
  expect(pageLoads.map((r) => r.headers['sec-fetch-dest'])).toEqual(['iframe']);
  expect(ext.context.pages().filter((p) => p.url().includes('twitch.tv'))).toEqual([]);
  const record = (await ext.worker.evaluate(() => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.get('kv', 'integrity-mint')))) as {
    method: string;
    tookMs: number;
    reason: string;
  };
  expect(record.method).toBe('offscreen');
  // The popup's line, and the option (on by default) beside how claims reach Twitch.
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('integrity-minted')).toContainText('Twitch refused reads for integrity');
  const options = await ext.open('options.html');
  await expect(options.getByTestId('mint-integrity')).toBeChecked();

  // With the token kept, a tick has nothing refused for integrity.
  const refused = sim.world.integrityRefusals.length;
  await ext.tick();
  expect(sim.world.integrityRefusals.slice(refused)).toEqual([]);
});

test('with the option off, Minert never runs the page: the refused read stays refused and the popup says what unblocks it', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const popup = await ext.open('popup.html');
  await sendFromPage(popup, { type: 'save-settings', settings: { mintIntegrity: false } });
  expect((await ext.settings()).mintIntegrity).toBe(false);
  const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
  const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' as const, expires });
  await ext.context.addCookies([cookie('auth-token', viewer.token), cookie('unique_id', viewer.deviceId), cookie('login', viewer.login)]);
  await expect.poll(async () => {
    await ext.tick();
    return (await ext.popupState()).wire.readsBlocked;
  }, { timeout: 30_000 }).not.toEqual([]);
  // Two more ticks, each after the previous one's after-tick work (where a run would start).
  await ext.tick();
  await ext.tick();
  expect(sim.requests.filter((r) => r.host === 'www.twitch.tv' && r.path === '/drops/inventory')).toEqual([]);
  expect(sim.world.integrity.requests).toBe(0);
  expect((await ext.popupState()).mutations.minted).toBeUndefined();
  await popup.reload();
  await expect(popup.getByTestId('wire')).toBeVisible();
  await expect(popup.getByTestId('integrity-minted')).toHaveCount(0);
});

test('when the framed page cannot mint (its session cookies are SameSite=Lax, unreadable in a frame), Minert falls back to an inactive muted tab it closes', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
  const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'Lax' as const, expires });
  await ext.context.addCookies([cookie('auth-token', viewer.token), cookie('unique_id', viewer.deviceId), cookie('login', viewer.login)]);
  await expect.poll(async () => {
    await ext.tick();
    return (await ext.popupState()).drops.campaigns.map((c) => c.name);
  }, { timeout: 45_000 }).toEqual(['Quest week']);
  const record = (await ext.worker.evaluate(() => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.get('kv', 'integrity-mint')))) as {
    method: string;
    tookMs: number;
    failed: string[];
  };
  expect(record).toMatchObject({ method: 'tab', failed: [expect.stringMatching(/^offscreen: /)] });
  const loads = sim.requests.filter((r) => r.host === 'www.twitch.tv' && r.path === '/drops/inventory').map((r) => r.headers['sec-fetch-dest']);
  expect(loads).toEqual(['iframe', 'document']);
  // The tab is gone again.
  await expect.poll(() => ext.context.pages().filter((p) => p.url().includes('twitch.tv')).length).toBe(0);
});
