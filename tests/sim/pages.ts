import { createHash } from 'node:crypto';
import { SPADE_URL } from './video';
import type { SimChannel, World } from './world';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>body{font:14px system-ui;background:#0e0e10;color:#efeff1;margin:0;padding:24px}a{color:#bf94ff}
.tw-channel-status-text-indicator{display:inline-block;background:#e91916;color:#fff;border-radius:4px;padding:0 6px;font-weight:700}</style>
</head><body>${body}</body></html>`;
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

export function notFoundPage(): string {
  return layout('Twitch', `<h1>Sorry. Unless you've got a time machine, that content is unavailable.</h1>`);
}
