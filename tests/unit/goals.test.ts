import { describe, expect, it } from 'vitest';
import { popupState } from '../../lib/engine/background/handlers';
import { decideContributions, DEFAULT_GOAL_RULE, type CommunityGoal } from '../../lib/points/goals';
import { DEFAULT_SETTINGS, getSettings, saveSettings, settingsSchema } from '../../lib/store/settings';
import { goalsOf } from '../../lib/twitch/ops/goals';
import { simFetch } from '../sim/fetch';
import type { World } from '../sim/world';
import { gqlBody } from './sim-requests';
import { codes, freshDb, HOUR, MIN, runTicks, TICK, useSim, viewerWorld, type ViewerWorld } from './helpers';

const goal = (over: Partial<CommunityGoal> = {}): CommunityGoal => ({
  id: 'g1',
  title: 'New camera',
  status: 'STARTED',
  amountNeeded: 100_000,
  pointsContributed: 0,
  perStreamUserMaximum: 3000,
  inStock: true,
  ...over,
});
const rule = { maxPerGoal: 5000, keepBalance: 1000 };

describe('what to give to community goals (pure)', () => {
  it('gives the least of what the goal needs, the per-stream maximum left, the cap left and the balance above the minimum', () => {
    expect(decideContributions([goal()], 10_000, rule, {}, {})).toEqual([{ goalId: 'g1', title: 'New camera', amount: 3000 }]);
    expect(decideContributions([goal()], 10_000, rule, {}, { g1: 2500 })).toEqual([{ goalId: 'g1', title: 'New camera', amount: 500 }]);
    expect(decideContributions([goal()], 10_000, rule, { g1: 4000 }, {})).toEqual([{ goalId: 'g1', title: 'New camera', amount: 1000 }]);
    expect(decideContributions([goal()], 1800, rule, {}, {})).toEqual([{ goalId: 'g1', title: 'New camera', amount: 800 }]);
    expect(decideContributions([goal({ pointsContributed: 99_900 })], 10_000, rule, {}, {})).toEqual([{ goalId: 'g1', title: 'New camera', amount: 100 }]);
  });

  it('gives nothing at or under the minimum kept, at the cap, at the per-stream maximum, or to a goal not started or out of stock', () => {
    expect(decideContributions([goal()], 1000, rule, {}, {})).toEqual([]);
    expect(decideContributions([goal()], 500, rule, {}, {})).toEqual([]);
    expect(decideContributions([goal()], 10_000, rule, { g1: 5000 }, {})).toEqual([]);
    expect(decideContributions([goal()], 10_000, rule, {}, { g1: 3000 })).toEqual([]);
    for (const status of ['ENDED', 'FULFILLED', 'UNSTARTED']) expect(decideContributions([goal({ status })], 10_000, rule, {}, {})).toEqual([]);
    expect(decideContributions([goal({ inStock: false })], 10_000, rule, {}, {})).toEqual([]);
    expect(decideContributions([goal({ pointsContributed: 100_000 })], 10_000, rule, {}, {})).toEqual([]);
  });

  it('spends the balance goal after goal, in Twitch order, never under the minimum', () => {
    const two = [goal(), goal({ id: 'g2', title: 'Charity' })];
    expect(decideContributions(two, 5000, rule, {}, {})).toEqual([
      { goalId: 'g1', title: 'New camera', amount: 3000 },
      { goalId: 'g2', title: 'Charity', amount: 1000 },
    ]);
  });

  it('reads the goals from ChannelPointsContext tolerantly: absent, null or malformed goals are none', () => {
    expect(goalsOf(undefined)).toEqual([]);
    expect(goalsOf(null)).toEqual([]);
    const wire = { id: 'g1', title: 'New camera', status: 'STARTED', amountNeeded: 100_000, pointsContributed: 0, perStreamUserMaximumContribution: 3000, isInStock: true, __typename: 'CommunityPointsCommunityGoal' };
    expect(goalsOf([wire, { id: 'bad' }])).toEqual([goal()]);
  });

  it('settings: goals off for every channel and a cap and minimum by default; kept, exported and imported like the others', async () => {
    expect(DEFAULT_SETTINGS.goals).toEqual(DEFAULT_GOAL_RULE);
    expect(DEFAULT_SETTINGS.streamerDefaults.goals).toBeUndefined();
    const db = await freshDb();
    await saveSettings(db, { goals: { maxPerGoal: 2000, keepBalance: 300 }, streamerDefaults: { ...DEFAULT_SETTINGS.streamerDefaults, goals: true } });
    const saved = await getSettings(db);
    expect(saved.goals).toEqual({ maxPerGoal: 2000, keepBalance: 300 });
    // An exported file (JSON of the settings) reads back the same.
    expect(settingsSchema.parse(JSON.parse(JSON.stringify(saved)))).toEqual(saved);
    expect(settingsSchema.safeParse({ ...saved, goals: { maxPerGoal: -1, keepBalance: 0 } }).success).toBe(false);
  });
});

const RULE = { maxPerGoal: 5000, keepBalance: 1000 };

/** A viewer watching 'alpha' (live for 2 hours, then again an hour later), 'alpha' with a goal; goals on or off. */
async function goalWorld(opts: { on: 'defaults' | 'channel' | 'off'; balance: number; perStream?: number; before?: (w: World, t0: number) => void }): Promise<ViewerWorld & { goalId: string }> {
  let goalId = '';
  const v = await viewerWorld(
    (w, t) => {
      w.addChannel('alpha');
      w.follow(w.users.get('viewer')!, 'alpha');
      w.scheduleStream('alpha', t, t + 2 * HOUR);
      w.scheduleStream('alpha', t + 3 * HOUR, t + 5 * HOUR);
      w.setBalance(w.users.get('viewer')!, 'alpha', opts.balance);
      goalId = w.addGoal('alpha', { title: 'New camera', amountNeeded: 100_000, perStreamUserMaximum: opts.perStream ?? 3000 }).id;
      opts.before?.(w, t);
    },
    {
      settings: {
        priorities: ['ORDER'],
        goals: RULE,
        ...(opts.on === 'defaults' ? { streamerDefaults: { ...DEFAULT_SETTINGS.streamerDefaults, goals: true } } : {}),
      },
    },
  );
  if (opts.on === 'channel') await v.db.put('channels', { login: 'alpha', live: null, updatedAt: v.t0, prefs: { goals: true } });
  return { ...v, goalId };
}

const taken = (v: ViewerWorld) => v.sim.world.goals.contributions.filter((c) => c.userId === v.viewer.id && c.error === null);
const sent = (v: ViewerWorld, op: string) => v.sim.requests.filter((r) => r.operations.includes(op)).length;

describe('community goals against the simulator, over simulated time', () => {
  it('gives up to Twitch per-stream maximum each stream and stops at the cap per goal; history, log and popup show it', async () => {
    const v = await goalWorld({ on: 'defaults', balance: 10_000 });
    await runTicks(v.sim, v.deps, 2 * MIN);
    // First stream: the per-stream maximum (3000), at the first look.
    expect(taken(v).map((c) => c.amount)).toEqual([3000]);
    const history = await v.db.getAllFromIndex('pointsHistory', 'login', 'alpha');
    expect(history.filter((h) => h.reason === 'GOAL').map((h) => h.delta)).toEqual([-3000]);
    const log = await v.db.getAll('activity');
    expect(log).toContainEqual(expect.objectContaining({ code: 'logGoalContributed', args: ['alpha', 3000, 'New camera'] }));
    const popup = await popupState({ db: v.db, clock: v.deps.clock, activation: { pending: async () => null }, realtime: () => 'closed' } as unknown as Parameters<typeof popupState>[0], 'alpha');
    expect(popup.activity).toContainEqual(expect.objectContaining({ code: 'logGoalContributed', args: ['alpha', 3000, 'New camera'] }));
    expect(popup.channel?.balance).toBe(7000);
    // Nothing more this stream: Twitch's count says the maximum was given.
    await runTicks(v.sim, v.deps, 2 * HOUR - 2 * MIN);
    expect(taken(v).map((c) => c.amount)).toEqual([3000]);
    // Second stream: what is left under the cap (2000), then nothing more, ever.
    await runTicks(v.sim, v.deps, 4 * HOUR);
    expect(taken(v).map((c) => c.amount)).toEqual([3000, 2000]);
    expect(v.sim.world.goals.of(v.sim.world.channel('alpha'))[0]!.pointsContributed).toBe(5000);
    // The book: what Minert gave, nothing pending.
    const book = await v.db.get('kv', 'goal-contributions');
    expect(book).toMatchObject({ [v.goalId]: { login: 'alpha', given: 5000 } });
    expect((book as Record<string, { pending?: unknown }>)[v.goalId]!.pending).toBeUndefined();
  }, 60_000);

  it('keeps the minimum balance: never takes the balance under it', async () => {
    const v = await goalWorld({ on: 'channel', balance: 1500 });
    let lowest = Infinity;
    await runTicks(v.sim, v.deps, HOUR, () => (lowest = Math.min(lowest, v.sim.world.balance(v.viewer, 'alpha'))));
    expect(taken(v)[0]!.amount).toBe(500);
    expect(lowest).toBeGreaterThanOrEqual(1000);
    expect(v.sim.world.balance(v.viewer, 'alpha')).toBeGreaterThanOrEqual(1000);
    expect(taken(v).reduce((s, c) => s + c.amount, 0)).toBeLessThanOrEqual(3000);
  }, 60_000);

  it('off by default: no goal read, no contribution', async () => {
    const v = await goalWorld({ on: 'off', balance: 10_000 });
    await runTicks(v.sim, v.deps, HOUR);
    expect(sent(v, 'ContributeCommunityPointsCommunityGoal')).toBe(0);
    expect(sent(v, 'UserPointsContribution')).toBe(0);
    expect(v.sim.world.balance(v.viewer, 'alpha')).toBeGreaterThanOrEqual(10_000);
  }, 60_000);

  it('never gives twice for one transaction: a contribution a killed worker left unanswered is sent again with its id, taken once', async () => {
    const v = await goalWorld({ on: 'defaults', balance: 10_000 });
    const alpha = v.sim.world.channel('alpha');
    // The worker wrote the contribution and sent it; Twitch took it; the worker died before the answer.
    expect(v.sim.world.goals.contribute(v.viewer, alpha.id, v.goalId, 1200, 'deadbeefdeadbeefdeadbeefdeadbeef')).toBeNull();
    await v.db.put(
      'kv',
      { [v.goalId]: { login: 'alpha', channelId: alpha.id, title: 'New camera', given: 0, at: v.t0 - TICK, pending: { transactionId: 'deadbeefdeadbeefdeadbeefdeadbeef', amount: 1200, at: v.t0 - TICK } } },
      'goal-contributions',
    );
    await runTicks(v.sim, v.deps, 30 * MIN);
    const mine = v.sim.world.goals.contributions.filter((c) => c.transactionId === 'deadbeefdeadbeefdeadbeefdeadbeef');
    expect(mine.map((c) => c.error)).toEqual([null, 'DUPLICATE']);
    // Counted once as given; then the rest of the per-stream maximum, under a new transaction id.
    expect(taken(v).map((c) => c.amount)).toEqual([1200, 1800]);
    expect(new Set(taken(v).map((c) => c.transactionId)).size).toBe(2);
    expect(await v.db.get('kv', 'goal-contributions')).toMatchObject({ [v.goalId]: { given: 3000 } });
    expect(codes(await v.db.getAll('activity')).filter((c) => c === 'logGoalContributed')).toHaveLength(2);
  }, 60_000);

  it('a contribution refused for integrity is not counted, and given once claims go through again', async () => {
    const v = await goalWorld({ on: 'defaults', balance: 10_000 });
    v.sim.faults.add('ContributeCommunityPointsCommunityGoal', 'integrity', 1);
    await runTicks(v.sim, v.deps, 30 * MIN);
    expect(codes(await v.db.getAll('activity'))).toContain('logGoalNotContributed');
    expect(taken(v).map((c) => c.amount)).toEqual([3000]);
    expect((await v.db.getAllFromIndex('pointsHistory', 'login', 'alpha')).filter((h) => h.reason === 'GOAL').map((h) => h.delta)).toEqual([-3000]);
  }, 60_000);
});

describe('the simulator plays community goals', () => {
  it('lists goals in ChannelPointsContext, refuses a contribution beyond the per-stream maximum or the balance, and wants integrity in the strict world', async () => {
    const sim = await useSim((w) => {
      w.addUser('viewer');
      w.addChannel('alpha', { live: true });
    });
    const { world } = sim;
    world.strict2026();
    const viewer = world.users.get('viewer')!;
    world.setBalance(viewer, 'alpha', 2000);
    const g = world.addGoal('alpha', { title: 'New camera', amountNeeded: 10_000, perStreamUserMaximum: 1500 });
    const fetch = simFetch(sim);
    const page = { user: viewer, headers: world.pageSession(viewer).headers };
    const ctx = await gqlBody<{ community: { channel: { communityPointsSettings: { goals: unknown[] } } } }>(fetch, 'ChannelPointsContext', { channelLogin: 'alpha', includeGoalTypes: ['CREATOR', 'BOOST'] }, page);
    expect(goalsOf(ctx.data!.community.channel.communityPointsSettings.goals)).toEqual([
      { id: g.id, title: 'New camera', status: 'STARTED', amountNeeded: 10_000, pointsContributed: 0, perStreamUserMaximum: 1500, inStock: true },
    ]);
    const give = (amount: number, transactionID: string, caller: object = page) =>
      gqlBody<{ contributeCommunityPointsCommunityGoal: { error: { code: string } | null } | null }>(
        fetch,
        'ContributeCommunityPointsCommunityGoal',
        { input: { amount, channelID: world.channel('alpha').id, goalID: g.id, transactionID } },
        caller,
      );
    // No integrity token: refused, nothing taken.
    expect((await give(100, 'a'.repeat(32), { user: viewer })).errors).toEqual([{ message: 'failed integrity check', path: ['contributeCommunityPointsCommunityGoal'] }]);
    expect(world.balance(viewer, 'alpha')).toBe(2000);
    expect((await give(1600, 'b'.repeat(32))).data!.contributeCommunityPointsCommunityGoal!.error).toEqual(expect.objectContaining({ code: 'USER_MAX_EXCEEDED' }));
    expect((await give(1000, 'c'.repeat(32))).data!.contributeCommunityPointsCommunityGoal!.error).toBeNull();
    // The same transaction again is taken once.
    expect((await give(1000, 'c'.repeat(32))).data!.contributeCommunityPointsCommunityGoal!.error).toBeNull();
    expect(world.balance(viewer, 'alpha')).toBe(1000);
    expect((await give(600, 'd'.repeat(32))).data!.contributeCommunityPointsCommunityGoal!.error).toEqual(expect.objectContaining({ code: 'USER_MAX_EXCEEDED' }));
    world.setBalance(viewer, 'alpha', 300);
    expect((await give(400, 'e'.repeat(32))).data!.contributeCommunityPointsCommunityGoal!.error).toEqual(expect.objectContaining({ code: 'INSUFFICIENT_POINTS' }));
    const mine = await gqlBody<{ user: { channel: { self: { communityPoints: { goalContributions: unknown[] } } } } }>(fetch, 'UserPointsContribution', { channelLogin: 'alpha' }, page);
    expect(mine.data!.user.channel.self.communityPoints.goalContributions).toEqual([expect.objectContaining({ goal: expect.objectContaining({ id: g.id }), userPointsContributedThisStream: 1000 })]);
  });
});
