import { openDB, type IDBPDatabase } from 'idb';
import { DB_VERSION, MIGRATIONS } from './migrations';
import { DB_NAME, type MinertDB } from './schema';

export type Db = IDBPDatabase<MinertDB>;

/** Opens (and upgrades) the database. `version` is for tests that write an older version first. */
export async function openMinertDb(name = DB_NAME, version = DB_VERSION): Promise<Db> {
  const db: Db = await openDB<MinertDB>(name, version, {
    async upgrade(upgrading, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? version); v++) {
        const step = MIGRATIONS[v];
        if (!step) throw new Error(`no migration from version ${v}`);
        await step(upgrading, tx);
      }
    },
    // A newer version (an updated extension) wants the database: let it upgrade.
    blocking: () => db.close(),
  });
  return db;
}
