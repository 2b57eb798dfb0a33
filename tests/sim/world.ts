import { randomBytes, randomUUID } from 'node:crypto';
import { Auth, randomToken, type IssuedToken } from './auth';
import { iso, type SimClock } from './clock';
import { Drops, type CampaignSpec, type ClaimAttempt, type DropEvent, type DropProgress, type SimCampaign } from './drops';
import { Predictions, type BetRecord, type PredictionSpec } from './predictions';

export interface SimUser {
  id: string;
  login: string;
  displayName: string;
  /** The OAuth token of the user's web session (the auth-token cookie): web client id, never expires. */
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

/** Why points were earned, and the reason_code Twitch's points-earned message gives for it. */
export type PointReason = 'watch' | 'claim' | 'raid' | 'prediction';
const REASON_CODES: Record<PointReason, string> = { watch: 'WATCH', claim: 'CLAIM', raid: 'RAID', prediction: 'PREDICTION' };

/** Twitch's watch rules, in sim-clock ms. */
const MINUTE_SPACING_MS = 50_000; // at least this long between two credited minutes on one channel
const CONCURRENT_WINDOW_MS = 60_000; // channels credited less than this long ago count as watched at once
const SEGMENT_WINDOW_MS = 90_000; // under 'playlist-and-spade', a segment fetch at most this old

/** Raids and community moments, in sim-clock ms and points. */
const RAID_OPEN_MS = 90_000; // a raid can be joined this long after it starts
const RAID_REWARD_MS = 5 * 60_000; // a joined raid pays on the first credited minute on its target this long after joining
const RAID_POINTS = 250;
const MOMENT_OPEN_MS = 60_000; // a moment can be claimed this long after it starts

/** A raid from one channel to another. */
interface SimRaid {
  id: string;
  from: SimChannel;
  to: SimChannel;
  startedAt: number;
}

/** A community moment of a channel, and the users who claimed it. */
interface SimMoment {
  id: string;
  channel: SimChannel;
  startedAt: number;
  claimedBy: Set<string>;
}

/** Why CommunityMomentCallout_Claim refused a claim. */
export type MomentClaimError = 'EXPIRED' | 'NOT_FOUND' | 'ALREADY_CLAIMED';

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
  /** The channels' predictions and the users' bets (predictions.ts); the prediction methods below are its face. */
  readonly predictions: Predictions;
  /** The tokens, the device-code login and integrity tokens (auth.ts); the auth methods below are its face. */
  readonly auth: Auth;
  /** Whether web-client mutations need a valid Client-Integrity token bound to their X-Device-Id, as on Twitch. */
  requireIntegrity = true;
  /** How long an integrity token is valid, in sim-clock seconds. */
  integrityTtlSec = 16 * 3600;
  /** How long a token issued to a client (device-code login, refresh, issueToken) lives, in sim-clock seconds. */
  deviceTokenTtlSec = 14_400;
  /** How many POSTs gql.twitch.tv/integrity received. */
  integrityRequests = 0;
  /** Where the world sends realtime (PubSub) messages: the server points it at the realtime socket. */
  publish: (topic: string, message: object) => void = () => undefined;

  constructor(readonly clock: SimClock) {
    this.drops = new Drops(this);
    this.predictions = new Predictions(this);
    this.auth = new Auth(this);
  }

  private id(): string {
    return String(this.nextId++);
  }

  addUser(login: string, opts: { token?: string; deviceId?: string } = {}): SimUser {
    const user: SimUser = {
      id: this.id(),
      login: login.toLowerCase(),
      displayName: login,
      token: opts.token ?? randomToken(30),
      deviceId: opts.deviceId ?? randomBytes(16).toString('hex'),
    };
    this.users.set(user.login, user);
    this.auth.addSession(user);
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

  /** The user of a token that works (known, not expired, not revoked), of any client id. */
  userByToken(token: string | null): SimUser | null {
    return this.auth.valid(token)?.user ?? null;
  }

  /** Issues the user a token pair for the client id, living expiresInSec (default deviceTokenTtlSec). */
  issueToken(user: SimUser, clientId: string, opts: { expiresInSec?: number; scopes?: string[] } = {}): IssuedToken {
    const { accessToken, refreshToken, expiresAt } = this.auth.issue(user, clientId, opts);
    return { accessToken, refreshToken, expiresAt };
  }

  /** Revokes a token (a web session's too: the user is logged out) and its refresh token. */
  revokeToken(accessToken: string): void {
    this.auth.revoke(accessToken);
  }

  /** The user approves the device-code login waiting under userCode; false when none waits. */
  approveDevice(userCode: string, user: SimUser): boolean {
    return this.auth.approve(userCode, user);
  }

  /** The viewer denies the device-code login waiting under userCode; false when none waits. */
  denyDevice(userCode: string): boolean {
    return this.auth.deny(userCode);
  }

  /** An integrity token bound to the device id (as gql.twitch.tv/integrity issues), with its expiration in ms. */
  issueIntegrity(deviceId: string, userId?: string): { token: string; expiration: number } {
    return this.auth.issueIntegrity(deviceId, userId ?? null);
  }

  /** Starts a new stream (a new stream id), published as stream-up. */
  goLive(login: string, startedAt = this.clock.now()): void {
    const c = this.channel(login);
    c.live = true;
    c.streamId = this.id();
    c.streamStartedAt = startedAt;
    this.publish(`video-playback-by-id.${c.id}`, { type: 'stream-up', server_time: this.clock.now() / 1000, play_delay: 0 });
  }

  /** Ends the stream; a live channel's end is published as stream-down. */
  goOffline(login: string): void {
    const c = this.channel(login);
    if (c.live) this.publish(`video-playback-by-id.${c.id}`, { type: 'stream-down', server_time: this.clock.now() / 1000 });
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
   * channel follows its schedule only: sync undoes a goLive outside its intervals, or a goOffline inside one. Open
   * predictions whose window has passed are locked. The server calls this before each request.
   */
  sync(): void {
    this.predictions.lockExpired();
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
  readonly pointEvents: { at: number; userId: string; channelLogin: string; reason: PointReason; points: number }[] = [];
  private readonly watchedMinutes = new Map<string, number>();

  private factor(user: SimUser, channel: SimChannel): number {
    return 1 + this.multipliersOf(user, channel.login).reduce((a, b) => a + b, 0);
  }

  /**
   * Adds points to the user's balance on the channel, records them in pointEvents and publishes points-earned.
   * baseline is the gain before multipliers.
   */
  award(user: SimUser, channel: SimChannel, reason: PointReason, points: number, baseline = points): void {
    const balance = this.balance(user, channel.login) + points;
    this.setBalance(user, channel.login, balance);
    this.pointEvents.push({ at: this.clock.now(), userId: user.id, channelLogin: channel.login, reason, points });
    this.publish(`community-points-user-v1.${user.id}`, {
      type: 'points-earned',
      data: {
        timestamp: iso(this.clock.now()),
        point_gain: {
          user_id: user.id,
          channel_id: channel.id,
          total_points: points,
          baseline_points: baseline,
          reason_code: REASON_CODES[reason],
          multipliers: [],
        },
        balance: { user_id: user.id, channel_id: channel.id, balance },
      },
    });
  }

  /** A gain of base points times the user's multiplier on the channel. */
  private earn(user: SimUser, channel: SimChannel, reason: PointReason, base: number): void {
    this.award(user, channel, reason, Math.round(base * this.factor(user, channel)), base);
  }

  /** Twitch's watch rewards: 10 points every 5 minutes watched, and a bonus chest every 15 (if none is waiting). */
  private earnWatchPoints(user: SimUser, channel: SimChannel): void {
    const key = this.key(user, channel);
    const minutes = (this.watchedMinutes.get(key) ?? 0) + 1;
    this.watchedMinutes.set(key, minutes);
    if (minutes % 5 === 0) this.earn(user, channel, 'watch', 10);
    if (minutes % 15 === 0 && !this.bonusClaims.has(key)) this.offerClaim(user, channel.login);
  }

  /** Claims a bonus chest: 50 points (times the multiplier), then claim-claimed. False when that claim is not waiting. */
  claimBonus(user: SimUser, channelId: string, claimId: string): boolean {
    const channel = this.channelById(channelId);
    if (!channel || this.bonusClaims.get(this.key(user, channel)) !== claimId) return false;
    this.bonusClaims.delete(this.key(user, channel));
    this.earn(user, channel, 'claim', 50);
    this.publish(`community-points-user-v1.${user.id}`, {
      type: 'claim-claimed',
      data: { timestamp: iso(this.clock.now()), claim: { id: claimId, user_id: user.id, channel_id: channel.id } },
    });
    return true;
  }

  /** Every bonus chest put up, in order. */
  readonly bonusOffers: { at: number; userId: string; channelLogin: string; claimId: string }[] = [];

  /** Puts a bonus chest up for the user on the channel, published as claim-available; returns its claim id. */
  offerClaim(user: SimUser, channelLogin: string): string {
    const id = randomBytes(8).toString('hex');
    const channel = this.channel(channelLogin);
    const createdAt = iso(this.clock.now());
    this.bonusClaims.set(this.key(user, channel), id);
    this.bonusOffers.push({ at: this.clock.now(), userId: user.id, channelLogin: channel.login, claimId: id });
    this.publish(`community-points-user-v1.${user.id}`, {
      type: 'claim-available',
      data: {
        timestamp: createdAt,
        claim: {
          id,
          user_id: user.id,
          channel_id: channel.id,
          point_gain: { total_points: Math.round(50 * this.factor(user, channel)), reason_code: 'CLAIM' },
          created_at: createdAt,
        },
      },
    });
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
      this.payRaids(user, channel);
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

  /** Every raid joined, in order. */
  readonly raidJoins: { at: number; userId: string; raidId: string }[] = [];
  private readonly raids = new Map<string, SimRaid>();
  /** The raids each user joined, by user id, and whether each has paid its points yet. */
  private readonly joinedRaids = new Map<string, { raid: SimRaid; joinedAt: number; paid: boolean }[]>();

  /** The channel raids another, published as raid_update_v2 on the raiding channel; returns the raid id. */
  startRaid(fromLogin: string, toLogin: string): string {
    const raid: SimRaid = { id: randomUUID(), from: this.channel(fromLogin), to: this.channel(toLogin), startedAt: this.clock.now() };
    this.raids.set(raid.id, raid);
    this.publish(`raid.${raid.from.id}`, {
      type: 'raid_update_v2',
      raid: {
        id: raid.id,
        creator_id: raid.from.id,
        source_id: raid.from.id,
        target_id: raid.to.id,
        target_login: raid.to.login,
        target_display_name: raid.to.displayName,
        target_profile_image: '',
        transition_jitter_seconds: 5,
        force_raid_now_seconds: RAID_OPEN_MS / 1000,
        viewer_count: raid.from.viewers,
      },
    });
    return raid.id;
  }

  /** The user joins the raid (JoinRaid): false when there is no such raid or it is no longer open. */
  joinRaid(user: SimUser, raidId: string): boolean {
    const raid = this.raids.get(raidId);
    const now = this.clock.now();
    if (!raid || now - raid.startedAt >= RAID_OPEN_MS) return false;
    this.raidJoins.push({ at: now, userId: user.id, raidId });
    const joined = this.joinedRaids.get(user.id) ?? [];
    if (!joined.some((j) => j.raid === raid)) joined.push({ raid, joinedAt: now, paid: false });
    this.joinedRaids.set(user.id, joined);
    return true;
  }

  /** A credited minute on a raid's target within 5 minutes of joining it pays the raid's points, once. */
  private payRaids(user: SimUser, channel: SimChannel): void {
    const now = this.clock.now();
    for (const j of this.joinedRaids.get(user.id) ?? []) {
      if (j.paid || j.raid.to !== channel || now - j.joinedAt > RAID_REWARD_MS) continue;
      j.paid = true;
      this.earn(user, channel, 'raid', RAID_POINTS);
    }
  }

  /** Every community moment claimed, in order. */
  readonly momentClaims: { at: number; userId: string; momentId: string }[] = [];
  private readonly moments = new Map<string, SimMoment>();

  /** A community moment starts on the channel, published as active; returns its id. */
  startMoment(login: string): string {
    const moment: SimMoment = { id: randomUUID(), channel: this.channel(login), startedAt: this.clock.now(), claimedBy: new Set() };
    this.moments.set(moment.id, moment);
    this.publish(`community-moments-channel-v1.${moment.channel.id}`, { type: 'active', data: { moment_id: moment.id, channel_id: moment.channel.id } });
    return moment.id;
  }

  /** The user claims the moment (a badge, no points): null when claimed, else why not. */
  claimMoment(user: SimUser, momentId: string): MomentClaimError | null {
    const moment = this.moments.get(momentId);
    const now = this.clock.now();
    if (!moment) return 'NOT_FOUND';
    if (moment.claimedBy.has(user.id)) return 'ALREADY_CLAIMED';
    if (now - moment.startedAt >= MOMENT_OPEN_MS) return 'EXPIRED';
    moment.claimedBy.add(user.id);
    this.momentClaims.push({ at: now, userId: user.id, momentId });
    return null;
  }

  /** Opens a prediction on the channel (see PredictionSpec); returns its event id. */
  createPrediction(login: string, spec: PredictionSpec): string {
    return this.predictions.create(login, spec).id;
  }

  /** Other viewers bet on an open prediction: userCount of them, points in all, on the outcome at outcomeIndex. */
  addBettor(eventId: string, outcomeIndex: number, points: number, userCount = 1): void {
    this.predictions.addBettor(eventId, outcomeIndex, points, userCount);
  }

  lockPrediction(eventId: string): void {
    this.predictions.lock(eventId);
  }

  /** Ends the prediction with the outcome at winningOutcomeIndex winning; pays the sim users who bet on it. */
  resolvePrediction(eventId: string, winningOutcomeIndex: number): void {
    this.predictions.resolve(eventId, winningOutcomeIndex);
  }

  /** Ends the prediction without a winner; refunds every sim user who bet. */
  cancelPrediction(eventId: string): void {
    this.predictions.cancel(eventId);
  }

  /** Every bet a sim user made (MakePrediction accepted), in order. */
  get bets(): readonly BetRecord[] {
    return this.predictions.bets;
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
