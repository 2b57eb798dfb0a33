import { TV_CLIENT_ID, WEB_CLIENT_ID } from './constants';
import type { DeviceTokens } from './device';
import type { GqlSession } from './gql';
import { integrityUsable, type PageHeaders } from './integrity';

/** The activation (device-code login) as stored: its tokens, and whose they are. */
export interface DeviceAuth extends DeviceTokens {
  userId: string;
  login: string;
  validatedAt: number;
}

/**
 * How mutations (claims, bets, raids, moments) reach Twitch, best first:
 * - 'activated': the device-code login's token, under the TV client id: passes without integrity;
 * - 'page-token': the twitch.tv session with an integrity token the twitch.tv page obtained, and its device id;
 * - 'session-only': the twitch.tv session alone: Twitch answers "failed integrity check".
 */
export type MutationPath = 'activated' | 'page-token' | 'session-only';

/** A token is refreshed this long before it expires. */
export const REFRESH_BEFORE_MS = 10 * 60_000;

export function deviceUsable(d: DeviceAuth | null | undefined, userId: string, now: number): d is DeviceAuth {
  return !!d && d.userId === userId && d.expiresAt > now + 60_000;
}

/** The web session's reads: with the page's header set while its token is good (Twitch gates reads too, 2026-08). */
export function readSession(web: { token: string; deviceId?: string; clientId?: string }, page: PageHeaders | null | undefined, now: number): GqlSession {
  const clientId = web.clientId ?? WEB_CLIENT_ID;
  return { token: web.token, clientId, deviceId: web.deviceId, page: integrityUsable(page, now) ? page : undefined, clientVersion: page?.clientVersion };
}

/**
 * The credentials for a mutation. Never mixes a token with a client id that did not issue it: the device token goes
 * with the TV client id, the session token with the web client id (and the page's header set, bound to it).
 */
export function mutationSession(
  web: { token: string; deviceId?: string },
  userId: string,
  page: PageHeaders | null | undefined,
  device: DeviceAuth | null | undefined,
  now: number,
): { session: GqlSession; path: MutationPath } {
  if (deviceUsable(device, userId, now)) {
    return { session: { token: device.accessToken, clientId: TV_CLIENT_ID, deviceId: web.deviceId }, path: 'activated' };
  }
  const session = readSession({ ...web, clientId: WEB_CLIENT_ID }, page, now);
  return { session, path: session.page ? 'page-token' : 'session-only' };
}
