import { gunzipSync } from 'node:zlib';
import type { SimChannel, SimUser, World } from './world';

/** Where the web client posts its events; the settings script (or the page) names it as spade_url. */
export const SPADE_HOST = 'spade.twitch.tv';
export const SPADE_PATH = '/track';
export const SPADE_URL = `https://${SPADE_HOST}${SPADE_PATH}`;

/**
 * The properties of TDM's _watch_payload (2026-07, after TDM#1099; rangermix#70): a drop minute needs every one of
 * them under wire.spadeFullProperties, user_id a JSON integer.
 */
const FULL_PROPERTIES = [
  'broadcast_id', 'channel_id', 'channel', 'client_time', 'game', 'game_id', 'hidden', 'is_live', 'live', 'logged_in',
  'minutes_logged', 'muted', 'user_id', 'player',
] as const;

/**
 * One minute-watched event spade received, and what it earned. reason is the points minute's: 'credited', or why
 * not (unknown-user, unknown-channel, offline, not-live, wrong-broadcast, too-soon, third-channel, silenced).
 * dropReason is the drop minute's: 'credited', or why not (not-watched: no points minute either; no-campaign: the
 * channel counts for no active campaign; incomplete, no-game, wrong-game: the event's properties; too-soon: another
 * drop minute less than 50 s ago; no-drop: nothing left to progress; silenced).
 */
export interface WatchEvent {
  at: number;
  userId: string;
  channelLogin: string;
  credited: boolean;
  reason: string;
  dropCredited: boolean;
  dropReason: string;
  /** The event's properties as sent. */
  properties: Record<string, unknown>;
  /** How it came: the spade POST, or the GQL SendEvents mutation. */
  route: WatchRoute;
}

export type WatchRoute = 'spade' | 'send-events';

/** A clip's play events, or a VOD's minute (content_mode "vod", or not live with a vod_id): watch-streak recovery's. */
function isRecoveryPlay(event: unknown, props: Record<string, unknown>): boolean {
  if (event === 'video-play' || event === 'n_second_play') return true;
  return event === 'minute-watched' && (props.content_mode === 'vod' || (props.live === false && props.vod_id !== undefined && props.vod_id !== null && props.vod_id !== ''));
}

/** Twitch's watch rules, in sim-clock ms. */
const MINUTE_SPACING_MS = 50_000; // at least this long between two credited minutes on one channel
const CONCURRENT_WINDOW_MS = 60_000; // channels credited less than this long ago count as watched at once

/**
 * Watch credit, 2026: the spade POST alone earns it (TDM 4148c71, ZARM 5733820, RAK aaef36ec, LURK); no playlist or
 * segment is needed. A minute-watched event naming the user, a live channel by id and login, and its current
 * broadcast earns a points minute, on at most two channels at once. A drop minute also needs the event's game_id to
 * be the game of a campaign the channel counts for.
 */
export class Watch {
  /** Every minute-watched event, in the order received. */
  readonly events: WatchEvent[] = [];
  /** When each channel last credited the user a minute: user id -> channel id -> time. */
  private readonly lastCredit = new Map<string, Map<string, number>>();

  constructor(private readonly world: World) {}

  /**
   * spade: form field `data` is base64 of a JSON array of {event, properties}; each minute-watched one is judged.
   * 204 for any body that decodes, credited or not (as Twitch), 400 for one that does not.
   */
  spade(body: string): number {
    let events: unknown = null;
    try {
      events = JSON.parse(Buffer.from(new URLSearchParams(body).get('data') ?? '', 'base64').toString('utf8'));
    } catch {
      // not JSON: answered 400 below
    }
    return this.judgeAll(events, 'spade') ? 204 : 400;
  }

  /**
   * GQL SendEvents (TDM#958): input {data: base64(gzip(JSON array)), repository: "twilight", encoding: "GZIP_B64"};
   * each minute-watched event is judged as spade's, credited only under wire.creditSendEvents. statusCode 204 for
   * any input that decodes, credited or not; 400 for one that does not.
   */
  sendEvents(input: unknown): { statusCode: number } {
    const i = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
    if (i.repository !== 'twilight' || i.encoding !== 'GZIP_B64' || typeof i.data !== 'string') return { statusCode: 400 };
    let events: unknown = null;
    try {
      events = JSON.parse(gunzipSync(Buffer.from(i.data, 'base64')).toString('utf8'));
    } catch {
      // not gzip or not JSON: 400 below
    }
    return { statusCode: this.judgeAll(events, 'send-events') ? 204 : 400 };
  }

  /**
   * Judges every minute-watched event of a decoded array; clip plays and VOD minutes go to world.streaks instead
   * (streaks.ts), never as live minutes. False when it is not an array.
   */
  private judgeAll(events: unknown, route: WatchRoute): boolean {
    if (!Array.isArray(events)) return false;
    const credits = route === 'spade' ? this.world.wire.creditSpade : this.world.wire.creditSendEvents;
    for (const e of events as { event?: unknown; properties?: unknown }[]) {
      if (!e?.properties || typeof e.properties !== 'object') continue;
      const props = e.properties as Record<string, unknown>;
      if (isRecoveryPlay(e.event, props)) this.world.streaks.play(String(e.event), props, route, credits);
      else if (e.event === 'minute-watched') this.minuteWatched(props, route);
    }
    return true;
  }

  /** Judges one minute-watched event's properties by Twitch's rules, credits what it earned, and records it. */
  minuteWatched(props: Record<string, unknown>, route: WatchRoute = 'spade'): WatchEvent {
    const now = this.world.clock.now();
    const user = this.world.userById(String(props.user_id ?? ''));
    const channel = this.world.channelById(String(props.channel_id ?? ''));
    let reason = this.judge(user, channel, props, now);
    let dropReason = reason === 'credited' ? this.judgeDrop(user!, channel!, props) : 'not-watched';
    const routeCredits = route === 'spade' ? this.world.wire.creditSpade : this.world.wire.creditSendEvents;
    if (reason === 'credited' && !routeCredits) reason = dropReason = 'silenced';
    if (reason === 'credited') {
      const credits = this.lastCredit.get(user!.id) ?? new Map<string, number>();
      credits.set(channel!.id, now);
      this.lastCredit.set(user!.id, credits);
      if (dropReason === 'credited') dropReason = this.world.drops.credit(user!, channel!);
      this.world.points.watchMinute(user!, channel!);
      this.world.community.payRaids(user!, channel!);
    }
    const event: WatchEvent = {
      at: now,
      userId: user?.id ?? String(props.user_id ?? ''),
      channelLogin: channel?.login ?? String(props.channel ?? '').toLowerCase(),
      credited: reason === 'credited',
      reason,
      dropCredited: dropReason === 'credited',
      dropReason,
      properties: props,
      route,
    };
    this.events.push(event);
    return event;
  }

  private judge(user: SimUser | null, channel: SimChannel | null, props: Record<string, unknown>, now: number): string {
    if (!user) return 'unknown-user';
    if (!channel || channel.login !== String(props.channel ?? '').toLowerCase()) return 'unknown-channel';
    if (!channel.live) return 'offline';
    if (props.live !== true) return 'not-live';
    if (String(props.broadcast_id ?? '') !== channel.streamId) return 'wrong-broadcast';
    const credits = this.lastCredit.get(user.id) ?? new Map<string, number>();
    const last = credits.get(channel.id);
    if (last !== undefined && now - last < MINUTE_SPACING_MS) return 'too-soon';
    // Twitch credits at most two channels at once: with two others credited just now, this one gets nothing.
    const others = [...credits].filter(([id, at]) => id !== channel.id && now - at < CONCURRENT_WINDOW_MS).length;
    return others >= 2 ? 'third-channel' : 'credited';
  }

  /** Whether a credited watch minute may be a drop minute too, as far as the event and the campaigns go: 'credited' or why not. */
  private judgeDrop(user: SimUser, channel: SimChannel, props: Record<string, unknown>): string {
    const campaigns = this.world.drops.counting(user, channel);
    if (campaigns.length === 0) return 'no-campaign';
    if (this.world.wire.spadeFullProperties && (FULL_PROPERTIES.some((p) => !(p in props)) || !Number.isInteger(props.user_id))) return 'incomplete';
    const gameId = props.game_id === undefined || props.game_id === null ? '' : String(props.game_id);
    if (!gameId) return 'no-game';
    return campaigns.some((c) => c.game.id === gameId) ? 'credited' : 'wrong-game';
  }

  /** How many watch minutes the user was credited, on one channel or on all. */
  creditedMinutes(user: SimUser, channelLogin?: string): number {
    const login = channelLogin?.toLowerCase();
    return this.events.filter((e) => e.credited && e.userId === user.id && (login === undefined || e.channelLogin === login)).length;
  }
}
