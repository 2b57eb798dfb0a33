/**
 * Integrity tokens the browser obtains while the viewer uses twitch.tv: the page sends them on its own GQL requests
 * (Client-Integrity, with X-Device-Id). Minert observes those requests and reuses the token, with the same device
 * id, for its mutations until the token expires.
 */
export interface IntegrityToken {
  token: string;
  deviceId: string;
  expiresAt: number;
  seenAt: number;
}

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

/** Reads the expiry a token carries: a v4.public token's payload starts with JSON that has `exp`. */
export function integrityExpiry(token: string, seenAt: number): number {
  const payload = token.split('.')[2];
  const text = payload ? base64UrlDecode(payload) : '';
  const json = /^\s*(\{.*?\})/s.exec(text)?.[1];
  if (json) {
    try {
      const exp = (JSON.parse(json) as { exp?: unknown }).exp;
      if (typeof exp === 'number') return exp < 1e12 ? exp * 1000 : exp;
      if (typeof exp === 'string' && !Number.isNaN(Date.parse(exp))) return Date.parse(exp);
    } catch {
      // not JSON after all
    }
  }
  return seenAt + UNKNOWN_EXPIRY_MS;
}

/** The integrity token in a request's headers, if it carries one with its device id. */
export function integrityFromHeaders(headers: readonly { name: string; value?: string }[], seenAt: number): IntegrityToken | null {
  const get = (n: string) => headers.find((h) => h.name.toLowerCase() === n)?.value;
  const token = get('client-integrity');
  const deviceId = get('x-device-id');
  if (!token || !deviceId || token.length > 4096) return null;
  return { token, deviceId, expiresAt: integrityExpiry(token, seenAt), seenAt };
}

export function integrityUsable(t: IntegrityToken | null | undefined, now: number): t is IntegrityToken {
  return !!t && t.expiresAt - EXPIRY_MARGIN_MS > now;
}
