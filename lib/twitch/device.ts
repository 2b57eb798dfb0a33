import { z } from 'zod';
import { DEVICE_SCOPES, DEVICE_URL, TOKEN_URL, TV_CLIENT_ID } from './constants';
import { TwitchError } from './errors';
import type { Transport } from './http';
import { validateToken } from './auth';
import { registerSecret } from './redact';

/**
 * One-click activation: the device-code login the desktop miners use, under the TV client id, whose tokens pass
 * Twitch's integrity check. The viewer confirms a code on twitch.tv (already logged in there); Minert polls for the
 * token, keeps it with its refresh token, and refreshes it before it expires. Its `verification_uri` already names
 * the code (`?device-code=`): it is opened as given. The TV token claims and bets, but Twitch lists no campaigns to
 * it (`dropCampaigns: null`), so reads stay on the web session.
 */
export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  expiresAt: number;
  intervalMs: number;
}

export interface DeviceTokens {
  accessToken: string;
  refreshToken: string;
  clientId: string;
  expiresAt: number;
  scopes: string[];
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM_HEADERS = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function post(transport: Transport, url: string, fields: Record<string, string>, label: string): Promise<{ status: number; json: unknown }> {
  const res = await transport.fetchText({ url, method: 'POST', headers: FORM_HEADERS, body: form(fields), label });
  try {
    return { status: res.status, json: JSON.parse(res.text) };
  } catch {
    throw new TwitchError('malformed', `${label}: answer is not JSON (HTTP ${res.status})`, { operation: label, status: res.status });
  }
}

const deviceAnswer = z.looseObject({
  device_code: z.string(),
  user_code: z.string(),
  verification_uri: z.string(),
  expires_in: z.number(),
  interval: z.number(),
});

export async function startDeviceFlow(transport: Transport, now: number, clientId = TV_CLIENT_ID): Promise<DeviceCode> {
  const { status, json } = await post(transport, DEVICE_URL, { client_id: clientId, scopes: DEVICE_SCOPES.join(' ') }, 'device');
  const parsed = deviceAnswer.safeParse(json);
  if (status !== 200 || !parsed.success) throw new TwitchError('gql', `the device login could not start (HTTP ${status})`, { operation: 'device', status });
  const d = parsed.data;
  registerSecret(d.device_code);
  return { deviceCode: d.device_code, userCode: d.user_code, verificationUri: d.verification_uri, expiresAt: now + d.expires_in * 1000, intervalMs: d.interval * 1000 };
}

const tokenAnswer = z.looseObject({
  access_token: z.string(),
  refresh_token: z.string(),
  // Absent in some answers (TDM, TCPM notes): then validating the token tells how long it lives.
  expires_in: z.number().optional(),
  scope: z.union([z.array(z.string()), z.string()]).optional(),
});
const errorAnswer = z.looseObject({ message: z.string() });

async function tokensOf(transport: Transport, json: unknown, clientId: string, now: number): Promise<DeviceTokens | null> {
  const t = tokenAnswer.safeParse(json);
  if (!t.success) return null;
  registerSecret(t.data.access_token);
  registerSecret(t.data.refresh_token);
  const scope = t.data.scope ?? [];
  const expiresIn = t.data.expires_in ?? (await validateToken(transport, t.data.access_token)).expiresIn;
  return {
    accessToken: t.data.access_token,
    refreshToken: t.data.refresh_token,
    clientId,
    expiresAt: now + expiresIn * 1000,
    scopes: Array.isArray(scope) ? scope : scope.split(' ').filter(Boolean),
  };
}

export type DevicePoll = { state: 'pending' | 'slow-down' | 'expired' | 'denied' } | { state: 'done'; tokens: DeviceTokens };

/** One poll of the device login: still waiting, told to slow down, expired, denied, or done with the tokens. */
export async function pollDeviceToken(transport: Transport, code: DeviceCode, now: number, clientId = TV_CLIENT_ID): Promise<DevicePoll> {
  const { status, json } = await post(
    transport,
    TOKEN_URL,
    { client_id: clientId, device_code: code.deviceCode, grant_type: 'urn:ietf:params:oauth:grant-type:device_code' },
    'token',
  );
  if (status === 200) {
    const tokens = await tokensOf(transport, json, clientId, now);
    if (!tokens) throw new TwitchError('malformed', 'the token answer has no tokens', { operation: 'token' });
    return { state: 'done', tokens };
  }
  const message = errorAnswer.safeParse(json).data?.message ?? '';
  if (message === 'authorization_pending') return { state: 'pending' };
  if (message === 'slow_down') return { state: 'slow-down' };
  if (message === 'expired_token') return { state: 'expired' };
  if (message === 'access_denied') return { state: 'denied' };
  throw new TwitchError('gql', `the device login failed (HTTP ${status}: ${message || 'no reason'})`, { operation: 'token', status });
}

/** A new token pair from the refresh token. Throws TwitchError('logged-out') when Twitch refuses it (revoked). */
export async function refreshDeviceToken(transport: Transport, tokens: DeviceTokens, now: number): Promise<DeviceTokens> {
  const { status, json } = await post(
    transport,
    TOKEN_URL,
    { client_id: tokens.clientId, grant_type: 'refresh_token', refresh_token: tokens.refreshToken },
    'token refresh',
  );
  const next = status === 200 ? await tokensOf(transport, json, tokens.clientId, now) : null;
  if (!next) throw new TwitchError('logged-out', `Twitch refused the refresh token (HTTP ${status})`, { operation: 'token refresh', status });
  return next;
}
