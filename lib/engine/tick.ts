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
import { ChannelDraft, type TickContext } from './context';
import { readSessionCookies, type CookieReader } from '../twitch/auth';
import { describeError } from '../twitch/errors';
import { healthSummary } from './health';
import { integrityNeed, type MintReason } from './mint';
import type { Transport } from '../twitch/http';
import type { WatchPlan } from '../watch/scheduler';
import { connect } from './auth';
import { acquireLock, releaseLock } from './lock';
import { checkSession } from './session';
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
 * One tick: take the lock, read the session, validate it when due, then the steps (look, drops, watch, progress and
 * claims, points, streaks, the credit watchdog) on the state loaded once, then write everything (session, channels,
 * kv, watch sessions, claims, bets, history, activity) in ONE transaction. A tick that dies before that write changed
 * nothing; the next tick starts over from the stored state.
 */
export async function runTick(deps: TickDeps, request: TickRequest): Promise<TickOutcome> {
  const { db, clock } = deps;
  const cache = deps.channelCache ?? new ChannelCache(db);
  if (!(await acquireLock(db, deps.owner, clock.now(), undefined, deps.instance))) return { ran: false, reason: 'busy' };
  try {
    // What the tick will write besides the drafts (kv, channels): the activity lines and the balance changes seen.
    const activity: NewActivity[] = [];
    const history: PointsChange[] = [];
    const previous = await getSession(db);
    const cookies = await readSessionCookies(deps.readCookie);
    const now = clock.now();
    let session = await checkSession(deps.transport, previous, cookies.token, { retryFailed: request.retryFailed ?? false, now }, activity);
    const settings = await getSettings(db);
    const kv = new KvDraft(db);
    await kv.prefetch();
    let channels = new ChannelDraft();
    let done: StepsDone = { refreshed: [], plan: null, minutes: [], claims: [], bets: [] };
    let viewerLogin: string | null = null;
    if (settings.paused) {
      activity.push({ kind: 'tick', code: 'logPaused', args: [] });
      kv.set('plan', null);
    }
    if (session.status === 'logged-in' && session.userId && cookies.token && !settings.paused) {
      channels = new ChannelDraft(await cache.all());
      const viewer = await getViewerContext(db);
      viewerLogin = viewer?.login ?? null;
      const line = await connect(deps.transport, deps.version ?? '', { ...session, userId: session.userId }, { token: cookies.token, deviceId: cookies.deviceId ?? undefined }, kv, activity, now);
      const ctx: TickContext = { db, clock, transport: deps.transport, ...line.clients, userId: session.userId, settings, viewer, realtimeOpen: request.realtimeSince !== undefined,
        realtimeSince: request.realtimeSince, channels, kv, activity, history };
      done = await runSteps(ctx, request, previous.checkedAt, now);
      const proven = await line.settle();
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
      channelsRev = await putChannels(tx, channels.puts());
      await recordWatchedMinutes(tx.objectStore('watchSessions'), done.minutes, (login) => channels.get(login)?.balance);
      for (const claim of done.claims) await tx.objectStore('dropClaims').put(claim);
      for (const bet of done.bets) await tx.objectStore('bets').put(bet);
      await recordPointsChanges(tx.objectStore('pointsHistory'), history);
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
    cache.wrote(channelsRev, channels.puts());
    const pending = Object.values((await kv.get('predictions')) ?? {}).filter((p) => !p.done);
    const nextBetAt = pending.length > 0 ? Math.min(...pending.map((p) => p.betAt)) : null;
    const campaigns = (await kv.get('campaigns'))?.value ?? [];
    const mined = campaignsToMine(campaigns, settings.drops, now)[0];
    const next = mined ? eligibility(mined, settings.drops, now) : null;
    const { plan } = done;
    const dropPercent = next?.ok && plan?.dropsChannel && !settings.paused ? Math.floor((next.next.currentMinutes / next.next.requiredMinutes) * 100) : null;
    const active = session.status === 'logged-in' && !settings.paused;
    const readsRefused = healthSummary(await kv.get('wire-health')).readsBlocked.length > 0;
    const mintReason = await integrityNeed(kv, { enabled: settings.mintIntegrity, active, readsRefused, campaigns, channels: channels.values() }, now);
    return { ran: true, session, refreshed: done.refreshed, activity, plan, minutes: done.minutes, claims: done.claims, nextBetAt, settledBets: done.bets.filter((b) => b.result),
      settings, dropPercent, mintReason, channels: channels.all(), viewerLogin };
  } finally {
    await releaseLock(db, deps.owner);
  }
}

/** What the steps handed back, for the tick to write and to report. */
interface StepsDone {
  /** The channels the look read. */
  refreshed: string[];
  plan: WatchPlan | null;
  minutes: WatchedMinute[];
  claims: DropClaim[];
  bets: BetRecord[];
}

/**
 * The steps, in order, each on what the earlier ones left in the drafts. A step that throws is one error line; the
 * tick goes on with the next (what it did before throwing stays in the drafts: a claim made is never forgotten).
 */
async function runSteps(ctx: TickContext, request: TickRequest, lastTickAt: number, now: number): Promise<StepsDone> {
  const { kv, activity } = ctx;
  const guard = <T>(step: Promise<T>, fallback: T, kind: string, code: NewActivity['code'], args = (why: string): NewActivity['args'] => [why]) =>
    step.catch((e: unknown) => {
      activity.push({ kind, level: 'error', code, args: args(describeError(e)) });
      return fallback;
    });
  // A followed stream went up (the socket said so): this tick's look reads the live list, so it is watched now.
  if (request.inbox?.some((e) => e.kind === 'stream-up')) kv.set('live-checked', null);
  // The channels watched since the last tick: this tick's choice comes after the look, which it needs.
  const lastPlan = await kv.get('plan');
  const watched = (lastPlan?.slots ?? []).filter((l) => l !== lastPlan?.passive);
  // A community goal started or changed where the socket listens for them: the look reads it now, to give to it.
  const goalIds = new Set((request.inbox ?? []).flatMap((e) => (e.kind === 'goal' && e.open ? [e.channelId] : [])));
  const goals = [...ctx.channels.values()].filter((c) => c.id && goalIds.has(c.id)).map((c) => c.login);
  const look = { viewerLogin: ctx.viewer?.login ?? null, watched, force: request.channels, goals };
  const refreshed = await guard(lookStep(ctx, look, now), [], 'points', 'logBalancesFailed');
  const prep = await guard<DropsPrep>(prepareDrops(ctx, now), { campaigns: [], campaign: null, eligible: new Set() }, 'drops', 'logCampaignsFailed');
  const { plan, minutes } = await guard<{ plan: WatchPlan | null; minutes: WatchedMinute[] }>(watchStep(ctx, prep.eligible), { plan: null, minutes: [] }, 'watch', 'logWatchFailed');
  const markBefore = await kv.get('drop-progress');
  let readBefore = 0;
  let claims: DropClaim[] = [];
  try {
    readBefore = await confirmCredit(ctx, now);
    claims = await progressAndClaim(ctx, prep, plan, minutes, now);
  } catch (e) {
    activity.push({ kind: 'drops', level: 'error', code: 'logDropProgressFailed', args: [describeError(e)] });
  }
  // The socket told all only if it was open since the last tick; else what it would have said is polled.
  const told = request.realtimeSince !== undefined && request.realtimeSince <= lastTickAt;
  const points = await guard<PointsOutcome>(pointsStep(ctx, request.inbox ?? [], plan, told, now), { bets: [] }, 'points', 'logPointsStepFailed');
  // Watch streaks missed: read, and one saved by a replay at a time (lib/points/streak.ts).
  await guard(streaksStep(ctx, now), undefined, 'points', 'logStreakCheckFailed', (why) => ['', why]);
  // The credit watchdog: did Twitch credit the heartbeats' route? (lib/watch/credit.ts)
  const creditIn = { plan, mining: prep.campaign !== null, minutes, markBefore, readBefore, inbox: request.inbox ?? [], history: ctx.history };
  await guard(creditStep(ctx, creditIn, now), undefined, 'watch', 'logWatchFailed');
  return { refreshed, plan, minutes, claims, bets: points.bets };
}
