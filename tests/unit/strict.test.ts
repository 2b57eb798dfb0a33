import { describe, expect, it } from 'vitest';
import { healthSummary } from '../../lib/engine/health';
import { readKv } from '../../lib/store/kv';
import { listBets } from '../../lib/store/repos';
import type { WireRules } from '../sim/wire';
import type { World } from '../sim/world';
import { grantActivation, grantPageIntegrity, MIN, runTicks, viewerWorld } from './helpers';

const GAME = { id: '509670', name: 'Sim Quest' };

/**
 * The strict 2026 world (every uncertain wire detail at its strictest: reads gated behind integrity, JWT tokens bound
 * to Client-Id, X-Device-Id, Client-Session-Id and Client-Version, DropCampaignDetails by id only, the full spade
 * property set for drop credit, partial inventories, null benefit edges, empty drop sessions), from the session cookies
 * and the header set of one twitch.tv page seen.
 */
function strictWorld(w: World, t: number) {
  w.strict2026();
  const viewer = w.users.get('viewer')!;
  w.addChannel('questing', { live: true, game: GAME, dropsEnabled: true, viewers: 800 });
  w.addChannel('chatter', { live: true, viewers: 5000 });
  w.follow(viewer, 'questing');
  w.follow(viewer, 'chatter');
  w.setBalance(viewer, 'questing', 5000);
  w.addCampaign({
    id: 'camp',
    name: 'Quest week',
    game: GAME,
    startAt: t - MIN,
    endAt: t + 48 * 60 * MIN,
    drops: [
      { id: 'd1', name: 'Quest hat', requiredMinutes: 5, benefit: { name: 'Hat' } },
      { id: 'subs', name: 'Sub cape', requiredMinutes: 1, requiredSubs: 1, benefit: { name: 'Cape' } },
    ],
  });
}

/** Each uncertain detail at its other reading, the rest strict: Minert must work in every one. */
const VARIANTS: [string, Partial<WireRules>][] = [
  ['every switch strict', {}],
  ['PASETO integrity tokens', { integrityFormat: 'paseto' }],
  ['tokens not bound to Client-Version', { bindClientVersion: false }],
  ['only the drops dashboard gated', { gateReads: 'dashboard' }],
  ['no read gated', { gateReads: 'none' }],
  ['the spade URL only in the settings script', { spadeUrlInPage: false }],
  ['DropCampaignDetails by login too', { dropDetailsByIdOnly: false }],
  ['no drop session as null', { emptyDropSession: false }],
  ['whole inventories', { partialInventory: false, nullBenefitEdges: false }],
];

describe('the strict 2026 world', () => {
  it.each(VARIANTS)('%s: reads the campaigns, earns drop minutes on the right channel, claims the drop and a chest, and bets', async (_name, variant) => {
    const { sim, db, viewer, deps } = await viewerWorld((w, t) => {
      strictWorld(w, t);
      Object.assign(w.wire, variant);
    }, {
      settings: { priorities: ['DROPS', 'ORDER'], streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true } },
    });
    const questing = sim.world.channel('questing');
    sim.world.offerClaim(viewer, 'questing');
    sim.world.createPrediction('questing', { title: 'Boss down?', outcomes: ['Yes', 'No'], windowSeconds: 306 }); // the bet is due 6 s before it closes: at a tick
    await runTicks(sim, deps, 10 * MIN);

    expect(sim.world.integrityRefusals).toEqual([]);
    // Five drop minutes, all on the drops channel, each a minute-watched event naming the campaign's game.
    const dropMinutes = sim.world.dropEvents.filter((e) => e.dropId === 'd1');
    expect(dropMinutes.length).toBe(5);
    expect(dropMinutes.every((e) => e.channelLogin === 'questing')).toBe(true);
    expect(sim.world.watchEvents.filter((e) => e.channelLogin === 'questing').every((e) => e.properties.game_id === GAME.id && typeof e.properties.user_id === 'number')).toBe(true);
    expect(sim.world.claims.filter((c) => c.status === 'ELIGIBLE_FOR_ALL').map((c) => c.dropInstanceId)).toEqual([`${viewer.id}#camp#d1`]);
    // The sub-only drop is never mined, never claimed.
    expect(sim.world.dropProgress(viewer, 'subs').minutes).toBe(0);
    expect(sim.world.pointEvents.some((e) => e.reason === 'claim' && e.channelLogin === 'questing')).toBe(true);
    expect((await listBets(db, 10)).map((b) => b.status)).toEqual(['placed']);
    expect(sim.world.bets.length).toBe(1);
    expect(questing.live).toBe(true);
  });

  it('without a twitch.tv page seen, says Twitch gates the reads; one page seen later, it works', async () => {
    const { sim, db, viewer, deps } = await viewerWorld(strictWorld, { claims: 'none', settings: { priorities: ['DROPS', 'ORDER'] } });
    await runTicks(sim, deps, 2 * MIN);
    const wire = healthSummary(await readKv(db, 'wire-health'));
    expect(wire.readsBlocked).toContain('ViewerDropsDashboard');
    expect(sim.world.dropEvents).toEqual([]);
    // The viewer opens twitch.tv once: its page's header set is captured, and the next ticks mine.
    await grantPageIntegrity(sim, db, viewer);
    await runTicks(sim, deps, 8 * MIN);
    expect(sim.world.dropEvents.filter((e) => e.dropId === 'd1').length).toBeGreaterThan(0);
    expect(healthSummary(await readKv(db, 'wire-health')).readsBlocked).toEqual([]);
  });

  it('with the activation and no page header set left, reads progress (Inventory) with the TV token, never the campaign list', async () => {
    const { sim, db, viewer, deps } = await viewerWorld(
      (w, t) => {
        strictWorld(w, t);
        w.wire.gateReads = 'dashboard';
      },
      { settings: { priorities: ['DROPS', 'ORDER'] } },
    );
    await runTicks(sim, deps, MIN); // the campaigns, read with the page's header set
    await grantActivation(sim, db, viewer);
    await db.delete('kv', 'integrity'); // the page's token is gone
    await runTicks(sim, deps, 6 * MIN);
    const tv = 'ue6666qo983tsx6so1t0vnawi233wa';
    const byTv = sim.requests.filter((r) => r.headers['client-id'] === tv).flatMap((r) => r.operations);
    expect(byTv).toContain('Inventory');
    expect(byTv).toContain('DropsPage_ClaimDropRewards');
    expect(byTv).not.toContain('ViewerDropsDashboard');
    expect(sim.world.dropProgress(viewer, 'd1').claimed).toBe(true);
  });

  it('names a spade host blocked at the network level, with the host to allow', async () => {
    const { sim, db, deps } = await viewerWorld(strictWorld, { blockedHosts: ['spade.twitch.tv'] });
    await runTicks(sim, deps, 2 * MIN);
    expect(healthSummary(await readKv(db, 'wire-health')).blockedHosts).toEqual(['spade.twitch.tv']);
    const log = await db.getAll('activity');
    expect(log.some((a) => a.code === 'logHeartbeatFailed' && /could not reach spade\.twitch\.tv/.test(String(a.args[1])))).toBe(true);
    expect(sim.world.watchEvents).toEqual([]);
  });
});
