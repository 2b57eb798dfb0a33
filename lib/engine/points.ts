import type { MessageKey } from '../i18n';
import { betsPlacedSince } from '../store/repos';
import { noBetText, strategyText } from '../labels';
import { betTime, closesAt, decideBet, DEFAULT_BET, type BetSettings } from '../points/predictions';
import type { BetRecord, ChannelRecord } from '../store/schema';
import { describeError, isTwitchError } from '../twitch/errors';
import type { PredictionEvent } from '../points/types';
import type { RealtimeEvent } from '../twitch/events';
import { claimMoment, joinRaid } from '../twitch/ops/points';
import { fetchPredictions, makePrediction, newTransactionId } from '../twitch/ops/predictions';
import { prefsOf, RAID_FOLLOW_MS, withStream } from '../watch/live';
import type { WatchPlan } from '../watch/scheduler';
import { withDropMinutes } from '../drops/plan';
import type { Campaign } from '../drops/types';
import { claimChest } from './chests';
import type { TickContext } from './context';

export interface PointsOutcome {
  /** Bets placed, or settled, this tick. */
  bets: BetRecord[];
}

const DAY = 24 * 60 * 60_000;

/** The activity line for a settled bet, by its result. */
const BET_RESULT: Record<NonNullable<BetRecord['result']>, MessageKey> = { WIN: 'logBetResultWin', LOSE: 'logBetResultLose', REFUND: 'logBetResultRefund' };

function betSettingsOf(ctx: TickContext, rec: ChannelRecord): BetSettings {
  return { ...DEFAULT_BET, ...ctx.settings.bets, ...rec.bets };
}

/**
 * The points step of a tick: act on what the realtime socket brought (chests, raids, moments, predictions, balances,
 * streams going up or down), look for predictions by polling when the socket is not open, and place the bets that
 * are due. Every claim, raid and bet counts only with Twitch's confirmation. Balance changes go to the history draft.
 */
export async function pointsStep(ctx: TickContext, inbox: RealtimeEvent[], plan: WatchPlan | null, socketTold: boolean, now: number): Promise<PointsOutcome> {
  const out: PointsOutcome = { bets: [] };
  const byId = new Map<string, ChannelRecord>();
  for (const rec of ctx.channels.values()) if (rec.id) byId.set(rec.id, rec);
  const put = (rec: ChannelRecord) => {
    ctx.channels.put(rec);
    if (rec.id) byId.set(rec.id, rec);
  };
  const watched = new Set([...(plan?.slots ?? []), ctx.viewer?.login].filter((l): l is string => !!l));
  const pending = (await ctx.kv.get('predictions')) ?? {};
  const wantsPredictions = (rec: ChannelRecord) => prefsOf(rec, ctx.settings.streamerDefaults).predictions;
  const track = (login: string, event: PredictionEvent) => {
    const known = pending[event.id];
    pending[event.id] = { login, event, betAt: known?.betAt ?? betTime(event, betSettingsOf(ctx, ctx.channels.get(login)!)), done: known?.done ?? false };
  };

  for (const ev of inbox) {
    try {
      switch (ev.kind) {
        case 'points-earned': {
          const rec = byId.get(ev.channelId);
          if (!rec) break;
          ctx.history.push({ at: now, login: rec.login, delta: ev.gain, balance: ev.balance, reason: ev.reason });
          put({ ...rec, balance: ev.balance, pointsUpdatedAt: now });
          break;
        }
        case 'claim-available': {
          const rec = byId.get(ev.channelId);
          if (!rec || !prefsOf(rec, ctx.settings.streamerDefaults).bonus) break;
          byId.set(ev.channelId, await claimChest(ctx, { ...rec, id: ev.channelId }, ev.claimId, now));
          break;
        }
        case 'raid': {
          const rec = byId.get(ev.sourceChannelId);
          if (!rec || !watched.has(rec.login) || !prefsOf(rec, ctx.settings.streamerDefaults).raids) break;
          await joinRaid(ctx.gqlMut, ev.raidId);
          ctx.kv.set('raid', { target: ev.targetLogin, from: rec.login, until: now + RAID_FOLLOW_MS });
          // A raid goes to a live channel; its stream is checked before its first heartbeat.
          const target = ctx.channels.get(ev.targetLogin) ?? { login: ev.targetLogin, live: null, updatedAt: now };
          put({ ...target, id: ev.targetId, live: true, updatedAt: now });
          ctx.activity.push({ kind: 'points', code: 'logRaidJoined', args: [rec.login, ev.targetLogin] });
          break;
        }
        case 'moment': {
          const rec = byId.get(ev.channelId);
          if (!rec || !watched.has(rec.login) || !prefsOf(rec, ctx.settings.streamerDefaults).moments) break;
          await claimMoment(ctx.gqlMut, ev.momentId);
          ctx.activity.push({ kind: 'points', code: 'logMomentClaimed', args: [rec.displayName ?? rec.login] });
          break;
        }
        case 'prediction': {
          const rec = byId.get(ev.channelId);
          if (rec && wantsPredictions(rec)) track(rec.login, ev.event);
          break;
        }
        case 'prediction-result': {
          const bet = await ctx.db.get('bets', ev.eventId);
          if (!bet || bet.result) break;
          out.bets.push({ ...bet, result: ev.result, pointsWon: ev.pointsWon });
          const net = ev.pointsWon - bet.points;
          ctx.activity.push({ kind: 'predictions', code: BET_RESULT[ev.result], args: [bet.login, bet.title, `${net >= 0 ? '+' : ''}${net}`] });
          break;
        }
        case 'stream-up':
        case 'stream-down': {
          const rec = byId.get(ev.channelId);
          if (!rec) break;
          // (A stream going up made this tick's look read the live list: lib/engine/tick.ts.)
          if (ev.kind === 'stream-down') put(withStream(rec, null, now));
          break;
        }
        case 'drop-progress': {
          // Twitch's own count: the progress shown is the server's, never a client-side estimate.
          const cached = await ctx.kv.get('campaigns');
          if (cached) ctx.kv.set('campaigns', { ...cached, value: withDropMinutes(cached.value, ev.dropId, ev.currentMinutes, now) });
          // A drop just finished: the drops step reads its claim id from the inventory after the next heartbeat.
          if (ev.currentMinutes >= ev.requiredMinutes) ctx.kv.set('inventory-probe-at', null);
          break;
        }
        case 'drop-claim':
          ctx.kv.set('inventory-probe-at', null);
          break;
        case 'goal':
          break; // the look read the channel's goals (lib/engine/tick.ts)
      }
    } catch (e) {
      ctx.activity.push({ kind: 'points', level: 'error', code: 'logRealtimeEventFailed', args: [ev.kind, describeError(e)] });
    }
  }

  // Unless the socket was open since the last tick (it slept, or just reopened), predictions are found by polling.
  const betting = [...watched].map((l) => ctx.channels.get(l)).filter((r): r is ChannelRecord => !!r && r.live === true && wantsPredictions(r));
  if (!socketTold) {
    for (const rec of betting) {
      try {
        for (const p of await fetchPredictions(ctx.gql, rec.login)) {
          if (p.event.status === 'ACTIVE' || pending[p.event.id]) track(rec.login, p.event);
          const bet = await ctx.db.get('bets', p.event.id);
          if (bet && !bet.result && p.mine?.result) out.bets.push({ ...bet, result: p.mine.result as BetRecord['result'], pointsWon: p.mine.pointsWon });
        }
      } catch (e) {
        ctx.activity.push({ kind: 'predictions', level: 'error', code: 'logPredictionsReadFailed', args: [rec.login, describeError(e)] });
      }
    }
  }

  // Bets that are due, on the freshest numbers.
  for (const [id, p] of Object.entries(pending)) {
    if (p.done || now < p.betAt) continue;
    p.done = true;
    const rec = ctx.channels.get(p.login);
    if (!rec) continue;
    try {
      const fresh = (await fetchPredictions(ctx.gql, p.login)).find((x) => x.event.id === id)?.event ?? p.event;
      const settings = betSettingsOf(ctx, rec);
      const decision = decideBet(fresh, rec.balance ?? 0, settings);
      if (!decision.bet) {
        ctx.activity.push({ kind: 'predictions', code: 'logNoBet', args: [p.login, fresh.title, noBetText(decision.reason)] });
        continue;
      }
      const bet: BetRecord = {
        eventId: id,
        login: p.login,
        title: fresh.title,
        outcomeId: decision.outcomeId,
        outcomeTitle: decision.outcomeTitle,
        points: decision.points,
        transactionId: newTransactionId(),
        strategy: settings.strategy,
        placedAt: now,
        status: 'sending',
      };
      // Recorded before it is sent: a worker killed now resends the same transaction, which Twitch counts once.
      await ctx.db.put('bets', bet);
      try {
        await makePrediction(ctx.gqlMut, { eventId: id, outcomeId: bet.outcomeId, points: bet.points, transactionId: bet.transactionId });
        out.bets.push({ ...bet, status: 'placed' });
        if (rec.balance !== undefined) {
          ctx.history.push({ at: now, login: p.login, delta: -bet.points, balance: rec.balance - bet.points, reason: 'PREDICTION_BET' });
          put({ ...rec, balance: rec.balance - bet.points });
        }
        ctx.activity.push({ kind: 'predictions', code: 'logBetPlaced', args: [p.login, bet.points, bet.outcomeTitle, strategyText(settings.strategy), fresh.title] });
      } catch (e) {
        ctx.activity.push({ kind: 'predictions', level: 'error', code: 'logBetNotPlaced', args: [p.login, describeError(e)] });
        if (isTwitchError(e, 'integrity') && now < closesAt(fresh)) {
          // Not taken: tried again at the next tick while the window is open, on whatever path works by then.
          await ctx.db.delete('bets', id);
          p.done = false;
        } else {
          out.bets.push({ ...bet, status: 'refused', error: describeError(e) });
        }
      }
    } catch (e) {
      ctx.activity.push({ kind: 'predictions', level: 'error', code: 'logChannelError', args: [p.login, describeError(e)] });
    }
  }
  for (const [id, p] of Object.entries(pending)) if (now - p.event.createdAt > DAY) delete pending[id];
  ctx.kv.set('predictions', pending);

  // A bet whose sending was cut short by a killed worker is sent again with its transaction id.
  for (const bet of await betsPlacedSince(ctx.db, now - DAY)) {
    if (bet.status !== 'sending' || bet.placedAt === now) continue;
    try {
      await makePrediction(ctx.gqlMut, { eventId: bet.eventId, outcomeId: bet.outcomeId, points: bet.points, transactionId: bet.transactionId });
      out.bets.push({ ...bet, status: 'placed' });
    } catch (e) {
      out.bets.push({ ...bet, status: 'refused', error: describeError(e) });
    }
  }
  return out;
}
