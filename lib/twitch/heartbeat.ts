import { TWITCH_ORIGIN, isTwitchInfraHost } from './constants';
import { z } from 'zod';
import { TwitchError } from './errors';
import type { GqlClient } from './gql';
import type { Transport } from './http';
import { raw } from './operation';

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

function base64Bytes(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
const base64 = (text: string) => base64Bytes(new TextEncoder().encode(text));

/**
 * The minified JSON array of one minute-watched event, as both routes carry it, with the property set Twitch needs
 * for drop attribution in 2026 (TDM `_watch_payload`, rangermix#70): `user_id` a number, the game's name and id
 * whenever the stream has a game.
 */
function minuteWatchedEvents(t: WatchTarget, now: number): string {
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
  return JSON.stringify([{ event: 'minute-watched', properties }]);
}

/**
 * POSTs events to spade, in its form (field `data`, base64 of the events' JSON array). True when Twitch takes them
 * (204), which does not prove a credit.
 */
export async function postSpade(transport: Transport, spadeUrl: string, eventsJson: string, label: string): Promise<boolean> {
  const res = await transport.fetchText({
    url: spadeUrl,
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `data=${encodeURIComponent(base64(eventsJson))}`,
    label,
  });
  return res.status === 204 || res.status === 200;
}

/** POSTs one minute-watched event. */
export async function sendMinuteWatched(transport: Transport, spadeUrl: string, target: WatchTarget, now: number): Promise<BeatOutcome> {
  return (await postSpade(transport, spadeUrl, minuteWatchedEvents(target, now), 'minute-watched')) ? 'accepted' : 'refused';
}

/**
 * The web client's GQL route for the same events (TDM#958; TDM used it 2026-04-28 .. 2026-07-11, when Twitch stopped
 * crediting spade): a raw mutation whose input carries the events gzipped and base64-encoded. A mutation: it goes
 * through the claims' client (the activation's token, or the page's integrity header set), since whether Twitch
 * wants integrity for it on the web client id is not known.
 */
export const SendEvents = raw(
  'SendEvents',
  'mutation SendEvents($input: SendSpadeEventsInput!) { sendSpadeEvents(input: $input) { statusCode } }',
  z.object({ input: z.object({ data: z.string(), repository: z.literal('twilight'), encoding: z.literal('GZIP_B64') }) }),
  z.object({ sendSpadeEvents: z.object({ statusCode: z.number() }).nullable() }),
);

/** Gzip (CompressionStream: Chrome, Firefox, Node 20) then base64. */
export async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([new TextEncoder().encode(text)]).stream().pipeThrough(new CompressionStream('gzip'));
  return base64Bytes(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The SendEvents input of one minute-watched event. */
export async function sendEventsInput(t: WatchTarget, now: number) {
  return { data: await gzipBase64(minuteWatchedEvents(t, now)), repository: 'twilight' as const, encoding: 'GZIP_B64' as const };
}

/** Sends one minute-watched event by GQL SendEvents. Its statusCode 204 says Twitch took it (not that it credits). */
export async function sendEventsMinute(gql: GqlClient, target: WatchTarget, now: number): Promise<BeatOutcome> {
  const answer = await gql.request(SendEvents, { input: await sendEventsInput(target, now) });
  const status = answer.sendSpadeEvents?.statusCode;
  return status === 204 || status === 200 ? 'accepted' : 'refused';
}
