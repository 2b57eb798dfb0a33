import type { ActivityText } from '../activity';
import { reasonText } from '../labels';
import { checkStreams } from '../twitch/ops/channels';
import { describeError, isTwitchError, type TwitchError } from '../twitch/errors';
import { discoverSpadeUrl, sendEventsMinute, sendMinuteWatched, type WatchTarget } from '../twitch/heartbeat';
import { ROUTES, type HeartbeatRoute } from '../watch/credit';
import { BEAT_EVERY_MS, beatDue, candidatesOf, mayBeat, streamStale, withStream } from '../watch/live';
import { chooseWatch, type WatchPlan } from '../watch/scheduler';
import { lookAtChannels } from './look';
import { blank, type TickContext } from './context';

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

export interface WatchOutcome {
  plan: WatchPlan;
  minutes: WatchedMinute[];
}

export async function spadeUrl(ctx: TickContext, login: string, now: number): Promise<string> {
  const cached = await ctx.kv.get('spade');
  if (cached && now - cached.at < SPADE_TTL_MS) return cached.url;
  const url = await discoverSpadeUrl(ctx.transport, login);
  ctx.kv.set('spade', { url, at: now });
  return url;
}

/** One heartbeat by the route the credit watchdog chose (lib/watch/credit.ts): the spade POST, or GQL SendEvents (a mutation). */
async function beat(ctx: TickContext, route: HeartbeatRoute, target: WatchTarget, now: number) {
  if (route === 'send-events') return sendEventsMinute(ctx.gqlMut, target, now);
  return sendMinuteWatched(ctx.transport, await spadeUrl(ctx, target.login, now), target, now);
}

function describePlan(plan: WatchPlan): ActivityText {
  if (plan.slots.length === 0) return { code: 'logWatchingNothing', args: [] };
  const list = plan.slots.map((l): ActivityText => ({ code: 'logWatchingChannel', args: [l, plan.reasons[l] ? reasonText(plan.reasons[l]) : ''] }));
  return { code: 'logWatching', args: [{ list }] };
}

/**
 * The watch step of a tick: refresh what is live when due, choose the channels, send each chosen channel its
 * heartbeat when one is due (after checking it is still live, with its current broadcast id), and count the minutes
 * of the viewer's own tab. A channel found offline is replaced at once, so no slot idles.
 */
export async function watchStep(ctx: TickContext, dropsEligible: ReadonlySet<string>): Promise<WatchOutcome> {
  const now = ctx.clock.now();
  const { settings } = ctx;
  const viewerLogin = ctx.viewer?.login ?? null;
  if (viewerLogin && !ctx.channels.has(viewerLogin)) ctx.channels.put(blank(viewerLogin, now));

  const rules = { priorities: settings.priorities, oneChannelWhileDrops: settings.oneChannelWhileDrops };
  const minutes: WatchedMinute[] = [];
  const checked = new Set<string>();
  const raid = await ctx.kv.get('raid');
  const following = raid && raid.until > now ? raid : null;
  const candidates = () =>
    candidatesOf(ctx.channels.values(), { watchFollowed: settings.watchFollowed, defaults: settings.streamerDefaults, viewerLogin, dropsEligible, raid: following });
  let plan = chooseWatch(candidates(), rules, ctx.viewer);
  const route = (await ctx.kv.get('heartbeat-credit'))?.route ?? ROUTES[0];

  // At most two rounds: a channel found offline in the first is replaced and the replacement beaten in the second.
  for (let round = 0; round < 2; round++) {
    const due = plan.slots.filter(
      (l) => l !== plan.passive && !checked.has(l) && beatDue(ctx.channels.get(l), now) && mayBeat(l, ctx.channels.values(), plan.passive, now),
    );
    if (due.length === 0) break;
    due.forEach((l) => checked.add(l));
    let wentOffline = false;
    // Twitch's word on each stream (broadcast id, game) before its minute. With the socket open (it says when a stream
    // goes down, and brings chests) only when it is old; without it, every minute, with the points in the same
    // request, so a chest is claimed within a minute of appearing.
    const stale = due.filter((l) => !ctx.realtimeOpen || streamStale(ctx.channels.get(l), now));
    const failed: { login: string; error: TwitchError }[] = [];
    if (stale.length > 0 && ctx.realtimeOpen) {
      for (const c of await checkStreams(ctx.gql, stale)) {
        if ('error' in c) failed.push(c);
        else ctx.channels.put(withStream(ctx.channels.get(c.login) ?? blank(c.login, now), c.stream, now));
      }
    } else if (stale.length > 0) {
      for (const r of await lookAtChannels(ctx, stale, now)) if (!r.ok) failed.push(r);
    }
    for (const f of failed) {
      ctx.activity.push({ kind: 'watch', level: 'error', code: 'logStreamCheckFailed', args: [f.login, describeError(f.error)] });
      due.splice(due.indexOf(f.login), 1);
    }
    for (const login of stale) {
      if (due.includes(login) && !ctx.channels.get(login)?.live) {
        wentOffline = true;
        ctx.activity.push({ kind: 'watch', code: 'logWentOffline', args: [login] });
      }
    }
    for (const login of due) {
      const rec = ctx.channels.get(login);
      if (!rec?.live || !rec.streamId || !rec.id) continue;
      const target = { login, channelId: rec.id, streamId: rec.streamId, userId: ctx.userId, game: rec.game };
      try {
        const outcome = await beat(ctx, route, target, now);
        if (outcome === 'accepted') {
          ctx.channels.put({ ...rec, lastBeatAt: now, streamMinutes: (rec.streamMinutes ?? 0) + 1 });
          minutes.push({ login, channelId: target.channelId, streamId: target.streamId, at: now, minutes: 1, passive: false });
        } else {
          ctx.activity.push({ kind: 'watch', level: 'warn', code: 'logHeartbeatRefused', args: [login] });
        }
      } catch (e) {
        if (route === 'spade' && isTwitchError(e, 'malformed')) ctx.kv.set('spade', null); // look the URL up again
        ctx.activity.push({ kind: 'watch', level: 'error', code: 'logHeartbeatFailed', args: [login, describeError(e)] });
      }
    }
    if (!wentOffline) break;
    plan = chooseWatch(candidates(), rules, ctx.viewer);
  }

  // The viewer's own tab: its minutes count (and keep streaks), measured between looks, at most two minutes a look.
  if (plan.passive) {
    const rec = ctx.channels.get(plan.passive)!;
    const lastSeen = await ctx.kv.get('passive-seen');
    if (rec.streamId && lastSeen?.login === plan.passive && lastSeen.streamId === rec.streamId) {
      const m = Math.min(now - lastSeen.at, 2 * BEAT_EVERY_MS) / BEAT_EVERY_MS;
      ctx.channels.put({ ...rec, streamMinutes: (rec.streamMinutes ?? 0) + m });
      minutes.push({ login: rec.login, channelId: rec.id, streamId: rec.streamId, at: now, minutes: m, passive: true });
    }
    ctx.kv.set('passive-seen', { login: plan.passive, at: now, streamId: rec.streamId });
  }

  const previous = await ctx.kv.get('plan');
  if (!previous || previous.slots.join() !== plan.slots.join()) ctx.activity.push({ kind: 'watch', ...describePlan(plan) });
  ctx.kv.set('plan', plan);
  return { plan, minutes };
}
