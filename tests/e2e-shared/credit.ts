import type { Sim } from '../sim/server';
import type { World } from '../sim/world';

/**
 * Silent credit loss, as both browsers' suites play it: spade keeps answering 204 and credits nothing (as Twitch did
 * in 2026-04, when the GQL SendEvents route still credited). A live drops channel and a long drop to earn minutes of.
 */
export function creditWorld(w: World): void {
  const game = { id: 'g1', name: 'Game One' };
  w.addUser('viewer');
  w.addChannel('gamer', { live: true, game, dropsEnabled: true, displayName: 'Gamer' });
  const t = w.clock.now();
  w.addCampaign({ id: 'camp', name: 'Long week', game, startAt: t - 60_000, endAt: t + 24 * 3_600_000, drops: [{ id: 'cape', name: 'Long cape', requiredMinutes: 240, benefit: { name: 'Long cape' } }] });
}

/** The drop minutes Twitch credited so far. */
export const dropMinutes = (sim: Sim) => sim.world.dropEvents.filter((e) => e.dropId === 'cape').length;

/** What the simulator saw after spade went silent at `lossAt`: each suite expects every answer to be true. */
export function switchSeen(sim: Sim, lossAt: number) {
  const resumed = sim.world.dropEvents.find((e) => e.at > lossAt);
  const after = sim.world.watchEvents.filter((e) => e.at > lossAt);
  const silenced = after.filter((e) => e.reason === 'silenced');
  return {
    // Heartbeats that earned nothing: at most 5 watched minutes before the switch (and the one that told it).
    fewSilenced: silenced.length <= 6,
    silencedOnSpade: silenced.every((e) => e.route === 'spade'),
    // Drop minutes again by the 7th watched minute after the loss (the wall clock also runs: counted in heartbeats).
    resumedSoon: !!resumed && after.filter((e) => e.at <= resumed.at).length <= 7,
    // The heartbeat that earned it went by SendEvents. (Found by what it earned, not by time: the simulator stamps the
    // drop minute a clock read after the heartbeat's, so the two may be a millisecond apart.)
    resumedBySendEvents: after.find((e) => e.dropCredited)?.route === 'send-events',
  };
}

/** Every answer of switchSeen true. */
export const ALL_SEEN: ReturnType<typeof switchSeen> = { fewSilenced: true, silencedOnSpade: true, resumedSoon: true, resumedBySendEvents: true };
