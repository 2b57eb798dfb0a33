import { createHash } from 'node:crypto';
import { WEB_CLIENT_ID } from './auth';
import { SIM_HASHES } from './gql';
import { SPADE_URL } from './video';
import type { SimChannel, SimUser, World } from './world';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** A value as a JavaScript literal safe inside a <script> element. */
const js = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

/** The variables twitch.tv's home page asks PersonalSections with: the followed live channels. */
const PERSONAL_SECTIONS_VARS = {
  input: { sectionInputs: ['FOLLOWED_SECTION'], recommendationContext: { platform: 'web' } },
  channelLogin: null,
  withChannelUser: false,
  creatorAnniversariesExperimentEnabled: false,
};

/**
 * What twitch.tv's own code does on each page while a viewer is logged in (the auth-token cookie, readable by the
 * page): it obtains an integrity token for its device id (the unique_id cookie) from gql.twitch.tv/integrity, then
 * sends its GQL request with it (Client-Integrity, X-Device-Id, Client-Session-Id), and again every minute. On a
 * channel page that is the channel's ChannelPointsContext, elsewhere PersonalSections. Extensions may observe it.
 */
function pageScript(channelLogin: string | null): string {
  const operationName = channelLogin ? 'ChannelPointsContext' : 'PersonalSections';
  const body = [
    {
      operationName,
      variables: channelLogin ? { channelLogin } : PERSONAL_SECTIONS_VARS,
      extensions: { persistedQuery: { version: 1, sha256Hash: SIM_HASHES[operationName] } },
    },
  ];
  return `<script>(() => {
  const cookies = Object.fromEntries(document.cookie.split('; ').map((c) => [c.slice(0, c.indexOf('=')), decodeURIComponent(c.slice(c.indexOf('=') + 1))]));
  const token = cookies['auth-token'];
  if (!token) return;
  const headers = { Authorization: 'OAuth ' + token, 'Client-Id': ${js(WEB_CLIENT_ID)}, 'X-Device-Id': cookies['unique_id'] || '' };
  const sessionId = crypto.randomUUID().replace(/-/g, '').slice(0, 16);
  fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers })
    .then((res) => res.json())
    .then(({ token: integrity }) => {
      const query = () =>
        fetch('https://gql.twitch.tv/gql', {
          method: 'POST',
          headers: { ...headers, 'Client-Integrity': integrity, 'Client-Session-Id': sessionId, 'Content-Type': 'text/plain;charset=UTF-8' },
          body: ${js(JSON.stringify(body))},
        }).catch(() => undefined);
      query();
      setInterval(query, 60000);
    })
    .catch(() => undefined);
})();</script>`;
}

/** A www.twitch.tv page; on a channel page, channelLogin names the channel its script asks about. */
function layout(title: string, body: string, channelLogin: string | null = null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui;background:#0e0e10;color:#efeff1;margin:0;padding:24px}a{color:#bf94ff}
.tw-channel-status-text-indicator{display:inline-block;background:#e91916;color:#fff;border-radius:4px;padding:0 6px;font-weight:700}</style>
</head><body>${body}
${pageScript(channelLogin)}</body></html>`;
}

/** The host of the web client's static files. */
export const SETTINGS_HOST = 'static.twitchcdn.net';
/** The web client's settings script; peer tools read the spade URL from it. */
export const SETTINGS_JS = `window.__twilightSettings = ${JSON.stringify({
  environment: 'production',
  experiments: {},
  spade_url: SPADE_URL,
  sentry_dsn: '',
  player_version: '1.30.0-sim',
})};\n`;
/** Its path, named by a hash of its content as Twitch's is: /config/settings.<32 hex>.js. */
export const SETTINGS_PATH = `/config/settings.${createHash('md5').update(SETTINGS_JS).digest('hex')}.js`;

/**
 * A channel page carrying the markers the real one has: the channel root's live class, the LIVE badge and the
 * settings script tag.
 */
export function channelPage(channel: SimChannel): string {
  const live = channel.live
    ? `<div class="tw-channel-status-text-indicator"><span class="CoreText">LIVE</span></div>`
    : `<span class="offline">Offline</span>`;
  return layout(
    `${channel.displayName} - Twitch`,
    `<div id="root"><div class="channel-root${channel.live ? ' channel-root--live' : ''}">
<h1>${esc(channel.displayName)} ${live}</h1><p>${esc(channel.title)}</p>
<p>(Twitch simulator: the player shows no video.)</p></div></div>
<script src="https://${SETTINGS_HOST}${SETTINGS_PATH}"></script>`,
    channel.login,
  );
}

export function homePage(world: World): string {
  const links = [...world.channels.values()]
    .map((c) => `<li><a href="/${c.login}">${esc(c.displayName)}</a>${c.live ? ' <b>live</b>' : ''}</li>`)
    .join('');
  return layout('Twitch (simulator)', `<h1>Twitch simulator</h1><ul>${links}</ul><p><a href="/login">Log in</a></p>`);
}

export function loginPage(world: World): string {
  const links = [...world.users.values()]
    .map((u) => `<li><a href="/sim/login?user=${encodeURIComponent(u.login)}">Log in as ${esc(u.displayName)}</a></li>`)
    .join('');
  return layout('Log in - Twitch (simulator)', `<h1>Log in</h1><ul>${links}</ul>`);
}

/**
 * twitch.tv/activate, where a device-code login is confirmed: the code (from ?device-code=, editable) and the
 * Activate and Deny buttons, which post it to /sim/activate for the logged-in viewer. Logged out, it says to log in.
 */
export function activatePage(viewer: SimUser | null, userCode: string): string {
  if (!viewer) {
    return layout('Activate - Twitch (simulator)', `<h1>Activate your device</h1><p id="logged-out">Log in to activate a device: <a href="/login">Log in</a></p>`);
  }
  return layout(
    'Activate - Twitch (simulator)',
    `<h1>Activate your device</h1><p>Logged in as ${esc(viewer.displayName)}. Enter the code shown on your device.</p>
<form method="post" action="/sim/activate"><input id="code" name="user_code" value="${esc(userCode)}" maxlength="8" autocomplete="off">
<button id="activate" name="action" value="approve">Activate</button> <button id="deny" name="action" value="deny">Deny</button></form>`,
  );
}

/** The answer page of /sim/activate: what became of the code. */
export function activateResultPage(message: string): string {
  return layout('Activate - Twitch (simulator)', `<h1>Activate your device</h1><p id="result">${esc(message)}</p>`);
}

export function notFoundPage(): string {
  return layout('Twitch', `<h1>Sorry. Unless you've got a time machine, that content is unavailable.</h1>`);
}
