import { reasonLabel } from '../labels';
import type { Clock } from '../clock';
import type { Db } from '../store/db';
import { t } from '../i18n';
import type { NewActivity, Settings, ViewerContext } from '../store/repos';
import type { ChannelRecord } from '../store/schema';
import { checkWatched, fetchFollows, fetchLiveFollowed, type LiveStream } from '../twitch/api';
import { describeError, isTwitchError } from '../twitch/errors';
import type { GqlClient } from '../twitch/gql';
import { beat, discoverSpadeUrl } from '../twitch/heartbeat';
import type { Transport } from '../twitch/http';
import { BEAT_EVERY_MS, beatDue, candidatesOf, FOLLOWS_EVERY_MS, LIVE_EVERY_MS, mayBeat, withStream } from '../watch/live';
import { chooseWatch, type WatchPlan } from '../watch/scheduler';

/** Followed channels checked one by one when the followed section cannot be read. */
const FALLBACK_CHECKS = 30;
/** How long a discovered spade URL is trusted before it is looked up again. */
const SPADE_TTL_MS = 24 * 60 * 60_000;

/** A minute watched: a heartbeat Twitch took, or a minute of the viewer's own tab. */
export interface WatchedMinute {
  login: string;
  channelId?: string;
  streamId: string;
  at: number;
  /** Minutes (a fraction for the viewer's tab, measured between ticks). */
  minutes: number;
  passive: boolean;
}

export interface WatchContext {
  db: Db;
  clock: Clock;
  transport: Transport;
  /** Reads: the twitch.tv session. */
  gql: GqlClient;
  /** Claims, bets, raids, moments: the best path that passes Twitch's integrity check (lib/engine/auth.ts). */
  gqlMut: GqlClient;
  userId: string;
  settings: Settings;
  viewer: ViewerContext | null;
  /** Every channel record, by login; the step updates them here and names the ones it changed in `touched`. */
  channels: Map<string, ChannelRecord>;
  touched: Set<string>;
  /** Small records to write with the tick (follows and live check times, spade URL, plan); null clears one. */
  kv: Map<string, unknown>;
  activity: NewActivity[];
  /** Channels that count for the drop being mined (from the drops step). */
  dropsEligible?: ReadonlySet<string>;
}

export interface WatchOutcome {
  plan: WatchPlan;
  minutes: WatchedMinute[];
}

interface Stamp {
  at: number;
}

function put(ctx: WatchContext, rec: ChannelRecord): void {
  ctx.channels.set(rec.login, rec);
  ctx.touched.add(rec.login);
}

const blank = (login: string, now: number): ChannelRecord => ({ login, live: null, updatedAt: now });

/** A small record: as this tick set it (null: this tick cleared it), else as stored. */
export async function kvGet<T>(ctx: WatchContext, key: string): Promise<T | undefined> {
  const value = ctx.kv.has(key) ? ctx.kv.get(key) : await ctx.db.get('kv', key);
  return (value ?? undefined) as T | undefined;
}

/** Reads the follow list when it is due (6 h), and marks followed channels with their order. */
async function syncFollows(ctx: WatchContext, now: number): Promise<void> {
  const last = await kvGet<Stamp>(ctx, 'follows-synced');
  if (last && now - last.at < FOLLOWS_EVERY_MS) return;
  const follows = await fetchFollows(ctx.gql);
  const followed = new Set<string>();
  follows.forEach((f, i) => {
    followed.add(f.login);
    const rec = ctx.channels.get(f.login) ?? blank(f.login, now);
    if (rec.followed !== true || rec.followOrder !== i || rec.id !== f.id) {
      put(ctx, { ...rec, id: f.id, displayName: f.displayName ?? rec.displayName, followed: true, followOrder: i, updatedAt: now });
    }
  });
  for (const rec of ctx.channels.values()) {
    if (rec.followed && !followed.has(rec.login)) put(ctx, { ...rec, followed: false, followOrder: undefined, updatedAt: now });
  }
  ctx.kv.set('follows-synced', { at: now, count: follows.length });
  ctx.activity.push({ kind: 'watch', message: t('logFollowsRead', follows.length) });
}

/** Reads which followed channels are live (2 min), in one request. */
async function syncLive(ctx: WatchContext, now: number): Promise<void> {
  const last = await kvGet<Stamp>(ctx, 'live-checked');
  if (last && now - last.at < LIVE_EVERY_MS) return;
  let live: LiveStream[];
  try {
    live = await fetchLiveFollowed(ctx.gql);
  } catch (e) {
    // Without the followed section (a stale hash, an outage), the first followed channels are checked one by one.
    ctx.activity.push({ kind: 'watch', level: 'warn', message: t('logLiveFollowedFailed', describeError(e), FALLBACK_CHECKS) });
    const first = [...ctx.channels.values()]
      .filter((c) => c.followed)
      .sort((a, b) => (a.followOrder ?? 0) - (b.followOrder ?? 0))
      .slice(0, FALLBACK_CHECKS)
      .map((c) => c.login);
    live = (await checkWatched(ctx.gql, first, false)).flatMap((c) => ('error' in c || !c.stream ? [] : [c.stream]));
  }
  const byLogin = new Map<string, LiveStream>(live.map((s) => [s.login, s]));
  for (const rec of [...ctx.channels.values()]) {
    if (!rec.followed) continue;
    const s = byLogin.get(rec.login);
    const next = withStream(rec, s ? { streamId: s.streamId, channelId: s.channelId, displayName: s.displayName, game: s.game } : null, now);
    if (next !== rec) put(ctx, next);
  }
  ctx.kv.set('live-checked', { at: now, live: live.length });
}

async function spadeUrl(ctx: WatchContext, login: string, now: number): Promise<string> {
  const cached = await kvGet<{ url: string; at: number }>(ctx, 'spade');
  if (cached && now - cached.at < SPADE_TTL_MS) return cached.url;
  const url = await discoverSpadeUrl(ctx.transport, login);
  ctx.kv.set('spade', { url, at: now });
  return url;
}

function describePlan(plan: WatchPlan): string {
  if (plan.slots.length === 0) return t('logWatchingNothing');
  return t('logWatching', plan.slots.map((l) => t('logWatchingChannel', l, plan.reasons[l] ? reasonLabel(plan.reasons[l]) : '')).join(', '));
}

/**
 * The watch step of a tick: refresh what is live when due, choose the channels, send each chosen channel its
 * heartbeat when one is due (after checking it is still live, with its current broadcast id), and count the minutes
 * of the viewer's own tab. A channel found offline is replaced at once, so no slot idles.
 */
export async function watchStep(ctx: WatchContext): Promise<WatchOutcome> {
  const now = ctx.clock.now();
  const { settings } = ctx;
  if (settings.watchFollowed) {
    await syncFollows(ctx, now);
    await syncLive(ctx, now);
  }
  const viewerLogin = ctx.viewer?.login ?? null;
  if (viewerLogin && !ctx.channels.has(viewerLogin)) put(ctx, blank(viewerLogin, now));

  const rules = { priorities: settings.priorities, oneChannelWhileDrops: settings.oneChannelWhileDrops };
  const minutes: WatchedMinute[] = [];
  const checked = new Set<string>();
  const raid = await kvGet<{ target: string; from: string; until: number }>(ctx, 'raid');
  const following = raid && raid.until > now ? raid : null;
  const candidates = () =>
    candidatesOf(ctx.channels.values(), { watchFollowed: settings.watchFollowed, defaults: settings.streamerDefaults, viewerLogin, dropsEligible: ctx.dropsEligible, raid: following });
  let plan = chooseWatch(candidates(), rules, ctx.viewer);

  // At most two rounds: a channel found offline in the first is replaced and the replacement beaten in the second.
  for (let round = 0; round < 2; round++) {
    const due = plan.slots.filter(
      (l) => l !== plan.passive && !checked.has(l) && beatDue(ctx.channels.get(l), now) && mayBeat(l, ctx.channels.values(), plan.passive, now),
    );
    if (due.length === 0) break;
    due.forEach((l) => checked.add(l));
    const withToken = settings.heartbeat === 'playlist-and-spade';
    let wentOffline = false;
    for (const check of await checkWatched(ctx.gql, due, withToken)) {
      const rec = ctx.channels.get(check.login) ?? blank(check.login, now);
      if ('error' in check) {
        ctx.activity.push({ kind: 'watch', level: 'error', message: t('logStreamCheckFailed', check.login, describeError(check.error)) });
        continue;
      }
      const next = withStream(rec, check.stream, now);
      put(ctx, next);
      if (!check.stream) {
        wentOffline = true;
        ctx.activity.push({ kind: 'watch', message: t('logWentOffline', check.login) });
        continue;
      }
      const target = { login: check.login, channelId: check.stream.channelId, streamId: check.stream.streamId, userId: ctx.userId, game: check.stream.game };
      try {
        const outcome = await beat(ctx.transport, settings.heartbeat, await spadeUrl(ctx, check.login, now), target, check.token);
        if (outcome === 'accepted') {
          put(ctx, { ...next, lastBeatAt: now, streamMinutes: (next.streamMinutes ?? 0) + 1 });
          minutes.push({ login: check.login, channelId: target.channelId, streamId: target.streamId, at: now, minutes: 1, passive: false });
        } else if (outcome === 'offline') {
          wentOffline = true;
          put(ctx, withStream(next, null, now));
          ctx.activity.push({ kind: 'watch', message: t('logWentOffline', check.login) });
        } else {
          ctx.activity.push({ kind: 'watch', level: 'warn', message: t('logHeartbeatRefused', check.login) });
        }
      } catch (e) {
        if (isTwitchError(e, 'malformed')) ctx.kv.set('spade', null); // look the URL up again
        ctx.activity.push({ kind: 'watch', level: 'error', message: t('logHeartbeatFailed', check.login, describeError(e)) });
      }
    }
    if (!wentOffline) break;
    plan = chooseWatch(candidates(), rules, ctx.viewer);
  }

  // The viewer's own tab: its minutes count (and keep streaks), measured between looks, at most two minutes a look.
  if (plan.passive) {
    const rec = ctx.channels.get(plan.passive)!;
    const lastSeen = await kvGet<{ login: string; at: number; streamId?: string }>(ctx, 'passive-seen');
    if (rec.streamId && lastSeen?.login === plan.passive && lastSeen.streamId === rec.streamId) {
      const m = Math.min(now - lastSeen.at, 2 * BEAT_EVERY_MS) / BEAT_EVERY_MS;
      put(ctx, { ...rec, streamMinutes: (rec.streamMinutes ?? 0) + m });
      minutes.push({ login: rec.login, channelId: rec.id, streamId: rec.streamId, at: now, minutes: m, passive: true });
    }
    ctx.kv.set('passive-seen', { login: plan.passive, at: now, streamId: rec.streamId });
  }

  const previous = await kvGet<WatchPlan>(ctx, 'plan');
  if (!previous || previous.slots.join() !== plan.slots.join()) ctx.activity.push({ kind: 'watch', message: describePlan(plan) });
  ctx.kv.set('plan', plan);
  return { plan, minutes };
}
