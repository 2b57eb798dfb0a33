/** Twitch wire constants. Twitch changes these without notice: they live here and nowhere else. */

/** The client id twitch.tv itself uses; it is the one that matches the `auth-token` cookie. */
export const WEB_CLIENT_ID = 'kimne78kx3ncx6brgo4mv6wki5h1ko';

export const TWITCH_ORIGIN = 'https://www.twitch.tv';
export const GQL_URL = 'https://gql.twitch.tv/gql';
export const VALIDATE_URL = 'https://id.twitch.tv/oauth2/validate';

/** Cookies of the logged-in web session, on .twitch.tv. */
export const AUTH_COOKIE = 'auth-token';
export const DEVICE_COOKIE = 'unique_id';

function httpsHost(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.hostname : null;
  } catch {
    return null;
  }
}

const within = (host: string, domain: string) => host === domain || host.endsWith(`.${domain}`);

/** Hosts the auth token may be sent to. Anything else is refused before the request leaves. */
export function isTwitchHost(url: string): boolean {
  const host = httpsHost(url);
  return host !== null && within(host, 'twitch.tv');
}

/**
 * Hosts Twitch runs for its web client: twitch.tv (pages, spade) and its static files (static.twitchcdn.net, where the
 * settings script naming the spade URL lives). Requests without credentials may go there, and nowhere else.
 */
export function isTwitchInfraHost(url: string): boolean {
  const host = httpsHost(url);
  return host !== null && (within(host, 'twitch.tv') || within(host, 'twitchcdn.net'));
}

/** The client id of Twitch's TV app: its tokens (from the device-code login) pass mutations without integrity. */
export const TV_CLIENT_ID = 'ue6666qo983tsx6so1t0vnawi233wa';
export const DEVICE_URL = 'https://id.twitch.tv/oauth2/device';
export const TOKEN_URL = 'https://id.twitch.tv/oauth2/token';
/** What the device-code login asks for: enough for points, drops and predictions. */
export const DEVICE_SCOPES = ['channel_read', 'chat:read', 'user_blocks_edit', 'user_blocks_read', 'user_follows_edit', 'user_read'];
