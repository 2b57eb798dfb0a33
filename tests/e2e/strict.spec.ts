import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { QUEST, questWorld } from '../e2e-shared/worlds';
import { screenshot, sendFromPage, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

// The strict 2026 world: every uncertain wire detail at its strictest (reads gated behind integrity, tokens bound to
// the page's Client-Id, X-Device-Id, Client-Session-Id and Client-Version, drop minutes only for the full spade
// property set naming the campaign's game, partial inventories, null benefit edges...).
test.beforeEach(async () => {
  ({ sim, ext } = await startWorld((w) => {
    w.strict2026();
    questWorld(w, { balance: 20_000, extraDrops: [{ id: 'cape', name: 'Sub cape', requiredMinutes: 1, requiredSubs: 1, benefit: { name: 'Sub cape' } }] });
  }));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('in the strict 2026 world, from the cookies and one twitch.tv page, Minert mines and claims a drop, claims a chest and bets', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const popup = await ext.open('popup.html');
  await sendFromPage(popup, {
    type: 'save-settings',
    settings: {
      streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true },
      // The bet 3 s after the prediction opens, well inside its window whatever the machine's load.
      bets: { strategy: 'MOST_VOTED', percentage: 5, percentageGap: 20, maxPoints: 50000, minimumPoints: 0, stealthMode: false, delayMode: 'FROM_START', delay: 3, filter: null },
    },
  });
  sim.world.offerClaim(viewer, 'questing');
  // One visit of twitch.tv: its page mints its integrity token and sends its own GQL request, which Minert observes.
  const page = await ext.logIn();
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.dropProgress(viewer, 'hat').claimed;
  }, { timeout: 45_000 }).toBe(true);
  await page.close();

  // The drop minute was earned on the drops channel, by a minute-watched event naming the campaign's game.
  expect(sim.world.dropEvents.map((e) => `${e.channelLogin}:${e.dropId}`)).toEqual(['questing:hat']);
  const events = sim.world.watchEvents.filter((e) => e.channelLogin === 'questing');
  expect(events[0]!.properties).toMatchObject({ game_id: QUEST.id, user_id: Number(viewer.id), channel: 'questing' });
  expect(sim.world.claims.map((c) => c.status)).toEqual(['ELIGIBLE_FOR_ALL']);
  expect(sim.world.dropProgress(viewer, 'cape').minutes).toBe(0);
  // The chest, and no request refused for integrity after the page was seen.
  await expect.poll(() => sim.world.pointEvents.filter((e) => e.reason === 'claim').length, { timeout: 30_000 }).toBe(1);

  // A prediction opens on the watched channel: the socket brings it, the background bets in its window.
  const eventId = sim.world.createPrediction('questing', { title: 'Boss down?', outcomes: ['Yes', 'No'], windowSeconds: 60 });
  sim.world.addBettor(eventId, 0, 500, 20);
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.bets.filter((b) => b.userId === viewer.id).length;
  }, { timeout: 30_000 }).toBe(1);
  const refusals = sim.world.integrityRefusals.filter((r) => r.at >= sim.world.watchEvents[0]!.at);
  expect(refusals).toEqual([]);

  await popup.reload();
  await expect(popup.getByTestId('drop-history')).toContainText('Quest hat');
  await expect(popup.getByTestId('wire')).toHaveCount(0);
  await screenshot(popup, 'popup-strict-2026');
});
