import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { openMinertDb } from '../../lib/store/db';
import { DB_VERSION } from '../../lib/store/migrations';
import { ACTIVITY_LIMIT, appendActivity, listActivity, readActivity } from '../../lib/store/repos';
import { DEFAULT_SETTINGS, getSettings, saveSettings } from '../../lib/store/settings';
import { activityText } from '../../lib/activity';
import type { MessageKey } from '../../lib/i18n';
import { freshDb } from './helpers';

describe('IndexedDB migrations', () => {
  it('upgrades a version-1 database without losing rows', async () => {
    const name = `upgrade-${Math.random()}`;
    // What version 1 of Minert wrote.
    const v1 = await openMinertDb(name, 1);
    expect(v1.version).toBe(1);
    await v1.put('kv', { tickSeconds: 120 }, 'settings');
    const raw = v1 as unknown as import('idb').IDBPDatabase;
    for (let i = 0; i < 50; i++) await raw.add('activity', { ts: 1000 + i, message: `old entry ${i}` });
    v1.close();

    const db = await openMinertDb(name);
    expect(db.version).toBe(DB_VERSION);
    expect(await getSettings(db)).toMatchObject({ tickSeconds: 120, watchFollowed: true });
    const all = await db.getAll('activity');
    expect(all).toHaveLength(50);
    expect(all[7]).toMatchObject({ ts: 1007, firstTs: 1007, code: 'logLegacy', args: ['old entry 7'], kind: 'legacy', level: 'info', count: 1 });
    expect([...db.objectStoreNames].sort()).toEqual(['activity', 'bets', 'channels', 'dropClaims', 'kv', 'pointsHistory', 'watchSessions']);
    await db.put('channels', { login: 'x', live: null, updatedAt: 1 });
    db.close();
  });

  it('upgrades a version-2 database without losing channels', async () => {
    const name = `upgrade2-${Math.random()}`;
    const v2 = await openMinertDb(name, 2);
    await v2.put('channels', { login: 'kept', live: true, balance: 1234, updatedAt: 5 });
    v2.close();
    const db = await openMinertDb(name);
    expect(await db.get('channels', 'kept')).toEqual({ login: 'kept', live: true, balance: 1234, updatedAt: 5 });
    await db.add('watchSessions', { login: 'kept', streamId: 's', start: 1, end: 2, minutes: 1, passive: false });
    expect(await db.countFromIndex('watchSessions', 'login', 'kept')).toBe(1);
    db.close();
  });

  it('upgrades a version-5 log of texts to codes, each line kept as it was written', async () => {
    const name = `upgrade5-${Math.random()}`;
    const v5 = await openMinertDb(name, 5);
    const raw = v5 as unknown as import('idb').IDBPDatabase;
    await raw.add('activity', { ts: 10, firstTs: 8, kind: 'points', level: 'info', message: 'alpha: bonus chest claimed, +50', count: 3 });
    await raw.add('activity', { ts: 11, firstTs: 11, kind: 'session', level: 'warn', message: 'Pas connecté à twitch.tv', count: 1 });
    v5.close();

    const db = await openMinertDb(name);
    const rows = await db.getAll('activity');
    expect(rows).toEqual([
      { id: 1, ts: 10, firstTs: 8, kind: 'points', level: 'info', code: 'logLegacy', args: ['alpha: bonus chest claimed, +50'], count: 3 },
      { id: 2, ts: 11, firstTs: 11, kind: 'session', level: 'warn', code: 'logLegacy', args: ['Pas connecté à twitch.tv'], count: 1 },
    ]);
    // Read back and shown as they were written, in whatever language that was.
    expect((await listActivity(db)).map(activityText)).toEqual(['Pas connecté à twitch.tv', 'alpha: bonus chest claimed, +50']);
    // A new line after them folds by code and arguments, never into a legacy one.
    const tx = db.transaction('activity', 'readwrite');
    await appendActivity(tx.store, { kind: 'session', level: 'warn', code: 'logNotLoggedIn', args: [] }, 12);
    await tx.done;
    expect((await listActivity(db)).map((a) => [a.code, a.count])).toEqual([['logNotLoggedIn', 1], ['logLegacy', 1], ['logLegacy', 3]]);
    db.close();
  });

  it('upgrades from every earlier version to the latest, keeping what each version stored', async () => {
    for (let from = 1; from < DB_VERSION; from++) {
      const name = `every-${from}-${Math.random()}`;
      const old = await openMinertDb(name, from);
      await old.put('kv', { tickSeconds: 45 }, 'settings');
      await old.put('kv', `written by v${from}`, 'marker');
      old.close();
      const db = await openMinertDb(name);
      expect(db.version).toBe(DB_VERSION);
      expect(await db.get('kv', 'marker')).toBe(`written by v${from}`);
      expect((await getSettings(db)).tickSeconds).toBe(45);
      db.close();
    }
  });

  it('leaves the old version intact when an upgrade fails', async () => {
    const name = `failing-${Math.random()}`;
    const v1 = await openMinertDb(name, 1);
    await v1.put('kv', 'kept', 'marker');
    v1.close();
    // A broken upgrade (a version with no migration) aborts; the data stays at version 1.
    await expect(openMinertDb(name, DB_VERSION + 1)).rejects.toThrow(/no migration/);
    const again = await openDB(name);
    expect(again.version).toBe(1);
    expect(await again.get('kv', 'marker')).toBe('kept');
    again.close();
  });
});

describe('repositories', () => {
  it('folds a repeated activity line and keeps the log bounded', async () => {
    const db = await freshDb();
    const append = async (login: string, now: number, reason: MessageKey = 'reasonStreak') => {
      const tx = db.transaction('activity', 'readwrite');
      await appendActivity(tx.store, { kind: 'test', code: 'logWatchingChannel', args: [login, { code: reason, args: [] }] }, now);
      await tx.done;
    };
    await append('same', 1);
    await append('same', 2);
    await append('other', 3);
    // The same code with other arguments (here, nested ones) is another line.
    await append('other', 4, 'reasonDrops');
    const [newest, latest, folded] = await listActivity(db, 5);
    expect(newest).toMatchObject({ args: ['other', { code: 'reasonDrops', args: [] }], count: 1 });
    expect(latest).toMatchObject({ code: 'logWatchingChannel', args: ['other', { code: 'reasonStreak', args: [] }], count: 1 });
    expect(folded).toMatchObject({ args: ['same', { code: 'reasonStreak', args: [] }], count: 2, firstTs: 1, ts: 2 });

    for (let i = 0; i < ACTIVITY_LIMIT + 10; i++) await append(`line ${i}`, 10 + i);
    expect(await db.count('activity')).toBe(ACTIVITY_LIMIT);
    expect((await listActivity(db, 1))[0]!.args[0]).toBe(`line ${ACTIVITY_LIMIT + 9}`);
  });

  it('skips and counts a stored log line that does not parse, never failing the read', async () => {
    const db = await freshDb();
    const line = { firstTs: 1, kind: 'k', level: 'info', count: 1 };
    const rows = [
      { ...line, ts: 1, code: 'logPaused', args: [] },
      { ...line, ts: 2, message: 'a line never converted' },
      { ...line, ts: 3, code: 'logSessionValid', args: [{ nested: 'not a text' }] },
      { ...line, ts: 4, code: 42, args: [] },
      { ...line, ts: 5, code: 'logSessionValid', args: ['viewer'], level: 'loud' },
      { ...line, ts: 6, code: 'logFollowsRead', args: [12] },
    ];
    for (const r of rows) await db.add('activity', r as never);
    expect(await readActivity(db, 2)).toEqual({
      entries: [expect.objectContaining({ ts: 6, code: 'logFollowsRead' }), expect.objectContaining({ ts: 1, code: 'logPaused' })],
      skipped: 4,
    });
    expect((await listActivity(db)).map(activityText)).toEqual(['Follow list read: 12 channels', 'Paused: nothing is watched, claimed or bet']);
  });

  it('persists settings and refuses a value out of range', async () => {
    const db = await freshDb();
    expect(await getSettings(db)).toEqual(DEFAULT_SETTINGS);
    await saveSettings(db, { tickSeconds: 300 });
    await saveSettings(db, { priorities: ['DROPS', 'ORDER'] });
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, tickSeconds: 300, priorities: ['DROPS', 'ORDER'] });
    await expect(saveSettings(db, { tickSeconds: 5 })).rejects.toThrow();
    expect((await getSettings(db)).tickSeconds).toBe(300);
  });

  it('reads a corrupt settings record as defaults without overwriting it', async () => {
    const db = await freshDb();
    await db.put('kv', { tickSeconds: 'soon', watchFollowed: false }, 'settings');
    expect(await getSettings(db)).toEqual({ ...DEFAULT_SETTINGS, watchFollowed: false });
    expect(await db.get('kv', 'settings')).toEqual({ tickSeconds: 'soon', watchFollowed: false });
  });

  it("keeps the viewer's channel defaults stored before chests and moments had a switch", async () => {
    const db = await freshDb();
    const old = { enabled: true, points: false, drops: true, watchStreak: false, predictions: true, raids: false };
    await db.put('kv', { streamerDefaults: old }, 'settings');
    expect((await getSettings(db)).streamerDefaults).toEqual({ ...old, bonus: true, moments: true });
    await saveSettings(db, { notifyBets: false });
    expect(await getSettings(db)).toMatchObject({ notifyBets: false, streamerDefaults: { ...old, bonus: true, moments: true } });
  });
});
