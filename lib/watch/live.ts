import type { ChannelRecord } from './channel';
import type { Candidate, StreamerPrefs } from './scheduler';

/** Twitch's player reports a minute watched every minute. */
export const BEAT_EVERY_MS = 60_000;
/** A beat is sent once this much of the minute has passed, so a tick that comes a little early still sends it. */
export const BEAT_DUE_MS = 45_000;
/** How long a raid is followed: the raided channel keeps its slot this long (then the usual rules apply). */
export const RAID_FOLLOW_MS = 30 * 60_000;
/** How often the follow list is read again. */
export const FOLLOWS_EVERY_MS = 6 * 60 * 60_000;
/**
 * How often Minert looks at which followed channels are live (without the socket) and at the watched channels'
 * points, in one request. The socket brings chests, points and streams going up or down in between.
 */
export const LOOK_EVERY_MS = 7 * 60_000;
/**
 * With the realtime socket open, which says when the first followed channels go live (their stream topics ride along
 * on it) and brings points and chests as events, the live list is read this often.
 */
export const LIVE_WITH_SOCKET_MS = 20 * 60_000;
/**
 * With the socket open, a watched channel's stream (broadcast id, game) is asked again before its heartbeat when
 * Twitch last said it this long ago (the live list, read every LIVE_WITH_SOCKET_MS, says it for followed channels).
 */
export const STREAM_CHECK_MS = LIVE_WITH_SOCKET_MS + 60_000;

export interface StreamState {
  streamId: string;
  channelId: string;
  displayName?: string;
  game: { id: string; name: string } | null;
}

/**
 * A channel record after a look at its stream: a new broadcast id starts a new stream (minutes and streak start
 * over); going offline remembers when, for the watch streak's 30-minute rule.
 */
export function withStream(rec: ChannelRecord, stream: StreamState | null, now: number): ChannelRecord {
  if (!stream) {
    if (rec.live === false && rec.streamId === undefined) return { ...rec, streamCheckedAt: now };
    return { ...rec, live: false, liveSource: 'gql', streamId: undefined, lastOfflineAt: rec.live ? now : rec.lastOfflineAt, updatedAt: now, streamCheckedAt: now };
  }
  const sameStream = rec.streamId === stream.streamId;
  return {
    ...rec,
    id: stream.channelId,
    displayName: stream.displayName ?? rec.displayName,
    live: true,
    liveSource: 'gql',
    streamId: stream.streamId,
    streamStartedAt: sameStream ? rec.streamStartedAt : now,
    streamMinutes: sameStream ? rec.streamMinutes : 0,
    game: stream.game,
    updatedAt: now,
    streamCheckedAt: now,
  };
}

/** A channel's place in the watch order: the viewer's own, else its place in the follow list. */
export function orderOf(rec: ChannelRecord): number {
  return rec.order ?? rec.followOrder ?? Number.MAX_SAFE_INTEGER;
}

export function prefsOf(rec: ChannelRecord, defaults: StreamerPrefs): StreamerPrefs {
  return { ...defaults, ...rec.prefs };
}

/**
 * The channels the scheduler may choose from: followed ones (when the viewer wants them), the viewer's tab, and the
 * channels that count for the drop being mined.
 */
export function candidatesOf(
  channels: Iterable<ChannelRecord>,
  options: {
    watchFollowed: boolean;
    defaults: StreamerPrefs;
    viewerLogin: string | null;
    dropsEligible?: ReadonlySet<string>;
    /** A raid being followed: the target channel, and the channel that raided it. */
    raid?: { target: string; from: string } | null;
  },
): Candidate[] {
  const out: Candidate[] = [];
  for (const rec of channels) {
    const forDrops = options.dropsEligible?.has(rec.login) ?? false;
    const raided = options.raid?.target === rec.login;
    if (!(options.watchFollowed && rec.followed) && rec.login !== options.viewerLogin && !forDrops && !raided) continue;
    out.push({
      login: rec.login,
      live: rec.live === true,
      streamId: rec.streamId,
      streamStartedAt: rec.streamStartedAt,
      lastOfflineAt: rec.lastOfflineAt,
      streamMinutes: rec.streamMinutes ?? 0,
      balance: rec.balance,
      multiplier: rec.multiplier,
      order: orderOf(rec),
      dropsEligible: forDrops,
      raidedFrom: raided ? options.raid!.from : undefined,
      prefs: prefsOf(rec, options.defaults),
    });
  }
  return out;
}

/** Whether Twitch's word on a channel's stream is old enough to ask again before its heartbeat. */
export function streamStale(rec: ChannelRecord | undefined, now: number): boolean {
  return rec?.streamCheckedAt === undefined || now - rec.streamCheckedAt >= STREAM_CHECK_MS;
}

/** Whether a heartbeat is due for a channel. */
export function beatDue(rec: ChannelRecord | undefined, now: number): boolean {
  return rec?.lastBeatAt === undefined || now - rec.lastBeatAt >= BEAT_DUE_MS;
}

/**
 * Whether a channel may get a heartbeat now without being a third channel at once: Twitch credits two channels at a
 * time, so a channel that takes over a slot waits until the one it replaces had its last minute over a minute ago.
 * The viewer's own tab counts as one of the two.
 */
export function mayBeat(login: string, channels: Iterable<ChannelRecord>, passive: string | null, now: number): boolean {
  const others = new Set<string>();
  if (passive && passive !== login) others.add(passive);
  for (const rec of channels) {
    if (rec.login !== login && rec.lastBeatAt !== undefined && now - rec.lastBeatAt < BEAT_EVERY_MS) others.add(rec.login);
  }
  return others.size < 2;
}
