import { describe, expect, it } from 'vitest';
import { runTick } from '../../lib/engine/tick';
import { KV, KvDraft, parseKv, pruneKv, readKv, writeKv, type KvKey } from '../../lib/store/kv';
import { freshDb, HOUR, MIN, runTicks, viewerWorld } from './helpers';

const G1 = { id: 'g1', name: 'Game One' };

/** A viewer with a drop to mine on a followed channel, a chest, a prediction, a raid: most small records get written. */
const busyWorld = () =>
  viewerWorld(
    (w, t) => {
      w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true, viewers: 900 });
      w.addChannel('other', { live: true, game: G1, viewers: 50 });
      w.follow(w.users.get('viewer')!, 'gamer');
      w.follow(w.users.get('viewer')!, 'other');
      w.addCampaign({ id: 'A', name: 'Season', game: G1, startAt: t, endAt: t + 20 * HOUR, drops: [{ id: 'A1', name: 'Hat', requiredMinutes: 30, benefit: { name: 'Hat' } }] });
      w.addRewardCampaign({ id: 'R', name: 'Sub bonus', brand: 'Brand', startAt: t, endAt: t + 20 * HOUR, subsGoal: 1, aboutURL: 'https://brand.example', rewards: [{ name: 'Bonus' }] });
    },
    { claims: 'activation', settings: { streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true } } },
  );

describe('the small records (lib/store/kv.ts)', () => {
  it('every record the engine writes reads back through its schema whole: nothing refused, nothing dropped', async () => {
    const { sim, db, deps } = await busyWorld();
    await runTicks(sim, deps, 20 * MIN);
    sim.world.offerClaim(sim.world.users.get('viewer')!, 'gamer');
    const event = sim.world.createPrediction('gamer', { title: 'Win?', outcomes: ['Yes', 'No'], windowSeconds: 600 });
    sim.world.addBettor(event, 0, 100, 10);
    await runTicks(sim, deps, 30 * MIN);
    const keys = (await db.getAllKeys('kv')).map(String);
    // The tick's own records are among them, not only what the test wrote.
    expect(keys).toEqual(expect.arrayContaining(['plan', 'campaigns', 'reward-campaigns', 'mutations', 'wire-health', 'device-auth', 'spade', 'live-checked', 'follows-synced', 'predictions', 'session', 'settings']));
    expect(keys.some((k) => k.startsWith('drop-channels:'))).toBe(true);
    for (const key of keys) {
      const raw = await db.get('kv', key);
      expect(parseKv(key as KvKey, raw), key).toEqual(raw);
    }
  });

  it('a record in a shape no longer known reads as absent; the tick goes on and writes it anew', async () => {
    const { sim, db, deps } = await busyWorld();
    await db.put('kv', { slots: 'gamer', reasons: null }, 'plan');
    await db.put('kv', { at: 'yesterday', value: [{ id: 1 }] }, 'campaigns');
    await db.put('kv', 42, 'wire-health');
    expect(await readKv(db, 'plan')).toBeUndefined();
    const out = await runTick(deps, { reason: 'alarm' });
    expect(out.ran).toBe(true);
    expect((await readKv(db, 'plan'))?.slots).toContain('gamer');
    expect((await readKv(db, 'campaigns'))?.value.map((c) => c.id)).toEqual(['A']);
    expect(await readKv(db, 'wire-health')).toMatchObject({ ops: expect.any(Object) });
    void sim;
  });

  it('a tick reads each small record once, most of them in one transaction', async () => {
    const { sim, db, deps } = await busyWorld();
    await runTicks(sim, deps, 5 * MIN);
    const reads: string[] = [];
    let transactions = 0;
    // Every read of the kv store, one by one (db.get) or several in one transaction (KvDraft.prefetch).
    const transaction = db.transaction.bind(db) as (...a: unknown[]) => ReturnType<typeof db.transaction>;
    db.transaction = ((...a: unknown[]) => {
      const tx = transaction(...a);
      if (a[0] === 'kv' && a[1] === 'readonly') {
        transactions++;
        const store = (tx as unknown as { store: { get(key: string): Promise<unknown> } }).store;
        const g = store.get.bind(store);
        store.get = (key: string) => (reads.push(key), g(key));
      }
      return tx;
    }) as typeof db.transaction;
    await runTick(deps, { reason: 'alarm' });
    const twice = reads.filter((k, i) => reads.indexOf(k) !== i);
    expect(twice).toEqual([]);
    expect(reads.length).toBeGreaterThan(5);
    expect(transactions).toBeLessThan(reads.length / 2);
  });

  it('records that ran out are pruned, the others kept', async () => {
    const { db, sim } = await busyWorld();
    const now = sim.clock.now();
    await writeKv(db, 'drop-channels:old', { at: now - 25 * HOUR, value: ['a'] });
    await writeKv(db, 'drop-channels:new', { at: now - HOUR, value: ['b'] });
    await writeKv(db, 'activation', { deviceCode: 'd', userCode: 'U', verificationUri: 'https://www.twitch.tv/activate', expiresAt: now - 1, intervalMs: 5000 });
    await writeKv(db, 'raid', { target: 'b', from: 'a', until: now + MIN });
    await db.put('kv', 'garbage', 'drop-channels:broken');
    expect(await pruneKv(db, now)).toBe(3);
    expect((await db.getAllKeys('kv')).map(String).filter((k) => k !== 'settings' && k !== 'integrity' && k !== 'device-auth').sort()).toEqual(['drop-channels:new', 'raid']);
  });

  it('names a schema for every key the code writes', async () => {
    const { readFileSync, readdirSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
    const code = walk('lib').filter((f) => /\.tsx?$/.test(f)).map((f) => readFileSync(f, 'utf8')).join('\n');
    const written = [...code.matchAll(/(?:kv\.set|writeKv\([^,]+,|deleteKv\([^,]+,|readKv\([^,]+,|kv\.get)\(?\s*'([a-z-]+)'/g)].map((m) => m[1]!);
    expect(written.length).toBeGreaterThan(20);
    expect(written.filter((k) => !(k in KV))).toEqual([]);
    // And no stored read is cast past its schema.
    const casts = walk('lib').filter((f) => !f.startsWith('lib/store') && /\.tsx?$/.test(f)).filter((f) => /get\('kv'/.test(readFileSync(f, 'utf8')));
    expect(casts).toEqual([]);
  });
});

describe('the channel records between ticks (lib/store/channels.ts)', () => {
  it('are read once, kept while nobody writes, and read again after another writer', async () => {
    const { freshDb } = await import('./helpers');
    const { ChannelCache, putChannels } = await import('../../lib/store/channels');
    const db = await freshDb();
    const write = async (recs: { login: string; live: boolean | null; updatedAt: number }[]) => {
      const tx = db.transaction(['kv', 'channels'], 'readwrite');
      const rev = await putChannels(tx, recs);
      await tx.done;
      return rev;
    };
    await write([{ login: 'a', live: true, updatedAt: 1 }]);
    const cache = new ChannelCache(db);
    // Count the reads of the whole channels store.
    let reads = 0;
    const counting = db.transaction.bind(db);
    db.transaction = ((...args: Parameters<typeof db.transaction>) => {
      const tx = counting(...args);
      const store = tx.objectStore.bind(tx);
      tx.objectStore = ((name: 'channels') => {
        const s = store(name);
        if (name === 'channels') {
          const all = s.getAll.bind(s);
          s.getAll = ((...a: Parameters<typeof all>) => (reads++, all(...a))) as typeof s.getAll;
        }
        return s;
      }) as typeof tx.objectStore;
      return tx;
    }) as typeof db.transaction;
    expect([...(await cache.all()).keys()]).toEqual(['a']);
    expect([...(await cache.all()).keys()]).toEqual(['a']);
    expect(reads).toBe(1);
    // The cache's own writer: kept up to date without a read.
    const b = { login: 'b', live: false, updatedAt: 2 };
    cache.wrote(await write([b]), [b]);
    expect([...(await cache.all()).keys()].sort()).toEqual(['a', 'b']);
    expect(reads).toBe(1);
    // Another writer (the options page's channel list, a twitch.tv tab): read again.
    await write([{ login: 'c', live: null, updatedAt: 3 }]);
    expect([...(await cache.all()).keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(reads).toBe(2);
    // A record is never changed in place (the next tick would see a write that never happened).
    const rec = (await cache.all()).get('a')!;
    expect(() => Object.assign(rec, { live: false })).toThrow(TypeError);
  });
});

describe('a tick reads what the last one read, in one transaction', () => {
  it('gives the same values as reading one by one, sees its own writes, and forgets keys no tick reads any more', async () => {
    const db = await freshDb();
    await writeKv(db, 'spade', { url: 'https://spade.twitch.tv/track', at: 1 });
    await writeKv(db, 'raid', { target: 'a', from: 'b', until: 2 });
    const first = new KvDraft(db);
    await first.prefetch();
    expect(await first.get('spade')).toEqual({ url: 'https://spade.twitch.tv/track', at: 1 });
    expect(await first.get('raid')).toEqual({ target: 'a', from: 'b', until: 2 });
    // Another writer between ticks: the next tick's prefetch sees it.
    await writeKv(db, 'spade', { url: 'https://spade.twitch.tv/v2', at: 3 });
    await db.put('kv', { broken: true }, 'raid');
    const second = new KvDraft(db);
    await second.prefetch();
    expect(await second.get('spade')).toEqual({ url: 'https://spade.twitch.tv/v2', at: 3 });
    second.set('spade', null);
    expect(await second.get('spade')).toBeUndefined();
    // A value that no longer parses reads as absent, as readKv says.
    const third = new KvDraft(db);
    await third.prefetch();
    expect(await third.get('raid')).toBe(await readKv(db, 'raid'));
  });
});
