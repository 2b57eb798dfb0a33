import { createHash } from 'node:crypto';
import { WEB_CLIENT_ID } from './auth';
import { SPADE_URL } from './watch';
import type { SimChannel, SimUser, World } from './world';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A value as a JavaScript literal safe inside a <script> element. */
const js = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The headers of every www.twitch.tv page: framed by twitch.tv alone. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': "frame-ancestors 'self' https://*.twitch.tv",
};

/** The live followed channels as a raw document (PersonalSections is retired): what the home page's side bar asks. */
const FOLLOWED_LIVE_QUERY =
  'query FollowedLiveUsers($cursor: Cursor) { currentUser { followedLiveUsers(first: 100, after: $cursor) { ' +
  'edges { node { id login displayName stream { id viewersCount game { id name displayName } } } } pageInfo { hasNextPage endCursor } } } }';

/**
 * What a page asks GQL for, by its path: a channel's points, the drops pages' own operations, else the followed
 * channels. After a deploy rotated hashes (world.rotateReads), every page also asks the rotated operations with
 * their new hashes, as the new web client's top bar (the drops indicator) and featured player (the most watched live
 * channel's points, when the page has no channel of its own) do: one visit shows every new hash.
 */
function pageRequest(world: World, path: string, channel: SimChannel | null): object[] {
  const persisted = (operationName: string, variables: object) => ({
    operationName,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: world.hashes.currentOf(operationName)[0] } },
  });
  const points = (c: SimChannel) => persisted('ChannelPointsContext', { channelLogin: c.login, includeGoalTypes: ['CREATOR', 'BOOST'] });
  const own = channel
    ? points(channel)
    : path === '/drops/inventory'
      ? persisted('Inventory', { fetchRewardCampaigns: false })
      : path === '/drops/campaigns'
        ? persisted('ViewerDropsDashboard', { fetchRewardCampaigns: false })
        : { operationName: 'FollowedLiveUsers', query: FOLLOWED_LIVE_QUERY, variables: { cursor: null } };
  const featured = channel ?? [...world.channels.values()].filter((c) => c.live).sort((a, b) => b.viewers - a.viewers)[0];
  const rotated = world.hashes.rotated().flatMap((op) => {
    if (op === own.operationName) return [];
    if (op === 'ChannelPointsContext') return featured ? [points(featured)] : [];
    return op === 'Inventory' || op === 'ViewerDropsDashboard' ? [persisted(op, { fetchRewardCampaigns: false })] : [];
  });
  return [own, ...rotated];
}

/**
 * What twitch.tv's own code does on every page while a viewer is logged in (the auth-token cookie, readable by the
 * page): it makes a session id, answers Kasada's challenge (integrity.ts) to mint an integrity token for its device
 * (the unique_id cookie) at gql.twitch.tv/integrity, then sends its GQL request with the whole header set and the
 * current hashes, and again every minute. Extensions may observe it.
 */
function pageScript(world: World, body: object[]): string {
  return `<script>window.__twilightBuildID = ${js(world.buildId)};</script>
<script>(async () => {
  const cookies = Object.fromEntries(document.cookie.split('; ').filter(Boolean).map((c) => [c.slice(0, c.indexOf('=')), decodeURIComponent(c.slice(c.indexOf('=') + 1))]));
  const token = cookies['auth-token'];
  if (!token) return;
  const deviceId = cookies['unique_id'] || '';
  const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
  const headers = {
    Authorization: 'OAuth ' + token,
    'Client-Id': ${js(WEB_CLIENT_ID)},
    'X-Device-Id': deviceId,
    'Client-Session-Id': hex(crypto.getRandomValues(new Uint8Array(8))),
    'Client-Version': window.__twilightBuildID,
  };
  const ct = ${js(world.integrity.challenge())};
  const cd = hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(ct + ':' + deviceId)));
  const minted = await fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers: { ...headers, 'x-kpsdk-ct': ct, 'x-kpsdk-cd': cd } });
  const integrity = (await minted.json()).token;
  const query = () =>
    fetch('https://gql.twitch.tv/gql', {
      method: 'POST',
      headers: { ...headers, 'Client-Integrity': integrity, 'Content-Type': 'text/plain;charset=UTF-8' },
      body: ${js(JSON.stringify(body))},
    }).catch(() => undefined);
  query();
  setInterval(query, 60000);
})().catch(() => undefined);</script>`;
}

/** The host of the web client's static files. */
export const SETTINGS_HOST = 'static.twitchcdn.net';
const SETTINGS = { environment: 'production', experiments: {}, spade_url: SPADE_URL, sentry_dsn: '', player_version: '1.30.0-sim' };
/** The web client's settings script; peers read the spade URL from it (TDM PR #982). */
export const SETTINGS_JS = `window.__twilightSettings = ${JSON.stringify(SETTINGS)};\n`;
/** Its path, named by a hash of its content as Twitch's is: /config/settings.<32 hex>.js. */
export const SETTINGS_PATH = `/config/settings.${createHash('md5').update(SETTINGS_JS).digest('hex')}.js`;

/**
 * A www.twitch.tv page: its settings (the spade URL) named as a script, or inline under wire.spadeUrlInPage, and
 * the GQL script of the page at `path` (a channel's when channel is given).
 */
function layout(world: World, path: string, title: string, body: string, channel: SimChannel | null = null): string {
  const settings = world.wire.spadeUrlInPage ? `<script>${SETTINGS_JS}</script>` : `<script src="https://${SETTINGS_HOST}${SETTINGS_PATH}"></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui;background:#0e0e10;color:#efeff1;margin:0;padding:24px}a{color:#bf94ff}
.tw-channel-status-text-indicator{display:inline-block;background:#e91916;color:#fff;border-radius:4px;padding:0 6px;font-weight:700}</style>
${settings}
</head><body>${body}
${pageScript(world, pageRequest(world, path, channel))}</body></html>`;
}

/** A channel page carrying the markers the real one has: the channel root's live class and the LIVE badge. */
export function channelPage(world: World, channel: SimChannel): string {
  const live = channel.live
    ? `<div class="tw-channel-status-text-indicator"><span class="CoreText">LIVE</span></div>`
    : `<span class="offline">Offline</span>`;
  return layout(
    world,
    `/${channel.login}`,
    `${channel.displayName} - Twitch`,
    `<div id="root"><div class="channel-root${channel.live ? ' channel-root--live' : ''}">
<h1>${esc(channel.displayName)} ${live}</h1><p>${esc(channel.title)}</p>
<p>(Twitch simulator: the player shows no video.)</p></div></div>`,
    channel,
  );
}

export function homePage(world: World): string {
  const links = [...world.channels.values()]
    .map((c) => `<li><a href="/${c.login}">${esc(c.displayName)}</a>${c.live ? ' <b>live</b>' : ''}</li>`)
    .join('');
  return layout(world, '/', 'Twitch (simulator)', `<h1>Twitch simulator</h1><ul>${links}</ul><p><a href="/login">Log in</a></p>`);
}

/** /drops/inventory and /drops/campaigns: their scripts ask Inventory and ViewerDropsDashboard. */
export function dropsPage(world: World, path: '/drops/inventory' | '/drops/campaigns'): string {
  const title = path === '/drops/inventory' ? 'Inventory' : 'Drops';
  return layout(world, path, `${title} - Twitch (simulator)`, `<h1>${title}</h1><p>(Twitch simulator: the page lists nothing.)</p>`);
}

export function loginPage(world: World): string {
  const links = [...world.users.values()]
    .map((u) => `<li><a href="/sim/login?user=${encodeURIComponent(u.login)}">Log in as ${esc(u.displayName)}</a></li>`)
    .join('');
  return layout(world, '/login', 'Log in - Twitch (simulator)', `<h1>Log in</h1><ul>${links}</ul>`);
}

/**
 * twitch.tv/activate, where a device-code login is confirmed: the code (from ?device-code=, editable) and the
 * Activate and Deny buttons, which post it to /sim/activate for the logged-in viewer. Logged out, it says to log in.
 */
export function activatePage(world: World, viewer: SimUser | null, userCode: string): string {
  const title = 'Activate - Twitch (simulator)';
  if (!viewer) {
    return layout(world, '/activate', title, `<h1>Activate your device</h1><p id="logged-out">Log in to activate a device: <a href="/login">Log in</a></p>`);
  }
  return layout(
    world,
    '/activate',
    title,
    `<h1>Activate your device</h1><p>Logged in as ${esc(viewer.displayName)}. Enter the code shown on your device.</p>
<form method="post" action="/sim/activate"><input id="code" name="user_code" value="${esc(userCode)}" maxlength="8" autocomplete="off">
<button id="activate" name="action" value="approve">Activate</button> <button id="deny" name="action" value="deny">Deny</button></form>`,
  );
}

/** The answer page of /sim/activate: what became of the code. */
export function activateResultPage(world: World, message: string): string {
  return layout(world, '/sim/activate', 'Activate - Twitch (simulator)', `<h1>Activate your device</h1><p id="result">${esc(message)}</p>`);
}

export function notFoundPage(world: World): string {
  return layout(world, '/404', 'Twitch', `<h1>Sorry. Unless you've got a time machine, that content is unavailable.</h1>`);
}
