import type { NewActivity, SessionState } from '../store/repos';
import { validateToken } from '../twitch/auth';
import { describeError, isTwitchError } from '../twitch/errors';
import type { Transport } from '../twitch/http';

/**
 * Twitch asks apps that use a token to validate it at least hourly; an answered GQL read in the hour counts (the
 * tick notes it), so a watching Minert rarely calls validate.
 */
export const VALIDATE_EVERY_MS = 60 * 60_000;
/** After a failed validation (Twitch down), look again this soon. */
export const VALIDATE_RETRY_MS = 2 * 60_000;

/** Whether the token must be validated again with id.twitch.tv before it is used. */
export function needsValidation(session: SessionState, fingerprint: string, now: number): boolean {
  if (session.tokenFingerprint !== fingerprint) return true;
  if (session.status === 'error') return now - session.checkedAt >= VALIDATE_RETRY_MS;
  if (session.status !== 'logged-in' || session.validatedAt === undefined) return true;
  return now - session.validatedAt >= VALIDATE_EVERY_MS;
}

/**
 * The session a tick runs with: none without a token; the one known while its token is the same and its validation
 * is fresh; else validated again with id.twitch.tv (`retryFailed`: now, even within the retry delay). Says what changed
 * in `activity`.
 */
export async function checkSession(
  transport: Transport,
  previous: SessionState,
  token: string | null,
  o: { retryFailed: boolean; now: number },
  activity: NewActivity[],
): Promise<SessionState> {
  const { now } = o;
  if (!token) {
    activity.push({ kind: 'session', level: 'warn', code: 'logNotLoggedIn', args: [] });
    return { status: 'logged-out', checkedAt: now };
  }
  const fp = await tokenFingerprint(token);
  if (!needsValidation(previous, fp, now) && !(o.retryFailed && previous.status === 'error')) return { ...previous, checkedAt: now };
  try {
    const v = await validateToken(transport, token);
    activity.push({ kind: 'session', code: 'logSessionValid', args: [v.login] });
    return { status: 'logged-in', login: v.login, userId: v.userId, clientId: v.clientId, tokenFingerprint: fp, validatedAt: now, checkedAt: now };
  } catch (e) {
    if (isTwitchError(e, 'logged-out')) {
      activity.push({ kind: 'session', level: 'warn', code: 'logSessionRefused', args: [] });
      return { status: 'logged-out', tokenFingerprint: fp, checkedAt: now, error: 'Twitch refused the session token' };
    }
    // Twitch unreachable or odd: keep who we knew, say why, try again soon.
    activity.push({ kind: 'session', level: 'error', code: 'logSessionCheckFailed', args: [describeError(e)] });
    return { ...previous, status: 'error', tokenFingerprint: fp, checkedAt: now, error: describeError(e) };
  }
}

/** A short, one-way fingerprint of the token, so a new login is noticed without storing the token. */
export async function tokenFingerprint(token: string): Promise<string> {
  // The token rarely changes between ticks: its fingerprint is kept for the worker's life (the memory only).
  if (lastFingerprint?.token === token) return lastFingerprint.value;
  const value = await fingerprintOf(token);
  lastFingerprint = { token, value };
  return value;
}

let lastFingerprint: { token: string; value: string } | null = null;

async function fingerprintOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`minert:${token}`));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, '0')).join('');
}
