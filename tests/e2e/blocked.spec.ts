import { expect, test } from '@playwright/test';
import { startSim, type Sim } from '../sim/server';
import { launchWithExtension, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

// A DNS block list (or a filtering extension, a proxy) stops spade.twitch.tv, where the minute-watched event goes.
test.beforeEach(async () => {
  sim = await startSim({
    world: (w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('first', { live: true, displayName: 'First' });
      w.follow(viewer, 'first');
    },
  });
  ext = await launchWithExtension(sim, { blocked: ['spade.twitch.tv'] });
});

test.afterEach(async () => {
  await ext?.close();
  await sim?.close();
});

test('a blocked spade host is named in the popup and the Health card, with what to do', async () => {
  await ext.logIn();
  const viewer = sim.world.users.get('viewer')!;
  await expect.poll(async () => {
    await ext.tick();
    return (await ext.popupState()).wire.blockedHosts;
  }, { timeout: 30_000 }).toEqual(['spade.twitch.tv']);
  expect(sim.requests.filter((r) => r.host === 'spade.twitch.tv')).toEqual([]);
  expect(sim.world.creditedMinutes(viewer)).toBe(0);
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('wire')).toContainText('spade.twitch.tv cannot be reached: allow it in your DNS blocker, filter or proxy');
  const options = await ext.open('options.html');
  await expect(options.getByTestId('health-blocked')).toContainText('spade.twitch.tv');
});
