import { describe, expect, it } from 'vitest';
import type { World } from '../sim/world';
import { codes, HOUR, MIN, runTicks, TICK, viewerWorld } from './helpers';

const setup = (world: (w: World, t0: number) => void) => viewerWorld(world, { settings: { priorities: ['ORDER'] } });


describe('channel points over simulated hours', () => {
  it('claims every bonus chest within a minute of its appearing (no socket: at the look before each heartbeat), and the balances add up', async () => {
    const { sim, db, viewer, deps } = await setup((w, t) => {
      for (const l of ['alpha', 'bravo']) {
        w.addChannel(l);
        w.follow(w.users.get('viewer')!, l);
        w.scheduleStream(l, t, t + 4 * HOUR);
      }
      w.setMultipliers(w.users.get('viewer')!, 'bravo', [0.2]);
    });
    await runTicks(sim, deps, 3 * HOUR);
    const offers = sim.world.bonusOffers;
    const claims = sim.world.pointEvents.filter((e) => e.reason === 'claim');
    // 3 hours of two channels: a chest every 15 minutes each, the last one maybe still waiting for the next tick.
    expect(offers.length).toBeGreaterThanOrEqual(22);
    expect(claims.length).toBeGreaterThanOrEqual(offers.length - 2);
    for (const c of claims) {
      const offer = [...offers].reverse().find((o) => o.channelLogin === c.channelLogin && o.at <= c.at)!;
      expect(c.at - offer.at).toBeLessThanOrEqual(MIN);
    }
    // A multiplier scales the chest: 50 x 1.2.
    expect(claims.find((c) => c.channelLogin === 'bravo')!.points).toBe(60);
    // What Minert shows is what Twitch had at its last look (before this minute's heartbeat), and its history adds up
    // to it.
    await runTicks(sim, deps, TICK);
    for (const l of ['alpha', 'bravo']) {
      const shown = (await db.get('channels', l))!.balance!;
      expect(sim.world.balance(viewer, l) - shown, l).toBeGreaterThanOrEqual(0);
      expect(sim.world.balance(viewer, l) - shown, l).toBeLessThanOrEqual(12);
      const changes = await db.getAllFromIndex('pointsHistory', 'login', l);
      expect(changes.reduce((sum, c) => sum + c.delta, 0), l).toBe(shown);
      const claimedNow = sim.world.pointEvents.filter((e) => e.reason === 'claim' && e.channelLogin === l);
      expect(changes.filter((c) => c.reason === 'CLAIM').length, l).toBe(claimedNow.length);
    }
  });

  it('reports a chest Twitch refuses as not claimed', async () => {
    const { sim, db, viewer, deps } = await setup((w, t) => {
      w.addChannel('alpha');
      w.follow(w.users.get('viewer')!, 'alpha');
      w.scheduleStream('alpha', t, t + HOUR);
    });
    sim.world.offerClaim(viewer, 'alpha');
    sim.faults.add('ClaimCommunityPoints', 'integrity', 1);
    await runTicks(sim, deps, MIN);
    const log = await db.getAll('activity');
    expect(log).toContainEqual(
      expect.objectContaining({ code: 'logBonusNotClaimed', args: ['alpha', 'integrity (ClaimCommunityPoints): failed integrity check: Twitch wants a Client-Integrity token for this'] }),
    );
    expect(codes(log)).not.toContain('logBonusClaimed');
    expect(codes(log)).not.toContain('logBonusClaimedGain');
    // Blocked on the same path, the chest is tried again after a few minutes (not at every tick), and claimed.
    const attempts = () => sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints')).length;
    const refused = attempts();
    await runTicks(sim, deps, 2 * MIN);
    expect(attempts()).toBe(refused);
    await runTicks(sim, deps, 4 * MIN);
    expect(sim.world.pointEvents.filter((e) => e.reason === 'claim')).toHaveLength(1);
  });
});
