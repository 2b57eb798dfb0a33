import { z } from 'zod';
import { SHA256 } from './hashes';
import { OPERATIONS } from './ops';

/** A page body longer than this is not read (the page's GQL requests are a few kB). */
export const MAX_BODY_CHARS = 256 * 1024;
/** At most this many items of a batch are read. */
export const MAX_ITEMS = 100;

/** One persisted item of a GQL request body; anything else in it (the variables above all) is neither read nor kept. */
const persistedItem = z.looseObject({
  operationName: z.string().max(100),
  extensions: z.looseObject({ persistedQuery: z.looseObject({ sha256Hash: z.string().regex(SHA256) }) }),
});

/**
 * The persisted hashes a twitch.tv page's own GQL request names (`{operationName, extensions.persistedQuery.
 * sha256Hash}`, one object or a batch): only operations of Minert's registry that Minert sends by hash, and only
 * hashes other than its built-in one. Garbage, raw documents and anything too big yield nothing.
 */
export function pageHashes(body: string): { operation: string; hash: string }[] {
  if (body.length === 0 || body.length > MAX_BODY_CHARS) return [];
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return [];
  }
  const items = (Array.isArray(json) ? json : [json]).slice(0, MAX_ITEMS);
  const out = new Map<string, { operation: string; hash: string }>();
  for (const raw of items) {
    const item = persistedItem.safeParse(raw);
    if (!item.success) continue;
    const operation = item.data.operationName;
    const hash = item.data.extensions.persistedQuery.sha256Hash;
    const builtIn = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation]!.hash : undefined;
    if (!builtIn || builtIn === hash) continue;
    out.set(`${operation} ${hash}`, { operation, hash });
  }
  return [...out.values()];
}
