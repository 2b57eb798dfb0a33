import { TWITCH_ORIGIN, isTwitchInfraHost } from './constants';
import { TwitchError } from './errors';
import type { Transport } from './http';

/**
 * The watch heartbeat: what the web player does each minute so Twitch credits a minute watched, without video.
 * Two methods behind one interface:
 * - 'playlist-and-spade' (the web player since 2024): fetch the HLS master playlist with a playback token, the
 *   lowest-quality media playlist, HEAD the newest segment (no video bytes), then POST the minute-watched event;
 * - 'spade-only' (the older way): POST the minute-watched event alone.
 */
export type HeartbeatMethod = 'playlist-and-spade' | 'spade-only';

export interface WatchTarget {
  login: string;
  channelId: string;
  /** The broadcast id of the live stream. */
  streamId: string;
  userId: string;
  game?: { id: string; name: string } | null;
}

export interface PlaybackToken {
  value: string;
  signature: string;
}

export type BeatOutcome = 'accepted' | 'offline' | 'refused';

const SETTINGS_SCRIPT = /(https:\/\/static\.twitchcdn\.net\/config\/settings.*?js|https:\/\/assets\.twitch\.tv\/config\/settings.*?\.js)/;
const SPADE_URL = /"spade_url":"(.*?)"/;

/** Finds the spade (event beacon) URL: the channel page names its settings script, which names the URL. */
export async function discoverSpadeUrl(transport: Transport, login: string): Promise<string> {
  const page = await transport.fetchText({ url: `${TWITCH_ORIGIN}/${login}`, method: 'GET', headers: {}, label: 'channel page' });
  const settingsUrl = SETTINGS_SCRIPT.exec(page.text)?.[1];
  if (page.status !== 200 || !settingsUrl) throw new TwitchError('malformed', `the channel page (HTTP ${page.status}) names no settings script`, { operation: 'spade discovery' });
  const settings = await transport.fetchText({ url: settingsUrl, method: 'GET', headers: {}, label: 'settings script' });
  const spade = SPADE_URL.exec(settings.text)?.[1]?.replace(/\\\//g, '/');
  if (settings.status !== 200 || !spade || !isTwitchInfraHost(spade)) {
    throw new TwitchError('malformed', `the settings script (HTTP ${settings.status}) has no usable spade_url`, { operation: 'spade discovery' });
  }
  return spade;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The form body of one minute-watched event, as the web player sends it. */
export function minuteWatchedBody(t: WatchTarget): string {
  const properties: Record<string, unknown> = {
    channel_id: t.channelId,
    broadcast_id: t.streamId,
    player: 'site',
    user_id: t.userId,
    live: true,
    channel: t.login,
  };
  if (t.game) {
    properties.game = t.game.name;
    properties.game_id = t.game.id;
  }
  return `data=${encodeURIComponent(base64(JSON.stringify([{ event: 'minute-watched', properties }])))}`;
}

const urlLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('https://'));

/** The HLS part: master playlist, lowest-quality media playlist, HEAD of its newest segment. */
export async function touchPlaylist(transport: Transport, login: string, token: PlaybackToken): Promise<BeatOutcome> {
  const usher = `https://usher.ttvnw.net/api/channel/hls/${login}.m3u8?sig=${encodeURIComponent(token.signature)}&token=${encodeURIComponent(token.value)}`;
  const master = await transport.fetchText({ url: usher, method: 'GET', headers: {}, label: 'usher' });
  if (master.status === 404) return 'offline';
  if (master.status !== 200) return 'refused';
  // Variants run from best to worst: the last one is the lowest quality.
  const media = urlLines(master.text).at(-1);
  if (!media || !isTwitchInfraHost(media)) throw new TwitchError('malformed', 'the master playlist names no media playlist', { operation: 'usher' });
  const playlist = await transport.fetchText({ url: media, method: 'GET', headers: {}, label: 'media playlist' });
  if (playlist.status === 404) return 'offline';
  if (playlist.status !== 200) return 'refused';
  const segment = urlLines(playlist.text).at(-1);
  if (!segment || !isTwitchInfraHost(segment)) throw new TwitchError('malformed', 'the media playlist names no segment', { operation: 'media playlist' });
  const head = await transport.fetchText({ url: segment, method: 'HEAD', headers: {}, label: 'segment' });
  return head.status === 200 ? 'accepted' : 'refused';
}

/** POSTs the minute-watched event. Twitch answers 204 when it takes it (which does not prove a credit: balances do). */
export async function sendMinuteWatched(transport: Transport, spadeUrl: string, target: WatchTarget): Promise<BeatOutcome> {
  const res = await transport.fetchText({
    url: spadeUrl,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: minuteWatchedBody(target),
    label: 'minute-watched',
  });
  return res.status === 204 || res.status === 200 ? 'accepted' : 'refused';
}

/** One watched minute for one channel, by the chosen method. A playback token is needed for the playlist method. */
export async function beat(
  transport: Transport,
  method: HeartbeatMethod,
  spadeUrl: string,
  target: WatchTarget,
  token: PlaybackToken | null,
): Promise<BeatOutcome> {
  if (method === 'playlist-and-spade') {
    if (!token) return 'offline';
    const hls = await touchPlaylist(transport, target.login, token);
    if (hls !== 'accepted') return hls;
  }
  return sendMinuteWatched(transport, spadeUrl, target);
}
