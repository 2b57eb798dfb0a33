import { decideContributions, isOpen, type GoalRule } from '../points/goals';
import { writeKv } from '../store/kv';
import type { GoalContribution } from '../store/records';
import { describeError, isTwitchError } from '../twitch/errors';
import type { SnapshotResult } from '../twitch/ops/channels';
import { contributeToGoal, fetchGoalContributions } from '../twitch/ops/goals';
import { newTransactionId } from '../twitch/ops/predictions';
import { prefsOf } from '../watch/live';
import type { TickContext } from './context';

type Book = Record<string, GoalContribution>;

/** Goals Minert gave to are remembered this long after the last contribution (a goal lasts days, not months). */
const KEEP_MS = 60 * 24 * 60 * 60_000;

/**
 * Community goals, after a look: on each channel read whose goals are on for it (off by default) and that lists a
 * started goal in stock, gives what lib/points/goals.ts decides (the cap per goal and the balance kept, per the
 * settings; Twitch's per-stream maximum, by its own count of what the viewer gave this stream). Each contribution is
 * written to the store with its transaction id before it is sent: one a killed worker left unanswered is sent again
 * with the same id, which Twitch counts once. It counts only with Twitch's word; then it is a history row ('GOAL'), an
 * activity line, and the balance is lowered by it.
 */
export async function contributeToGoals(ctx: TickContext, snapshots: readonly SnapshotResult[], now: number): Promise<void> {
  const stored = await ctx.kv.get('goal-contributions');
  const book: Book = { ...stored };
  let changed = false;
  // A contribution sent by an earlier tick and never answered: sent again, same transaction id.
  for (const [goalId, entry] of Object.entries(book)) {
    if (!entry.pending || entry.pending.at >= now || !ctx.mayRetry) continue;
    await send(ctx, book, goalId, now, false);
    changed = true;
  }
  const rule: GoalRule = ctx.settings.goals;
  for (const r of snapshots) {
    if (!r.ok || !r.snapshot.goals?.some(isOpen)) continue;
    const rec = ctx.channels.get(r.login);
    if (!ctx.mayRetry || !rec?.id || rec.balance === undefined || !prefsOf(rec, ctx.settings.streamerDefaults).goals) continue;
    const goals = r.snapshot.goals;
    // A contribution still unanswered holds its goal until Twitch answers it.
    if (goals.some((g) => book[g.id]?.pending)) continue;
    let thisStream: Record<string, number>;
    try {
      thisStream = await fetchGoalContributions(ctx.gql, rec.login);
    } catch (e) {
      ctx.activity.push({ kind: 'points', level: 'error', code: 'logChannelError', args: [rec.login, describeError(e)] });
      continue;
    }
    const given = Object.fromEntries(goals.map((g) => [g.id, book[g.id]?.given ?? 0]));
    for (const c of decideContributions(goals, rec.balance, rule, given, thisStream)) {
      const before = book[c.goalId];
      book[c.goalId] = { login: rec.login, channelId: rec.id, title: c.title, given: before?.given ?? 0, at: before?.at ?? now, pending: { transactionId: newTransactionId(), amount: c.amount, at: now } };
      // Kept before it is sent (like a bet): a worker killed now sends it again next time with the same id.
      await writeKv(ctx.db, 'goal-contributions', book);
      await send(ctx, book, c.goalId, now, true);
      changed = true;
    }
  }
  if (!changed) return;
  for (const [id, e] of Object.entries(book)) if (!e.pending && now - e.at > KEEP_MS) delete book[id];
  ctx.kv.set('goal-contributions', book);
}

/**
 * Sends a goal's pending contribution. Taken: counted as given; `fresh` (sent by this tick, on the balance just read)
 * also lowers the balance and makes a history row (a resend's effect shows in a later look). Refused by Twitch (its
 * error, or integrity): dropped, the next look decides again. No answer (network, timeout): kept, sent again later.
 */
async function send(ctx: TickContext, book: Book, goalId: string, now: number, fresh: boolean): Promise<void> {
  const entry = book[goalId]!;
  const p = entry.pending!;
  const rec = ctx.channels.get(entry.login);
  const name = rec?.displayName ?? entry.login;
  try {
    await contributeToGoal(ctx.gqlMut, { channelId: entry.channelId, goalId, amount: p.amount, transactionId: p.transactionId });
    book[goalId] = { login: entry.login, channelId: entry.channelId, title: entry.title, given: entry.given + p.amount, at: now };
    if (fresh && rec?.balance !== undefined) {
      const balance = rec.balance - p.amount;
      ctx.history.push({ at: now, login: entry.login, delta: -p.amount, balance, reason: 'GOAL' });
      ctx.channels.put({ ...rec, balance });
    }
    ctx.activity.push({ kind: 'points', code: 'logGoalContributed', args: [name, p.amount, entry.title] });
  } catch (e) {
    ctx.activity.push({ kind: 'points', level: 'error', code: 'logGoalNotContributed', args: [name, entry.title, describeError(e)] });
    if (isTwitchError(e, 'gql') || isTwitchError(e, 'integrity') || isTwitchError(e, 'malformed') || isTwitchError(e, 'logged-out')) {
      book[goalId] = { login: entry.login, channelId: entry.channelId, title: entry.title, given: entry.given, at: entry.at };
    }
  }
}
