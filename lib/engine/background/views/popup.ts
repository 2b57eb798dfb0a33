import { campaignsToMine, dropState, eligibility } from '../../../drops/plan';
import type { Campaign, DropClaim } from '../../../drops/types';
import type { PopupState } from '../../../messages/popup';
import { closesAt } from '../../../points/predictions';
import type { StreakEntry } from '../../../points/streak';
import type { SessionState, ViewerContext } from '../../../store/repos';
import type { Settings } from '../../../store/settings';
import type { ActivityEntry, BetRecord, ChannelRecord, PointsChange } from '../../../store/schema';
import type { RealtimeState } from '../../../twitch/realtime';
import type { WatchPlan } from '../../../watch/scheduler';
import type { KvValue, MutationState, PendingPrediction, WireHealth } from '../../../store/kv';
import { healthSummary } from '../../health';
import { ROUTE_NAMES } from '../../credit';
import { routeFailed, ROUTES, type HeartbeatCredit } from '../../../watch/credit';

type IntegrityMint = KvValue<'integrity-mint'>;

/** Everything the popup shows, as stored. */
export interface PopupRecords {
  session: SessionState;
  viewer: ViewerContext | null;
  activity: ActivityEntry[];
  /** Stored log lines that did not parse on the way to these (skipped). */
  activitySkipped?: number;
  plan: WatchPlan | undefined;
  campaigns: Campaign[];
  claims: DropClaim[];
  settings: Settings;
  bets: BetRecord[];
  pending: PendingPrediction[];
  channels: ReadonlyMap<string, ChannelRecord>;
  /** Balance changes of the last hour. */
  lastHour: PointsChange[];
  mutations: MutationState | undefined;
  health: WireHealth | undefined;
  activation: { userCode: string; verificationUri: string; expiresAt: number } | null;
  /** The last run of twitch.tv's page out of sight for an integrity token (page-runner.ts). */
  mint?: IntegrityMint;
  realtime: RealtimeState;
  /** The credit watchdog's state (kv 'heartbeat-credit'). */
  credit?: HeartbeatCredit;
  streaks?: Readonly<Record<string, StreakEntry>>;
}

/** Saved or lost streaks stay in the popup this long. */
const STREAK_NEWS_MS = 24 * 60 * 60_000;

/** The streaks worth a line: at risk now (being saved or not), saved or lost in the last day; soonest first. */
export function streakLines(r: Pick<PopupRecords, 'streaks' | 'channels'>, now: number): NonNullable<PopupState['streaks']> {
  return Object.entries(r.streaks ?? {})
    .flatMap(([login, e]): NonNullable<PopupState['streaks']> => {
      const base = { login, displayName: r.channels.get(login)?.displayName, length: e.atRiskLength ?? e.length };
      if (e.expiresAt !== null && e.expiresAt > now) return [{ ...base, state: e.playing ? 'recovering' : 'at-risk', by: e.playing?.kind, at: e.expiresAt }];
      if ((e.outcome === 'recovered' || e.outcome === 'lost') && e.outcomeAt !== undefined && now - e.outcomeAt < STREAK_NEWS_MS) {
        return [{ ...base, state: e.outcome, by: e.outcome === 'recovered' ? e.recoveredBy : undefined, at: e.outcomeAt }];
      }
      return [];
    })
    .sort((a, b) => a.at - b.at);
}

/** What the popup says of the heartbeat's route: only when it is not the first, or when none credits. */
function heartbeatNotice(c: HeartbeatCredit | undefined): PopupState['heartbeat'] {
  if (!c || (c.noneAt === null && (c.route === ROUTES[0] || c.trialOf !== null))) return null;
  const failed = ROUTES.filter((r) => routeFailed(c, r)).map((r) => ROUTE_NAMES[r]);
  return { route: ROUTE_NAMES[c.route], failed, since: c.noneAt ?? c.since, none: c.noneAt !== null };
}

/** The popup's state: a pure function of the stored records, the active tab's channel and the time. */
export function popupView(r: PopupRecords, activeChannel: string | null, now: number): PopupState {
  const login = activeChannel ?? r.viewer?.login ?? null;
  const rec = login ? r.channels.get(login) : undefined;
  const channel: PopupState['channel'] = login
    ? { login, displayName: rec?.displayName, balance: rec?.balance, live: rec?.live ?? null, multiplier: rec?.multiplier, updatedAt: rec?.pointsUpdatedAt, source: activeChannel ? 'active-tab' : 'last-seen' }
    : null;
  const gain = (l: string) => r.lastHour.filter((c) => c.login === l && c.delta > 0 && c.reason !== 'PREDICTION').reduce((sum, c) => sum + c.delta, 0);
  const plan = r.plan;
  const watching: PopupState['watching'] = (r.session.status === 'logged-in' && plan ? plan.slots : []).map((l) => {
    const c = r.channels.get(l);
    return {
      login: l,
      displayName: c?.displayName,
      // (A plan stored by an older version has its reasons as text: shown as the viewer's order until the next tick.)
      reason: typeof plan!.reasons[l] === 'object' ? plan!.reasons[l]! : { rule: 'ORDER' },
      passive: l === plan!.passive,
      drops: l === plan!.dropsChannel,
      balance: c?.balance,
      streamMinutes: c?.streamMinutes,
      hourGain: gain(l),
    };
  });
  const mine = campaignsToMine(r.campaigns, r.settings.drops, now);
  const shown = [...mine, ...r.campaigns.filter((c) => !mine.includes(c) && c.endAt > now)].slice(0, 6);
  const drops: PopupState['drops'] = {
    campaigns: shown.map((c) => {
      const e = eligibility(c, r.settings.drops, now);
      return {
        id: c.id,
        name: c.name,
        game: c.game.name,
        endAt: c.endAt,
        mining: c === mine[0],
        note: e.ok ? undefined : e.reason,
        linkUrl: c.linked ? undefined : c.linkUrl,
        drops: c.drops.map((d) => ({ name: d.name, current: d.currentMinutes, required: d.requiredMinutes, state: dropState(d, c, now) })),
      };
    }),
    history: r.claims.map(({ dropName, game, claimedAt, kind }) => ({ dropName, game, claimedAt, kind })),
  };
  const settled = r.bets.filter((b) => b.status === 'placed' && b.result);
  const predictions: PopupState['predictions'] = {
    open: r.pending
      .filter((p) => !p.done)
      .map((p) => ({ login: p.login, title: p.event.title, betAt: p.betAt, closesAt: closesAt(p.event) }))
      .filter((p) => p.closesAt > now)
      .sort((a, b) => a.betAt - b.betAt),
    recent: r.bets.slice(0, 5).map((b) => ({
      login: b.login,
      title: b.title,
      outcomeTitle: b.outcomeTitle,
      points: b.points,
      status: b.status,
      result: b.result,
      net: b.result ? (b.pointsWon ?? 0) - b.points : undefined,
    })),
    won: settled.filter((b) => b.result === 'WIN').length,
    lost: settled.filter((b) => b.result === 'LOSE').length,
    net: settled.reduce((sum, b) => sum + (b.pointsWon ?? 0) - b.points, 0),
  };
  const m = r.mutations;
  return {
    session: { status: r.session.status, login: r.session.login, error: r.session.error, checkedAt: r.session.checkedAt },
    channel,
    watching,
    drops,
    predictions,
    mutations: {
      path: m?.path ?? 'session-only',
      blocked: m?.blocked ?? false,
      integrityExpiresAt: m?.integrityExpiresAt,
      activatedAs: m?.activatedAs,
      activation: r.activation && r.activation.expiresAt > now ? r.activation : null,
      minted: r.mint ? { at: r.mint.at, reason: r.mint.reason, ok: r.mint.ok } : undefined,
    },
    wire: healthSummary(r.health),
    heartbeat: heartbeatNotice(r.credit),
    streaks: streakLines(r, now),
    paused: r.settings.paused,
    realtime: r.realtime,
    activity: r.activity.map(({ ts, kind, level, code, args, count }) => ({ ts, kind, level, code, args, count })),
    activitySkipped: r.activitySkipped ?? 0,
  };
}
