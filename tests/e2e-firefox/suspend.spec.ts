import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import type { BackgroundEvent } from './firefox';
import { withFirefox } from './firefox';

/** A viewer following two live channels. */
function world(w: World): void {
  const viewer = w.addUser('viewer');
  for (const login of ['first', 'second']) {
    w.addChannel(login, { live: true, displayName: login[0]!.toUpperCase() + login.slice(1) });
    w.follow(viewer, login);
  }
}

const starts = (events: BackgroundEvent[]) => events.filter((e) => e.name === 'started').length;

test(
  'the event page suspended in the middle of watching: the alarm wakes it, the minutes go on, nothing is lost or claimed twice',
  () =>
    withFirefox(
      'suspend',
      world,
      async ({ sim, ff }) => {
        const viewer = sim.world.users.get('viewer')!;
        const claims = () => sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints') && r.headers['client-integrity']);
        sim.world.offerClaim(viewer, 'first');
        await ff.logInByCookie('viewer');
        // twitch.tv open once (its integrity token is kept for the claims), then closed: only alarms wake the page later.
        const tab = await ff.openTab('https://www.twitch.tv/');
        await expect.poll(async () => {
          await ff.tick();
          return [sim.world.creditedMinutes(viewer, 'first'), sim.world.creditedMinutes(viewer, 'second'), sim.world.availableClaim(viewer, 'first')];
        }, { timeout: 30_000 }).toEqual([1, 1, null]);
        expect(claims()).toHaveLength(1);
        await tab.close();

        // Nothing calls into the event page from here on. Idle for 5 s (the pref; Firefox's default is 30 s), Firefox
        // suspends it, and its realtime socket goes with it.
        const before = await ff.backgroundEvents();
        await expect.poll(() => ff.backgroundState(), { timeout: 30_000, interval: 100 }).toBe('stopped');
        await expect.poll(() => sim.realtime.connections(), { timeout: 5_000 }).toBe(0);
        // A chest appears while it sleeps: no socket brings it.
        sim.world.offerClaim(viewer, 'second');

        // The tick alarm wakes the page again: a second minute on each channel (one a minute: the next ones are due
        // 45 s after the first), the chest claimed from what the tick reads.
        await expect.poll(
          () => [Math.min(sim.world.creditedMinutes(viewer, 'first'), 2), Math.min(sim.world.creditedMinutes(viewer, 'second'), 2), sim.world.availableClaim(viewer, 'second')],
          { timeout: 100_000, interval: 250 },
        ).toEqual([2, 2, null]);
        const events = await ff.backgroundEvents();
        expect(events.filter((e) => e.name === 'suspend').length).toBeGreaterThan(before.filter((e) => e.name === 'suspend').length);
        expect(starts(events)).toBeGreaterThan(starts(before));
        // What woke it: the alarm. (Firefox's record of a wake: a primed listener asks for the page ("event"), the page
        // starts and gets the event first, then says it started.)
        const wakers = events.flatMap((e, i) =>
          i >= before.length && e.name === 'event' ? [events.slice(i).find((x) => x.name === 'reset-idle' && x.reason === 'event')?.detail] : [],
        );
        expect(wakers.length).toBeGreaterThan(0);
        for (const w of wakers) expect(w).toBe('alarms.onAlarm');

        // Nothing lost, nothing twice: every heartbeat Minert sent was credited (none sent again too soon), its own count
        // of minutes is the simulator's, and each chest was claimed once.
        const state = await ff.popupState();
        expect(state.session.status).toBe('logged-in');
        const credited = (login: string) => sim.world.creditedMinutes(viewer, login);
        expect(state.watching.map((w) => [w.login, w.streamMinutes])).toEqual([
          ['first', credited('first')],
          ['second', credited('second')],
        ]);
        expect(sim.world.watchEvents.filter((e) => !e.credited).map((e) => `${e.channelLogin}: ${e.reason}`)).toEqual([]);
        expect(sim.world.pointEvents.filter((e) => e.reason === 'claim').map((e) => e.channelLogin)).toEqual(['first', 'second']);
        expect(claims()).toHaveLength(2);
        expect(state.activity.filter((a) => a.code === 'logBonusClaimed' || a.code === 'logBonusClaimedGain').map((a) => a.count)).toEqual([1, 1]);
      },
      { idleTimeoutMs: 5_000 },
    ),
  150_000,
);
