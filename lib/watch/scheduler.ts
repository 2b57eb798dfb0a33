/**
 * Which channels to watch. Twitch credits watch time on at most two channels at once, and drops progress on one.
 * Pure: a function of the candidates, the viewer's rules and the time.
 */

/** The viewer's priority rules, applied in order until both slots are taken (as the best points miner offers). */
export const PRIORITIES = ['STREAK', 'DROPS', 'ORDER', 'SUBSCRIBED', 'POINTS_ASCENDING', 'POINTS_DESCENDING'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const MAX_SLOTS = 2;
/** Watching this many minutes of a new stream earns the watch streak (the points miner's rule: 6-7). */
export const STREAK_MINUTES = 7;
/** A stream counts for the streak only if it started this long after the previous one ended. */
export const STREAK_GAP_MS = 30 * 60_000;

export interface StreamerPrefs {
  /** Watch this channel at all. */
  enabled: boolean;
  /** Watch it to earn points. */
  points: boolean;
  /** Watch it for drops. */
  drops: boolean;
  /** Go for its watch streak. */
  watchStreak: boolean;
  /** Bet on its predictions (by the viewer's strategy). */
  predictions: boolean;
  /** Follow its raids to the raided channel. */
  raids: boolean;
  /** Claim its bonus chests. */
  bonus: boolean;
  /** Claim its moments. */
  moments: boolean;
  /** Give points to its community goals (lib/points/goals.ts): off unless true. */
  goals?: boolean;
}

export interface Candidate {
  login: string;
  live: boolean;
  streamId?: string;
  /** When the current stream started, and when the previous one ended (if known). */
  streamStartedAt?: number;
  lastOfflineAt?: number;
  /** Minutes credited on the current stream. */
  streamMinutes: number;
  balance?: number;
  multiplier?: number;
  /** Position in the viewer's ordered list (lower first). */
  order: number;
  /** Watching it progresses a drop the viewer wants (decided by the drops domain). */
  dropsEligible: boolean;
  /** A channel the viewer's watched channel just raided: the viewer follows the raid there. */
  raidedFrom?: string;
  prefs: StreamerPrefs;
}

export interface WatchRules {
  priorities: readonly Priority[];
  /** While a drop is being mined, watch only the drops channel (other channels can disturb drop progress). */
  oneChannelWhileDrops: boolean;
}

export interface WatchPlan {
  /** Channels that hold a slot, best first. The viewer's own tab, when live, is among them and gets no heartbeat. */
  slots: string[];
  /** The channel that earns drop progress, if any. */
  dropsChannel: string | null;
  /** The channel the viewer is watching in a tab (counted, never sent a duplicate heartbeat). */
  passive: string | null;
  /** Why each slot was chosen. */
  reasons: Record<string, WatchReason>;
}

/** Why a channel holds a slot: a priority rule, the viewer's own tab, or a raid (from a channel). */
export type WatchReason = { rule: Priority | 'TAB' | 'RAID'; from?: string };

/** Whether watching this channel now would earn its watch streak. */
export function wantsStreak(c: Candidate): boolean {
  if (!c.prefs.watchStreak || !c.live || c.streamMinutes >= STREAK_MINUTES) return false;
  if (c.lastOfflineAt === undefined || c.streamStartedAt === undefined) return true;
  return c.streamStartedAt - c.lastOfflineAt >= STREAK_GAP_MS;
}

function eligible(c: Candidate): boolean {
  return c.live && c.prefs.enabled && (c.prefs.points || (c.prefs.drops && c.dropsEligible));
}

const byOrder = (a: Candidate, b: Candidate) => a.order - b.order || a.login.localeCompare(b.login);

/** The candidates a priority picks, best first. */
function pick(priority: Priority, pool: Candidate[]): Candidate[] {
  switch (priority) {
    case 'STREAK':
      return pool.filter(wantsStreak).sort(byOrder);
    case 'DROPS':
      return pool.filter((c) => c.dropsEligible && c.prefs.drops).sort(byOrder);
    case 'ORDER':
      return [...pool].sort(byOrder);
    case 'SUBSCRIBED':
      return pool.filter((c) => (c.multiplier ?? 1) > 1).sort((a, b) => (b.multiplier ?? 1) - (a.multiplier ?? 1) || byOrder(a, b));
    case 'POINTS_ASCENDING':
      return [...pool].sort((a, b) => (a.balance ?? 0) - (b.balance ?? 0) || byOrder(a, b));
    case 'POINTS_DESCENDING':
      return [...pool].sort((a, b) => (b.balance ?? 0) - (a.balance ?? 0) || byOrder(a, b));
  }
}

/**
 * Chooses up to two channels. The viewer's live tab takes a slot first (Minert stays passive there); then each
 * priority in turn fills the free slots; a slot still free goes to any eligible live channel, in the viewer's order,
 * so no slot stays idle while something is live. Drops progress on the first chosen drops-eligible channel.
 */
export function chooseWatch(candidates: Candidate[], rules: WatchRules, viewer: { login: string | null; live: boolean | null } | null): WatchPlan {
  const pool = candidates.filter(eligible);
  const slots: string[] = [];
  const reasons: Record<string, WatchReason> = {};
  const take = (login: string, reason: WatchReason) => {
    if (slots.length < MAX_SLOTS && !slots.includes(login)) {
      slots.push(login);
      reasons[login] = reason;
    }
  };

  const passive = viewer?.login && viewer.live !== false && candidates.some((c) => c.login === viewer.login && c.live) ? viewer.login : null;
  if (passive) take(passive, { rule: 'TAB' });
  // A raid moves the viewer: the raided channel comes next.
  for (const c of pool) if (c.raidedFrom) take(c.login, { rule: 'RAID', from: c.raidedFrom });

  for (const priority of [...rules.priorities, 'ORDER' as const]) {
    for (const c of pick(priority, pool)) take(c.login, { rule: priority });
    if (slots.length >= MAX_SLOTS) break;
  }

  const byLogin = new Map(candidates.map((c) => [c.login, c]));
  const dropsChannel = slots.find((l) => {
    const c = byLogin.get(l);
    return c !== undefined && c.dropsEligible && c.prefs.drops && c.prefs.enabled;
  }) ?? null;

  if (dropsChannel && rules.oneChannelWhileDrops) {
    const kept = slots.filter((l) => l === dropsChannel || l === passive);
    for (const l of slots) if (!kept.includes(l)) delete reasons[l];
    return { slots: kept, dropsChannel, passive, reasons };
  }
  return { slots, dropsChannel, passive, reasons };
}
