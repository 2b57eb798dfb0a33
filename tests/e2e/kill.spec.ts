import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import type { PopupState } from '../../lib/messages/popup';
import { sendFromPage, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;
const G1 = { id: 'g1', name: 'Game One' };

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true });
      w.follow(viewer, 'gamer');
      const t = w.clock.now();
      w.addCampaign({
        id: 'camp',
        name: 'Kill test',
        game: G1,
        startAt: t - 60_000,
        endAt: t + 24 * 3_600_000,
        drops: ['a', 'b', 'c'].map((id, i) => ({ id, name: `Drop ${id}`, requiredMinutes: 2 + i, benefit: { name: `Reward ${id}` } })),
      });
      // Minutes earned earlier on another device: every drop is complete and waits for its claim.
      const ch = w.channel('gamer');
      for (let m = 0; m < 4; m++) {
        w.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: 'gamer', live: true, game_id: G1.id });
        w.clock.advance(60_000);
      }
      w.offerClaim(viewer, 'gamer');
    },
    2 * 60_000, // the minutes earned on the other device were two minutes ago
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('the service worker killed at random points of its ticks, many times: nothing claimed twice, nothing lost', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const page = await ext.context.newPage();
  const popup = await ext.open('popup.html');
  const cdp = await ext.context.newCDPSession(popup);
  await cdp.send('ServiceWorker.enable');
  // Wake the worker with a tick (the popup asks for fresh state), then stop it after 0 to 400 ms.
  const tickFromPopup = () => sendFromPage(popup, { type: 'popup-state', channel: null, refresh: true }).catch(() => null);
  // The login starts the work (a tick on the cookie change); the kills come while it runs.
  void page.goto('https://www.twitch.tv/sim/login?user=viewer');
  let kills = 0;
  for (let i = 0; i < 15; i++) {
    void tickFromPopup();
    await popup.waitForTimeout(Math.floor(Math.random() * 400));
    await cdp.send('ServiceWorker.stopAllWorkers');
    kills++;
  }
  // Then the worker lives: the next ticks (taking over the lock the killed ones left) finish the work.
  await expect.poll(async () => {
    await tickFromPopup();
    const claimed = ['a', 'b', 'c'].every((d) => sim.world.dropProgress(viewer, d).claimed);
    return claimed && sim.world.availableClaim(viewer, 'gamer') === null;
  }, { timeout: 60_000, intervals: [2_000] }).toBe(true);

  expect(kills).toBe(15);
  // Twitch took each drop once; every other attempt was told "already claimed" (idempotent), none was refused.
  const taken = sim.world.claims.filter((c) => c.status === 'ELIGIBLE_FOR_ALL').map((c) => c.dropInstanceId.split('#')[2]).sort();
  expect(taken).toEqual(['a', 'b', 'c']);
  expect(sim.world.claims.filter((c) => c.status === 'DROP_INSTANCE_NOT_FOUND')).toEqual([]);
  // The store: one history row per drop (the tick that claimed the last one may still be writing), the chest once.
  const history = () =>
    sendFromPage<PopupState>(popup, { type: 'popup-state', channel: null, refresh: false }).then((s) => s.drops.history.map((h) => h.dropName).sort());
  await expect.poll(history, { timeout: 30_000 }).toEqual(['Drop a', 'Drop b', 'Drop c']);
  expect(sim.world.pointEvents.filter((e) => e.reason === 'claim')).toHaveLength(1);
});
