import { z } from 'zod';
import { AUTH_COOKIE, DEVICE_COOKIE, VALIDATE_URL } from './constants';
import { TwitchError } from './errors';
import type { Transport } from './http';
import { registerSecret } from './redact';

/** The web session's cookies, as read from the browser. The token never leaves lib/twitch and the engine. */
export interface SessionCookies {
  token: string | null;
  deviceId: string | null;
}

export type CookieReader = (name: string) => Promise<string | null>;

export async function readSessionCookies(read: CookieReader): Promise<SessionCookies> {
  const [token, deviceId] = await Promise.all([read(AUTH_COOKIE), read(DEVICE_COOKIE)]);
  const clean = (v: string | null) => (v && v.trim() ? decodeURIComponent(v.trim()) : null);
  const t = clean(token);
  if (t) registerSecret(t);
  return { token: t, deviceId: clean(deviceId) };
}

const validateAnswer = z.looseObject({
  client_id: z.string(),
  login: z.string(),
  user_id: z.string(),
  scopes: z.array(z.string()).nullable().optional(),
  expires_in: z.number(),
});

export interface ValidatedSession {
  clientId: string;
  login: string;
  userId: string;
  scopes: string[];
  /** Seconds the token has left; 0 for the web session's tokens, which do not expire on a clock. */
  expiresIn: number;
}

/** Asks id.twitch.tv whose token this is. Throws TwitchError('logged-out') when Twitch refuses it. */
export async function validateToken(transport: Transport, token: string, url = VALIDATE_URL): Promise<ValidatedSession> {
  registerSecret(token);
  const json = await transport.send({ url, method: 'GET', headers: { Authorization: `OAuth ${token}` }, label: 'validate' });
  const parsed = validateAnswer.safeParse(json);
  if (!parsed.success) throw new TwitchError('malformed', `validate answer does not match: ${z.prettifyError(parsed.error)}`, { operation: 'validate' });
  const v = parsed.data;
  return { clientId: v.client_id, login: v.login, userId: v.user_id, scopes: v.scopes ?? [], expiresIn: v.expires_in };
}
