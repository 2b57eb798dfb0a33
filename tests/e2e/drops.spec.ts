import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { screenshot, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;
const G1 = { id: 'g1', name: 'Game One' };

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true, displayName: 'Gamer' });
      const t = w.clock.now();
      w.addCampaign({
        id: 'camp',
        name: 'Launch week',
        game: G1,
        startAt: t - 60_000,
        endAt: t + 24 * 3_600_000,
        drops: [
          { id: 'hat', name: 'Golden hat', requiredMinutes: 2, benefit: { name: 'Golden hat' } },
          { id: 'cape', name: 'Long cape', requiredMinutes: 120, benefit: { name: 'Long cape' } },
        ],
      });
      // One minute was earned earlier on another device.
      const ch = w.channel('gamer');
      w.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: 'gamer', live: true, game_id: G1.id });
    },
    2 * 60_000, // the minutes earned on the other device were two minutes ago
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('the built extension mines a drop on a drops-enabled channel and claims it', async () => {
  const page = await ext.logIn();
  const viewer = sim.world.users.get('viewer')!;
  // The first heartbeat brings the drop to 2/2 minutes; Minert claims it in the same tick.
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.dropProgress(viewer, 'hat').claimed;
  }, { timeout: 30_000 }).toBe(true);
  expect(sim.world.claims.map((c) => c.status)).toEqual(['ELIGIBLE_FOR_ALL']);
  expect(sim.world.dropEvents.every((e) => e.channelLogin === 'gamer')).toBe(true);

  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('drops')).toContainText('Game One: Launch week');
  await expect(popup.getByTestId('drops')).toContainText('Long cape');
  await expect(popup.getByTestId('drop-history')).toContainText('Golden hat');
  await expect(popup.getByTestId('watching')).toContainText('Gamer');
  await screenshot(popup, 'popup-drops');
  await screenshot(popup, 'popup-drops-dark', { dark: true });
  // The toolbar badge shows the next drop's progress, and a notification told of the claim.
  expect(await ext.badge()).toMatch(/^\d+%$/);
  await expect.poll(() => ext.notifications(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^minert-drop-/)]);
});
