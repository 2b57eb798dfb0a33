import { z } from 'zod';
import type { AnyOperation } from './operation';

/**
 * Hashes learned from twitch.tv's own page. Twitch retires persisted-query hashes every few months (the facts'
 * timeline); the page always sends the current ones (`operationName` + `extensions.persistedQuery.sha256Hash`), so
 * Minert keeps what it saw there, per operation, and tries it when Twitch no longer knows the built-in hash. A learned
 * hash that worked goes first until the next release of Minert (the version it worked under is kept with it); after an
 * update the built-in hash goes first again and the learned one is the fallback.
 */

export const SHA256 = /^[0-9a-f]{64}$/;
/** At most this many hashes are kept per operation, the most recently seen first. */
export const KEEP_PER_OPERATION = 4;

export const learnedHashSchema = z.looseObject({
  hash: z.string().regex(SHA256),
  /** When the page was first seen sending it. */
  seenAt: z.number(),
  /** When it was last seen (refreshed at most hourly, so a page's many requests cost no writes). */
  lastSeenAt: z.number(),
  /** The extension version under which it last worked, and when. */
  workedIn: z.string().optional(),
  workedAt: z.number().optional(),
  /** When Twitch last answered it PersistedQueryNotFound: not tried again until the page sends it again. */
  failedAt: z.number().optional(),
});
export type LearnedHash = z.infer<typeof learnedHashSchema>;
/** By operation name, the most recently seen first. */
export const learnedHashesSchema = z.record(z.string(), z.array(learnedHashSchema));
export type LearnedHashes = z.infer<typeof learnedHashesSchema>;

/** Where the way an operation was named came from. */
export type HashSource = 'built-in' | 'learned' | 'raw';
export interface Via {
  source: HashSource;
  /** For a learned hash: when the page was first seen sending it. */
  learnedAt?: number;
}
/** One way to name an operation to Twitch: a persisted query's hash, or a raw document. */
export type Attempt = ({ hash: string } | { query: string }) & { via: Via };

const failedSinceSeen = (l: LearnedHash) => l.failedAt !== undefined && l.failedAt >= l.lastSeenAt;

/**
 * The hashes learned from the page, for one tick: the order an operation's names are tried in, and what became of
 * the learned ones (stored back by the engine).
 */
export class HashBook {
  private readonly table: LearnedHashes;
  private changed = false;
  private readonly firstWorked: { operation: string; learnedAt: number }[] = [];

  constructor(
    learned: LearnedHashes,
    /** The running extension's version. */
    readonly version: string,
    private readonly now: number,
  ) {
    this.table = structuredClone(learned);
  }

  /** When a hash was last learned (first seen, or seen again after failing), over every operation; 0 if none. */
  get learnedAt(): number {
    return Math.max(0, ...Object.values(this.table).flatMap((list) => list.map((l) => l.lastSeenAt)));
  }

  /**
   * The ways to name an operation, in order: a learned hash that worked under this version, the built-in hash, the
   * other learned hashes (newest first; one that failed is skipped until the page sends it again), the raw document
   * last. An operation with no hash is its raw document alone.
   */
  attempts(op: AnyOperation): Attempt[] {
    return attemptsOf(op, this);
  }

  /** @internal the learned hashes of an operation worth trying, and whether each goes before the built-in one. */
  usable(op: AnyOperation): { first: LearnedHash[]; after: LearnedHash[] } {
    const list = (this.table[op.name] ?? []).filter((l) => l.hash !== op.hash && !failedSinceSeen(l));
    const first = list.filter((l) => l.workedIn === this.version).sort((a, b) => (b.workedAt ?? 0) - (a.workedAt ?? 0));
    return { first, after: list.filter((l) => l.workedIn !== this.version) };
  }

  /** What Twitch answered to a learned hash: it knows it (worked) or not (PersistedQueryNotFound). */
  record(operation: string, hash: string, worked: boolean): void {
    const entry = this.table[operation]?.find((l) => l.hash === hash);
    if (!entry) return;
    if (worked) {
      const news = entry.workedIn !== this.version;
      if (news) this.firstWorked.push({ operation, learnedAt: entry.seenAt });
      // Each tick it works is no news: written when it first works, after a failure, or hourly.
      if (!news && entry.failedAt === undefined && this.now - (entry.workedAt ?? 0) < SEEN_REFRESH_MS) return;
      entry.workedIn = this.version;
      entry.workedAt = this.now;
      delete entry.failedAt;
    } else {
      entry.failedAt = this.now;
    }
    this.changed = true;
  }

  /** The table with this tick's outcomes, or null when nothing changed (nothing to write). */
  result(): LearnedHashes | null {
    return this.changed ? this.table : null;
  }

  /** The learned hashes that worked for the first time under this version, this tick. */
  newlyWorking(): readonly { operation: string; learnedAt: number }[] {
    return this.firstWorked;
  }
}

/** The ways to name an operation, in the order they are tried (see HashBook.attempts); without a book, its own. */
export function attemptsOf(op: AnyOperation, book?: HashBook): Attempt[] {
  if (!op.hash) return [{ query: op.query!, via: { source: 'raw' } }];
  const { first, after } = book?.usable(op) ?? { first: [], after: [] };
  const learned = (l: LearnedHash): Attempt => ({ hash: l.hash, via: { source: 'learned', learnedAt: l.seenAt } });
  return [
    ...first.map(learned),
    { hash: op.hash, via: { source: 'built-in' } },
    ...after.map(learned),
    ...(op.fallbackQuery ? [{ query: op.fallbackQuery, via: { source: 'raw' } } satisfies Attempt] : []),
  ];
}

/** How often a known hash's lastSeenAt is refreshed when the page sends it again. */
export const SEEN_REFRESH_MS = 60 * 60_000;

/**
 * The table with what a page request named: a new hash goes first in its operation's list (at most
 * KEEP_PER_OPERATION, the least recently seen dropped); a known one is marked seen again when it was last seen an
 * hour ago or failed since. Null when nothing changed: the page's many requests cost no write.
 */
export function learnHashes(table: LearnedHashes, seen: readonly { operation: string; hash: string }[], now: number): LearnedHashes | null {
  const next = structuredClone(table);
  let changed = false;
  for (const { operation, hash } of seen) {
    const list = next[operation] ?? [];
    const entry = list.find((l) => l.hash === hash);
    if (!entry) {
      list.push({ hash, seenAt: now, lastSeenAt: now });
    } else if (now - entry.lastSeenAt >= SEEN_REFRESH_MS || failedSinceSeen(entry)) {
      entry.lastSeenAt = now;
    } else {
      continue;
    }
    changed = true;
    next[operation] = list.sort((a, b) => b.lastSeenAt - a.lastSeenAt).slice(0, KEEP_PER_OPERATION);
  }
  return changed ? next : null;
}
