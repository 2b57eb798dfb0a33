import { z } from 'zod';
import type { Db } from './db';
import type { IDBPObjectStore, StoreNames } from 'idb';
import { activityTextShape, sameText, type ActivityText } from '../activity';
import type { DropClaim } from '../drops/types';
import type { ActivityEntry, ActivityLevel, BetRecord, ChannelRecord, MinertDB, PointsChange, WatchSession } from './schema';

/** How many activity entries are kept; the oldest go first. */
export const ACTIVITY_LIMIT = 2000;

/** The session as the popup shows it: never the token itself. */
export const sessionStateSchema = z.object({
  status: z.enum(['unknown', 'logged-out', 'logged-in', 'error']),
  login: z.string().optional(),
  userId: z.string().optional(),
  clientId: z.string().optional(),
  /** A fingerprint (hash prefix) of the token last validated, to notice a new login. */
  tokenFingerprint: z.string().optional(),
  validatedAt: z.number().optional(),
  checkedAt: z.number(),
  error: z.string().optional(),
});
export type SessionState = z.infer<typeof sessionStateSchema>;

export async function getSession(db: Db): Promise<SessionState> {
  const parsed = sessionStateSchema.safeParse(await db.get('kv', 'session'));
  return parsed.success ? parsed.data : { status: 'unknown', checkedAt: 0 };
}

/** The channel the viewer is on, as the content script last reported it. */
export const viewerContextSchema = z.object({
  login: z.string().nullable(),
  live: z.boolean().nullable(),
  tabId: z.number().optional(),
  at: z.number(),
});
export type ViewerContext = z.infer<typeof viewerContextSchema>;

export async function getViewerContext(db: Db): Promise<ViewerContext | null> {
  const parsed = viewerContextSchema.safeParse(await db.get('kv', 'viewer'));
  return parsed.success ? parsed.data : null;
}

type ReadCursor<T> = { value: T; continue(): Promise<ReadCursor<T> | null> };
type DeleteCursor = { delete(): Promise<void>; continue(): Promise<DeleteCursor | null> };

/** The first `limit` values a cursor walks over (the newest, for a cursor opened 'prev' on a time index). */
async function take<T>(start: Promise<ReadCursor<T> | null>, limit: number): Promise<T[]> {
  const out: T[] = [];
  for (let c = await start; c && out.length < limit; c = await c.continue()) out.push(c.value);
  return out;
}

/** Deletes the records a cursor walks over first (the oldest, for a cursor opened on a time index) down to `keep`. */
async function dropOldest(start: Promise<DeleteCursor | null>, total: number, keep: number): Promise<void> {
  let c = total > keep ? await start : null;
  for (let drop = total - keep; c && drop > 0; drop--) {
    await c.delete();
    c = await c.continue();
  }
}

/** A stored log line as it must be to be shown; anything else (a row from a broken write, a future shape) is skipped. */
export const activityEntrySchema = z.object({
  ...activityTextShape,
  id: z.number().optional(),
  ts: z.number(),
  firstTs: z.number(),
  kind: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  count: z.number(),
});

/** The newest `limit` log lines that parse, newest first, and how many rows on the way did not (they are skipped). */
export async function readActivity(db: Db, limit = 20): Promise<{ entries: ActivityEntry[]; skipped: number }> {
  const entries: ActivityEntry[] = [];
  let skipped = 0;
  for (let c = await db.transaction('activity').store.openCursor(null, 'prev'); c && entries.length < limit; c = await c.continue()) {
    const parsed = activityEntrySchema.safeParse(c.value);
    if (parsed.success) entries.push(parsed.data);
    else skipped++;
  }
  return { entries, skipped };
}

export async function listActivity(db: Db, limit = 20): Promise<ActivityEntry[]> {
  return (await readActivity(db, limit)).entries;
}

/** A line for the log: what it is about, how bad, and what happened as a message key with its arguments. */
export interface NewActivity extends ActivityText {
  kind: string;
  level?: ActivityLevel;
}

export type ActivityStore = IDBPObjectStore<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'activity', 'readwrite'>;

/**
 * Appends to the activity log inside the caller's transaction. The same line again is folded into the last
 * entry with a count; past ACTIVITY_LIMIT the oldest entries are dropped.
 */
export async function appendActivity(store: ActivityStore, entry: NewActivity, now: number): Promise<void> {
  const level = entry.level ?? 'info';
  const last = await store.openCursor(null, 'prev');
  if (last && last.value.kind === entry.kind && sameText(last.value, entry) && last.value.level === level) {
    await last.update({ ...last.value, ts: now, count: last.value.count + 1 });
    return;
  }
  await store.add({ ts: now, firstTs: now, kind: entry.kind, level, code: entry.code, args: entry.args, count: 1 });
  await dropOldest(store.openCursor(), await store.count(), ACTIVITY_LIMIT);
}

export async function getChannel(db: Db, login: string): Promise<ChannelRecord | undefined> {
  return db.get('channels', login.toLowerCase());
}

/** How many watch sessions are kept; the oldest go first. */
export const SESSION_LIMIT = 5000;
/** A gap longer than this between two minutes of the same stream starts a new session. */
export const SESSION_GAP_MS = 3 * 60_000;

export type WatchSessionStore = IDBPObjectStore<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'watchSessions', 'readwrite'>;

/**
 * Adds minutes watched to the sessions, inside the caller's transaction: a minute of the stream the channel's last
 * session is about (and soon after it) extends that session; any other starts a new one.
 */
export async function recordWatchedMinutes(
  store: WatchSessionStore,
  minutes: readonly { login: string; channelId?: string; streamId: string; at: number; minutes: number; passive: boolean }[],
  balanceOf: (login: string) => number | undefined,
): Promise<void> {
  for (const m of minutes) {
    const balance = balanceOf(m.login);
    const last = await store.index('login').openCursor(IDBKeyRange.only(m.login), 'prev');
    const s = last?.value;
    if (last && s && s.streamId === m.streamId && s.passive === m.passive && m.at - s.end <= SESSION_GAP_MS) {
      await last.update({ ...s, end: m.at, minutes: s.minutes + m.minutes, pointsEnd: balance ?? s.pointsEnd });
      continue;
    }
    const session: WatchSession = {
      login: m.login,
      channelId: m.channelId,
      streamId: m.streamId,
      start: m.at - m.minutes * 60_000,
      end: m.at,
      minutes: m.minutes,
      passive: m.passive,
      pointsStart: balance,
      pointsEnd: balance,
    };
    await store.add(session);
  }
  if (minutes.length > 0) await dropOldest(store.index('end').openCursor(), await store.count(), SESSION_LIMIT);
}

export async function listWatchSessions(db: Db, limit = 50): Promise<WatchSession[]> {
  return take(db.transaction('watchSessions').store.index('end').openCursor(null, 'prev'), limit);
}

export async function listDropClaims(db: Db, limit = 50): Promise<DropClaim[]> {
  return take(db.transaction('dropClaims').store.index('claimedAt').openCursor(null, 'prev'), limit);
}

/** How many balance changes are kept; the oldest go first. */
export const POINTS_HISTORY_LIMIT = 10_000;

export type PointsHistoryStore = IDBPObjectStore<MinertDB, ArrayLike<StoreNames<MinertDB>>, 'pointsHistory', 'readwrite'>;

export async function recordPointsChanges(store: PointsHistoryStore, changes: readonly PointsChange[]): Promise<void> {
  for (const c of changes) await store.add(c);
  if (changes.length > 0) await dropOldest(store.index('at').openCursor(), await store.count(), POINTS_HISTORY_LIMIT);
}

export async function listBets(db: Db, limit = 20): Promise<BetRecord[]> {
  return take(db.transaction('bets').store.index('placedAt').openCursor(null, 'prev'), limit);
}

/**
 * When the browser says the disk quota is used up: drops the oldest half of the bounded histories (activity, watch
 * sessions, points history). Claims, bets and settings are never touched.
 */
export async function makeRoom(db: Db): Promise<void> {
  const tx = db.transaction(['activity', 'watchSessions', 'pointsHistory'], 'readwrite');
  const halve = async (start: Promise<DeleteCursor | null>, total: number) => dropOldest(start, total, Math.floor(total / 2));
  await halve(tx.objectStore('activity').openCursor(), await tx.objectStore('activity').count());
  await halve(tx.objectStore('watchSessions').index('end').openCursor(), await tx.objectStore('watchSessions').count());
  await halve(tx.objectStore('pointsHistory').index('at').openCursor(), await tx.objectStore('pointsHistory').count());
  await tx.done;
}

/** Balance changes since a time. */
export function pointsChangesSince(db: Db, at: number): Promise<PointsChange[]> {
  return db.getAllFromIndex('pointsHistory', 'at', IDBKeyRange.lowerBound(at));
}

/** Watch sessions that ended since a time. */
export function sessionsEndedSince(db: Db, at: number): Promise<WatchSession[]> {
  return db.getAllFromIndex('watchSessions', 'end', IDBKeyRange.lowerBound(at));
}

/** Bets placed since a time. */
export function betsPlacedSince(db: Db, at: number): Promise<BetRecord[]> {
  return db.getAllFromIndex('bets', 'placedAt', IDBKeyRange.lowerBound(at));
}
