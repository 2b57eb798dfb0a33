import { expect, test } from 'vitest';
import { ALL_SEEN, creditWorld, dropMinutes, switchSeen } from '../e2e-shared/credit';
import { testIdText, withFirefox, type FirefoxExtension } from './firefox';
import type { Sim } from '../sim/server';

// Silent credit loss in the built Firefox extension (tests/e2e/credit.spec.ts's twin): spade keeps answering 204 and
// credits nothing (as Twitch did in 2026-04, when the GQL SendEvents route still credited). Minert must notice within 5
// watched minutes, switch its heartbeat to SendEvents, get drop minutes again, and say so in the popup.

/**
 * Simulated time moves faster than the wall clock: the simulator's clock and the event page's Date.now both jump by
 * `ms` (the background's clock is Date.now: lib/clock.ts), then a tick runs, as the 30 s alarm would. The event page
 * must not be suspended meanwhile (it would start again on the real clock): the test keeps it alive (idleTimeoutMs).
 */
async function step(sim: Sim, ff: FirefoxExtension, ms = 30_000): Promise<void> {
  sim.clock.advance(ms);
  await ff.background(
    `(bg, by, page) => {
      if (page.__realNow === undefined) {
        page.__realNow = page.Date.now.bind(page.Date);
        page.__offset = 0;
        page.Date.now = () => page.__realNow() + page.__offset;
      }
      page.__offset += by;
      return page.__offset;
    }`,
    ms,
  );
  await ff.tick();
}

test(
  'silent credit loss: spade answers 204 and credits nothing; Minert switches to SendEvents within 5 watched minutes and drop minutes resume',
  () =>
    withFirefox(
      'credit',
      creditWorld,
      async ({ sim, ff }) => {
        await ff.logInByCookie('viewer');
        const minutes = () => dropMinutes(sim);
        // Spade credits: drop minutes come.
        await expect.poll(async () => (await step(sim, ff), minutes()), { timeout: 60_000, interval: 100 }).toBeGreaterThanOrEqual(3);
        expect(sim.world.watchEvents.every((e) => e.route === 'spade')).toBe(true);
        const startedAt = (await ff.backgroundEvents()).filter((e) => e.name === 'started').length;

        // Twitch stops crediting spade (still 204), and SendEvents credits.
        sim.world.creditEra('2026-04');
        const lossAt = sim.clock.now();
        const creditedBefore = minutes();
        await expect.poll(async () => (await step(sim, ff), minutes()), { timeout: 90_000, interval: 100 }).toBeGreaterThan(creditedBefore);
        expect(switchSeen(sim, lossAt)).toEqual(ALL_SEEN);
        expect(sim.requests.some((r) => r.operations.includes('SendEvents'))).toBe(true);
        // The event page lived through it all on the shifted clock (not restarted on the real one).
        expect((await ff.backgroundEvents()).filter((e) => e.name === 'started').length).toBe(startedAt);

        // The popup state says the heartbeat switched, and why; the log says it too.
        const state = await ff.popupState();
        expect(state.heartbeat).toMatchObject({ route: 'SendEvents', failed: ['spade'], none: false });
        expect(state.activity.some((a) => a.code === 'logHeartbeatSwitched')).toBe(true);
        const popup = await ff.open('popup.html', { width: 360, height: 600 });
        await expect.poll(() => testIdText(popup, 'heartbeat'), { timeout: 10_000, interval: 100 }).toContain('Minutes go by SendEvents: Twitch stopped crediting spade');
        await expect.poll(() => testIdText(popup, 'activity'), { timeout: 10_000, interval: 100 }).toContain(
          'Heartbeats by spade earned nothing for 5 minutes: minutes now go by SendEvents',
        );
      },
      // Never suspended for idleness during the test: the shifted Date.now lives in the page.
      { idleTimeoutMs: 600_000 },
    ),
  180_000,
);
