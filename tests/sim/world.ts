import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock';
import { Drops, type CampaignSpec, type ClaimAttempt, type DropEvent, type DropProgress, type SimCampaign } from './drops';

export interface SimUser {
  id: string;
  login: string;
  displayName: string;
  /** The OAuth token of the user's web session (the auth-token cookie). */
  token: string;
  /** The unique_id cookie of the user's browser. */
  deviceId: string;
}

export interface SimChannel {
  id: string;
  login: string;
  displayName: string;
  live: boolean;
  streamId: string | null;
  streamStartedAt: number | null;
  game: { id: string; name: string } | null;
  title: string;
  viewers: number;
  pointsEnabled: boolean;
  pointsName: string | null;
  /** Whether the channel's stream is tagged drops-enabled in the directory. */
  dropsEnabled: boolean;
}

/** A live interval on the sim clock, in ms: live from startAt until (not including) endAt. */
interface Interval {
  startAt: number;
  endAt: number;
}

export interface Follow {
  channel: SimChannel;
  followedAt: number;
}

/**
 * What Twitch needs besides a minute-watched event to credit the minute: a segment of the stream fetched in the
 * last 90 s too (what a player does; the default), or the event alone.
 */
export type HeartbeatRule = 'playlist-and-spade' | 'spade-only';

/** One minute-watched event spade received, and whether (and why not) it was credited. */
export interface WatchEvent {
  at: number;
  userId: string;
  channelLogin: string;
  credited: boolean;
  /** 'credited', or why not: unknown-user, unknown-channel, offline, wrong-broadcast, no-playlist, too-soon, third-channel. */
  reason: string;
}

/** Twitch's watch rules, in sim-clock ms. */
const MINUTE_SPACING_MS = 50_000; // at least this long between two credited minutes on one channel
const CONCURRENT_WINDOW_MS = 60_000; // channels credited less than this long ago count as watched at once
const SEGMENT_WINDOW_MS = 90_000; // under 'playlist-and-spade', a segment fetch at most this old

/**
 * The simulated Twitch: users, channels, their streams (manual or scheduled on the sim clock), follows, the points
 * each user holds on each channel, the watch minutes spade credited, and drop campaigns with the progress those
 * minutes make on them.
 */
export class World {
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, SimChannel>();
  heartbeatRule: HeartbeatRule = 'playlist-and-spade';
  /** Every minute-watched event, credited or not, in the order received. */
  readonly watchEvents: WatchEvent[] = [];
  private readonly schedules = new Map<string, Interval[]>();
  /** The interval each scheduled channel is live in, as of the last sync. */
  private readonly airing = new Map<string, Interval>();
  private readonly follows = new Map<string, Follow[]>();
  /** When the user last fetched a segment of the channel's stream, by user:channel key. */
  private readonly lastSegment = new Map<string, number>();
  /** When each channel last credited the user a minute: user id -> channel id -> time. */
  private readonly lastCredit = new Map<string, Map<string, number>>();
  private readonly balances = new Map<string, number>();
  private readonly bonusClaims = new Map<string, string>();
  private readonly multipliers = new Map<string, number[]>();
  private nextId = 100_000;
  /** The drop campaigns and the users' progress on them (drops.ts); the drop methods below are its face. */
  readonly drops: Drops;

  constructor(readonly clock: SimClock) {
    this.drops = new Drops(this);
  }

  private id(): string {
    return String(this.nextId++);
  }

  addUser(login: string, opts: { token?: string; deviceId?: string } = {}): SimUser {
    const user: SimUser = {
      id: this.id(),
      login: login.toLowerCase(),
      displayName: login,
      token: opts.token ?? randomBytes(15).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 30),
      deviceId: opts.deviceId ?? randomBytes(16).toString('hex'),
    };
    this.users.set(user.login, user);
    return user;
  }

  addChannel(login: string, opts: Partial<Omit<SimChannel, 'id' | 'login'>> = {}): SimChannel {
    const channel: SimChannel = {
      id: this.id(),
      login: login.toLowerCase(),
      displayName: opts.displayName ?? login,
      live: false,
      streamId: null,
      streamStartedAt: null,
      game: opts.game === undefined ? { id: '509658', name: 'Just Chatting' } : opts.game, // null: no game
      title: opts.title ?? `${login} stream`,
      viewers: opts.viewers ?? 1234,
      pointsEnabled: opts.pointsEnabled ?? true,
      pointsName: opts.pointsName ?? null,
      dropsEnabled: opts.dropsEnabled ?? false,
    };
    this.channels.set(channel.login, channel);
    if (opts.live) this.goLive(channel.login);
    return channel;
  }

  channel(login: string): SimChannel {
    const c = this.channels.get(login.toLowerCase());
    if (!c) throw new Error(`no such sim channel ${login}`);
    return c;
  }

  userById(id: string): SimUser | null {
    for (const u of this.users.values()) if (u.id === id) return u;
    return null;
  }

  channelById(id: string): SimChannel | null {
    for (const c of this.channels.values()) if (c.id === id) return c;
    return null;
  }

  userByToken(token: string | null): SimUser | null {
    if (!token) return null;
    for (const u of this.users.values()) if (u.token === token) return u;
    return null;
  }

  /** Starts a new stream (a new stream id). */
  goLive(login: string, startedAt = this.clock.now()): void {
    const c = this.channel(login);
    c.live = true;
    c.streamId = this.id();
    c.streamStartedAt = startedAt;
  }

  goOffline(login: string): void {
    const c = this.channel(login);
    c.live = false;
    c.streamId = null;
    c.streamStartedAt = null;
  }

  /** Schedules a live interval [startAt, endAt) in sim-clock ms; sync() applies it. A channel may have several. */
  scheduleStream(login: string, startAt: number, endAt: number): void {
    if (endAt <= startAt) throw new Error(`empty stream interval for ${login}`);
    const c = this.channel(login);
    this.schedules.set(c.login, [...(this.schedules.get(c.login) ?? []), { startAt, endAt }]);
  }

  /**
   * Applies the schedules at the clock's now: a scheduled channel inside an interval is live, with a new stream
   * (started at the interval's start) when the interval is a new one; outside them it is offline. A scheduled
   * channel follows its schedule only: sync undoes a goLive outside its intervals, or a goOffline inside one. The
   * server calls this before each request.
   */
  sync(): void {
    const now = this.clock.now();
    for (const [login, intervals] of this.schedules) {
      const current = intervals.find((i) => i.startAt <= now && now < i.endAt);
      if (!current) {
        if (this.channel(login).live) this.goOffline(login);
        this.airing.delete(login);
      } else if (current !== this.airing.get(login) || !this.channel(login).live) {
        this.goLive(login, current.startAt);
        this.airing.set(login, current);
      }
    }
  }

  /** The user follows the channel from now on (following twice changes nothing). */
  follow(user: SimUser, channelLogin: string): void {
    const channel = this.channel(channelLogin);
    const list = this.follows.get(user.id) ?? [];
    if (!list.some((f) => f.channel === channel)) list.push({ channel, followedAt: this.clock.now() });
    this.follows.set(user.id, list);
  }

  /** The channels the user follows, oldest follow first. */
  followsOf(user: SimUser): readonly Follow[] {
    return this.follows.get(user.id) ?? [];
  }

  private key(user: SimUser, channel: SimChannel): string {
    return `${user.id}:${channel.id}`;
  }

  balance(user: SimUser, channelLogin: string): number {
    return this.balances.get(this.key(user, this.channel(channelLogin))) ?? 0;
  }

  setBalance(user: SimUser, channelLogin: string, points: number): void {
    this.balances.set(this.key(user, this.channel(channelLogin)), points);
  }

  /** Points earned, with why: tests compare them with what the extension saw. */
  readonly pointEvents: { at: number; userId: string; channelLogin: string; reason: 'watch' | 'claim'; points: number }[] = [];
  private readonly watchedMinutes = new Map<string, number>();

  private factor(user: SimUser, channel: SimChannel): number {
    return 1 + this.multipliersOf(user, channel.login).reduce((a, b) => a + b, 0);
  }

  private earn(user: SimUser, channel: SimChannel, reason: 'watch' | 'claim', base: number): void {
    const points = Math.round(base * this.factor(user, channel));
    this.setBalance(user, channel.login, this.balance(user, channel.login) + points);
    this.pointEvents.push({ at: this.clock.now(), userId: user.id, channelLogin: channel.login, reason, points });
  }

  /** Twitch's watch rewards: 10 points every 5 minutes watched, and a bonus chest every 15 (if none is waiting). */
  private earnWatchPoints(user: SimUser, channel: SimChannel): void {
    const key = this.key(user, channel);
    const minutes = (this.watchedMinutes.get(key) ?? 0) + 1;
    this.watchedMinutes.set(key, minutes);
    if (minutes % 5 === 0) this.earn(user, channel, 'watch', 10);
    if (minutes % 15 === 0 && !this.bonusClaims.has(key)) this.offerClaim(user, channel.login);
  }

  /** Claims a bonus chest: 50 points (times the multiplier). False when that claim is not waiting. */
  claimBonus(user: SimUser, channelId: string, claimId: string): boolean {
    const channel = this.channelById(channelId);
    if (!channel || this.bonusClaims.get(this.key(user, channel)) !== claimId) return false;
    this.bonusClaims.delete(this.key(user, channel));
    this.earn(user, channel, 'claim', 50);
    return true;
  }

  /** Every bonus chest put up, in order. */
  readonly bonusOffers: { at: number; userId: string; channelLogin: string; claimId: string }[] = [];

  /** Puts a bonus chest up for the user on the channel; returns its claim id. */
  offerClaim(user: SimUser, channelLogin: string): string {
    const id = randomBytes(8).toString('hex');
    this.bonusClaims.set(this.key(user, this.channel(channelLogin)), id);
    this.bonusOffers.push({ at: this.clock.now(), userId: user.id, channelLogin: channelLogin.toLowerCase(), claimId: id });
    return id;
  }

  availableClaim(user: SimUser, channelLogin: string): string | null {
    return this.bonusClaims.get(this.key(user, this.channel(channelLogin))) ?? null;
  }

  setMultipliers(user: SimUser, channelLogin: string, factors: number[]): void {
    this.multipliers.set(this.key(user, this.channel(channelLogin)), factors);
  }

  multipliersOf(user: SimUser, channelLogin: string): number[] {
    return this.multipliers.get(this.key(user, this.channel(channelLogin))) ?? [];
  }

  /** Notes that the user fetched a segment of the channel's stream (a player's HEAD or GET). */
  segmentFetched(user: SimUser, channel: SimChannel): void {
    this.lastSegment.set(this.key(user, channel), this.clock.now());
  }

  /** Judges one minute-watched event's properties by Twitch's rules and records it in watchEvents. */
  minuteWatched(props: Record<string, unknown>): WatchEvent {
    const now = this.clock.now();
    const user = this.userById(String(props.user_id ?? ''));
    const channel = this.channelById(String(props.channel_id ?? ''));
    const reason = this.judge(user, channel, props, now);
    if (reason === 'credited' && user && channel) {
      const credits = this.lastCredit.get(user.id) ?? new Map<string, number>();
      credits.set(channel.id, now);
      this.lastCredit.set(user.id, credits);
      this.drops.credit(user, channel);
      this.earnWatchPoints(user, channel);
    }
    const event: WatchEvent = {
      at: now,
      userId: user?.id ?? String(props.user_id ?? ''),
      channelLogin: channel?.login ?? String(props.channel ?? '').toLowerCase(),
      credited: reason === 'credited',
      reason,
    };
    this.watchEvents.push(event);
    return event;
  }

  private judge(user: SimUser | null, channel: SimChannel | null, props: Record<string, unknown>, now: number): string {
    if (!user) return 'unknown-user';
    if (!channel || channel.login !== String(props.channel ?? '').toLowerCase()) return 'unknown-channel';
    if (!channel.live) return 'offline';
    if (String(props.broadcast_id ?? '') !== channel.streamId) return 'wrong-broadcast';
    const segmentAt = this.lastSegment.get(this.key(user, channel));
    if (this.heartbeatRule === 'playlist-and-spade' && (segmentAt === undefined || now - segmentAt > SEGMENT_WINDOW_MS)) return 'no-playlist';
    const credits = this.lastCredit.get(user.id) ?? new Map<string, number>();
    const last = credits.get(channel.id);
    if (last !== undefined && now - last < MINUTE_SPACING_MS) return 'too-soon';
    // Twitch credits at most two channels at once: with two others credited just now, this one gets nothing.
    const others = [...credits].filter(([id, at]) => id !== channel.id && now - at < CONCURRENT_WINDOW_MS).length;
    return others >= 2 ? 'third-channel' : 'credited';
  }

  /** How many watch minutes the user was credited, on one channel or on all. */
  creditedMinutes(user: SimUser, channelLogin?: string): number {
    const login = channelLogin?.toLowerCase();
    return this.watchEvents.filter((e) => e.credited && e.userId === user.id && (login === undefined || e.channelLogin === login)).length;
  }

  /** Adds a drop campaign (see CampaignSpec); returns it with generated ids and defaults filled in. */
  addCampaign(spec: CampaignSpec): SimCampaign {
    return this.drops.add(spec);
  }

  /** Links or unlinks the user's game account for the campaign; unlinked, the campaign makes no progress. */
  setAccountLinked(user: SimUser, campaignId: string, linked: boolean): void {
    this.drops.setLinked(user, campaignId, linked);
  }

  dropProgress(user: SimUser, dropId: string): DropProgress {
    return this.drops.progressById(user, dropId);
  }

  /** Every minute credited to a drop, in order. */
  get dropEvents(): readonly DropEvent[] {
    return this.drops.events;
  }

  /** Every drop claim attempt of a logged-in user, in order. */
  get claims(): readonly ClaimAttempt[] {
    return this.drops.claims;
  }
}
