import { describe, expect, it } from 'vitest';
import { readKv } from '../../lib/store/kv';
import { popupState } from '../../lib/engine/background/handlers';
import { gzipBase64, SendEvents, sendEventsInput } from '../../lib/twitch/heartbeat';
import type { World } from '../sim/world';
import { codes, HOUR, MIN, runTicks, viewerWorld, type ViewerWorld } from './helpers';
import { gqlRequest, minuteProps, type Json } from './sim-requests';
import { simFetch } from '../sim/fetch';
import { gunzipSync } from 'node:zlib';

// The credit watchdog over simulated hours (no socket: Twitch's minutes are read, every 5 minutes at most), in each
// variant of the timeline the simulator plays: spade credits (2026-07, today), SendEvents credits (2026-04), neither.
const G1 = { id: 'g1', name: 'Game One' };

/** A drops channel with a long drop to mine (and one points channel), strict 2026 wire. */
const dropsWorld = (extra?: (w: World, t0: number) => void, claims: 'page' | 'activation' | 'none' = 'page') =>
  viewerWorld(
    (w, t) => {
      w.strict2026();
      w.addChannel('gamer1', { live: true, game: G1, dropsEnabled: true });
      w.addCampaign({ id: 'A', name: 'Long', game: G1, startAt: t, endAt: t + 48 * HOUR, drops: [{ id: 'A1', name: 'Cape', requiredMinutes: 2000, benefit: { name: 'Cape' } }] });
      extra?.(w, t);
    },
    { claims },
  );

const dropMinutes = (v: ViewerWorld, from: number, to = Infinity) => v.sim.world.dropEvents.filter((e) => e.at >= from && e.at < to).length;
const log = (v: ViewerWorld) => v.db.getAll('activity');

describe('SendEvents in the simulator', () => {
  it('decompresses the GZIP_B64 events Minert builds, credits them only under creditSendEvents, and answers 204 either way', async () => {
    const v = await viewerWorld((w) => w.addChannel('alpha', { live: true }), { claims: 'none' });
    const { world } = v.sim;
    const target = { login: 'alpha', channelId: world.channel('alpha').id, streamId: world.channel('alpha').streamId!, userId: v.viewer.id, game: null };
    const input = await sendEventsInput(target, world.clock.now());
    expect(input).toMatchObject({ repository: 'twilight', encoding: 'GZIP_B64' });
    expect(JSON.parse(gunzipSync(Buffer.from(input.data, 'base64')).toString())).toEqual([{ event: 'minute-watched', properties: expect.objectContaining({ channel: 'alpha', user_id: Number(v.viewer.id) }) }]);
    const send = async (data: string, extra: Json = {}) =>
      (await gqlRequest(simFetch(v.sim), { operationName: 'SendEvents', query: SendEvents.query!, variables: { input: { ...input, data, ...extra } } }, { user: v.viewer })).body as Json;
    expect(await send(input.data)).toMatchObject({ data: { sendSpadeEvents: { statusCode: 204 } } });
    expect(world.watchEvents.at(-1)).toMatchObject({ route: 'send-events', reason: 'silenced' });
    world.creditEra('2026-04');
    world.clock.advance(MIN);
    const props = minuteProps(world, v.viewer, 'alpha');
    expect(await send(await gzipBase64(JSON.stringify([{ event: 'minute-watched', properties: props }])))).toMatchObject({ data: { sendSpadeEvents: { statusCode: 204 } } });
    expect(world.watchEvents.at(-1)).toMatchObject({ route: 'send-events', reason: 'credited' });
    expect(await send('bm90IGd6aXA=')).toMatchObject({ data: { sendSpadeEvents: { statusCode: 400 } } });
    expect(await send(input.data, { encoding: 'B64' })).toMatchObject({ data: { sendSpadeEvents: { statusCode: 400 } } });
  });

  it('plays both readings of integrity: refused without a token when sendEventsIntegrity, taken when not', async () => {
    const v = await viewerWorld((w) => w.addChannel('alpha', { live: true }), { claims: 'none' });
    const { world } = v.sim;
    const input = await sendEventsInput({ login: 'alpha', channelId: world.channel('alpha').id, streamId: world.channel('alpha').streamId!, userId: v.viewer.id }, world.clock.now());
    const send = async () => (await gqlRequest(simFetch(v.sim), { operationName: 'SendEvents', query: SendEvents.query!, variables: { input } }, { user: v.viewer })).body as Json;
    world.wire.sendEventsIntegrity = true;
    expect(await send()).toMatchObject({ errors: [{ message: 'failed integrity check', path: ['sendSpadeEvents'] }] });
    world.wire.sendEventsIntegrity = false;
    expect(await send()).toMatchObject({ data: { sendSpadeEvents: { statusCode: 204 } } });
  });
});

describe('the credit watchdog over simulated hours', () => {
  it('2026-07 (spade credits): stays on spade for hours, no extra line, drop minutes every watched minute', async () => {
    const v = await dropsWorld();
    await runTicks(v.sim, v.deps, 3 * HOUR);
    expect((await readKv(v.db, 'heartbeat-credit'))?.route).toBe('spade');
    expect(v.sim.world.watchEvents.every((e) => e.route === 'spade')).toBe(true);
    expect(dropMinutes(v, v.t0)).toBeGreaterThanOrEqual(178);
    expect(codes(await log(v)).filter((c) => c.startsWith('logHeartbeat'))).toEqual([]);
    expect((await popupState(hostOf(v), null)).heartbeat).toBeNull();
  }, 60_000);

  it('2026-04 (spade silent, SendEvents credits), both readings of integrity: drop minutes resume within 5 watched minutes of the loss', async () => {
    for (const integrity of [true, false]) {
      const v = await dropsWorld((w) => (w.wire.sendEventsIntegrity = integrity));
      await runTicks(v.sim, v.deps, 30 * MIN);
      const lossAt = v.sim.clock.now();
      v.sim.world.creditEra('2026-04');
      await runTicks(v.sim, v.deps, 3 * HOUR);
      const switched = (await log(v)).find((a) => a.code === 'logHeartbeatSwitched')!;
      expect(switched.args).toEqual(['spade', 5, 'SendEvents']);
      // Minutes watched without credit before the switch (each heartbeat spade silenced).
      const lost = v.sim.world.watchEvents.filter((e) => e.at >= lossAt && e.reason === 'silenced' && e.at < switched.ts).length;
      expect(lost, `integrity ${integrity}`).toBeLessThanOrEqual(5);
      const resumed = v.sim.world.dropEvents.find((e) => e.at > lossAt)!;
      expect(resumed.at - lossAt).toBeLessThanOrEqual(7 * MIN);
      // After that, SendEvents carries the minutes; a trial of spade every 2 hours costs its 5 minutes.
      expect(dropMinutes(v, lossAt + 10 * MIN)).toBeGreaterThanOrEqual(170 - 10);
      const state = (await readKv(v.db, 'heartbeat-credit'))!;
      expect(state.route).toBe('send-events');
      expect(codes(await log(v))).toEqual(expect.arrayContaining(['logHeartbeatProbe', 'logHeartbeatProbeFailed']));
      expect(codes(await log(v))).not.toContain('logDropStalled');
      const popup = await popupState(hostOf(v), null);
      expect(popup.heartbeat).toMatchObject({ route: 'SendEvents', failed: ['spade'], none: false });
      // Spade credits again (SendEvents too): the next trial of spade keeps it.
      v.sim.world.wire.creditSpade = true;
      await runTicks(v.sim, v.deps, 2 * HOUR + 10 * MIN);
      expect((await readKv(v.db, 'heartbeat-credit'))?.route).toBe('spade');
      expect(codes(await log(v))).toContain('logHeartbeatRecovered');
      // Then SendEvents goes silent too while spade is in use: nothing changes (spade credits).
      v.sim.world.creditEra('2026-07');
      const before = (await log(v)).length;
      await runTicks(v.sim, v.deps, 30 * MIN);
      expect(codes((await log(v)).slice(before)).filter((c) => c.startsWith('logHeartbeat'))).toEqual([]);
    }
  }, 120_000);

  it('neither route credits: Minert says so, pretends no progress, and pauses the drops channel as before', async () => {
    const v = await dropsWorld();
    v.sim.world.creditEra('none');
    await runTicks(v.sim, v.deps, 40 * MIN);
    const lines = codes(await log(v));
    expect(lines).toEqual(expect.arrayContaining(['logHeartbeatSwitched', 'logHeartbeatNone', 'logDropStalled']));
    expect(v.sim.world.dropEvents).toEqual([]);
    const campaigns = (await readKv(v.db, 'campaigns'))!.value;
    expect(campaigns.flatMap((c) => c.drops).find((d) => d.id === 'A1')!.currentMinutes).toBe(0);
    const popup = await popupState(hostOf(v), null);
    expect(popup.heartbeat).toMatchObject({ none: true, failed: ['spade', 'SendEvents'] });
    expect(popup.drops.campaigns[0]!.drops[0]).toMatchObject({ current: 0, required: 2000 });
  }, 60_000);

  it('SendEvents refused for integrity (the session alone, strict reading) counts as not crediting', async () => {
    // Reads pass without integrity here (gateReads 'none'), so only the mutation's own integrity is in play.
    const v = await dropsWorld((w) => Object.assign(w.wire, { sendEventsIntegrity: true, gateReads: 'none' }), 'none');
    v.sim.world.creditEra('2026-04');
    await runTicks(v.sim, v.deps, 15 * MIN);
    expect(v.sim.world.integrityRefusals.some((r) => r.operation === 'SendEvents')).toBe(true);
    expect(codes(await log(v))).toEqual(expect.arrayContaining(['logHeartbeatSwitched', 'logHeartbeatFailed', 'logHeartbeatNone']));
    expect(v.sim.world.dropEvents).toEqual([]);
  }, 60_000);

  it('points only: a silent route is left within 15 watched minutes, and points resume', async () => {
    const v = await viewerWorld((w) => {
      w.strict2026();
      const viewer = w.users.get('viewer')!;
      w.addChannel('chatter', { live: true });
      w.follow(viewer, 'chatter');
    });
    await runTicks(v.sim, v.deps, 20 * MIN);
    const lossAt = v.sim.clock.now();
    v.sim.world.creditEra('2026-04');
    await runTicks(v.sim, v.deps, HOUR);
    const switched = (await log(v)).find((a) => a.code === 'logHeartbeatSwitched')!;
    expect(switched.ts - lossAt).toBeLessThanOrEqual(16 * MIN);
    const watchPoints = v.sim.world.pointEvents.filter((e) => e.reason === 'watch' && e.at > lossAt);
    expect(watchPoints.length).toBeGreaterThan(0);
    expect(watchPoints[0]!.at - switched.ts).toBeLessThanOrEqual(6 * MIN);
    expect((await readKv(v.db, 'heartbeat-credit'))?.route).toBe('send-events');
  }, 60_000);
});

/** What popupState needs of the background: the store, the clock, no activation, the socket closed. */
function hostOf(v: ViewerWorld) {
  return { db: v.db, clock: v.deps.clock, activation: { pending: async () => null }, realtime: () => 'closed' as const } as unknown as Parameters<typeof popupState>[0];
}
