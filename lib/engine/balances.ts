import { formatNumber, t } from '../i18n';
import { channelsToRefresh } from '../points/refresh';
import type { PointsChange } from '../store/schema';
import { fetchChannels } from '../twitch/api';
import { describeError } from '../twitch/errors';
import { claimBonus } from '../twitch/points';
import { prefsOf, withStream } from '../watch/live';
import type { WatchPlan } from '../watch/scheduler';
import type { WatchContext, WatchedMinute } from './watch';

/** Watched channels' balances (and bonus chests) are looked at when this old, so every tick without a heartbeat. */
const WATCHED_BALANCE_MAX_AGE_MS = 25_000;

export interface BalanceLook {
  viewerLogin: string | null;
  plan: WatchPlan | null;
  /** This tick's heartbeats: a channel just beaten is looked at next tick, once its chest may be there. */
  minutes: WatchedMinute[];
  /** Channels the viewer asked about (the popup's active tab). */
  force?: string[];
  realtimeOpen: boolean;
  /** Whether a chest Twitch refused before may be tried again now (lib/engine/auth.ts). */
  mayRetry: boolean;
}

/**
 * The balances step of a tick: the viewer's channel every 5 minutes; watched channels every tick without a
 * heartbeat (every 5 minutes with the socket open, which brings chests as events), so a bonus chest a heartbeat
 * brought is claimed within one tick; chests Twitch refused are tried again. Balance changes no event explained are
 * kept in the history as 'observed'.
 */
export async function refreshBalances(ctx: WatchContext, o: BalanceLook, history: PointsChange[], refreshed: string[], now: number): Promise<void> {
  const beaten = new Set(o.minutes.filter((m) => !m.passive).map((m) => m.login));
  const watched = (o.plan?.slots ?? []).filter((l) => l !== o.plan?.passive && !beaten.has(l));
  // A chest Twitch refused earlier is tried again as soon as a path opens (and every few minutes while blocked).
  const waitingChests = o.mayRetry ? [...ctx.channels.values()].filter((c) => c.availableClaimId).map((c) => c.login) : [];
  const due = [
    ...new Set([
      ...channelsToRefresh(o.viewerLogin ? [o.viewerLogin] : [], ctx.channels, now, { force: o.force }),
      // With the socket open, chests and balances arrive as events: the usual 5-minute look is enough.
      ...channelsToRefresh(watched, ctx.channels, now, o.realtimeOpen ? {} : { maxAgeMs: WATCHED_BALANCE_MAX_AGE_MS }),
      ...waitingChests,
    ]),
  ];
  if (due.length > 0) {
    const results = await fetchChannels(ctx.gql, due);
    for (const r of results) {
      if (!r.ok) {
        ctx.activity.push({ kind: 'points', level: 'error', message: t('logChannelError', r.login, describeError(r.error)) });
        continue;
      }
      const s = r.snapshot;
      refreshed.push(r.login);
      if (!s.exists) {
        ctx.activity.push({ kind: 'points', level: 'warn', message: t('logNoSuchChannel', r.login) });
        continue;
      }
      const prev = ctx.channels.get(r.login) ?? { login: r.login, live: null, updatedAt: now };
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
      let waiting = prefsOf(prev, ctx.settings.streamerDefaults).bonus ? (s.availableClaimId ?? null) : null;
      if (waiting && s.id && o.mayRetry) {
        try {
          const after = await claimBonus(ctx.gqlMut, s.id, waiting);
          const name = s.displayName ?? r.login;
          const claimed = after !== null && balance !== undefined ? t('logBonusClaimedGain', name, after - balance) : t('logBonusClaimed', name);
          ctx.activity.push({ kind: 'points', message: claimed });
          if (after !== null && balance !== undefined) history.push({ at: now, login: r.login, delta: after - balance, balance: after, reason: 'CLAIM' });
          balance = after ?? balance;
          waiting = null;
        } catch (e) {
          ctx.activity.push({ kind: 'points', level: 'error', message: t('logBonusNotClaimed', s.displayName ?? r.login, describeError(e)) });
        }
      }
      if (prev.pointsUpdatedAt === undefined) {
        const name = s.displayName ?? r.login;
        const shown =
          balance === undefined
            ? t(s.live ? 'logNoPointsLive' : 'logNoPoints', name)
            : t(s.live ? 'logBalanceLive' : 'logBalance', name, formatNumber(balance));
        ctx.activity.push({ kind: 'points', message: shown });
      }
      ctx.channels.set(r.login, {
        ...streamed,
        id: s.id ?? streamed.id,
        displayName: s.displayName ?? streamed.displayName,
        balance,
        availableClaimId: waiting,
        multiplier: s.multiplier,
        updatedAt: now,
        pointsUpdatedAt: now,
      });
      ctx.touched.add(r.login);
    }
  }

}
