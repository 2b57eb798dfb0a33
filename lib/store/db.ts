import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, MIGRATIONS } from './migrations';
import { DB_NAME, type MinertDB } from './schema';

export type Db = IDBPDatabase<MinertDB>;

/**
 * Opens (and upgrades) the database. `version` is for tests that write an older version first. A migration that
 * fails aborts the upgrade transaction: the database stays at its old version with all its rows, and this rejects.
 */
export async function openMinertDb(name = DB_NAME, version = DB_VERSION): Promise<Db> {
  let failure: unknown;
  const db: Db = await openDB<MinertDB>(name, version, {
    upgrade(upgrading, oldVersion, newVersion, tx) {
      const run = async () => {
        for (let v = oldVersion; v < (newVersion ?? version); v++) {
          const step = MIGRATIONS[v];
          if (!step) throw new Error(`no migration from version ${v}`);
          await step(upgrading, tx);
        }
      };
      tx.done.catch(() => {}); // an abort is reported through openDB's rejection below
      run().catch((e) => {
        failure = e;
        tx.abort();
      });
    },
    // A newer version (an updated extension) wants the database: let it upgrade.
    blocking: () => db.close(),
  }).catch((e) => {
    throw failure ?? e;
  });
  return db;
}
