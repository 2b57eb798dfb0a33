import { describe, expect, it } from 'vitest';
import { bodyText, fromTwitchPage, observeHashes, type ObservedRequest } from '../../lib/engine/background/page-hashes';
import { healthSummary } from '../../lib/engine/health';
import { runTick, type TickOutcome } from '../../lib/engine/tick';
import { readKv, writeKv } from '../../lib/store/kv';
import { listActivity } from '../../lib/store/repos';
import { GQL_URL } from '../../lib/twitch/constants';
import { attemptsOf, HashBook, KEEP_PER_OPERATION, learnHashes, SEEN_REFRESH_MS, type LearnedHashes } from '../../lib/twitch/hashes';
import { OPERATIONS } from '../../lib/twitch/ops';
import { MAX_BODY_CHARS, pageHashes } from '../../lib/twitch/page-hashes';
import { simFetch } from '../sim/fetch';
import { ROTATED_READS, rotatedHash } from '../sim/hashes';
import type { Sim } from '../sim/server';
import type { World } from '../sim/world';
import { codes, freshDb, HOUR, MIN, viewerWorld } from './helpers';

const hex = (c: string) => c.repeat(64);
const builtIn = (op: string) => OPERATIONS[op]!.hash!;
const persisted = (operationName: string, hash: string, variables: object = {}) => ({ operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } });
const bytes = (text: string) => ({ raw: [{ bytes: new TextEncoder().encode(text).buffer as ArrayBuffer }] });
/** A twitch.tv tab's GQL request as Chrome's webRequest describes it. */
const tabRequest = (body: string, extra: Partial<ObservedRequest> = {}): ObservedRequest => ({ url: GQL_URL, tabId: 7, initiator: 'https://www.twitch.tv', requestBody: bytes(body), ...extra });

describe("the page's GQL bodies", () => {
  it('yields the hashes of registry operations that differ from the built-in ones, and nothing of the variables', () => {
    const body = JSON.stringify([
      persisted('Inventory', hex('a'), { fetchRewardCampaigns: false }),
      persisted('ChannelPointsContext', hex('b'), { channelLogin: 'secretchannel', includeGoalTypes: ['CREATOR'] }),
      persisted('ViewerDropsDashboard', builtIn('ViewerDropsDashboard')), // the built-in one: nothing to learn
      persisted('SomePageOnlyOperation', hex('c')), // not Minert's
      persisted('FollowedLiveUsers', hex('d')), // Minert sends it raw: no hash to replace
      persisted('Inventory', 'not-a-hash'),
      persisted('Inventory', hex('A')), // not lower-case hex
      { operationName: 'ChannelPointsContext', query: 'query { user { id } }' },
      persisted('Inventory', hex('a')), // twice in one batch: once
      null,
      42,
    ]);
    const seen = pageHashes(body);
    expect(seen).toEqual([
      { operation: 'Inventory', hash: hex('a') },
      { operation: 'ChannelPointsContext', hash: hex('b') },
    ]);
    expect(JSON.stringify(seen)).not.toContain('secretchannel');
    // One object rather than a batch.
    expect(pageHashes(JSON.stringify(persisted('Inventory', hex('e'))))).toEqual([{ operation: 'Inventory', hash: hex('e') }]);
  });

  it('tolerates garbage and bounds what it reads', () => {
    for (const garbage of ['', 'not json', '{"operationName": "Inventory"', 'null', '"text"', '[[[]]]', JSON.stringify({ operationName: 'Inventory', extensions: { persistedQuery: 'x' } }), JSON.stringify({ operationName: 'toString', extensions: { persistedQuery: { sha256Hash: hex('a') } } })]) {
      expect(pageHashes(garbage), garbage).toEqual([]);
    }
    // A batch longer than 100 items: the first 100 are read.
    const long = [...Array.from({ length: 100 }, () => persisted('Inventory', builtIn('Inventory'))), persisted('Inventory', hex('f'))];
    expect(pageHashes(JSON.stringify(long))).toEqual([]);
    // A body too big is not read at all.
    const big = JSON.stringify([persisted('Inventory', hex('f'), { pad: 'x'.repeat(MAX_BODY_CHARS) })]);
    expect(pageHashes(big)).toEqual([]);
    expect(bodyText(bytes(big))).toBe('');
    expect(bodyText(null)).toBe('');
    expect(bodyText({ raw: [{}] })).toBe('');
  });

  it('keeps a handful of hashes per operation, most recently seen first, and changes nothing on a repeat', () => {
    let table: LearnedHashes = {};
    const t = 1_000_000;
    for (let i = 0; i < 6; i++) table = learnHashes(table, [{ operation: 'Inventory', hash: hex(String(i)) }], t + i)!;
    expect(table.Inventory!.map((l) => l.hash)).toEqual(['5', '4', '3', '2'].map(hex));
    expect(table.Inventory).toHaveLength(KEEP_PER_OPERATION);
    // The page sends the same again and again: no change, nothing to write, for an hour.
    expect(learnHashes(table, [{ operation: 'Inventory', hash: hex('5') }], t + 10 * MIN)).toBeNull();
    const later = learnHashes(table, [{ operation: 'Inventory', hash: hex('3') }], t + SEEN_REFRESH_MS + 10)!;
    expect(later.Inventory!.map((l) => l.hash)).toEqual(['3', '5', '4', '2'].map(hex));
    expect(later.Inventory![0]).toMatchObject({ seenAt: t + 3, lastSeenAt: t + SEEN_REFRESH_MS + 10 });
    // One that failed since it was seen counts as new when the page sends it again.
    const failed = structuredClone(table);
    failed.Inventory![0]!.failedAt = t + 20;
    expect(learnHashes(failed, [{ operation: 'Inventory', hash: hex('5') }], t + 30)!.Inventory![0]).toMatchObject({ hash: hex('5'), lastSeenAt: t + 30 });
  });

  it('orders the names of an operation: learned that worked in this version, built-in, other learned, raw document last', () => {
    const now = 5_000_000;
    const table: LearnedHashes = {
      ChannelPointsContext: [
        { hash: hex('1'), seenAt: 1, lastSeenAt: 40 },
        { hash: hex('2'), seenAt: 1, lastSeenAt: 30, workedIn: '0.2.0', workedAt: 30 },
        { hash: hex('3'), seenAt: 1, lastSeenAt: 20, failedAt: 25 }, // failed since last seen: skipped
        { hash: hex('4'), seenAt: 1, lastSeenAt: 10, workedIn: '0.1.0', workedAt: 10 },
      ],
    };
    const names = (version: string) => attemptsOf(OPERATIONS.ChannelPointsContext!, new HashBook(table, version, now)).map((a) => ('hash' in a ? a.hash.slice(0, 1) : 'raw'));
    expect(names('0.2.0')).toEqual(['2', builtIn('ChannelPointsContext').slice(0, 1), '1', '4', 'raw']);
    expect(names('0.3.0')).toEqual([builtIn('ChannelPointsContext').slice(0, 1), '1', '2', '4', 'raw']);
    // Without a book: the built-in hash, then the raw document; a raw operation is its document alone.
    expect(attemptsOf(OPERATIONS.ChannelPointsContext!).map((a) => a.via.source)).toEqual(['built-in', 'raw']);
    expect(attemptsOf(OPERATIONS.Inventory!).map((a) => a.via.source)).toEqual(['built-in']);
    expect(attemptsOf(OPERATIONS.FollowedLiveUsers!).map((a) => a.via.source)).toEqual(['raw']);
  });
});

describe("observing the page's requests", () => {
  const inventory = JSON.stringify([persisted('Inventory', hex('a'), { fetchRewardCampaigns: false })]);

  it('counts only twitch.tv pages (a tab, or a twitch.tv frame Minert hosts), never Minert itself', () => {
    expect(fromTwitchPage(tabRequest(inventory))).toBe(true);
    // Firefox names the document.
    expect(fromTwitchPage(tabRequest(inventory, { initiator: undefined, originUrl: 'https://www.twitch.tv/drops/inventory', documentUrl: 'https://www.twitch.tv/drops/inventory' }))).toBe(true);
    // A twitch.tv frame in Minert's offscreen document or event page: no tab.
    expect(fromTwitchPage(tabRequest(inventory, { tabId: -1 }))).toBe(true);
    // Minert's own fetches name the extension.
    expect(fromTwitchPage(tabRequest(inventory, { tabId: -1, initiator: 'chrome-extension://abcdefghijklmnop' }))).toBe(false);
    expect(fromTwitchPage(tabRequest(inventory, { tabId: -1, initiator: undefined, originUrl: 'moz-extension://0f1e2d3c/background.html', documentUrl: 'moz-extension://0f1e2d3c/background.html' }))).toBe(false);
    expect(fromTwitchPage(tabRequest(inventory, { initiator: undefined }))).toBe(false); // names no document
    expect(fromTwitchPage(tabRequest(inventory, { initiator: 'https://evil.example' }))).toBe(false);
    expect(fromTwitchPage(tabRequest(inventory, { initiator: 'https://twitch.tv.evil.example' }))).toBe(false);
    expect(fromTwitchPage(tabRequest(inventory, { url: 'https://gql.twitch.tv/integrity' }))).toBe(false);
  });

  it('stores operation, hash and times only, writes only when something is new, and ticks when the operation is stale', async () => {
    const store = await freshDb();
    let puts = 0;
    // The store, its writes counted.
    const db = new Proxy(store, {
      get(target, key) {
        const value = Reflect.get(target, key) as unknown;
        if (key === 'put') puts++;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    let now = 10 * HOUR;
    const ticks: string[] = [];
    const p = { db, clock: { now: () => now }, tick: async (reason: string) => void ticks.push(reason) };
    const secret = JSON.stringify([persisted('Inventory', hex('a'), { channelLogin: 'secretchannel' })]);
    await observeHashes(p, tabRequest(secret));
    expect(await readKv(db, 'learned-hashes')).toEqual({ Inventory: [{ hash: hex('a'), seenAt: now, lastSeenAt: now }] });
    expect(JSON.stringify(await db.getAll('kv'))).not.toContain('secretchannel');
    expect(puts).toBe(1);
    expect(ticks).toEqual([]); // Inventory is not failing: no tick
    // The page asks again and again: no write.
    for (let i = 0; i < 20; i++) {
      now += 30_000;
      await observeHashes(p, tabRequest(secret));
    }
    // Requests that are not the page's, or name only built-in hashes, cost nothing either.
    await observeHashes(p, tabRequest(JSON.stringify([persisted('Inventory', hex('b'))]), { tabId: -1, initiator: 'chrome-extension://abcdefghijklmnop' }));
    await observeHashes(p, tabRequest(JSON.stringify([persisted('Inventory', builtIn('Inventory'))])));
    await observeHashes(p, tabRequest('garbage'));
    expect(puts).toBe(1);
    // Twitch no longer knows ViewerDropsDashboard's built-in hash: a new one from the page ticks at once.
    await writeKv(db, 'wire-health', { ops: { ViewerDropsDashboard: { at: now, ok: false, kind: 'persisted-query-not-found' } }, blockedHosts: {} });
    await observeHashes(p, tabRequest(JSON.stringify([persisted('ViewerDropsDashboard', hex('c'))])));
    expect(ticks).toEqual(['learned-hash']);
    expect(Object.keys((await readKv(db, 'learned-hashes'))!)).toEqual(['Inventory', 'ViewerDropsDashboard']);
  });
});

const QUEST = { id: '509670', name: 'Sim Quest' };

/** A viewer mining a drop on a followed channel, every GQL item Minert sends recorded (operation, hash or raw). */
async function miningWorld(extra: (w: World) => void = () => undefined) {
  const sent: { operation: string; hash?: string; raw: boolean }[] = [];
  let sim: Sim | undefined;
  let inner: typeof fetch | undefined;
  const recording = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(GQL_URL) && typeof init?.body === 'string') {
      const body = JSON.parse(init.body) as unknown;
      for (const item of (Array.isArray(body) ? body : [body]) as { operationName: string; query?: string; extensions?: { persistedQuery: { sha256Hash: string } } }[]) {
        sent.push({ operation: item.operationName, hash: item.extensions?.persistedQuery.sha256Hash, raw: typeof item.query === 'string' });
      }
    }
    inner ??= simFetch(sim!);
    return inner(input, init);
  }) as typeof fetch;
  const world = await viewerWorld(
    (w, t) => {
      const viewer = w.users.get('viewer')!;
      w.addChannel('questing', { live: true, game: QUEST, dropsEnabled: true, viewers: 900 });
      w.follow(viewer, 'questing');
      w.setBalance(viewer, 'questing', 20_000);
      w.addCampaign({ id: 'quest', name: 'Quest week', game: QUEST, startAt: t - MIN, endAt: t + 48 * HOUR, drops: [{ id: 'hat', name: 'Quest hat', requiredMinutes: 600, benefit: { name: 'Quest hat' } }] });
      extra(w);
    },
    { transport: { fetch: recording } },
  );
  sim = world.sim;
  world.deps.version = '0.2.0';
  const tick = (reason = 'alarm') => runTick(world.deps, { reason });
  const at = (ms: number) => world.sim.clock.advance(world.t0 + ms - world.sim.clock.now());
  const health = async () => (await readKv(world.db, 'wire-health'))!;
  /** What twitch.tv's home page sends, as the browser would report it to the background. */
  const pageRequest = async (): Promise<ObservedRequest> => {
    const html = await (await simFetch(world.sim)('https://www.twitch.tv/')).text();
    const body = JSON.parse(/body: ("(?:[^"\\]|\\.)*")/.exec(html)![1]!) as string;
    return tabRequest(body);
  };
  return { ...world, sent, tick, at, health, pageRequest };
}

describe('reads that heal with the hashes the page uses', () => {
  it('fails the three reads after a deploy, and reads campaigns and balances again in the one tick after the page is seen', async () => {
    const w = await miningWorld();
    expect((await w.tick()) as TickOutcome).toMatchObject({ ran: true });
    expect(await readKv(w.db, 'campaigns')).toMatchObject({ at: w.t0 });
    // Twitch deploys: the three reads' hashes are retired; this Twitch answers no raw ChannelPointsContext either.
    w.sim.world.rotateReads();
    w.sim.world.wire.rawPointsContext = false;
    w.at(16 * MIN); // the inventory and the balance are due
    await w.tick();
    w.at(61 * MIN); // the campaign list is due
    await w.tick();
    expect(healthSummary(await w.health()).stale.sort()).toEqual([...ROTATED_READS].sort());
    expect((await readKv(w.db, 'campaigns'))!.at).toBe(w.t0);
    const balanceAt = (await w.db.get('channels', 'questing'))!.pointsUpdatedAt;

    // The viewer opens twitch.tv once: its request names the new hashes; the background learns them and ticks.
    w.at(62 * MIN);
    const seenAt = w.sim.clock.now();
    const ticks: Promise<unknown>[] = [];
    await observeHashes({ db: w.db, clock: w.deps.clock, tick: (reason) => (ticks.push(w.tick(reason)), ticks.at(-1)!) }, await w.pageRequest());
    expect(Object.fromEntries(Object.entries((await readKv(w.db, 'learned-hashes'))!).map(([op, l]) => [op, l.map((h) => h.hash)]))).toEqual(
      Object.fromEntries(ROTATED_READS.map((op) => [op, [rotatedHash(op)]])),
    );
    expect(ticks).toHaveLength(1);
    await ticks[0];

    // That one tick read the campaigns (dashboard, details, inventory) and the balance with the learned hashes.
    expect((await readKv(w.db, 'campaigns'))!.at).toBe(seenAt);
    expect((await w.db.get('channels', 'questing'))!.pointsUpdatedAt).toBe(seenAt);
    expect(balanceAt).toBeLessThan(seenAt);
    const h = await w.health();
    for (const op of ROTATED_READS) expect(h.ops[op], op).toMatchObject({ ok: true, at: seenAt, source: 'learned', learnedAt: seenAt });
    expect(h.ops.DropCampaignDetails).toMatchObject({ ok: true, source: 'built-in' });
    expect(healthSummary(h).stale).toEqual([]);
    const learned = (await readKv(w.db, 'learned-hashes'))!;
    for (const op of ROTATED_READS) expect(learned[op]![0], op).toMatchObject({ workedIn: '0.2.0', workedAt: seenAt });
    const log = (await listActivity(w.db)).filter((l) => l.ts >= seenAt);
    expect(log.filter((l) => l.code === 'logHashLearned').map((l) => l.args[0]).sort()).toEqual([...ROTATED_READS].sort());
    expect(codes(log).some((c) => c.startsWith('logCampaignsRead'))).toBe(true);
    expect(codes(log).filter((c) => /Failed|Error/.test(c))).toEqual([]);
  });

  it('uses a learned hash that worked first, until a new version: then the built-in one first, the learned one after', async () => {
    const w = await miningWorld();
    w.sim.world.rotateReads();
    await observeHashes({ db: w.db, clock: w.deps.clock, tick: async () => undefined }, await w.pageRequest());
    await w.tick();
    const inventory = () => w.sent.filter((s) => s.operation === 'Inventory').map((s) => (s.hash === rotatedHash('Inventory') ? 'learned' : s.hash === builtIn('Inventory') ? 'built-in' : s.hash));
    // The first time: the built-in hash, asked twice (Twitch forgets a hash now and then), then the learned one.
    expect(inventory()).toEqual(['built-in', 'built-in', 'learned']);
    w.sent.length = 0;
    w.at(16 * MIN);
    await w.tick();
    // It worked under this version: it goes first, alone.
    expect(inventory()).toEqual(['learned']);
    expect(new Set(w.sent.filter((s) => s.operation === 'ChannelPointsContext').map((s) => s.hash))).toEqual(new Set([rotatedHash('ChannelPointsContext')]));
    expect(w.sent.some((s) => s.raw && s.operation === 'ChannelPointsContext')).toBe(false);

    // Minert is updated: its new built-in hash may be the current one, so it goes first again.
    w.deps.version = '0.3.0';
    w.sent.length = 0;
    w.at(32 * MIN);
    await w.tick();
    expect(inventory()).toEqual(['built-in', 'built-in', 'learned']);
    expect((await readKv(w.db, 'learned-hashes'))!.Inventory![0]).toMatchObject({ workedIn: '0.3.0' });
    expect((await w.health()).ops.Inventory).toMatchObject({ ok: true, source: 'learned' });
    // And it worked under 0.3.0 too: first again from the next read on.
    w.sent.length = 0;
    w.at(48 * MIN);
    await w.tick();
    expect(inventory()).toEqual(['learned']);
  });

  it('reads balances with the raw ChannelPointsContext document while no hash is known, where Twitch answers it', async () => {
    const w = await miningWorld();
    w.sim.world.rotateReads(); // the lenient world answers the raw document
    await w.tick();
    const points = w.sent.filter((s) => s.operation === 'ChannelPointsContext');
    // Each read: the built-in hash twice, then the raw document.
    expect(points.map((s) => (s.raw ? 'raw' : s.hash === builtIn('ChannelPointsContext') ? 'built-in' : s.hash))).toEqual(points.flatMap((_, i) => (i % 3 ? [] : ['built-in', 'built-in', 'raw'])));
    expect(points.length).toBeGreaterThan(0);
    expect((await w.db.get('channels', 'questing'))!.balance).toBe(20_000);
    // The raw document is Minert's own: the health says built in.
    expect((await w.health()).ops.ChannelPointsContext).toMatchObject({ ok: true, source: 'built-in' });
    // Once the page is seen, its hash goes before the raw document.
    await observeHashes({ db: w.db, clock: w.deps.clock, tick: async () => undefined }, await w.pageRequest());
    w.sent.length = 0;
    w.at(8 * MIN);
    await w.tick();
    // The first read: built-in twice, then the learned hash, which works; the tick's later reads go to it first.
    const after = w.sent.filter((s) => s.operation === 'ChannelPointsContext').map((s) => (s.raw ? 'raw' : s.hash === rotatedHash('ChannelPointsContext') ? 'learned' : 'built-in'));
    expect(after.slice(0, 3)).toEqual(['built-in', 'built-in', 'learned']);
    expect(new Set(after.slice(3))).toEqual(new Set(after.length > 3 ? ['learned'] : []));
    expect((await w.health()).ops.ChannelPointsContext).toMatchObject({ ok: true, source: 'learned' });
  });

  it('marks a learned hash Twitch does not know, and skips it until the page sends it again', async () => {
    const w = await miningWorld();
    // The page once sent a hash Twitch no longer knows (or never did).
    await writeKv(w.db, 'learned-hashes', { Inventory: [{ hash: hex('9'), seenAt: w.t0, lastSeenAt: w.t0 }] });
    w.sim.world.rotateHash('Inventory', rotatedHash('Inventory'));
    w.sim.clock.advance(1_000);
    await w.tick();
    expect((await readKv(w.db, 'learned-hashes'))!.Inventory![0]).toMatchObject({ hash: hex('9'), failedAt: w.sim.clock.now() });
    expect((await w.health()).ops.Inventory).toMatchObject({ ok: false, kind: 'persisted-query-not-found', source: 'built-in' });
    w.sent.length = 0;
    w.at(6 * MIN);
    await w.tick(); // the campaigns again (after DROPS_RETRY_MS): the failed one is not asked
    expect(w.sent.filter((s) => s.operation === 'Inventory').map((s) => s.hash)).toEqual([builtIn('Inventory'), builtIn('Inventory')]);
  });
});
