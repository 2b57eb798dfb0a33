import type { HealthView } from '../../../messages/options';
import type { MutationState, WireHealth } from '../../../store/kv';
import type { SessionState } from '../../../store/repos';
import type { ActivityEntry, PointsChange, WatchSession } from '../../../store/schema';
import type { DeviceAuth } from '../../../twitch/credentials';
import type { PageHeaders } from '../../../twitch/integrity';
import type { HeartbeatCredit } from '../../../watch/credit';
import type { RealtimeState } from '../../../twitch/realtime';
import { healthSummary } from '../../health';

/** The records the Health tab is made of (the page header set and the activation are read for their times only). */
export interface HealthRecords {
  version: string;
  session: SessionState;
  health: WireHealth | undefined;
  mutations: MutationState | undefined;
  page: PageHeaders | undefined;
  device: DeviceAuth | undefined;
  /** Watch sessions and balance changes of the last hour. */
  sessions: WatchSession[];
  changes: PointsChange[];
  /** The credit watchdog's state: the heartbeat's route and when Twitch credited it. */
  credit: HeartbeatCredit | undefined;
  realtime: RealtimeState;
  recent: ActivityEntry[];
}

const HOUR = 60 * 60_000;
/** Balance changes Twitch gives for watching (its reason codes). */
const WATCH_REASONS = new Set(['WATCH', 'WATCH_STREAK']);

/** The Health tab, from stored records and now. No token, no header value: only names, times and outcomes. */
export function healthView(r: HealthRecords, now: number): HealthView {
  const h = r.health;
  const page = r.page && r.page.expiresAt > now ? r.page : undefined;
  const path = r.mutations?.path ?? null;
  return {
    at: now,
    version: r.version,
    session: { status: r.session.status, login: r.session.login },
    ops: Object.entries(h?.ops ?? {})
      .map(([name, o]) => ({ name, ok: o.ok, kind: o.kind, at: o.at, source: o.source ?? 'built-in', learnedAt: o.learnedAt }))
      .sort((a, b) => Number(a.ok) - Number(b.ok) || a.name.localeCompare(b.name)),
    reads: { via: page ? 'page' : 'session', integrityExpiresAt: page?.expiresAt, pageSeenAt: r.page?.seenAt, blocked: healthSummary(h).readsBlocked },
    claims: {
      path,
      blocked: r.mutations?.blocked ?? false,
      activatedAs: r.mutations?.activatedAs,
      expiresAt: path === 'activated' ? r.device?.expiresAt : path === 'page-token' ? r.mutations?.integrityExpiresAt : undefined,
    },
    heartbeat: {
      transport: r.credit?.route ?? null,
      creditedAt: r.credit ? r.credit.routes[r.credit.route]?.creditedAt : undefined,
      noneCredits: !!r.credit?.noneAt,
      minutesLastHour: r.sessions.reduce((sum, s) => sum + (s.end > now - HOUR ? s.minutes : 0), 0),
      creditsLastHour: r.changes.filter((c) => c.at > now - HOUR && WATCH_REASONS.has(c.reason)).length,
    },
    blockedHosts: Object.entries(h?.blockedHosts ?? {}).map(([host, b]) => ({ host, error: b.error, at: b.at })),
    realtime: r.realtime,
    recent: r.recent.map((e) => ({ ts: e.ts, level: e.level, code: e.code, args: e.args })),
  };
}
