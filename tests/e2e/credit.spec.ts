import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { screenshot, startWorld, stopWorld, type ExtensionBrowser } from './browser';

// Silent credit loss in the built extension: spade keeps answering 204 and credits nothing (as Twitch did in 2026-04,
// when the GQL SendEvents route still credited). Minert must notice within 5 watched minutes, switch its heartbeat to
// SendEvents, get drop minutes again, and say so in the popup.

let sim: Sim;
let ext: ExtensionBrowser;
const G1 = { id: 'g1', name: 'Game One' };

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld((w) => {
    w.addUser('viewer');
    w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true, displayName: 'Gamer' });
    const t = w.clock.now();
    w.addCampaign({ id: 'camp', name: 'Long week', game: G1, startAt: t - 60_000, endAt: t + 24 * 3_600_000, drops: [{ id: 'cape', name: 'Long cape', requiredMinutes: 240, benefit: { name: 'Long cape' } }] });
  }));
});

test.afterEach(() => stopWorld({ sim, ext }));

/**
 * Simulated time moves faster than the wall clock: the simulator's clock and the background's Date.now both jump by
 * `ms` (the background's clock is Date.now: lib/clock.ts), then a tick runs, as the 30 s alarm would.
 */
async function step(ms = 30_000): Promise<void> {
  sim.clock.advance(ms);
  await ext.worker.evaluate((by) => {
    const g = globalThis as unknown as { __offset?: number; __realNow?: () => number };
    if (g.__realNow === undefined) {
      g.__realNow = Date.now.bind(Date);
      g.__offset = 0;
      Date.now = () => g.__realNow!() + g.__offset!;
    }
    g.__offset! += by;
  }, ms);
  await ext.tick();
}

test('silent credit loss: spade answers 204 and credits nothing; Minert switches to SendEvents within 5 watched minutes and drop minutes resume', async () => {
  await ext.logIn();
  const minutes = () => sim.world.dropEvents.filter((e) => e.dropId === 'cape').length;
  // Spade credits: drop minutes come.
  await expect.poll(async () => (await step(), minutes()), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  expect(sim.world.watchEvents.every((e) => e.route === 'spade')).toBe(true);

  // Twitch stops crediting spade (still 204), and SendEvents credits.
  sim.world.creditEra('2026-04');
  const lossAt = sim.clock.now();
  const creditedBefore = minutes();
  await expect.poll(async () => (await step(), minutes()), { timeout: 90_000 }).toBeGreaterThan(creditedBefore);
  const resumed = sim.world.dropEvents.find((e) => e.at > lossAt)!;
  // Heartbeats that earned nothing: at most 5 watched minutes before the switch, and the first credited one after.
  const silenced = sim.world.watchEvents.filter((e) => e.at > lossAt && e.reason === 'silenced');
  expect(silenced.length).toBeLessThanOrEqual(6);
  expect(silenced.every((e) => e.route === 'spade')).toBe(true);
  // Drop minutes again by the 7th watched minute after the loss (the wall clock also runs: counted in heartbeats).
  expect(sim.world.watchEvents.filter((e) => e.at > lossAt && e.at <= resumed.at).length).toBeLessThanOrEqual(7);
  // (The minute and the heartbeat that earned it are stamped by two clock reads: find it by what it earned.)
  expect(sim.world.watchEvents.find((e) => e.at > lossAt && e.dropCredited)?.route).toBe('send-events');
  expect(sim.requests.some((r) => r.operations.includes('SendEvents'))).toBe(true);

  // The popup says the heartbeat switched, and why; the log says it too.
  const popup = await ext.open('popup.html');
  await popup.setViewportSize({ width: 360, height: 600 });
  await expect(popup.getByTestId('heartbeat')).toContainText('Minutes go by SendEvents: Twitch stopped crediting spade');
  await expect(popup.getByTestId('activity')).toContainText('Heartbeats by spade earned nothing for 5 minutes: minutes now go by SendEvents');
  await screenshot(popup, 'popup-heartbeat-switched');
});
