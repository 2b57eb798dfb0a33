/**
 * Watch-streak recovery, as pure decisions. A missed stream puts the viewer's streak on a channel at risk until
 * Twitch's `expiresAt` (about a day); a clip or the VOD of that broadcast, watched, saves it (the peers' rule:
 * mpforce1 WatchStreakRecovery, 0x8fv PR #46). Minert looks after a stream it did not watch enough of, and once a day
 * for the others (a stream missed while the browser was closed); plays one replay at a time, never in place of a live
 * channel; and counts a streak as saved only when Twitch's RewardList says so.
 */

/** What Twitch says of the viewer's streak on a channel. */
export interface StreakStatus {
  /** Streams in a row; null when Twitch gives none. */
  length: number | null;
  /** Until when it can be saved; null: not at risk. */
  expiresAt: number | null;
  /** The missed broadcasts a replay of can save it. */
  missed: string[];
}

/** A clip or a past broadcast (VOD) of a missed stream. */
export interface Replay {
  kind: 'clip' | 'vod';
  id: string;
  broadcastId: string;
  slug?: string;
  url?: string;
  seconds?: number;
}

/** A replay being watched: what was sent, and when. */
export interface Playing extends Replay {
  /** The player session the clip events share. */
  session: string;
  startedAt: number;
  /** Events sent: the clip's play and seconds, or the VOD's minutes. */
  sent: number;
  lastAt: number;
}

/** What Minert keeps per channel between ticks. */
export interface StreakEntry {
  checkedAt: number;
  length: number | null;
  expiresAt: number | null;
  missed: string[];
  /** The streak's length when it was found at risk (a save keeps it; a loss drops it). */
  atRiskLength?: number | null;
  playing?: Playing;
  /** Replays watched for this risk that did not save it. */
  tried: string[];
  /** The last thing said of this channel's streak, so it is said once. */
  outcome?: 'recovered' | 'lost' | 'no-replay';
  outcomeAt?: number;
  recoveredBy?: 'clip' | 'vod';
  /** When Twitch last failed to answer for it: asked again RECHECK_MS later, at the sweep's pace. */
  failedAt?: number;
}

/** A channel's streak is looked at this long after its stream ended (Twitch's 30-minute rule, and a margin). */
export const AFTER_OFFLINE_MS = 35 * 60_000;
/** Every streak-tracked channel is looked at this often: it catches streams missed while the browser was closed. */
export const SWEEP_MS = 24 * 60 * 60_000;
/** A streak at risk with no replay yet is looked at again this often (VODs are published late, clips made later). */
export const RECHECK_MS = 2 * 60 * 60_000;
/** RewardList reads batched in one request per tick. */
export const CHECKS_PER_TICK = 20;
/** Sweep batches come at least this far apart. */
export const SWEEP_GAP_MS = 20 * 60_000;
/** A clip is watched this long at most (the peers: 30 s), a VOD this many minutes (mpforce1: 8). */
export const CLIP_SECONDS = 30;
export const VOD_MINUTES = 8;
/** After its last event, a replay is given this long for Twitch to register the save (it is not instant). */
export const SETTLE_MS = 2 * 60_000;

/** The channel as the streak rules need it. */
export interface StreakChannel {
  login: string;
  live: boolean | null;
  lastOfflineAt?: number;
  /** Minutes Minert credited on the last stream. */
  streamMinutes?: number;
  /** Enough to earn a streak on a stream. */
  enough: number;
}

/**
 * Whether a channel's streak should be read now: 'now' (a replay playing, a risk to look at again, a stream just
 * missed), 'sweep' (not read for a day: read when the sweep's turn comes, see sweepEvery), or null.
 */
export function checkDue(c: StreakChannel, e: StreakEntry | undefined, now: number): 'now' | 'sweep' | null {
  // While a replay plays, Twitch is asked after each of its events that can save (a clip's seconds, a VOD's minute).
  if (e?.playing) return e.playing.kind === 'clip' && e.playing.sent < 2 ? null : 'now';
  // A live channel is the scheduler's: its stream is watched for the streak the usual way.
  if (c.live !== false) return null;
  if (e?.failedAt !== undefined) return now - e.failedAt >= RECHECK_MS ? 'sweep' : null;
  const checked = e?.checkedAt ?? 0;
  if (e && e.expiresAt !== null) return e.expiresAt <= now || now - checked >= RECHECK_MS ? 'now' : null;
  if (c.lastOfflineAt !== undefined && (c.streamMinutes ?? 0) < c.enough) {
    const lookAt = c.lastOfflineAt + AFTER_OFFLINE_MS;
    if (now >= lookAt && now - c.lastOfflineAt < SWEEP_MS && checked < lookAt) return 'now';
  }
  return now - checked >= SWEEP_MS ? 'sweep' : null;
}

/**
 * How often a sweep batch may be read: often enough to read `tracked` channels in a day, CHECKS_PER_TICK at a time,
 * never more than one batch per SWEEP_GAP_MS (a thousand followed channels cost two requests an hour, not a burst),
 * and at least every RECHECK_MS (a read that failed is asked again then; a channel is due only once a day anyway).
 */
export function sweepEvery(tracked: number): number {
  return Math.max(SWEEP_GAP_MS, Math.min(RECHECK_MS, Math.floor((SWEEP_MS * CHECKS_PER_TICK) / Math.max(1, tracked))));
}

/** What a status read means for a channel. */
export type StatusVerdict =
  | { kind: 'fine'; entry: StreakEntry }
  | { kind: 'recovered'; entry: StreakEntry; by: 'clip' | 'vod' }
  | { kind: 'lost'; entry: StreakEntry }
  | { kind: 'at-risk'; entry: StreakEntry; fresh: boolean };

/** The entry after a RewardList read, and what it means. */
export function afterStatus(e: StreakEntry | undefined, s: StreakStatus, now: number): StatusVerdict {
  const wasAtRisk = e !== undefined && e.expiresAt !== null;
  const base = { checkedAt: now, length: s.length, expiresAt: s.expiresAt, missed: s.missed };
  if (s.expiresAt === null || s.expiresAt <= now) {
    const entry: StreakEntry = { ...base, expiresAt: null, tried: [], outcome: e?.outcome, outcomeAt: e?.outcomeAt, recoveredBy: e?.recoveredBy };
    if (!wasAtRisk) return { kind: 'fine', entry };
    // Saved: Twitch no longer says "at risk" and the streak kept its length. Else it was lost.
    const kept = s.expiresAt === null && s.length !== null && s.length > 0 && s.length >= (e.atRiskLength ?? 0);
    if (kept && e.playing) return { kind: 'recovered', entry: { ...entry, outcome: 'recovered', outcomeAt: now, recoveredBy: e.playing.kind }, by: e.playing.kind };
    if (kept && e.outcome === 'recovered') return { kind: 'fine', entry };
    if (kept) return { kind: 'recovered', entry: { ...entry, outcome: 'recovered', outcomeAt: now, recoveredBy: e.recoveredBy ?? 'clip' }, by: e.recoveredBy ?? 'clip' };
    return { kind: 'lost', entry: { ...entry, length: s.length ?? 0, outcome: 'lost', outcomeAt: now } };
  }
  const fresh = !wasAtRisk || e.expiresAt! <= now;
  const entry: StreakEntry = {
    ...base,
    atRiskLength: fresh ? s.length : e.atRiskLength,
    playing: fresh ? undefined : e.playing,
    tried: fresh ? [] : e.tried,
    outcome: fresh ? undefined : e.outcome,
    outcomeAt: fresh ? undefined : e.outcomeAt,
  };
  return { kind: 'at-risk', entry, fresh };
}

/** The next replay to watch: an untried clip first (seconds, not minutes), then an untried VOD. */
export function nextReplay(e: StreakEntry, replays: readonly Replay[]): Replay | null {
  const open = replays.filter((r) => e.missed.includes(r.broadcastId) && !e.tried.includes(r.id));
  return open.find((r) => r.kind === 'clip') ?? open.find((r) => r.kind === 'vod') ?? null;
}

/** What to send for a replay being watched this tick; 'done' when it has had its chance. */
export type PlayMove =
  | { kind: 'clip-play' }
  | { kind: 'clip-seconds'; seconds: number }
  | { kind: 'vod-minute'; minute: number }
  | { kind: 'wait' }
  | { kind: 'done' };

/** One event per tick: a clip's play, then its seconds; a VOD's minutes, one a minute; then time to settle. */
export function playMove(p: Playing, now: number): PlayMove {
  // Events spade kept refusing: the replay has had its time all the same.
  if (now - p.startedAt >= VOD_MINUTES * 60_000 + 2 * SETTLE_MS) return { kind: 'done' };
  const limit = p.kind === 'clip' ? 2 : VOD_MINUTES;
  if (p.sent >= limit) return now - p.lastAt >= SETTLE_MS ? { kind: 'done' } : { kind: 'wait' };
  if (p.kind === 'clip') {
    if (p.sent === 0) return { kind: 'clip-play' };
    // The seconds watched by now, in the player's steps of five, up to the clip's length and the peers' 30 s.
    const seconds = Math.max(5, Math.min(CLIP_SECONDS, p.seconds ?? CLIP_SECONDS, Math.floor((now - p.startedAt) / 5000) * 5));
    return { kind: 'clip-seconds', seconds };
  }
  if (p.sent > 0 && now - p.lastAt < 55_000) return { kind: 'wait' };
  return { kind: 'vod-minute', minute: p.sent + 1 };
}

/** Of the channels whose streak is at risk and was just read, the one that expires first (one replay at a time). */
export function firstToExpire(entries: Readonly<Record<string, StreakEntry>>, candidates: Iterable<string>, now: number): string | null {
  let best: string | null = null;
  for (const login of candidates) {
    const e = entries[login];
    if (!e || e.playing || e.expiresAt === null || e.expiresAt <= now) continue;
    if (best === null || e.expiresAt < entries[best]!.expiresAt!) best = login;
  }
  return best;
}
