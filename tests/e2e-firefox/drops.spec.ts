import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { screenshot, testIdText, withFirefox } from './firefox';
import { claimWithPageOpen } from './drop-claim';

const G1 = { id: 'g1', name: 'Game One' };

/** A campaign whose first drop needs one minute on a drops-enabled channel of its game (not followed: found in the directory). */
function world(w: World): void {
  w.addUser('viewer');
  w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true, displayName: 'Gamer' });
  w.addChannel('chatter', { live: true, displayName: 'Chatter' }); // live, another game: no drop minute there
  const t = w.clock.now();
  w.addCampaign({
    id: 'camp',
    name: 'Launch week',
    game: G1,
    startAt: t - 60_000,
    endAt: t + 24 * 3_600_000,
    drops: [
      { id: 'hat', name: 'Golden hat', requiredMinutes: 1, benefit: { name: 'Golden hat' } },
      { id: 'cape', name: 'Long cape', requiredMinutes: 120, benefit: { name: 'Long cape' } },
    ],
  });
}

test('mines a drop on a drops-enabled channel of its game and claims it', () =>
  withFirefox('drops', world, async ({ sim, ff }) => {
    // Firefox headless shows no notification and closes each one at once: the test keeps the ids closed (a listener
    // of this page's life: the test ends long before Firefox's 30 s idle timeout).
    await ff.background('(bg, _, page) => { page.__minertClosed = []; page.browser.notifications.onClosed.addListener((id) => page.__minertClosed.push(id)); }');
    const viewer = await claimWithPageOpen(ff, sim, 'hat');
    // Twitch took the claim once; the minute was credited on the campaign's channel, with its game.
    expect(sim.world.claims.filter((c) => c.status === 'ELIGIBLE_FOR_ALL')).toHaveLength(1);
    expect(sim.world.dropEvents.length).toBeGreaterThan(0);
    expect(sim.world.dropEvents.every((e) => e.channelLogin === 'gamer')).toBe(true);
    expect(sim.world.watchEvents.filter((e) => e.dropCredited).every((e) => e.properties.game_id === G1.id)).toBe(true);

    const state = await ff.popupState();
    expect(state.drops.history).toEqual([expect.objectContaining({ dropName: 'Golden hat', game: 'Game One', kind: 'claimed' })]);
    expect(state.watching.find((w) => w.drops)?.login).toBe('gamer');
    // The toolbar badge shows the next drop's progress, and a notification told of the claim.
    expect(await ff.background('(bg, _, page) => page.browser.action.getBadgeText({})')).toMatch(/^\d+%$/);
    // Firefox headless shows no notification and closes it at once: its onClosed says one was made.
    await expect.poll(() => ff.background<string[]>('(bg, _, page) => page.__minertClosed ?? []'), { timeout: 10_000 }).toEqual([expect.stringMatching(/^minert-drop-/)]);

    const popup = await ff.open('popup.html', { width: 360, height: 600 });
    await expect.poll(() => testIdText(popup, 'drops'), { timeout: 10_000 }).toContain('Game One: Launch week');
    expect(await testIdText(popup, 'drops')).toContain('Long cape');
    await expect.poll(() => testIdText(popup, 'drop-history'), { timeout: 10_000 }).toContain('Golden hat');
    await screenshot(ff, popup, 'popup-drops-light');
    await screenshot(ff, popup, 'popup-drops-dark', { dark: true });
  }));
