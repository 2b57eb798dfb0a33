import { randomBytes, randomUUID } from 'node:crypto';
import type { WatchRoute } from './watch';
import type { SimChannel, SimUser, World } from './world';

/*
 * Watch-streak recovery, from public facts (2025-2026):
 * - mpforce1/Twitch-Channel-Points-Miner: constants.py names RewardList (sha256 0b147187…, variables {channelID,
 *   shouldIncludeAllSuspendedStreaks: false}), ClipsCards__User (1cd671bf…, {login, limit, criteria: {filter:
 *   LAST_DAY|LAST_WEEK|LAST_MONTH|ALL_TIME}, cursor}) and FilterableVideoTower_Videos (67004f78…, {channelOwnerLogin,
 *   broadcastType: "ARCHIVE", videoSort: "TIME", limit, includePreviewBlur: false, cursor}); gql/data/response/
 *   RewardList.py reads channel.self.watchStreakMilestone{watchStreakMilestone{id, value (a string: "Not sure why
 *   this is a string"), achievementTimestamp, shareStatus}, watchStreakThreshold, watchStreakCopoBonus, state,
 *   missedStreams[{broadcastIdentifiers[{id}]}], expiresAt}; classes/WatchStreakRecovery.py saves a streak with a
 *   clip or the VOD "of one of the missed broadcasts ... nothing else will work"; classes/ClipVodWatcher.py watches
 *   a clip up to 30 s, then a VOD up to 8 min, re-reading RewardList until it is saved; classes/Twitch.py
 *   simulate_clip_playback sends spade `video-play` {location: "vod", url, channel_id, vod_type: "clip", vod_id,
 *   content_mode: "clip", live: false, minutes_logged: 0, play_session_id, player: "site", user_id, vod_timestamp: 0,
 *   clip_slug}, then every 5 s `n_second_play` (the same, with platform: "web", seconds_after_play 5, 10…,
 *   vod_timestamp); simulate_vod_playback sends `minute-watched` {channel_id, broadcast_id: null, player: "site",
 *   user_id, live: false, channel, vod_id, content_mode: "vod"} once a minute. Issue mpforce1#37 (2026-07): a
 *   sub-only VOD cannot be used unless subscribed (peers find out from the VOD's playlist, which the sim does not serve).
 * - 0x8fv/Twitch-Channel-Points-Miner PR #46 (2026-08, tkelman, "RecoverStreak" in classes/twitch.go): "there's a
 *   delay from watching a clip before the backend registers the streak as saved"; 0x8fv#33 and #29.
 * - rdavydov/Twitch-Channel-Points-Miner-v2#782 explains RewardList: a streak is at risk while expiresAt is set (a
 *   stream was missed), for about 23.5-24 h; not at risk, expiresAt and missedStreams are null.
 * Our reading, not in the facts: FilterableVideoTower_Videos' older hash a937f1d2… (all over 2022-2024 code) is
 * retired; watchStreakThreshold 3, watchStreakCopoBonus 350 and shareStatus CAN_NOT_SHARE are fixed (values seen in
 * answers; their meaning is unknown); a second miss while at risk adds its broadcast and takes the later expiry;
 * VOD minutes count at most one per 50 s, as live ones. What is uncertain is a switch: StreakRules below.
 */

/** The uncertain parts of recovery, each a switch a test sets (world.streaks.rules); STREAK_RULES are the defaults. */
export interface StreakRules {
  /** A clip of a missed broadcast saves the streak: video-play, then n_second_play ≥ 5 s of the same play session. */
  clipSaves: boolean;
  /** VOD minutes of a missed broadcast that save the streak. */
  vodMinutes: number;
  /** Sim-clock ms between the save and RewardList showing it (tkelman: "there's a delay"). */
  saveDelayMs: number;
  /** The sim has no subscriptions: this stands in for one to every channel, so sub-only VODs' minutes count. */
  subOnlyVodsCount: boolean;
}

export const STREAK_RULES: Readonly<StreakRules> = { clipSaves: true, vodMinutes: 5, saveDelayMs: 30_000, subOnlyVodsCount: false };

export interface SimClip {
  id: string;
  slug: string;
  url: string;
  title: string;
  durationSeconds: number;
  createdAt: number;
  viewCount: number;
  broadcastId: string;
  channelId: string;
}

export interface SimVod {
  id: string;
  title: string;
  publishedAt: number;
  lengthSeconds: number;
  broadcastId: string;
  subOnly: boolean;
  channelId: string;
}

export interface MissSpec {
  /** The viewer's login; default the world's first user. */
  user?: string;
  length: number;
  broadcastId?: string;
  /** Default 23.5 h. */
  expiresInMs?: number;
  clips?: { id?: string; slug?: string; of?: 'missed' | 'other'; ageMs?: number; durationSeconds?: number }[];
  vods?: { id?: string; of?: 'missed' | 'other'; subOnly?: boolean; lengthSeconds?: number }[];
}

export interface StreakState {
  length: number;
  expiresAt: number | null;
  missed: string[];
  savedBy: 'clip' | 'vod' | null;
  /** When the save was earned (RewardList shows it rules.saveDelayMs later). */
  savedAt: number | null;
}

/** One clip or VOD event spade received, and what came of it: 'saved', 'started' (a clip play), 'counted' (a VOD minute), or why nothing. */
export interface StreakPlay {
  at: number;
  event: string;
  kind: 'clip' | 'vod';
  userId: string;
  channelId: string;
  vodId: string;
  outcome: string;
  route: WatchRoute;
  properties: Record<string, unknown>;
}

/** A streak as the sim keeps it: StreakState, and what RewardList and the VOD minutes need. */
interface Streak extends StreakState {
  milestoneId: string;
  achievedAt: number;
  shownAt: number | null;
  vodMinutesWatched: number;
  lastVodMinute: number | null;
}

const HOUR = 3_600_000;
const VOD_MINUTE_SPACING_MS = 50_000;

export class Streaks {
  readonly rules: StreakRules = { ...STREAK_RULES };
  /** Every clip and VOD event received, in order. */
  readonly plays: StreakPlay[] = [];
  private readonly streaks = new Map<string, Streak>();
  private readonly clips = new Map<string, SimClip[]>();
  private readonly vods = new Map<string, SimVod[]>();
  /** Clip play sessions opened by video-play: play_session_id -> who watches which clip. */
  private readonly sessions = new Map<string, { userId: string; channelId: string; clipId: string }>();

  constructor(private readonly world: World) {}

  /** The viewer missed a stream of the channel: the streak is at risk until expiresInMs; returns the missed broadcast id. */
  miss(channelLogin: string, spec: MissSpec): string {
    const channel = this.world.channel(channelLogin);
    const user = this.userOf(spec.user);
    const now = this.world.clock.now();
    const broadcastId = spec.broadcastId ?? this.world.newId();
    const old = this.settled(user, channel);
    const atRisk = !!old && old.expiresAt !== null && old.savedAt === null;
    const expiresAt = now + (spec.expiresInMs ?? 23.5 * HOUR);
    this.streaks.set(`${user.id}:${channel.id}`, {
      length: spec.length,
      expiresAt: atRisk ? Math.max(old.expiresAt!, expiresAt) : expiresAt,
      missed: atRisk ? [...old.missed, broadcastId] : [broadcastId],
      savedBy: null,
      savedAt: null,
      milestoneId: old?.milestoneId || randomUUID(),
      achievedAt: old?.achievedAt ?? now - 24 * HOUR,
      shownAt: null,
      vodMinutesWatched: 0,
      lastVodMinute: null,
    });
    for (const [i, c] of (spec.clips ?? []).entries()) {
      const id = c.id ?? this.world.newId();
      const slug = c.slug ?? `SimClip${id}-${randomBytes(6).toString('hex')}`;
      this.listOf(this.clips, channel).push({
        id,
        slug,
        url: `https://clips.twitch.tv/${slug}`,
        title: `${channel.displayName} clip ${i + 1}`,
        durationSeconds: c.durationSeconds ?? 30,
        createdAt: now - (c.ageMs ?? HOUR),
        viewCount: 100 - i,
        broadcastId: c.of === 'other' ? this.world.newId() : broadcastId,
        channelId: channel.id,
      });
    }
    for (const [i, v] of (spec.vods ?? []).entries()) {
      const missed = v.of !== 'other';
      this.listOf(this.vods, channel).push({
        id: v.id ?? this.world.newId(),
        title: `${channel.title} (${missed ? 'missed' : 'past'} broadcast)`,
        // The missed broadcast ended about now; other VODs are older ones.
        publishedAt: missed ? now - 3 * HOUR : now - (48 + i) * HOUR,
        lengthSeconds: v.lengthSeconds ?? 3 * 3600,
        broadcastId: missed ? broadcastId : this.world.newId(),
        subOnly: v.subOnly ?? false,
        channelId: channel.id,
      });
    }
    return broadcastId;
  }

  /** The streak of the user (default: the first) on the channel, as it stands on the sim clock now. */
  state(channelLogin: string, userLogin?: string): StreakState {
    const s = this.settled(this.userOf(userLogin), this.world.channel(channelLogin));
    return s ? { length: s.length, expiresAt: s.expiresAt, missed: [...s.missed], savedBy: s.savedBy, savedAt: s.savedAt } : { length: 0, expiresAt: null, missed: [], savedBy: null, savedAt: null };
  }

  /** The streak with its milestone (RewardList), null when the user never had one on the channel. */
  milestone(user: SimUser, channel: SimChannel): Readonly<Streak> | null {
    return this.settled(user, channel);
  }

  clipsOf(channel: SimChannel): readonly SimClip[] {
    return this.clips.get(channel.id) ?? [];
  }

  /** The channel's VODs, newest first. */
  vodsOf(channel: SimChannel): readonly SimVod[] {
    return [...(this.vods.get(channel.id) ?? [])].sort((a, b) => b.publishedAt - a.publishedAt);
  }

  /**
   * A clip or VOD event (watch.ts routes them here: video-play, n_second_play, and minute-watched of a VOD); credits
   * says whether its route credits at all (wire.creditSpade / creditSendEvents). Recorded in plays.
   */
  play(event: string, props: Record<string, unknown>, route: WatchRoute, credits: boolean): StreakPlay {
    const record: StreakPlay = {
      at: this.world.clock.now(), event, kind: event === 'minute-watched' ? 'vod' : 'clip', outcome: '', route, properties: props,
      userId: String(props.user_id ?? ''), channelId: String(props.channel_id ?? ''), vodId: String(props.vod_id ?? ''),
    };
    record.outcome = record.kind === 'vod' ? this.vodMinute(record, credits) : this.clipEvent(record, credits);
    this.plays.push(record);
    return record;
  }

  private clipEvent(p: StreakPlay, credits: boolean): string {
    const props = p.properties;
    const user = this.world.userById(p.userId);
    const channel = this.world.channelById(p.channelId);
    if (!user) return 'unknown-user';
    if (!channel) return 'unknown-channel';
    if (props.vod_type !== 'clip') return 'not-a-clip';
    const clip = this.clipsOf(channel).find((c) => c.id === p.vodId);
    if (!clip) return 'unknown-clip';
    const sessionId = String(props.play_session_id ?? '');
    if (!sessionId) return 'no-session';
    if (p.event === 'video-play') {
      this.sessions.set(sessionId, { userId: user.id, channelId: channel.id, clipId: clip.id });
      return 'started';
    }
    if (p.event !== 'n_second_play') return 'ignored';
    const session = this.sessions.get(sessionId);
    if (!session || session.userId !== user.id || session.channelId !== channel.id || session.clipId !== clip.id) return 'no-play';
    if (!(Number(props.seconds_after_play) >= 5)) return 'too-short';
    const streak = this.settled(user, channel);
    const why = this.unsaveable(streak, clip.broadcastId);
    if (why) return why;
    if (!this.rules.clipSaves) return 'clips-off';
    if (!credits) return 'silenced';
    this.save(streak!, 'clip');
    return 'saved';
  }

  private vodMinute(p: StreakPlay, credits: boolean): string {
    const props = p.properties;
    const user = this.world.userById(p.userId);
    const channel = this.world.channelById(p.channelId);
    if (!user) return 'unknown-user';
    if (!channel || (props.channel !== undefined && String(props.channel).toLowerCase() !== channel.login)) return 'unknown-channel';
    const vod = this.vodsOf(channel).find((v) => v.id === p.vodId);
    if (!vod) return 'unknown-vod';
    const streak = this.settled(user, channel);
    const why = this.unsaveable(streak, vod.broadcastId);
    if (why) return why;
    if (vod.subOnly && !this.rules.subOnlyVodsCount) return 'sub-only';
    if (!credits) return 'silenced';
    const now = this.world.clock.now();
    if (streak!.lastVodMinute !== null && now - streak!.lastVodMinute < VOD_MINUTE_SPACING_MS) return 'too-soon';
    streak!.lastVodMinute = now;
    streak!.vodMinutesWatched += 1;
    if (streak!.vodMinutesWatched < this.rules.vodMinutes) return 'counted';
    this.save(streak!, 'vod');
    return 'saved';
  }

  /** Why a play of the broadcast cannot save the streak, or null when it can. */
  private unsaveable(streak: Streak | null, broadcastId: string): string | null {
    if (!streak || streak.expiresAt === null) return 'not-at-risk';
    if (streak.savedAt !== null) return 'already-saved';
    return streak.missed.includes(broadcastId) ? null : 'other-broadcast';
  }

  private save(streak: Streak, by: 'clip' | 'vod'): void {
    const now = this.world.clock.now();
    streak.savedBy = by;
    streak.savedAt = now;
    streak.shownAt = now + this.rules.saveDelayMs;
    this.settle(streak);
  }

  /** The streak, brought up to the sim clock: lost once expiresAt passes unsaved; a save shown after its delay. */
  private settled(user: SimUser, channel: SimChannel): Streak | null {
    const streak = this.streaks.get(`${user.id}:${channel.id}`) ?? null;
    if (streak) this.settle(streak);
    return streak;
  }

  private settle(s: Streak): void {
    const now = this.world.clock.now();
    if (s.expiresAt === null) return;
    if (s.shownAt !== null && now >= s.shownAt) {
      s.expiresAt = null;
      s.missed = [];
    } else if (s.savedAt === null && now >= s.expiresAt) {
      Object.assign(s, { length: 0, expiresAt: null, missed: [], milestoneId: '', vodMinutesWatched: 0, lastVodMinute: null });
    }
  }

  private userOf(login?: string): SimUser {
    const user = login === undefined ? this.world.users.values().next().value : this.world.users.get(login.toLowerCase());
    if (!user) throw new Error(login === undefined ? 'the sim has no user' : `no such sim user ${login}`);
    return user;
  }

  private listOf<T>(map: Map<string, T[]>, channel: SimChannel): T[] {
    return map.get(channel.id) ?? map.set(channel.id, []).get(channel.id)!;
  }
}
