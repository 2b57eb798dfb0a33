import {
  afterStatus,
  checkDue,
  CHECKS_PER_TICK,
  firstToExpire,
  sweepEvery,
  nextReplay,
  playMove,
  type Playing,
  type PlayMove,
  type StreakEntry,
} from '../points/streak';
import type { ActivityArg } from '../activity';
import { describeError } from '../twitch/errors';
import { replaysOf, rewardListCall, streakStatusOf } from '../twitch/ops/streaks';
import { newPlaySessionId, sendReplayEvent, type ReplayEvent } from '../twitch/replay';
import { STREAK_MINUTES } from '../watch/scheduler';
import type { TickContext } from './context';
import { lookAtChannels } from './look';
import { spadeUrl } from './watch';

type Book = Record<string, StreakEntry>;

/** A streak not looked at for this long, of a channel no longer followed or tracked, is forgotten. */
const FORGET_MS = 3 * 24 * 60 * 60_000;

/**
 * Watch-streak recovery, after the points step (the rules: lib/points/streak.ts). Reads the streaks due (one batched
 * request), says what changed, and works on one streak at a time: finds a clip or the VOD of the missed broadcast and
 * watches it, one spade event a tick, until RewardList says the streak is saved or the replay has had its chance.
 * A saved streak is an activity line and a points history row (no points: the bonus comes with the next stream).
 */
export async function streaksStep(ctx: TickContext, now: number): Promise<void> {
  const stored = (await ctx.kv.get('streaks')) ?? {};
  const book: Book = { ...stored };
  // Read flag by flag (no copy of the preferences: a thousand channels are walked every tick).
  const d = ctx.settings.streamerDefaults;
  const tracked = (login: string) => {
    const rec = ctx.channels.get(login);
    const p = rec?.prefs;
    if (!rec?.id || !(p?.enabled ?? d.enabled) || !(p?.points ?? d.points) || !(p?.watchStreak ?? d.watchStreak)) return null;
    return rec;
  };
  const due: string[] = [];
  const sweep: string[] = [];
  let count = 0;
  for (const rec of ctx.channels.values()) {
    if (!tracked(rec.login)) continue;
    count++;
    const c = { login: rec.login, live: rec.live, lastOfflineAt: rec.lastOfflineAt, streamMinutes: rec.streamMinutes, enough: STREAK_MINUTES };
    const when = checkDue(c, book[rec.login], now);
    if (when === 'now') due.push(rec.login);
    else if (when === 'sweep') sweep.push(rec.login);
  }
  // The replay being watched first; then the sweep's turn, the channels read longest ago.
  due.sort((a, b) => Number(!!book[b]?.playing) - Number(!!book[a]?.playing));
  const sweptAt = (await ctx.kv.get('streaks-swept-at')) ?? 0;
  if (sweep.length > 0 && due.length < CHECKS_PER_TICK && now - sweptAt >= sweepEvery(count)) {
    sweep.sort((a, b) => (book[a]?.checkedAt ?? 0) - (book[b]?.checkedAt ?? 0));
    due.push(...sweep.slice(0, CHECKS_PER_TICK - due.length));
    ctx.kv.set('streaks-swept-at', now);
  }
  const reading = due.slice(0, CHECKS_PER_TICK);
  let changed = false;
  const atRisk: string[] = [];
  const saved: string[] = [];
  /** Channels whose streak could not be read, by why: one line for a batch Twitch refused whole. */
  const failed = new Map<string, string[]>();
  if (reading.length > 0) {
    const [results] = await ctx.gql.batch(reading.map((l) => rewardListCall(tracked(l)!.id!)));
    reading.forEach((login, i) => {
      const r = results[i]!;
      const name = ctx.channels.get(login)?.displayName ?? login;
      if (!r.ok) {
        const why = describeError(r.error);
        failed.set(why, [...(failed.get(why) ?? []), name]);
        // Asked again in two hours, at the sweep's pace (a refusal of every read must not become a read a tick).
        book[login] = { ...(book[login] ?? { checkedAt: 0, length: null, expiresAt: null, missed: [], tried: [] }), failedAt: now };
        changed = true;
        return;
      }
      const status = streakStatusOf(r.data) ?? { length: null, expiresAt: null, missed: [] };
      const v = afterStatus(book[login], status, now);
      book[login] = v.entry;
      changed = true;
      if (v.kind === 'recovered') {
        ctx.activity.push({ kind: 'points', code: v.by === 'clip' ? 'logStreakRecoveredClip' : 'logStreakRecoveredVod', args: [name, v.entry.length ?? 0] });
        saved.push(login);
      } else if (v.kind === 'lost') {
        ctx.activity.push({ kind: 'points', level: 'warn', code: 'logStreakLost', args: [name] });
      } else if (v.kind === 'at-risk') {
        if (v.fresh) ctx.activity.push({ kind: 'points', code: 'logStreakAtRisk', args: [name, v.entry.length ?? 0] });
        atRisk.push(login);
      }
    });
  }
  for (const [why, names] of failed) ctx.activity.push({ kind: 'points', level: 'warn', code: 'logStreakCheckFailed', args: [{ list: names }, why] });
  // A streak saved is a row of the points history; the balance of an offline channel is read for it when unknown.
  const unknown = saved.filter((l) => ctx.channels.get(l)?.balance === undefined);
  if (unknown.length > 0) await lookAtChannels(ctx, unknown, now).catch(() => []);
  for (const login of saved) {
    const balance = ctx.channels.get(login)?.balance;
    if (balance !== undefined) ctx.history.push({ at: now, login, delta: 0, balance, reason: 'STREAK_RECOVERED' });
  }
  // One replay at a time; a channel gone live again stops its replay (its live stream is the scheduler's).
  let playing = Object.keys(book).find((l) => book[l]!.playing);
  if (playing && ctx.channels.get(playing)?.live) {
    book[playing] = { ...book[playing]!, playing: undefined };
    playing = undefined;
    changed = true;
  }
  if (playing) {
    const e = book[playing]!;
    const move = playMove(e.playing!, now);
    if (move.kind === 'done') {
      book[playing] = { ...e, playing: undefined, tried: [...e.tried, e.playing!.id] };
      atRisk.push(playing);
      playing = undefined;
      changed = true;
    } else {
      const event = eventOf(move, e.playing!.session);
      if (event) {
        book[playing] = { ...e, playing: await play(ctx, playing, e.playing!, event, now) };
        changed = true;
      }
    }
  }
  if (!playing) {
    const next = firstToExpire(book, atRisk.filter((l) => !ctx.channels.get(l)?.live), now);
    if (next) changed = (await start(ctx, book, next, now)) || changed;
  }
  for (const [login, e] of Object.entries(book)) {
    if (!tracked(login) && !e.playing && now - e.checkedAt > FORGET_MS) {
      delete book[login];
      changed = true;
    }
  }
  if (changed) ctx.kv.set('streaks', book);
}

/** Looks for a replay of a missed broadcast and starts it; says so once when there is none yet. */
async function start(ctx: TickContext, book: Book, login: string, now: number): Promise<boolean> {
  const e = book[login]!;
  const name = ctx.channels.get(login)?.displayName ?? login;
  let read;
  try {
    read = await replaysOf(ctx.gql, login, e.missed);
  } catch (err) {
    ctx.activity.push({ kind: 'points', level: 'warn', code: 'logStreakCheckFailed', args: [name, describeError(err)] });
    return false;
  }
  // Part of the lists unread: said, so "no replay" is never taken for the whole truth.
  const why: ActivityArg[] = read.failed.map(describeError);
  if (read.skipped > 0) why.push({ code: 'streakUnknownShape', args: [read.skipped] });
  if (why.length > 0) ctx.activity.push({ kind: 'points', level: 'warn', code: 'logStreakReplaysIncomplete', args: [name, { list: why }] });
  const r = nextReplay(e, read.replays);
  if (!r) {
    if (e.outcome !== 'no-replay') ctx.activity.push({ kind: 'points', code: 'logStreakNoReplay', args: [name] });
    book[login] = { ...e, outcome: 'no-replay', outcomeAt: now };
    return true;
  }
  ctx.activity.push({ kind: 'points', code: r.kind === 'clip' ? 'logStreakWatchingClip' : 'logStreakWatchingVod', args: [name] });
  const p: Playing = { ...r, session: newPlaySessionId(), startedAt: now, sent: 0, lastAt: now };
  const first = eventOf(playMove(p, now), p.session);
  book[login] = { ...e, outcome: undefined, playing: first ? await play(ctx, login, p, first, now) : p };
  return true;
}

/** The spade event a move sends; null when it sends none (waiting, done). */
function eventOf(move: PlayMove, session: string): ReplayEvent | null {
  if (move.kind === 'vod-minute') return { kind: 'vod-minute' };
  if (move.kind === 'clip-play') return { kind: 'clip-play', session };
  if (move.kind === 'clip-seconds') return { kind: 'clip-seconds', session, seconds: move.seconds };
  return null;
}

/** Sends one replay event; the replay counts it as sent only when spade took it. */
async function play(ctx: TickContext, login: string, p: Playing, event: ReplayEvent, now: number): Promise<Playing> {
  const rec = ctx.channels.get(login)!;
  try {
    const url = await spadeUrl(ctx, login, now);
    const target = { login, channelId: rec.id!, userId: ctx.userId, id: p.id, slug: p.slug, url: p.url };
    if (await sendReplayEvent(ctx.transport, url, target, event)) return { ...p, sent: p.sent + 1, lastAt: now };
    ctx.activity.push({ kind: 'points', level: 'warn', code: 'logHeartbeatRefused', args: [login] });
  } catch (e) {
    ctx.activity.push({ kind: 'points', level: 'error', code: 'logHeartbeatFailed', args: [login, describeError(e)] });
  }
  return p;
}
