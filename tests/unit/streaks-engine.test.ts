import { describe, expect, it } from 'vitest';
import { popupState } from '../../lib/engine/background/handlers';
import { streakLines } from '../../lib/engine/background/views/popup';
import type { StreakEntry } from '../../lib/points/streak';
import type { World } from '../sim/world';
import { codes, HOUR, MIN, runTicks, viewerWorld, type ViewerWorld } from './helpers';

type MissSpec = Parameters<World['streaks']['miss']>[1];

/** A viewer following 'alpha' (offline) whose streak there is at risk: a stream was missed. */
async function missedWorld(spec: MissSpec, before?: (w: World) => void): Promise<ViewerWorld> {
  return viewerWorld((w) => {
    w.addChannel('alpha', { displayName: 'Alpha' });
    w.follow(w.users.get('viewer')!, 'alpha');
    w.setBalance(w.users.get('viewer')!, 'alpha', 1200);
    w.streaks.miss('alpha', spec);
    before?.(w);
  });
}

const sent = (v: ViewerWorld, op: string) => v.sim.requests.filter((r) => r.operations.includes(op)).length;
const log = async (v: ViewerWorld) => (await v.db.getAll('activity')) as { code: string; args: unknown[] }[];
const entry = async (v: ViewerWorld) => ((await v.db.get('kv', 'streaks')) as Record<string, StreakEntry>).alpha!;

describe('watch-streak recovery against the simulator', () => {
  it('saves a streak at risk with a clip of the missed stream: the log, the points history and the popup say so', async () => {
    const v = await missedWorld({ length: 4, clips: [{ of: 'other' }, { of: 'missed', durationSeconds: 20 }] });
    await runTicks(v.sim, v.deps, 6 * MIN);
    const state = v.sim.world.streaks.state('alpha');
    expect(state).toMatchObject({ length: 4, expiresAt: null, savedBy: 'clip' });
    // The clip of the other broadcast was never played; one play and its seconds, one session.
    expect(v.sim.world.streaks.plays.map((p) => [p.event, p.outcome])).toEqual([
      ['video-play', 'started'],
      ['n_second_play', 'saved'],
    ]);
    expect(codes(await log(v))).toEqual(expect.arrayContaining(['logStreakAtRisk', 'logStreakWatchingClip', 'logStreakRecoveredClip']));
    expect((await log(v)).find((a) => a.code === 'logStreakRecoveredClip')!.args).toEqual(['Alpha', 4]);
    const history = await v.db.getAllFromIndex('pointsHistory', 'login', 'alpha');
    expect(history.filter((h) => h.reason === 'STREAK_RECOVERED')).toEqual([expect.objectContaining({ delta: 0, balance: 1200 })]);
    expect(await entry(v)).toMatchObject({ outcome: 'recovered', recoveredBy: 'clip', expiresAt: null });
    const popup = await popupState({ db: v.db, clock: v.deps.clock, activation: { pending: async () => null }, realtime: () => 'closed' } as unknown as Parameters<typeof popupState>[0], null);
    expect(popup.streaks).toEqual([expect.objectContaining({ login: 'alpha', state: 'recovered', by: 'clip', length: 4 })]);
    // Said once: later reads (the daily sweep) find nothing new.
    await runTicks(v.sim, v.deps, 25 * HOUR);
    expect(codes(await log(v)).filter((c) => c === 'logStreakRecoveredClip')).toHaveLength(1);
    expect(sent(v, 'RewardList')).toBeLessThan(12);
  }, 120_000);

  it('falls back to the VOD when no clip saves it (clips do not count in this reading), a minute a minute', async () => {
    const v = await missedWorld({ length: 9, clips: [{ of: 'missed' }], vods: [{ of: 'missed' }] }, (w) => (w.streaks.rules.clipSaves = false));
    await runTicks(v.sim, v.deps, 20 * MIN);
    expect(v.sim.world.streaks.state('alpha')).toMatchObject({ length: 9, expiresAt: null, savedBy: 'vod' });
    const vodMinutes = v.sim.world.streaks.plays.filter((p) => p.kind === 'vod');
    expect(vodMinutes.length).toBeGreaterThanOrEqual(5);
    expect(vodMinutes.length).toBeLessThanOrEqual(8);
    expect(codes(await log(v))).toEqual(expect.arrayContaining(['logStreakWatchingClip', 'logStreakWatchingVod', 'logStreakRecoveredVod']));
  }, 120_000);

  it('skips a sub-only VOD that never counts and saves with the next one', async () => {
    const v = await missedWorld({ length: 2, vods: [{ of: 'missed', subOnly: true, id: 'v-sub' }, { of: 'missed', id: 'v-open' }] });
    await runTicks(v.sim, v.deps, 40 * MIN);
    expect(v.sim.world.streaks.state('alpha')).toMatchObject({ savedBy: 'vod', expiresAt: null });
    expect(new Set(v.sim.world.streaks.plays.map((p) => p.vodId))).toEqual(new Set(['v-sub', 'v-open']));
    expect((await entry(v)).tried).toEqual([]);
  }, 120_000);

  it('with no replay of the missed stream, says so once, looks again every two hours, and says when the streak is lost', async () => {
    const v = await missedWorld({ length: 6, expiresInMs: 7 * HOUR, clips: [{ of: 'other' }] });
    await runTicks(v.sim, v.deps, 8 * HOUR);
    const lines = codes(await log(v));
    expect(lines.filter((c) => c === 'logStreakNoReplay')).toHaveLength(1);
    expect(lines.filter((c) => c === 'logStreakLost')).toHaveLength(1);
    expect(v.sim.world.streaks.plays).toEqual([]);
    // At risk for 7 hours: the first read, three looks again, the read that finds it lost.
    expect(sent(v, 'ClipsCards__User')).toBe(4);
    expect(sent(v, 'RewardList')).toBeLessThanOrEqual(6);
    expect(await entry(v)).toMatchObject({ outcome: 'lost', expiresAt: null });
  }, 120_000);

  it('a clip found while the channel is live again is left alone: its live stream is watched instead', async () => {
    const v = await missedWorld({ length: 3, clips: [{ of: 'missed' }] }, (w) => w.goLive('alpha'));
    await runTicks(v.sim, v.deps, 10 * MIN);
    expect(v.sim.world.streaks.plays).toEqual([]);
    expect(sent(v, 'RewardList')).toBe(0);
  }, 120_000);

  it('a read Twitch refuses is one log line for the batch, asked again at the next sweep, and the replay goes on after', async () => {
    const v = await missedWorld({ length: 5, clips: [{ of: 'missed' }] }, (w) => {
      w.addChannel('beta');
      w.follow(w.users.get('viewer')!, 'beta');
    });
    v.sim.faults.add('RewardList', 'integrity', 2);
    await runTicks(v.sim, v.deps, 2 * MIN);
    const failed = (await log(v)).filter((a) => a.code === 'logStreakCheckFailed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.args[0]).toEqual({ list: expect.arrayContaining(['Alpha', 'beta']) });
    expect(v.sim.world.streaks.plays).toEqual([]);
    // Asked again two hours later: at risk, the clip is found and saves it.
    await runTicks(v.sim, v.deps, 2 * HOUR + 5 * MIN);
    expect(v.sim.world.streaks.state('alpha').savedBy).toBe('clip');
  }, 120_000);

  it('a list of replays Twitch does not give is said, and the others are used', async () => {
    const v = await missedWorld({ length: 4, clips: [{ of: 'missed' }], vods: [{ of: 'missed' }] });
    v.sim.faults.add('FilterableVideoTower_Videos', 'integrity', 1);
    await runTicks(v.sim, v.deps, 6 * MIN);
    const line = (await log(v)).find((a) => a.code === 'logStreakReplaysIncomplete');
    expect(line?.args[0]).toBe('Alpha');
    expect(v.sim.world.streaks.state('alpha').savedBy).toBe('clip');
  }, 120_000);

  it('a channel with streaks off is never read', async () => {
    const v = await missedWorld({ length: 3, clips: [{ of: 'missed' }] });
    await v.db.put('channels', { login: 'alpha', live: null, updatedAt: v.t0, prefs: { watchStreak: false } });
    await runTicks(v.sim, v.deps, 10 * MIN);
    expect(sent(v, 'RewardList')).toBe(0);
  }, 120_000);
});

describe("the popup's streak lines (a pure view)", () => {
  it('at risk (being saved or waiting for a replay) until it expires; kept or lost for a day; soonest first', () => {
    const now = Date.UTC(2026, 11, 3, 12);
    const e = (over: Partial<StreakEntry>): StreakEntry => ({ checkedAt: now, length: 5, expiresAt: null, missed: [], tried: [], ...over });
    const playing = { kind: 'vod' as const, id: 'v', broadcastId: 'b', session: 's', startedAt: now, sent: 1, lastAt: now };
    const streaks = {
      waiting: e({ expiresAt: now + 5 * HOUR, atRiskLength: 7 }),
      saving: e({ expiresAt: now + 2 * HOUR, playing }),
      kept: e({ outcome: 'recovered', outcomeAt: now - HOUR, recoveredBy: 'clip' }),
      old: e({ outcome: 'lost', outcomeAt: now - 25 * HOUR }),
      fine: e({}),
    };
    const channels = new Map([['saving', { login: 'saving', displayName: 'Saving', live: false, updatedAt: now }]]);
    expect(streakLines({ streaks, channels }, now)).toEqual([
      { login: 'kept', displayName: undefined, length: 5, state: 'recovered', by: 'clip', at: now - HOUR },
      { login: 'saving', displayName: 'Saving', length: 5, state: 'recovering', by: 'vod', at: now + 2 * HOUR },
      { login: 'waiting', displayName: undefined, length: 7, state: 'at-risk', by: undefined, at: now + 5 * HOUR },
    ]);
    expect(streakLines({ streaks: undefined, channels }, now)).toEqual([]);
  });
});
