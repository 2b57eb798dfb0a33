import type { SessionState } from '../store/repos';

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
