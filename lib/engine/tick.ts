import type { Clock } from '../clock';
import type { Db } from '../store/db';
import { ChannelCache, putChannels } from '../store/channels';
import { KvDraft } from '../store/kv';
import {
  appendActivity,
  getSession,
  makeRoom,
  getViewerContext,
  recordPointsChanges,
  recordWatchedMinutes,
  type NewActivity,
  type SessionState,
} from '../store/repos';
import { getSettings, type Settings } from '../store/settings';
import type { BetRecord, ChannelRecord, PointsChange } from '../store/schema';
import { readSessionCookies, validateToken, type CookieReader } from '../twitch/auth';
import { describeError, isTwitchError } from '../twitch/errors';
import { readSession } from '../twitch/credentials';
import { GqlClient } from '../twitch/gql';
import { HashBook } from '../twitch/hashes';
import { integrityUsable } from '../twitch/integrity';
import { HealthRecorder, healthSummary } from './health';
import { integrityNeed, type MintReason } from './mint';
import type { Transport } from '../twitch/http';
import type { WatchPlan } from '../watch/scheduler';
import { mutationClient } from './auth';
import { acquireLock, releaseLock } from './lock';
import { needsValidation, tokenFingerprint } from './session';
import type { RealtimeEvent } from '../twitch/events';
import { prepareDrops, progressAndClaim, type DropsPrep } from './drops';
import { lookStep } from './look';
import { pointsStep, type PointsOutcome } from './points';
import { streaksStep } from './streaks';
import { watchStep, type WatchedMinute } from './watch';
import { confirmCredit, creditStep } from './credit';
import { campaignsToMine, eligibility } from '../drops/plan';
import type { DropClaim } from '../drops/types';

export interface TickDeps {
  db: Db;
  clock: Clock;
  transport: Transport;
  readCookie: CookieReader;
  /** Identifies this tick's holder of the lock. */
  owner: string;
  /** The background instance running it: a lock left by a killed instance is taken over at once. */
  instance?: string;
  /** The channel records kept between ticks (read again only after another writer); absent: read each tick. */
  channelCache?: ChannelCache;
  /** Called after all network work, just before the results are written: tests kill a tick here. */
  beforeCommit?: () => void | Promise<void>;
  /** The running extension's version: a hash learned from the page that worked under it goes before the built-in one. */
  version?: string;
}

export interface TickRequest {
  reason: string;
  /** Channels to look at now, besides the one the viewer is on (the popup's active tab). */
  channels?: string[];
  /** Validate again now if the last validation failed, instead of waiting for the retry delay (the viewer asked). */
  retryFailed?: boolean;
  /** What the realtime socket brought since the last tick. */
  inbox?: RealtimeEvent[];
  /** Since when the realtime socket has been open without a break (absent: closed; predictions are polled). */
  realtimeSince?: number;
}

export type TickOutcome =
  | { ran: false; reason: 'busy' }
  | {
      ran: true;
      session: SessionState;
      refreshed: string[];
      activity: NewActivity[];
      plan: WatchPlan | null;
      minutes: WatchedMinute[];
      /** Drops claimed (or applied by Twitch) this tick. */
      claims: DropClaim[];
      /** When a bet is due next, so the background can wake for it between alarms. */
      nextBetAt: number | null;
      /** Bets whose result came this tick. */
      settledBets: BetRecord[];
      /** The settings the tick ran with. */
      settings: Settings;
      /** The drop being mined on a watched channel, in percent of its minutes (the badge), or null. */
      dropPercent: number | null;
      /** Why twitch.tv's page should run out of sight now for an integrity token (background/page-runner.ts), or null. */
      mintReason: MintReason | null;
      /** The channel records as the tick left them, and the channel the viewer is on (the socket's topics). */
      channels: ReadonlyMap<string, ChannelRecord>;
      viewerLogin: string | null;
    };

/**
 * One tick: take the lock, read the session, validate it when due, watch (choose channels, send heartbeats), look at
 * the balances that need it, then write everything (session, channels, watch sessions, activity) in ONE
 * transaction. A tick that dies before that write changed nothing; the next tick starts over from the stored state.
 */
export async function runTick(deps: TickDeps, request: TickRequest): Promise<TickOutcome> {
  const { db, clock } = deps;
  const cache = deps.channelCache ?? new ChannelCache(db);
  if (!(await acquireLock(db, deps.owner, clock.now(), undefined, deps.instance))) return { ran: false, reason: 'busy' };
  try {
    const activity: NewActivity[] = [];
    const previous = await getSession(db);
    const cookies = await readSessionCookies(deps.readCookie);
    let session: SessionState;
    const now = clock.now();

    if (!cookies.token) {
      session = { status: 'logged-out', checkedAt: now };
      activity.push({ kind: 'session', level: 'warn', code: 'logNotLoggedIn', args: [] });
    } else {
      const fp = await tokenFingerprint(cookies.token);
      if (!needsValidation(previous, fp, now) && !(request.retryFailed && previous.status === 'error')) {
        session = { ...previous, checkedAt: now };
      } else {
        try {
          const v = await validateToken(deps.transport, cookies.token);
          session = { status: 'logged-in', login: v.login, userId: v.userId, clientId: v.clientId, tokenFingerprint: fp, validatedAt: now, checkedAt: now };
          activity.push({ kind: 'session', code: 'logSessionValid', args: [v.login] });
        } catch (e) {
          if (isTwitchError(e, 'logged-out')) {
            session = { status: 'logged-out', tokenFingerprint: fp, checkedAt: now, error: 'Twitch refused the session token' };
            activity.push({ kind: 'session', level: 'warn', code: 'logSessionRefused', args: [] });
          } else {
            // Twitch unreachable or odd: keep who we knew, say why, try again soon.
            session = { ...previous, status: 'error', tokenFingerprint: fp, checkedAt: now, error: describeError(e) };
            activity.push({ kind: 'session', level: 'error', code: 'logSessionCheckFailed', args: [describeError(e)] });
          }
        }
      }
    }

    const health = new HealthRecorder(now);
    const channels = new Map<string, ChannelRecord>();
    const touched = new Set<string>();
    const kv = new KvDraft(db);
    await kv.prefetch();
    const refreshed: string[] = [];
    let plan: WatchPlan | null = null;
    let minutes: WatchedMinute[] = [];
    let claims: DropClaim[] = [];
    let points: PointsOutcome = { bets: [], history: [] };
    /** Balance changes the look saw. */
    const looked: PointsChange[] = [];
    const settings = await getSettings(db);
    let viewerLogin: string | null = null;
    if (settings.paused) {
      activity.push({ kind: 'tick', code: 'logPaused', args: [] });
      kv.set('plan', null);
    }
    if (session.status === 'logged-in' && session.userId && cookies.token && !settings.paused) {
      for (const [login, rec] of await cache.all()) channels.set(login, rec);
      const viewer = await getViewerContext(db);
      viewerLogin = viewer?.login ?? null;
      const web = { token: cookies.token, deviceId: cookies.deviceId ?? undefined };
      // The twitch.tv page's header set with its integrity token, if one was seen (an old shape reads as none).
      const page = (await kv.get('integrity')) ?? null;
      // Reads: the twitch.tv session with the client id that issued its token, and the page's set while it is good.
      // An answered read proves the session as well as id.twitch.tv's validate would; a refused one asks it again.
      let proven: boolean | null = null;
      // The hashes learned from the page, tried when Twitch no longer knows a built-in one.
      const hashes = new HashBook((await kv.get('learned-hashes')) ?? {}, deps.version ?? '', now);
      const gql = new GqlClient(deps.transport, readSession({ ...web, clientId: session.clientId }, page, now), undefined, (operation, error, via) => {
        health.observe(operation, error, via);
        if (!error) proven ??= true;
        else if (error.kind === 'logged-out') proven = false;
      }, hashes);
      const mutations = await mutationClient(deps.transport, web, session.userId, kv, activity, now, page, health.observe, hashes);
      const gqlMut = mutations.gql;
      const realtimeOpen = request.realtimeSince !== undefined;
      const ctx = { db, clock, transport: deps.transport, gql, gqlMut, userId: session.userId, settings, viewer, channels, touched, kv, activity, realtimeOpen, realtimeSince: request.realtimeSince, history: looked, mayRetry: mutations.mayRetry, pageSeenAt: page?.seenAt, hashesLearnedAt: hashes.learnedAt,
        inventoryGql: mutations.path === 'activated' && !integrityUsable(page, now) ? gqlMut : gql };
      // A followed stream went up (the socket said so): this tick's look reads the live list, so it is watched now.
      if (request.inbox?.some((e) => e.kind === 'stream-up')) kv.set('live-checked', null);
      try {
        // The channels watched since the last tick: this tick's choice comes after the look, which it needs.
        const lastPlan = await kv.get('plan');
        const watched = (lastPlan?.slots ?? []).filter((l) => l !== lastPlan?.passive);
        await lookStep(ctx, { viewerLogin: viewer?.login ?? null, watched, force: request.channels }, refreshed, now);
      } catch (e) {
        activity.push({ kind: 'points', level: 'error', code: 'logBalancesFailed', args: [describeError(e)] });
      }
      let prep: DropsPrep = { campaigns: [], campaign: null, eligible: new Set() };
      try {
        prep = await prepareDrops(ctx, now);
      } catch (e) {
        activity.push({ kind: 'drops', level: 'error', code: 'logCampaignsFailed', args: [describeError(e)] });
      }
      try {
        const watched = await watchStep({ ...ctx, dropsEligible: prep.eligible });
        plan = watched.plan;
        minutes = watched.minutes;
      } catch (e) {
        activity.push({ kind: 'watch', level: 'error', code: 'logWatchFailed', args: [describeError(e)] });
      }
      const markBefore = await kv.get('drop-progress');
      let readBefore = 0;
      try {
        readBefore = await confirmCredit(ctx, now);
        claims = await progressAndClaim(ctx, prep, plan, minutes, now);
      } catch (e) {
        activity.push({ kind: 'drops', level: 'error', code: 'logDropProgressFailed', args: [describeError(e)] });
      }
      try {
        // The socket told all only if it was open since the last tick; else what it would have said is polled.
        const told = request.realtimeSince !== undefined && request.realtimeSince <= previous.checkedAt;
        points = await pointsStep(ctx, request.inbox ?? [], plan, told, now);
      } catch (e) {
        activity.push({ kind: 'points', level: 'error', code: 'logPointsStepFailed', args: [describeError(e)] });
      }
      // Watch streaks missed: read, and one saved by a replay at a time (lib/points/streak.ts).
      await streaksStep(ctx, now).catch((e: unknown) => activity.push({ kind: 'points', level: 'error', code: 'logStreakCheckFailed', args: ['', describeError(e)] }));
      // The credit watchdog: did Twitch credit the heartbeats' route? (lib/watch/credit.ts)
      const creditIn = { plan, mining: prep.campaign !== null, minutes, markBefore, readBefore, inbox: request.inbox ?? [], history: [...looked, ...points.history] };
      await creditStep(ctx, creditIn, now).catch((e: unknown) => activity.push({ kind: 'watch', level: 'error', code: 'logWatchFailed', args: [describeError(e)] }));
      // Did mutations work? A path that just opened (activation, a fresh page token) retries refused drop claims now.
      const settled = mutations.settle();
      kv.set('mutations', settled.state);
      if (settled.improved) kv.set('claim-retry', null);
      kv.set('wire-health', health.merge(await kv.get('wire-health'), deps.transport));
      const learned = hashes.result();
      if (learned) kv.set('learned-hashes', learned);
      for (const w of hashes.newlyWorking()) activity.push({ kind: 'tick', code: 'logHashLearned', args: [w.operation] });
      if (proven !== null) session = { ...session, validatedAt: proven ? now : undefined };
    }

    if (activity.length === 0) activity.push({ kind: 'tick', code: 'logNothingNew', args: [] });
    await deps.beforeCommit?.();
    let channelsRev = 0;
    const commit = async () => {
      const tx = db.transaction(['kv', 'channels', 'activity', 'watchSessions', 'dropClaims', 'bets', 'pointsHistory'], 'readwrite');
      tx.done.catch(() => {}); // a failed commit is reported by the awaits below
      await tx.objectStore('kv').put(session, 'session');
      for (const [key, value] of kv.changes()) {
        if (value === null) await tx.objectStore('kv').delete(key);
        else await tx.objectStore('kv').put(value, key);
      }
      channelsRev = await putChannels(tx, [...touched].map((login) => channels.get(login)!));
      await recordWatchedMinutes(tx.objectStore('watchSessions'), minutes, (login) => channels.get(login)?.balance);
      for (const claim of claims) await tx.objectStore('dropClaims').put(claim);
      for (const bet of points.bets) await tx.objectStore('bets').put(bet);
      await recordPointsChanges(tx.objectStore('pointsHistory'), [...looked, ...points.history]);
      for (const entry of activity) await appendActivity(tx.objectStore('activity'), entry, now);
      await tx.done;
    };
    try {
      await commit();
    } catch (e) {
      // The disk is full: make room in the bounded histories (never in claims or bets) and write again, once.
      if (!(e instanceof Error && e.name === 'QuotaExceededError')) throw e;
      await makeRoom(db);
      activity.push({ kind: 'store', level: 'warn', code: 'logStorageFull', args: [] });
      await commit();
    }
    cache.wrote(channelsRev, [...touched].map((login) => channels.get(login)!));
    const pending = Object.values((await kv.get('predictions')) ?? {}).filter((p) => !p.done);
    const nextBetAt = pending.length > 0 ? Math.min(...pending.map((p) => p.betAt)) : null;
    const campaigns = (await kv.get('campaigns'))?.value ?? [];
    const mined = campaignsToMine(campaigns, settings.drops, now)[0];
    const next = mined ? eligibility(mined, settings.drops, now) : null;
    const dropPercent = next?.ok && plan?.dropsChannel && !settings.paused ? Math.floor((next.next.currentMinutes / next.next.requiredMinutes) * 100) : null;
    const active = session.status === 'logged-in' && !settings.paused;
    const readsRefused = healthSummary(await kv.get('wire-health')).readsBlocked.length > 0;
    const mintReason = await integrityNeed(kv, { enabled: settings.mintIntegrity, active, readsRefused, campaigns, channels: channels.values() }, now);
    return { ran: true, session, refreshed, activity, plan, minutes, claims, nextBetAt, settledBets: points.bets.filter((b) => b.result), settings, dropPercent, mintReason, channels, viewerLogin };
  } finally {
    await releaseLock(db, deps.owner);
  }
}
