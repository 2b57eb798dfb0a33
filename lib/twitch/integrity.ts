import { z } from 'zod';

/**
 * Integrity tokens the browser obtains while twitch.tv's own page runs: the page sends one on its GQL requests
 * (Client-Integrity) with the Client-Id, X-Device-Id, Client-Session-Id and Client-Version it was minted for. The
 * token is bound to that set (LURK `twitchIntegrity.ts`, 2026; RAK replays Client-Version too), so Minert keeps the
 * whole set and replays it together on its reads and mutations until the token expires.
 */
export const pageHeadersSchema = z.object({
  integrity: z.string(),
  clientId: z.string(),
  deviceId: z.string(),
  sessionId: z.string(),
  clientVersion: z.string().optional(),
  expiresAt: z.number(),
  seenAt: z.number(),
});
export type PageHeaders = z.infer<typeof pageHeadersSchema>;

/** A token whose expiry cannot be read is trusted this long after it was seen. */
export const UNKNOWN_EXPIRY_MS = 15 * 60_000;
/** A token is not used in its last minute. */
export const EXPIRY_MARGIN_MS = 60_000;

function base64UrlDecode(s: string): string {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  try {
    return atob(padded);
  } catch {
    return '';
  }
}

/**
 * The claims a token carries: a PASETO `v4.public.<payload+signature>` (2022 peers: JSON first, then 64 signature
 * bytes) or a JWT-style `<header>.<payload>.<signature>` (LURK, 2026). Null when neither reads.
 */
export function integrityClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  const text = token.startsWith('v4.public.') ? base64UrlDecode(parts[2] ?? '') : parts.length === 3 ? base64UrlDecode(parts[1]!) : '';
  const start = text.indexOf('{');
  for (let end = text.lastIndexOf('}'); start >= 0 && end > start; end = text.lastIndexOf('}', end - 1)) {
    try {
      const value: unknown = JSON.parse(text.slice(start, end + 1));
      if (value && typeof value === 'object') return value as Record<string, unknown>;
    } catch {
      // the signature bytes after the JSON may hold a '}': try a shorter slice
    }
  }
  return null;
}

/** When a token expires: its `exp` (epoch seconds, ms, or an ISO time), else a short while after it was seen. */
export function integrityExpiry(token: string, seenAt: number): number {
  const exp = integrityClaims(token)?.exp;
  if (typeof exp === 'number') return exp < 1e12 ? exp * 1000 : exp;
  if (typeof exp === 'string' && !Number.isNaN(Date.parse(exp))) return Date.parse(exp);
  return seenAt + UNKNOWN_EXPIRY_MS;
}

/** A token Twitch minted for what it took for a bot (a request from outside its page): worthless. */
export function isBadBot(token: string): boolean {
  const bad = integrityClaims(token)?.is_bad_bot;
  return bad === true || bad === 'true';
}

/** The header set of a page request that carries an integrity token, if it carries a usable one with its binding. */
export function pageHeadersFrom(headers: readonly { name: string; value?: string }[], seenAt: number): PageHeaders | null {
  const get = (n: string) => headers.find((h) => h.name.toLowerCase() === n)?.value;
  const integrity = get('client-integrity');
  const clientId = get('client-id');
  const deviceId = get('x-device-id');
  const sessionId = get('client-session-id');
  if (!integrity || !clientId || !deviceId || !sessionId || integrity.length > 4096 || isBadBot(integrity)) return null;
  return { integrity, clientId, deviceId, sessionId, clientVersion: get('client-version'), expiresAt: integrityExpiry(integrity, seenAt), seenAt };
}

export function integrityUsable(t: PageHeaders | null | undefined, now: number): t is PageHeaders {
  return !!t && t.expiresAt - EXPIRY_MARGIN_MS > now;
}
