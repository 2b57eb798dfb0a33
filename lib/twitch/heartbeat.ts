import { TWITCH_ORIGIN, isTwitchInfraHost } from './constants';
import { TwitchError } from './errors';
import type { Transport } from './http';

/**
 * The watch heartbeat of 2026: the minute-watched event POSTed to spade, alone, about once a minute per watched
 * channel. Every 2026 peer does only this (TDM 4148c71, ZARM 5733820, RAK aaef36ec, LURK): the playlist chain of
 * 2024 (PlaybackAccessToken, usher, segment HEAD) is not needed for credit. The 204 does not prove a credit: only
 * Twitch's own progress (drop minutes, points) does.
 */
export interface WatchTarget {
  login: string;
  channelId: string;
  /** The broadcast id of the live stream. */
  streamId: string;
  userId: string;
  /** The broadcast's game: drop minutes go to the campaign of the game the event names. */
  game?: { id: string; name: string } | null;
}

export type BeatOutcome = 'accepted' | 'refused';

const SPADE_URL = /"spade_?url": ?"(https:[^"]+)"/;
const SETTINGS_SCRIPT = /(https:\/\/(?:static\.twitchcdn\.net|assets\.twitch\.tv)\/config\/settings\.[0-9a-f]+\.js)/;

const spadeIn = (text: string) => SPADE_URL.exec(text)?.[1]?.replace(/\\\//g, '/');

/**
 * Finds the spade (event beacon) URL: in the channel page itself, or in the settings script the page names
 * (TDM PR #982, 2026-03). Not `beacon_url`, which is something else.
 */
export async function discoverSpadeUrl(transport: Transport, login: string): Promise<string> {
  const page = await transport.fetchText({ url: `${TWITCH_ORIGIN}/${login}`, method: 'GET', headers: {}, label: 'channel page' });
  if (page.status !== 200) throw new TwitchError('malformed', `the channel page answered HTTP ${page.status}`, { operation: 'spade discovery' });
  let spade = spadeIn(page.text);
  if (!spade) {
    const settingsUrl = SETTINGS_SCRIPT.exec(page.text)?.[1];
    if (!settingsUrl) throw new TwitchError('malformed', 'the channel page names neither a spade URL nor a settings script', { operation: 'spade discovery' });
    const settings = await transport.fetchText({ url: settingsUrl, method: 'GET', headers: {}, label: 'settings script' });
    spade = settings.status === 200 ? spadeIn(settings.text) : undefined;
    if (!spade) throw new TwitchError('malformed', `the settings script (HTTP ${settings.status}) has no spade_url`, { operation: 'spade discovery' });
  }
  if (!isTwitchInfraHost(spade)) throw new TwitchError('malformed', `the spade URL is not a Twitch host: ${spade}`, { operation: 'spade discovery' });
  return spade;
}

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The form body of one minute-watched event with the property set Twitch needs for drop attribution in 2026 (TDM
 * `_watch_payload`, rangermix#70): `user_id` a number, the game's name and id whenever the stream has a game.
 */
export function minuteWatchedBody(t: WatchTarget, now: number): string {
  const properties: Record<string, unknown> = {
    broadcast_id: t.streamId,
    channel_id: t.channelId,
    channel: t.login,
    client_time: Math.floor(now / 1000),
    hidden: false,
    is_live: true,
    live: true,
    logged_in: true,
    minutes_logged: 1,
    muted: false,
    player: 'site',
    user_id: Number(t.userId),
  };
  if (t.game) {
    properties.game = t.game.name;
    properties.game_id = t.game.id;
  }
  return `data=${encodeURIComponent(base64(JSON.stringify([{ event: 'minute-watched', properties }])))}`;
}

/** POSTs one minute-watched event. Twitch answers 204 when it takes it (which does not prove a credit). */
export async function sendMinuteWatched(transport: Transport, spadeUrl: string, target: WatchTarget, now: number): Promise<BeatOutcome> {
  const res = await transport.fetchText({
    url: spadeUrl,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: minuteWatchedBody(target, now),
    label: 'minute-watched',
  });
  return res.status === 204 || res.status === 200 ? 'accepted' : 'refused';
}
