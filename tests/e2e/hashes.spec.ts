import { expect, test } from '@playwright/test';
import { ROTATED_READS, rotatedHash } from '../sim/hashes';
import type { Sim } from '../sim/server';
import { rotatedWorld } from '../e2e-shared/worlds';
import { startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

type Bg = { minert: { ready: Promise<{ db: { get(store: string, key: string): Promise<unknown> } }> } };
type Health = { ops: Record<string, { ok: boolean; kind?: string; source?: string; learnedAt?: number; at: number }> };
type Learned = Record<string, { hash: string; seenAt: number; workedIn?: string }[]>;

// The rotated-hashes world: a Twitch deploy retired the hashes of ViewerDropsDashboard, Inventory and
// ChannelPointsContext (Minert's release knows only the old ones), and this Twitch answers no raw ChannelPointsContext.
// twitch.tv's own pages use the new hashes.
test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(rotatedWorld));
});

test.afterEach(() => stopWorld({ sim, ext }));

const kv = <T>(key: string) => ext.worker.evaluate((k) => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.get('kv', k)), key) as Promise<T | undefined>;
const channel = () => ext.worker.evaluate(() => (globalThis as unknown as Bg).minert.ready.then((bg) => bg.db.get('channels', 'questing'))) as Promise<{ balance?: number; pointsUpdatedAt?: number } | undefined>;

test('after a deploy retires three hashes, one twitch.tv visit teaches Minert the new ones: campaigns and balances are read again within one tick', async () => {
  const viewer = sim.world.users.get('viewer')!;
  // Logged in to twitch.tv earlier: the cookies are there, no twitch.tv page is open.
  const expires = Math.floor(Date.now() / 1000) + 30 * 86400;
  const cookie = (name: string, value: string) => ({ name, value, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' as const, expires });
  await ext.context.addCookies([cookie('auth-token', viewer.token), cookie('unique_id', viewer.deviceId), cookie('login', viewer.login)]);

  // Minert's built-in hashes are refused: no campaigns, no balance.
  await expect.poll(async () => {
    await ext.tick();
    const h = await kv<Health>('wire-health');
    return [h?.ops.ViewerDropsDashboard?.kind, h?.ops.ChannelPointsContext?.kind];
  }, { timeout: 30_000 }).toEqual(['persisted-query-not-found', 'persisted-query-not-found']);
  expect(await kv('campaigns')).toBeUndefined();
  expect((await channel())?.balance).toBeUndefined();
  expect((await ext.popupState()).wire.stale).toEqual(expect.arrayContaining(['ViewerDropsDashboard', 'ChannelPointsContext']));
  expect(await kv('learned-hashes')).toBeUndefined();

  // The viewer opens twitch.tv once. Its own request names the new hashes; Minert observes it.
  const page = await ext.context.newPage();
  await page.goto('https://www.twitch.tv/');
  await expect.poll(async () => Object.keys((await kv<Learned>('learned-hashes')) ?? {}).sort(), { timeout: 15_000 }).toEqual([...ROTATED_READS].sort());
  const learned = (await kv<Learned>('learned-hashes'))!;
  for (const op of ROTATED_READS) expect(learned[op]!.map((l) => l.hash), op).toEqual([rotatedHash(op)]);
  await page.close();

  // No alarm, no tick from the test: the tick the background ran on learning them reads everything again.
  await expect.poll(async () => (await kv<{ at: number }>('campaigns'))?.at, { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await channel())?.balance, { timeout: 15_000 }).toBe(20_000);
  const health = (await kv<Health>('wire-health'))!;
  for (const op of ROTATED_READS) {
    expect(health.ops[op], op).toMatchObject({ ok: true, source: 'learned', learnedAt: learned[op]![0]!.seenAt });
  }
  const stored = (await kv<Learned>('learned-hashes'))!;
  const version = await ext.worker.evaluate(() => (globalThis as unknown as { chrome: { runtime: { getManifest(): { version: string } } } }).chrome.runtime.getManifest().version);
  for (const op of ROTATED_READS) expect(stored[op]![0]!.workedIn, op).toBe(version);
  const state = await ext.popupState();
  expect(state.wire.stale).toEqual([]);
  expect(state.drops.campaigns.map((c) => c.name)).toEqual(['Quest week']);
  // The options page's Health card names where each hash came from.
  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Health' }).click();
  const ops = options.getByTestId('health-ops');
  for (const op of ROTATED_READS) await expect(ops.getByRole('row', { name: new RegExp(`^${op}\\b`) })).toContainText('learned from twitch.tv');
});
