import { randomBytes, randomUUID } from 'node:crypto';
import { Auth, randomToken, type IssuedToken } from './auth';
import type { SimClock } from './clock';
import { Community, type MomentClaimError } from './community';
import { Goals, type GoalSpec, type SimGoal } from './goals';
import { Drops, type CampaignSpec, type ClaimAttempt, type DropEvent, type DropProgress, type SimCampaign } from './drops';
import { HashTable, ROTATED_READS, rotatedHash } from './hashes';
import { Integrity } from './integrity';
import { Points, type BonusOffer, type PointEvent, type PointReason } from './points';
import { Predictions, type BetRecord, type PredictionSpec } from './predictions';
import { rewardCampaign, type RewardCampaignSpec, type SimRewardCampaign } from './rewards';
import { Streams } from './streams';
import { Streaks } from './streaks';
import type { Follow, IntegrityRefusalRecord, PageSession, SimChannel, SimGame, SimUser } from './types';
import { Watch, type WatchEvent } from './watch';
import { LENIENT_WIRE, STRICT_WIRE, type WireRules } from './wire';

export type { Follow, IntegrityRefusalRecord, PageSession, SimChannel, SimGame, SimUser } from './types';
export { slugOf } from './types';

/**
 * The simulated Twitch: users, channels, their streams (manual or scheduled on the sim clock), follows, points,
 * the watch minutes spade credited, drop campaigns with the progress those minutes make, predictions, raids and
 * moments; the wire rules it plays by (wire), its hashes and its integrity check. Its parts live in their own
 * modules; the methods below are their face for tests.
 */
export class World {
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, SimChannel>();
  /** The uncertain wire details, each a switch (wire.ts); strict2026() sets them all strict. */
  readonly wire: WireRules = { ...LENIENT_WIRE };
  /** The persisted-query hashes this world accepts (hashes.ts); rotateHash changes one. */
  readonly hashes = new HashTable();
  /** The web client's build id (window.__twilightBuildID), the Client-Version its page sends: fixed per sim. */
  readonly buildId = randomUUID();
  // The world's parts, each in its module; they keep the world and read its clock only when called.
  readonly auth = new Auth(this);
  readonly integrity = new Integrity(this);
  readonly drops = new Drops(this);
  readonly predictions = new Predictions(this);
  readonly points = new Points(this);
  readonly watch = new Watch(this);
  readonly community = new Community(this);
  readonly streams = new Streams(this);
  /** Community goals and the contributions to them (goals.ts). */
  readonly goals = new Goals(this);
  /** Watch streaks at risk, the clips and VODs that save them, and the plays spade received (streaks.ts). */
  readonly streaks = new Streaks(this);
  /** Reward campaigns (subs, Prime, quests): the dashboard lists them when asked to (rewards.ts); nothing progresses them. */
  readonly rewardCampaigns: SimRewardCampaign[] = [];
  /** Whether web-client mutations (and the reads wire.gateReads names) need a passing Client-Integrity, as on Twitch. */
  requireIntegrity = true;
  /** How long an integrity token is valid, in sim-clock seconds. */
  integrityTtlSec = 16 * 3600;
  /** How long a token issued to a client (device-code login, refresh, issueToken) lives, in sim-clock seconds. */
  deviceTokenTtlSec = 14_400;
  /** Every request refused for integrity, in order. */
  readonly integrityRefusals: IntegrityRefusalRecord[] = [];
  /** Where the world sends realtime (PubSub) messages: the server points it at the realtime socket. */
  publish: (topic: string, message: object) => void = () => undefined;
  private readonly follows = new Map<string, Follow[]>();
  private nextId = 100_000;

  constructor(readonly clock: SimClock) {}

  /** Every switch at its strictest (wire.ts), and integrity required: Twitch as strict as the evidence allows. */
  strict2026(): void {
    Object.assign(this.wire, STRICT_WIRE);
    this.requireIntegrity = true;
  }

  /**
   * Which heartbeat route Twitch credits, as in each period of the timeline (shared/twitch-wire.md): '2026-07' spade
   * credits and SendEvents does not (since 2026-07-10, TDM#1099: today's); '2026-04' SendEvents credits and spade
   * does not (TDM#1038); 'none' neither (both still answer 204).
   */
  creditEra(era: '2026-04' | '2026-07' | 'none'): void {
    this.wire.creditSpade = era === '2026-07';
    this.wire.creditSendEvents = era === '2026-04';
  }

  /** A Twitch deploy changes an operation's hash: its current hashes are retired (PersistedQueryNotFound). */
  rotateHash(operation: string, newHash: string): void {
    this.hashes.rotate(operation, newHash);
  }

  /**
   * The rotated-hashes world: one deploy retires the hashes of the three reads that matter (ROTATED_READS), which a
   * release of Minert knows only as retired; twitch.tv's own pages send the new ones (pages.ts).
   */
  rotateReads(): void {
    for (const operation of ROTATED_READS) this.rotateHash(operation, rotatedHash(operation));
  }

  /** A new numeric id, as Twitch's user, channel and stream ids are. */
  newId(): string {
    return String(this.nextId++);
  }

  addUser(login: string, opts: { token?: string; deviceId?: string } = {}): SimUser {
    const user: SimUser = {
      id: this.newId(),
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
      id: this.newId(),
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

  /** Every game the world knows: the channels' and the campaigns', once each by id. */
  games(): SimGame[] {
    const all = [...[...this.channels.values()].flatMap((c) => (c.game ? [c.game] : [])), ...this.drops.campaigns.map((c) => c.game)];
    return [...new Map(all.map((g) => [g.id, g])).values()];
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

  /** What twitch.tv's page holds once its script ran for the user: the headers it sends (Integrity.pageSession). */
  pageSession(user: SimUser): PageSession {
    return this.integrity.pageSession(user);
  }

  /** Starts a new stream (a new stream id), published as stream-up. */
  goLive(login: string, startedAt = this.clock.now()): void {
    this.streams.goLive(this.channel(login), startedAt);
  }

  /** Ends the stream; a live channel's end is published as stream-down. */
  goOffline(login: string): void {
    this.streams.goOffline(this.channel(login));
  }

  /** Schedules a live interval [startAt, endAt) in sim-clock ms; sync() applies it. A channel may have several. */
  scheduleStream(login: string, startAt: number, endAt: number): void {
    this.streams.schedule(this.channel(login), startAt, endAt);
  }

  /** Applies the schedules (streams.ts) and locks the predictions whose window has passed: the server calls it before each request. */
  sync(): void {
    this.predictions.lockExpired();
    this.streams.sync();
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

  /** A community goal starts on the channel (STARTED and in stock unless the spec says otherwise). */
  addGoal(channelLogin: string, spec: GoalSpec): SimGoal {
    return this.goals.create(this.channel(channelLogin), spec);
  }

  balance(user: SimUser, channelLogin: string): number {
    return this.points.balance(user, this.channel(channelLogin));
  }

  setBalance(user: SimUser, channelLogin: string, points: number): void {
    this.points.setBalance(user, this.channel(channelLogin), points);
  }

  /** Points earned, with why: tests compare them with what the extension saw. */
  get pointEvents(): readonly PointEvent[] {
    return this.points.events;
  }

  /** Adds points to the user's balance on the channel, records them and publishes points-earned. */
  award(user: SimUser, channel: SimChannel, reason: PointReason, points: number, baseline = points): void {
    this.points.award(user, channel, reason, points, baseline);
  }

  /** Puts a bonus chest up for the user on the channel, published as claim-available; returns its claim id. */
  offerClaim(user: SimUser, channelLogin: string): string {
    return this.points.offerClaim(user, this.channel(channelLogin));
  }

  /** Every bonus chest put up, in order. */
  get bonusOffers(): readonly BonusOffer[] {
    return this.points.offers;
  }

  /** Claims a bonus chest: 50 points (times the multiplier), then claim-claimed. False when that claim is not waiting. */
  claimBonus(user: SimUser, channelId: string, claimId: string): boolean {
    const channel = this.channelById(channelId);
    return !!channel && this.points.claimBonus(user, channel, claimId);
  }

  availableClaim(user: SimUser, channelLogin: string): string | null {
    return this.points.availableClaim(user, this.channel(channelLogin));
  }

  setMultipliers(user: SimUser, channelLogin: string, factors: number[]): void {
    this.points.setMultipliers(user, this.channel(channelLogin), factors);
  }

  multipliersOf(user: SimUser, channelLogin: string): number[] {
    return this.points.multipliersOf(user, this.channel(channelLogin));
  }

  /** Judges one minute-watched event's properties as spade does, and records it in watchEvents. */
  minuteWatched(props: Record<string, unknown>): WatchEvent {
    return this.watch.minuteWatched(props);
  }

  /** Every minute-watched event, credited or not, in the order received. */
  get watchEvents(): readonly WatchEvent[] {
    return this.watch.events;
  }

  /** How many watch minutes the user was credited, on one channel or on all. */
  creditedMinutes(user: SimUser, channelLogin?: string): number {
    return this.watch.creditedMinutes(user, channelLogin);
  }

  /** The channel raids another, published as raid_update_v2 on the raiding channel; returns the raid id. */
  startRaid(fromLogin: string, toLogin: string): string {
    return this.community.startRaid(this.channel(fromLogin), this.channel(toLogin));
  }

  /** Every raid joined, in order. */
  get raidJoins(): readonly { at: number; userId: string; raidId: string }[] {
    return this.community.raidJoins;
  }

  /** A community moment starts on the channel, published as active; returns its id. */
  startMoment(login: string): string {
    return this.community.startMoment(this.channel(login));
  }

  /** The user claims the moment (a badge, no points): null when claimed, else why not. */
  claimMoment(user: SimUser, momentId: string): MomentClaimError | null {
    return this.community.claimMoment(user, momentId);
  }

  /** Every community moment claimed, in order. */
  get momentClaims(): readonly { at: number; userId: string; momentId: string }[] {
    return this.community.momentClaims;
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

  /** Adds a reward campaign (see RewardCampaignSpec); returns it with generated ids and defaults filled in. */
  addRewardCampaign(spec: RewardCampaignSpec): SimRewardCampaign {
    const c = rewardCampaign(spec);
    this.rewardCampaigns.push(c);
    return c;
  }

  /** Links or unlinks the user's game account for a campaign that has one to link; unlinked, it makes no progress. */
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
