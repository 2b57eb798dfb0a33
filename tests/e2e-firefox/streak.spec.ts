import { expect, test } from 'vitest';
import { streakWorld } from '../e2e-shared/worlds';
import { withFirefox } from './firefox';

// tests/e2e/streak.spec.ts's twin: a watch streak missed, saved by the built Firefox extension with a clip.
test('a watch streak missed is saved with a clip of the missed stream; the popup says so', () => {
  let missed = '';
  return withFirefox(
    'streak',
    (w) => (missed = streakWorld(w)),
    async ({ sim, ff }) => {
      await ff.logInByCookie('viewer');
      await expect.poll(async () => (await ff.tick(), sim.world.streaks.state('sleepy').savedBy), { timeout: 90_000, interval: 200 }).toBe('clip');
      await expect
        .poll(async () => (await ff.tick(), (await ff.popupState()).streaks?.map((s) => [s.login, s.state, s.by, s.length])), { timeout: 90_000, interval: 200 })
        .toEqual([['sleepy', 'recovered', 'clip', 11]]);
      const clip = sim.world.streaks.clipsOf(sim.world.channel('sleepy')).find((c) => c.broadcastId === missed)!;
      expect(new Set(sim.world.streaks.plays.map((p) => p.vodId))).toEqual(new Set([clip.id]));
    },
  );
});
