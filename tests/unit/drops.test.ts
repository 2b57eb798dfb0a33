import { describe, expect, it } from 'vitest';
import { runTick } from '../../lib/engine/tick';
import { listDropClaims } from '../../lib/store/repos';
import type { World } from '../sim/world';
import { HOUR, MIN, runTicks, TICK, viewerWorld } from './helpers';

/** Claims pass Twitch's integrity check through the activation (its token is refreshed every 4 hours). */
const setup = (world: (w: World, t0: number) => void) => viewerWorld(world, { claims: 'activation' });

const G1 = { id: 'g1', name: 'Game One' };

describe('drops over simulated days', () => {
  it('claims every drop that can be earned, none that cannot, within the tick it completes', async () => {
    const { sim, db, viewer, deps, t0 } = await setup((w, t) => {
      w.addChannel('gamer1', { live: true, game: G1, dropsEnabled: true, viewers: 900 });
      w.addChannel('gamer2', { live: true, game: G1, dropsEnabled: true, viewers: 500 });
      w.addChannel('nodrops', { live: true, game: G1, dropsEnabled: false, viewers: 5000 });
      w.addChannel('partner', { game: G1, dropsEnabled: true, viewers: 100 });
      w.scheduleStream('partner', t + 2 * HOUR, t + 5 * HOUR);
      const any = { game: G1, startAt: t, endAt: t + 20 * HOUR };
      w.addCampaign({
        id: 'A',
        name: 'Season',
        ...any,
        drops: [
          { id: 'A1', name: 'Hat', requiredMinutes: 30, benefit: { name: 'Hat' } },
          { id: 'A2', name: 'Cape', requiredMinutes: 60, preconditionDropIds: ['A1'], benefit: { name: 'Cape' } },
          { id: 'A3', name: 'Badge', requiredMinutes: 45, benefit: { name: 'Badge', distributionType: 'BADGE' } },
        ],
      });
      w.addCampaign({ id: 'B', name: 'Partner only', game: G1, startAt: t, endAt: t + 6 * HOUR, allowedChannels: ['partner'], drops: [{ id: 'B1', name: 'Partner skin', requiredMinutes: 20, benefit: { name: 'Skin' } }] });
      w.addCampaign({ id: 'C', name: 'Nobody streams it', game: { id: 'g3', name: 'Game Three' }, startAt: t, endAt: t + 20 * HOUR, drops: [{ id: 'C1', name: 'C', requiredMinutes: 10, benefit: { name: 'C' } }] });
      w.addCampaign({ id: 'D', name: 'Needs a link', ...any, accountLinkURL: 'https://www.twitch.tv/settings/connections', drops: [{ id: 'D1', name: 'D', requiredMinutes: 10, benefit: { name: 'D' } }] });
      w.setAccountLinked(w.users.get('viewer')!, 'D', false);
      w.addCampaign({ id: 'E', name: 'Too short', game: G1, startAt: t, endAt: t + 10 * MIN, drops: [{ id: 'E1', name: 'E', requiredMinutes: 60, benefit: { name: 'E' } }] });
      w.addCampaign({ id: 'F', name: 'Later', game: G1, startAt: t + 26 * HOUR, endAt: t + 40 * HOUR, drops: [{ id: 'F1', name: 'Later drop', requiredMinutes: 30, benefit: { name: 'F' } }] });
      w.addCampaign({ id: 'G', name: 'Expires unclaimed', game: G1, startAt: t + 30 * HOUR, endAt: t + 30 * HOUR + 20 * MIN, drops: [{ id: 'G1', name: 'G', requiredMinutes: 30, benefit: { name: 'G' } }] });
    });
    await runTicks(sim, deps, 2 * 24 * HOUR);

    const claimed = sim.world.claims.filter((c) => c.status === 'ELIGIBLE_FOR_ALL').map((c) => c.dropInstanceId.split('#')[2]);
    expect(claimed.sort()).toEqual(['A1', 'A2', 'B1', 'F1']);
    for (const id of ['C1', 'D1', 'G1']) expect(sim.world.dropProgress(viewer, id).minutes, id).toBe(0);
    expect(sim.world.dropProgress(viewer, 'E1').claimed).toBe(false);
    expect(sim.world.claims.filter((c) => c.status !== 'ELIGIBLE_FOR_ALL')).toEqual([]);
    // Latency: each claim in the same tick as the minute that completed it.
    for (const id of ['A1', 'A2', 'B1', 'F1']) {
      const done = sim.world.dropEvents.find((e) => e.dropId === id && e.minutes === sim.world.dropProgress(viewer, id).minutes)!;
      const claim = sim.world.claims.find((c) => c.dropInstanceId.endsWith(`#${id}`))!;
      expect(claim.at - done.at, id).toBeLessThan(TICK);
    }
    // B was mined on its partner channel while it was live, before A (it ends first).
    expect(sim.world.dropEvents.filter((e) => e.dropId === 'B1').every((e) => e.channelLogin === 'partner')).toBe(true);
    expect(sim.world.dropEvents.find((e) => e.dropId === 'B1')!.at - t0).toBeLessThan(2 * HOUR + 6 * MIN);
    // Never a channel without drops enabled; one channel at a time.
    expect(sim.world.dropEvents.some((e) => e.channelLogin === 'nodrops')).toBe(false);
    // The history: four claims and the badge Twitch applied.
    const history = await listDropClaims(db, 10);
    expect(history.map((h) => `${h.dropName}:${h.kind}`).sort()).toEqual(['Badge:applied', 'Cape:claimed', 'Hat:claimed', 'Later drop:claimed', 'Partner skin:claimed']);
  }, 60_000); // two simulated days of ticks: about 12 s alone, more beside other test files on 2 cores

  it('claims a drop finished earlier and never claimed, and survives a tick killed after the claim', async () => {
    const { sim, db, viewer, deps } = await setup((w, t) => {
      w.addChannel('gamer1', { live: true, game: G1, dropsEnabled: true });
      w.addCampaign({ id: 'A', name: 'Season', game: G1, startAt: t, endAt: t + 20 * HOUR, drops: [{ id: 'A1', name: 'Hat', requiredMinutes: 5, benefit: { name: 'Hat' } }] });
    });
    // Minutes earned elsewhere (another device): the drop is complete before Minert first looks.
    const ch = sim.world.channel('gamer1');
    for (let i = 0; i < 5; i++) {
      sim.world.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: 'gamer1', live: true, game_id: ch.game!.id });
      sim.clock.advance(MIN);
    }
    expect(sim.world.dropProgress(viewer, 'A1')).toMatchObject({ minutes: 5, claimed: false });
    // The first tick claims, then dies before writing anything.
    let reached!: () => void;
    const atCommit = new Promise<void>((r) => (reached = r));
    void runTick({ ...deps, owner: 'killed', beforeCommit: () => (reached(), new Promise<never>(() => {})) }, { reason: 'alarm' });
    await atCommit;
    expect(sim.world.dropProgress(viewer, 'A1').claimed).toBe(true);
    expect(await listDropClaims(db)).toEqual([]);
    // The next tick (after the lease) finds the claim in its journal, sees it done on Twitch, and records it once.
    sim.clock.advance(3 * MIN);
    await runTicks(sim, deps, 2 * MIN);
    const history = await listDropClaims(db);
    expect(history.map((h) => h.dropName)).toEqual(['Hat']);
    expect(sim.world.claims.map((c) => c.status)).toEqual(['ELIGIBLE_FOR_ALL']);
    expect(await db.get('kv', 'claim-journal')).toEqual({});
  });

  it('reports a claim Twitch refuses (integrity) as not claimed, and tries again later', async () => {
    const { sim, db, viewer, deps } = await setup((w, t) => {
      w.addChannel('gamer1', { live: true, game: G1, dropsEnabled: true });
      w.addCampaign({ id: 'A', name: 'Season', game: G1, startAt: t, endAt: t + 20 * HOUR, drops: [{ id: 'A1', name: 'Hat', requiredMinutes: 3, benefit: { name: 'Hat' } }] });
    });
    sim.faults.add('DropsPage_ClaimDropRewards', 'integrity', 1);
    await runTicks(sim, deps, 6 * MIN);
    expect(sim.world.dropProgress(viewer, 'A1').claimed).toBe(false);
    const log = await db.getAll('activity');
    expect(log.some((a) => a.code === 'logDropClaimFailed' && a.args[0] === 'Hat' && /^integrity/.test(String(a.args[1])))).toBe(true);
    expect(log.some((a) => (a.code === 'logDropClaimed' || a.code === 'logDropAlreadyClaimed') && a.args[0] === 'Hat')).toBe(false);
    await runTicks(sim, deps, 12 * MIN);
    expect(sim.world.dropProgress(viewer, 'A1').claimed).toBe(true);
  });
});
