import { describeError } from '../twitch/errors';
import { channelCalls, checkStreams, fetchChannels, snapshotsOf, type LiveStream, type SnapshotResult } from '../twitch/ops/channels';
import { fetchFollows, fetchLiveFollowed, liveFollowedCall } from '../twitch/ops/follows';
import { FOLLOWS_EVERY_MS, LIVE_WITH_SOCKET_MS, LOOK_EVERY_MS, prefsOf, withStream } from '../watch/live';
import { claimChest } from './chests';
import { contributeToGoals } from './goals';
import { blank, type TickContext } from './context';

export interface LookRequest {
  viewerLogin: string | null;
  /** The channels watched with heartbeats (the last plan's). */
  watched: string[];
  /** Channels the viewer asked about (the popup's active tab). */
  force?: string[];
  /** Channels where the socket said a community goal started or changed: read now, however fresh, to give to it. */
  goals?: string[];
}

/** Followed channels checked one by one when the live list cannot be read. */
const FALLBACK_CHECKS = 30;
/** Something due for a look this old or more rides along with a look that goes out anyway. */
const RIDE_ALONG_MS = LOOK_EVERY_MS / 2;
/**
 * After a gap of the socket (it reopened since the last read: a worker start, Firefox waking its event page), what it
 * would have said is read again when this old: the live list, and the points (a chest) of the watched channels.
 */
const CATCH_UP_LIVE_MS = 3 * 60_000;
const CATCH_UP_POINTS_MS = 60_000;

const ageOf = (at: number | undefined, now: number) => (at === undefined ? Infinity : now - at);

/**
 * The look of a tick: the follow list when it is old (6 h), which followed channels are live, and the points (balance,
 * bonus chest, multiplier) and stream of the viewer's channel and the watched ones, in ONE request every LOOK_EVERY_MS
 * (the live list every LIVE_WITH_SOCKET_MS while the socket is open; anything half due rides along, so looks stay
 * together); then the chests found waiting are claimed. Between looks the realtime socket brings
 * chests, points and streams as events. Balance changes no event explained are kept in the history as 'observed'.
 * Returns the channels read.
 */
export async function lookStep(ctx: TickContext, o: LookRequest, now: number): Promise<string[]> {
  if (ctx.settings.watchFollowed) await syncFollows(ctx, now);
  const lastLive = await ctx.kv.get('live-checked');
  // Whether the socket has been open since a read: then it told every change since.
  const told = (at: number | undefined) => ctx.realtimeSince !== undefined && at !== undefined && ctx.realtimeSince <= at;
  const liveEvery = told(lastLive?.at) ? LIVE_WITH_SOCKET_MS : ctx.realtimeOpen ? CATCH_UP_LIVE_MS : LOOK_EVERY_MS;
  const liveAge = ctx.settings.watchFollowed ? ageOf(lastLive?.at, now) : -Infinity;
  const forced = new Set((o.force ?? []).map((l) => l.toLowerCase()));
  const wanted = [...new Set([...(o.viewerLogin ? [o.viewerLogin] : []), ...o.watched, ...forced])];
  const channelAge = (login: string) => ageOf(ctx.channels.get(login)?.pointsUpdatedAt, now);
  const caughtUp = (login: string) => !ctx.realtimeOpen || told(ctx.channels.get(login)?.pointsUpdatedAt) || channelAge(login) < CATCH_UP_POINTS_MS;
  // A chest Twitch refused earlier is tried again as soon as a path opens (and every few minutes while blocked).
  const waitingChests = ctx.mayRetry ? [...ctx.channels.values()].filter((c) => c.availableClaimId).map((c) => c.login) : [];
  // Read whatever their age: chests waiting, and goals the socket just told of.
  const readNow = [...waitingChests, ...(o.goals ?? [])];
  const due =
    liveAge >= liveEvery || readNow.length > 0 || wanted.some((l) => channelAge(l) >= LOOK_EVERY_MS || !caughtUp(l) || (forced.has(l) && channelAge(l) > 60_000));
  if (!due) return [];
  const logins = [...new Set([...wanted.filter((l) => channelAge(l) >= RIDE_ALONG_MS || !caughtUp(l) || forced.has(l)), ...readNow])];
  const withLive = liveAge >= liveEvery / 2;
  const [[live], points, streams] = await ctx.gql.batch(withLive ? [liveFollowedCall()] : [], ...channelCalls(logins));
  if (live) await applyLive(ctx, live.ok ? await fetchLiveFollowed(ctx.gql, live.data).catch((e: Error) => e) : live.error, now);
  const snapshots = snapshotsOf(logins, points, streams);
  for (const r of snapshots) await applySnapshot(ctx, r, now);
  await contributeToGoals(ctx, snapshots, now);
  return snapshots.filter((r) => r.ok).map((r) => r.login);
}

/** Channels' points and streams read now (one request), kept, and their waiting chests claimed. */
export async function lookAtChannels(ctx: TickContext, logins: string[], now: number): Promise<SnapshotResult[]> {
  const snapshots = await fetchChannels(ctx.gql, logins);
  for (const r of snapshots) await applySnapshot(ctx, r, now);
  await contributeToGoals(ctx, snapshots, now);
  return snapshots;
}

/** The followed channels live now (or, when the list could not be read, why). */
async function applyLive(ctx: TickContext, read: LiveStream[] | Error, now: number): Promise<void> {
  let live = read;
  if (live instanceof Error) {
    // Without the list (a stale document, an outage), the first followed channels are checked one by one, in a batch.
    ctx.activity.push({ kind: 'watch', level: 'warn', code: 'logLiveFollowedFailed', args: [describeError(live), FALLBACK_CHECKS] });
    const first = [...ctx.channels.values()]
      .filter((c) => c.followed)
      .sort((a, b) => (a.followOrder ?? 0) - (b.followOrder ?? 0))
      .slice(0, FALLBACK_CHECKS)
      .map((c) => c.login);
    live = (await checkStreams(ctx.gql, first)).flatMap((c) => ('error' in c || !c.stream ? [] : [c.stream]));
  }
  const byLogin = new Map<string, LiveStream>(live.map((s) => [s.login, s]));
  for (const rec of [...ctx.channels.values()]) {
    if (!rec.followed) continue;
    const s = byLogin.get(rec.login);
    const next = withStream(rec, s ? { streamId: s.streamId, channelId: s.channelId, displayName: s.displayName, game: s.game } : null, now);
    if (next !== rec) ctx.channels.put(next);
  }
  ctx.kv.set('live-checked', { at: now, live: live.length });
}

/** One channel's points and stream as Twitch gave them; a chest waiting there is claimed (unless the viewer said no). */
async function applySnapshot(ctx: TickContext, r: SnapshotResult, now: number): Promise<void> {
  const { history } = ctx;
  if (!r.ok) {
    ctx.activity.push({ kind: 'points', level: 'error', code: 'logChannelError', args: [r.login, describeError(r.error)] });
    return;
  }
  const s = r.snapshot;
  if (!s.exists) {
    ctx.activity.push({ kind: 'points', level: 'warn', code: 'logNoSuchChannel', args: [r.login] });
    return;
  }
  const prev = ctx.channels.get(r.login) ?? blank(r.login, now);
  const streamed =
    s.live === undefined || !s.id
      ? prev
      : withStream(prev, s.live && s.streamId ? { streamId: s.streamId, channelId: s.id, displayName: s.displayName, game: s.game ?? null } : null, now);
  let balance = s.balance ?? undefined;
  // A change no realtime event explained (the socket was closed): kept as seen, without a reason.
  if (balance !== undefined && prev.balance !== undefined && balance !== prev.balance) {
    history.push({ at: now, login: r.login, delta: balance - prev.balance, balance, reason: 'observed' });
  }
  // A chest on a channel where the viewer turned chests off is left to them.
  const waiting = prefsOf(prev, ctx.settings.streamerDefaults).bonus ? (s.availableClaimId ?? null) : null;
  const name = s.displayName ?? r.login;
  if (prev.pointsUpdatedAt === undefined) {
    if (balance === undefined) ctx.activity.push({ kind: 'points', code: s.live ? 'logNoPointsLive' : 'logNoPoints', args: [name] });
    else ctx.activity.push({ kind: 'points', code: s.live ? 'logBalanceLive' : 'logBalance', args: [name, balance] });
  }
  const rec = { ...streamed, id: s.id ?? streamed.id, displayName: s.displayName ?? streamed.displayName, balance, availableClaimId: waiting, multiplier: s.multiplier, updatedAt: now, pointsUpdatedAt: now };
  ctx.channels.put(rec);
  if (waiting && rec.id && ctx.mayRetry) await claimChest(ctx, { ...rec, id: rec.id }, waiting, now);
}

/** Reads the follow list when it is due (6 h), and marks followed channels with their order. */
export async function syncFollows(ctx: TickContext, now: number): Promise<void> {
  const last = await ctx.kv.get('follows-synced');
  if (last && now - last.at < FOLLOWS_EVERY_MS) return;
  const follows = await fetchFollows(ctx.gql);
  const followed = new Set<string>();
  follows.forEach((f, i) => {
    followed.add(f.login);
    const rec = ctx.channels.get(f.login) ?? blank(f.login, now);
    if (rec.followed !== true || rec.followOrder !== i || rec.id !== f.id) {
      ctx.channels.put({ ...rec, id: f.id, displayName: f.displayName ?? rec.displayName, followed: true, followOrder: i, updatedAt: now });
    }
  });
  for (const rec of ctx.channels.values()) {
    if (rec.followed && !followed.has(rec.login)) ctx.channels.put({ ...rec, followed: false, followOrder: undefined, updatedAt: now });
  }
  ctx.kv.set('follows-synced', { at: now, count: follows.length });
  ctx.activity.push({ kind: 'watch', code: 'logFollowsRead', args: [follows.length] });
}
