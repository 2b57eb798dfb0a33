import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { MinertDB } from './schema';

type UpgradeTx = IDBPTransaction<MinertDB, StoreNames<MinertDB>[], 'versionchange'>;
type Migration = (db: IDBPDatabase<MinertDB>, tx: UpgradeTx) => Promise<void> | void;

/**
 * Migrations, in order: entry i takes a database from version i to version i + 1. Never edit a shipped entry;
 * append a new one. Each runs inside the upgrade transaction, so a failed upgrade leaves the old version intact.
 */
export const MIGRATIONS: Migration[] = [
  // v1: settings and state by name; the activity log.
  (db) => {
    db.createObjectStore('kv');
    const activity = db.createObjectStore('activity', { keyPath: 'id', autoIncrement: true });
    activity.createIndex('ts', 'ts');
  },
  // v2: channels; activity entries gain kind, level, count and firstTs (v1 rows had ts and message only).
  async (db, tx) => {
    const channels = db.createObjectStore('channels', { keyPath: 'login' });
    channels.createIndex('updatedAt', 'updatedAt');
    let cursor = await tx.objectStore('activity').openCursor();
    while (cursor) {
      const old = cursor.value as Partial<MinertDB['activity']['value']> & { ts: number; message: string };
      await cursor.update({
        ...old,
        kind: old.kind ?? 'legacy',
        level: old.level ?? 'info',
        count: old.count ?? 1,
        firstTs: old.firstTs ?? old.ts,
      } as MinertDB['activity']['value']); // (typing only: the row keeps its message until v6 makes it a code)
      cursor = await cursor.continue();
    }
  },
  // v3: watch sessions (channels gain optional watch fields; no rewrite needed).
  (db) => {
    const sessions = db.createObjectStore('watchSessions', { keyPath: 'id', autoIncrement: true });
    sessions.createIndex('login', 'login');
    sessions.createIndex('end', 'end');
  },
  // v4: the history of claimed drops, keyed by drop instance id (a claim recorded twice stays one row).
  (db) => {
    db.createObjectStore('dropClaims', { keyPath: 'instanceId' }).createIndex('claimedAt', 'claimedAt');
  },
  // v5: prediction bets, and the history of balance changes with their reasons.
  (db) => {
    db.createObjectStore('bets', { keyPath: 'eventId' }).createIndex('placedAt', 'placedAt');
    const history = db.createObjectStore('pointsHistory', { keyPath: 'id', autoIncrement: true });
    history.createIndex('at', 'at');
    history.createIndex('login', 'login');
  },
  // v6: activity entries are a message key with its arguments, shown in the viewer's language (lib/activity.ts). A row
  // of an earlier version keeps its text, as written then, as the argument of 'logLegacy'.
  async (_db, tx) => {
    let cursor = await tx.objectStore('activity').openCursor();
    while (cursor) {
      const { message, ...rest } = cursor.value as unknown as Record<string, unknown>;
      if (typeof rest.code !== 'string' || !Array.isArray(rest.args)) {
        const args = [typeof message === 'string' ? message : String(message ?? '')];
        await cursor.update({ ...rest, code: 'logLegacy', args } as MinertDB['activity']['value']);
      }
      cursor = await cursor.continue();
    }
  },
];

export const DB_VERSION = MIGRATIONS.length;
