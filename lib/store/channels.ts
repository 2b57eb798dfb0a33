import type { IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { Db } from './db';
import { parseKv } from './kv';
import type { ChannelRecord, MinertDB } from './schema';

type Stores = ['kv', 'channels'];
type WriteTx = IDBPTransaction<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'readwrite'>;

/**
 * The channel records (a thousand and more for a viewer who follows many) held in memory between ticks, read again
 * only when someone wrote them since: every writer bumps their revision ('channels-rev') in its own transaction
 * (putChannels), so a cache in one context notices a write made in another.
 */
export class ChannelCache {
  private held: { rev: number; recs: ReadonlyMap<string, ChannelRecord> } | null = null;

  constructor(private readonly db: Db) {}

  /** Every record, by login: a map of its own (the caller may change it); the records themselves are frozen. */
  async all(): Promise<Map<string, ChannelRecord>> {
    const tx = this.db.transaction(['kv', 'channels'] as Stores);
    const rev = parseKv('channels-rev', await tx.objectStore('kv').get('channels-rev')) ?? 0;
    if (this.held?.rev !== rev) {
      const recs = await tx.objectStore('channels').getAll();
      this.held = { rev, recs: new Map(recs.map((r) => [r.login, Object.freeze(r)])) };
    }
    await tx.done;
    return new Map(this.held.recs);
  }

  /** After a commit that wrote these records and bumped the revision to `rev` (putChannels). */
  wrote(rev: number, recs: ChannelRecord[]): void {
    if (this.held?.rev === rev) return; // nothing was written
    if (this.held?.rev !== rev - 1) {
      this.held = null; // someone else wrote in between: read again
      return;
    }
    const next = new Map(this.held.recs);
    for (const r of recs) next.set(r.login, Object.freeze(r));
    this.held = { rev, recs: next };
  }
}

/** Writes channel records in a transaction holding 'kv' and 'channels', bumping their revision; the new one. */
export async function putChannels(tx: WriteTx, recs: Iterable<ChannelRecord>): Promise<number> {
  const channels = tx.objectStore('channels') as IDBPObjectStore<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'channels', 'readwrite'>;
  const kv = tx.objectStore('kv') as IDBPObjectStore<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'kv', 'readwrite'>;
  const rev = parseKv('channels-rev', await kv.get('channels-rev')) ?? 0;
  const list = [...recs];
  if (list.length === 0) return rev;
  for (const r of list) await channels.put(r);
  await kv.put(rev + 1, 'channels-rev');
  return rev + 1;
}
