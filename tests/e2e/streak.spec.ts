import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { streakWorld } from '../e2e-shared/worlds';
import { screenshot, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;
let missed: string;

// The viewer mines the quest world and missed the last stream of 'sleepy', which has a clip of it (worlds.ts).
test.beforeEach(async () => {
  ({ sim, ext } = await startWorld((w) => (missed = streakWorld(w))));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('a watch streak missed is saved with a clip of the missed stream; the popup and the points history say so', async () => {
  await ext.logIn();
  // A tick reads the streak, finds the clip and plays it; the next sends its seconds; a later one sees it saved.
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.streaks.state('sleepy').savedBy;
  }, { timeout: 90_000 }).toBe('clip');
  await expect.poll(async () => {
    await ext.tick();
    return (await ext.popupState()).streaks?.map((s) => [s.login, s.state, s.by, s.length]);
  }, { timeout: 90_000 }).toEqual([['sleepy', 'recovered', 'clip', 11]]);
  // Only the clip of the missed stream was played; the live channel was mined all along.
  const clip = sim.world.streaks.clipsOf(sim.world.channel('sleepy')).find((c) => c.broadcastId === missed)!;
  expect(new Set(sim.world.streaks.plays.map((p) => p.vodId))).toEqual(new Set([clip.id]));
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('streaks')).toContainText('Sleepy: streak 11 kept with a clip of the missed stream');
  await screenshot(popup, 'popup-streak');
  // The points history has the row (no points: the bonus comes with the next stream).
  const history = (await ext.worker.evaluate(() =>
    (globalThis as unknown as { minert: { ready: Promise<{ db: { getAll(s: string): Promise<unknown[]> } }> } }).minert.ready.then((bg) => bg.db.getAll('pointsHistory')),
  )) as { login: string; reason: string; delta: number; balance: number }[];
  expect(history.filter((h) => h.reason === 'STREAK_RECOVERED')).toEqual([expect.objectContaining({ login: 'sleepy', delta: 0, balance: 4200 })]);
});
