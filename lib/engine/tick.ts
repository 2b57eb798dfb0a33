import type { Clock } from '../clock';
import { channelsToRefresh } from '../points/refresh';
import type { Db } from '../store/db';
import { appendActivity, getSession, getViewerContext, type NewActivity, type SessionState } from '../store/repos';
import type { ChannelRecord } from '../store/schema';
import { fetchChannels, type SnapshotResult } from '../twitch/api';
import { readSessionCookies, validateToken, type CookieReader } from '../twitch/auth';
import { describeError, isTwitchError } from '../twitch/errors';
import { GqlClient } from '../twitch/gql';
import type { Transport } from '../twitch/http';
import { needsValidation, tokenFingerprint } from './session';
import { acquireLock, releaseLock } from './lock';

export interface TickDeps {
  db: Db;
  clock: Clock;
  transport: Transport;
  readCookie: CookieReader;
  /** Identifies this tick's holder of the lock. */
  owner: string;
  /** Called after all network work, just before the results are written: tests kill a tick here. */
  beforeCommit?: () => void | Promise<void>;
}

export interface TickRequest {
  reason: string;
  /** Channels to look at now, besides the one the viewer is on (the popup's active tab). */
  channels?: string[];
  /** Validate again now if the last validation failed, instead of waiting for the retry delay (the viewer asked). */
  retryFailed?: boolean;
}

export type TickOutcome =
  | { ran: false; reason: 'busy' }
  | { ran: true; session: SessionState; refreshed: string[]; activity: NewActivity[] };

/**
 * One tick: take the lock, read the session, validate it when due, look at the channels that need it, then write
 * everything (session, channels, activity) in ONE transaction. A tick that dies before that write changed nothing;
 * the next tick starts over from the stored state.
 */
export async function runTick(deps: TickDeps, request: TickRequest): Promise<TickOutcome> {
  const { db, clock } = deps;
  if (!(await acquireLock(db, deps.owner, clock.now()))) return { ran: false, reason: 'busy' };
  try {
    const activity: NewActivity[] = [];
    const previous = await getSession(db);
    const cookies = await readSessionCookies(deps.readCookie);
    let session: SessionState;
    const now = clock.now();

    if (!cookies.token) {
      session = { status: 'logged-out', checkedAt: now };
      activity.push({ kind: 'session', level: 'warn', message: 'Not logged in to twitch.tv' });
    } else {
      const fp = await tokenFingerprint(cookies.token);
      if (!needsValidation(previous, fp, now) && !(request.retryFailed && previous.status === 'error')) {
        session = { ...previous, checkedAt: now };
      } else {
        try {
          const v = await validateToken(deps.transport, cookies.token);
          session = { status: 'logged-in', login: v.login, userId: v.userId, clientId: v.clientId, tokenFingerprint: fp, validatedAt: now, checkedAt: now };
          activity.push({ kind: 'session', message: `Session valid: logged in as ${v.login}` });
        } catch (e) {
          if (isTwitchError(e, 'logged-out')) {
            session = { status: 'logged-out', tokenFingerprint: fp, checkedAt: now, error: 'Twitch refused the session token' };
            activity.push({ kind: 'session', level: 'warn', message: 'Twitch refused the session: log in to twitch.tv again' });
          } else {
            // Twitch unreachable or odd: keep who we knew, say why, try again soon.
            session = { ...previous, status: 'error', tokenFingerprint: fp, checkedAt: now, error: describeError(e) };
            activity.push({ kind: 'session', level: 'error', message: `Could not validate the session: ${describeError(e)}` });
          }
        }
      }
    }

    const updates: ChannelRecord[] = [];
    const refreshed: string[] = [];
    if (session.status === 'logged-in' && cookies.token) {
      const viewer = await getViewerContext(db);
      const wanted = viewer?.login ? [viewer.login] : [];
      const all = [...wanted, ...(request.channels ?? [])].map((l) => l.toLowerCase());
      const known = new Map<string, ChannelRecord>();
      for (const login of new Set(all)) {
        const rec = await db.get('channels', login);
        if (rec) known.set(login, rec);
      }
      const due = channelsToRefresh(wanted, known, now, { force: request.channels });
      if (due.length > 0) {
        const gql = new GqlClient(deps.transport, { token: cookies.token, deviceId: cookies.deviceId ?? undefined, clientId: session.clientId });
        let results: SnapshotResult[] = [];
        try {
          results = await fetchChannels(gql, due);
        } catch (e) {
          activity.push({ kind: 'points', level: 'error', message: `Could not read channel points: ${describeError(e)}` });
        }
        for (const r of results) {
          const prev = known.get(r.login);
          if (!r.ok) {
            activity.push({ kind: 'points', level: 'error', message: `${r.login}: ${describeError(r.error)}` });
            continue;
          }
          const s = r.snapshot;
          refreshed.push(r.login);
          if (!s.exists) {
            activity.push({ kind: 'points', level: 'warn', message: `${r.login}: no such channel` });
            continue;
          }
          updates.push({
            ...prev,
            login: r.login,
            id: s.id ?? prev?.id,
            displayName: s.displayName ?? prev?.displayName,
            live: s.live ?? prev?.live ?? null,
            liveSource: s.live === undefined ? prev?.liveSource : 'gql',
            balance: s.balance ?? undefined,
            availableClaimId: s.availableClaimId,
            multiplier: s.multiplier,
            updatedAt: now,
            pointsUpdatedAt: now,
          });
          const points = s.balance === null || s.balance === undefined ? 'no channel points' : `${s.balance.toLocaleString('en-US')} points`;
          activity.push({ kind: 'points', message: `${s.displayName ?? r.login}: ${points}${s.live ? ' (live)' : ''}` });
        }
      }
    }

    if (activity.length === 0) activity.push({ kind: 'tick', message: 'Checked: nothing new' });
    await deps.beforeCommit?.();
    const tx = db.transaction(['kv', 'channels', 'activity'], 'readwrite');
    await tx.objectStore('kv').put(session, 'session');
    for (const rec of updates) await tx.objectStore('channels').put(rec);
    for (const entry of activity) await appendActivity(tx.objectStore('activity'), entry, now);
    await tx.done;
    return { ran: true, session, refreshed, activity };
  } finally {
    await releaseLock(db, deps.owner);
  }
}
