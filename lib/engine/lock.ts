import type { Db } from '../store/db';
import { parseKv, type Lease } from '../store/kv';

/** How long a tick may hold the lock. A tick killed with its service worker frees it when the lease ends. */
export const LOCK_LEASE_MS = 2 * 60_000;

/**
 * Takes the tick lock if nobody holds an unexpired lease. The check and the write are one IndexedDB
 * transaction, so two ticks (even in two contexts) cannot both get it. A lease held by another background instance
 * is taken over at once: the browser runs one instance of the worker at a time, so that holder was killed.
 */
export async function acquireLock(db: Db, owner: string, now: number, leaseMs = LOCK_LEASE_MS, instance?: string): Promise<boolean> {
  const tx = db.transaction('kv', 'readwrite');
  const held = parseKv('lock', await tx.store.get('lock'));
  const orphaned = !!held?.instance && !!instance && held.instance !== instance;
  if (held && held.owner !== owner && held.expiresAt > now && !orphaned) {
    await tx.done;
    return false;
  }
  await tx.store.put({ owner, instance, expiresAt: now + leaseMs } satisfies Lease, 'lock');
  await tx.done;
  return true;
}

export async function releaseLock(db: Db, owner: string): Promise<void> {
  const tx = db.transaction('kv', 'readwrite');
  const held = parseKv('lock', await tx.store.get('lock'));
  if (held?.owner === owner) await tx.store.delete('lock');
  await tx.done;
}
