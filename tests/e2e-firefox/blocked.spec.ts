import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { testIdText, withFirefox } from './firefox';

// A DNS block list (or a filtering extension, a proxy) stops spade.twitch.tv, where the minute-watched event goes
// (tests/e2e/blocked.spec.ts's twin). In Firefox the host fails at the network level through the harness's `blocked`
// option (a PAC sends it to a proxy on a closed port): the extension sees a network error, never an HTTP one.

function world(w: World): void {
  const viewer = w.addUser('viewer');
  w.addChannel('first', { live: true, displayName: 'First' });
  w.follow(viewer, 'first');
}

type Health = { blockedHosts: Record<string, { at: number; error: string }> };

test('a blocked spade host is named in the popup and the Health card, with what to do', () =>
  withFirefox(
    'blocked',
    world,
    async ({ sim, ff }) => {
      const viewer = await ff.logInByCookie('viewer');
      await expect.poll(async () => {
        await ff.tick();
        return (await ff.popupState()).wire.blockedHosts;
      }, { timeout: 45_000, interval: 250 }).toEqual(['spade.twitch.tv']);
      expect(sim.requests.filter((r) => r.host === 'spade.twitch.tv')).toEqual([]);
      expect(sim.world.creditedMinutes(viewer)).toBe(0);
      // The other hosts are reached directly (the PAC sends only spade to the dead proxy).
      expect(sim.requests.some((r) => r.host === 'gql.twitch.tv')).toBe(true);
      // What the extension saw was a network error (fetch rejected), not an HTTP status: Firefox's NetworkError.
      const health = await ff.background<Health | null>('(bg) => bg.db.get("kv", "wire-health").then((v) => v ?? null)');
      expect(Object.keys(health?.blockedHosts ?? {})).toEqual(['spade.twitch.tv']);
      expect(health!.blockedHosts['spade.twitch.tv']!.error).toMatch(/NetworkError/);

      const popup = await ff.open('popup.html', { width: 360, height: 600 });
      await expect.poll(() => testIdText(popup, 'wire'), { timeout: 10_000, interval: 100 }).toContain(
        'spade.twitch.tv cannot be reached: allow it in your DNS blocker, filter or proxy',
      );
      const options = await ff.open('options.html');
      await expect.poll(() => testIdText(options, 'health-blocked'), { timeout: 10_000, interval: 100 }).toContain('spade.twitch.tv');
    },
    { blocked: ['spade.twitch.tv'] },
  ));
