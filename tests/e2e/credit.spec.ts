import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { ALL_SEEN, creditWorld, dropMinutes, switchSeen } from '../e2e-shared/credit';
import { screenshot, startWorld, stopWorld, type ExtensionBrowser } from './browser';

// Silent credit loss in the built extension: spade keeps answering 204 and credits nothing (as Twitch did in 2026-04,
// when the GQL SendEvents route still credited). Minert must notice within 5 watched minutes, switch its heartbeat to
// SendEvents, get drop minutes again, and say so in the popup.

let sim: Sim;
let ext: ExtensionBrowser;

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(creditWorld));
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
  const minutes = () => dropMinutes(sim);
  // Spade credits: drop minutes come.
  await expect.poll(async () => (await step(), minutes()), { timeout: 60_000 }).toBeGreaterThanOrEqual(3);
  expect(sim.world.watchEvents.every((e) => e.route === 'spade')).toBe(true);

  // Twitch stops crediting spade (still 204), and SendEvents credits.
  sim.world.creditEra('2026-04');
  const lossAt = sim.clock.now();
  const creditedBefore = minutes();
  await expect.poll(async () => (await step(), minutes()), { timeout: 90_000 }).toBeGreaterThan(creditedBefore);
  expect(switchSeen(sim, lossAt)).toEqual(ALL_SEEN);
  expect(sim.requests.some((r) => r.operations.includes('SendEvents'))).toBe(true);

  // The popup says the heartbeat switched, and why; the log says it too.
  const popup = await ext.open('popup.html');
  await popup.setViewportSize({ width: 360, height: 600 });
  await expect(popup.getByTestId('heartbeat')).toContainText('Minutes go by SendEvents: Twitch stopped crediting spade');
  await expect(popup.getByTestId('activity')).toContainText('Heartbeats by spade earned nothing for 5 minutes: minutes now go by SendEvents');
  await screenshot(popup, 'popup-heartbeat-switched');
});
