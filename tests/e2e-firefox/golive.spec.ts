import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { withFirefox } from './firefox';

/** A viewer following two channels, both offline: nothing to watch, the alarm every 60 s. */
function world(w: World): void {
  const viewer = w.addUser('viewer');
  for (const login of ['first', 'second']) {
    w.addChannel(login, { live: false, displayName: login[0]!.toUpperCase() + login.slice(1) });
    w.follow(viewer, login);
  }
}

// SKIPPED: Firefox shows a gap in the extension (see the Firefox suite's report). Firefox suspends the event page when
// it is idle even while the Hermes socket is open (Chrome keeps a worker awake while its WebSocket carries messages).
// The socket is what tells Minert a followed channel went live ("known at once", README); it dies with the page, and
// Twitch replays nothing when the next page opens a new one. A woken page's tick sees no socket open and reads the
// live list only every LOOK_EVERY_MS (7 min, lib/watch/live.ts): a channel that went live while the page slept is
// watched up to 7 minutes late. With Firefox's default idle timeout (30 s) and the 60 s alarm of an idle Minert, the
// page sleeps about half of every minute. Suggested fix, in lib/engine (look.ts): read the live list at the first
// tick after the socket was not open (keep when the socket last covered the topics; a gap makes the list due), as the
// socket could not have told of a stream that started in the gap.
test.skip('a followed channel going live while the event page sleeps is watched soon after the next alarm', () =>
  withFirefox(
    'golive',
    world,
    async ({ sim, ff }) => {
      const viewer = await ff.logInByCookie('viewer');
      const first = sim.world.channel('first');
      // Logged in, nothing live: the socket rides along on the followed channels' streams.
      await expect.poll(() => sim.realtime.subscriptions(), { timeout: 15_000 }).toContain(`video-playback-by-id.${first.id}`);
      // Idle, Firefox suspends the page (5 s here, 30 s by default) and the socket goes with it.
      await expect.poll(() => ff.backgroundState(), { timeout: 30_000, interval: 100 }).toBe('stopped');
      await expect.poll(() => sim.realtime.connections(), { timeout: 5_000 }).toBe(0);
      sim.world.goLive('first');
      // The next alarm (at most 60 s) wakes the page; a tick or two later, "first" gets its minute. With the socket
      // open all along (Chrome), stream-up would have started the same.
      await expect.poll(() => sim.world.creditedMinutes(viewer, 'first'), { timeout: 150_000, interval: 500 }).toBe(1);
    },
    { idleTimeoutMs: 5_000 },
  ), 200_000);
