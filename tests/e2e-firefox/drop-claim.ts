import { expect } from 'vitest';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import type { FirefoxExtension } from './firefox';

/**
 * Logs the viewer in by cookie with twitch.tv's inventory page open in a tab (its integrity token lets a claim pass),
 * then ticks until Twitch has the drop claimed. Returns the viewer.
 */
export async function claimWithPageOpen(ff: FirefoxExtension, sim: Sim, dropId: string): Promise<SimUser> {
  const viewer = await ff.logInByCookie('viewer');
  await ff.openTab('https://www.twitch.tv/drops/inventory');
  await expect.poll(async () => {
    await ff.tick();
    return sim.world.dropProgress(viewer, dropId).claimed;
  }, { timeout: 30_000 }).toBe(true);
  return viewer;
}
