import type { ActivityArg } from '../activity';
import type { MessageKey } from '../i18n';
import type { ProgressMark } from '../store/kv';
import type { PointsChange } from '../store/schema';
import type { RealtimeEvent } from '../twitch/events';
import { confirmationDue, judgeCredit, WATCH_POINT_REASONS, type CreditEvent, type HeartbeatRoute } from '../watch/credit';
import type { WatchPlan } from '../watch/scheduler';
import type { TickContext } from './context';
import { DROP_SESSION_EVERY_MS, DROP_SESSION_WITH_SOCKET_MS } from './drops';
import type { WatchedMinute } from './watch';

/**
 * The engine's side of the credit watchdog (the decisions are lib/watch/credit.ts): before the drops step, ask Twitch
 * for the drop's minutes when a window is about to be judged on old numbers; after the tick's steps, tell the
 * watchdog what Twitch credited, keep its state, say what it decided, and give a new route its full window before
 * the drops step's stall rule can pause the channel.
 */

/** How a route is named in the log and the popup (the wire's names: not translated). */
export const ROUTE_NAMES: Record<HeartbeatRoute, string> = { spade: 'spade', 'send-events': 'SendEvents' };

/**
 * Before progressAndClaim: when a drops window runs out soon with no fresh word from Twitch, read the drop session
 * now. Returns when it was last read before this tick (creditStep's baseline).
 */
export async function confirmCredit(ctx: TickContext, now: number): Promise<number> {
  const last = (await ctx.kv.get('drop-session-at')) ?? 0;
  const next = last + (ctx.realtimeOpen ? DROP_SESSION_WITH_SOCKET_MS : DROP_SESSION_EVERY_MS);
  if (confirmationDue(await ctx.kv.get('heartbeat-credit'), now, last, next)) ctx.kv.set('drop-session-at', null);
  return last;
}

export interface CreditInput {
  plan: WatchPlan | null;
  /** Whether a drop is mined on the plan's drops channel. */
  mining: boolean;
  minutes: WatchedMinute[];
  /** The drops step's progress mark before this tick's drops step (its rise is Twitch's word on the minutes). */
  markBefore: ProgressMark | undefined;
  /** When the drop session was read before this tick: a rise measured from before a change of route is not the new route's. */
  readBefore: number;
  inbox: RealtimeEvent[];
  /** Balance changes seen this tick (looks, points events). */
  history: PointsChange[];
}

const LINES: Record<CreditEvent['kind'], { code: MessageKey; level: 'info' | 'warn' | 'error' }> = {
  switched: { code: 'logHeartbeatSwitched', level: 'warn' },
  none: { code: 'logHeartbeatNone', level: 'error' },
  probe: { code: 'logHeartbeatProbe', level: 'info' },
  'probe-failed': { code: 'logHeartbeatProbeFailed', level: 'info' },
  recovered: { code: 'logHeartbeatRecovered', level: 'info' },
};

function argsOf(e: CreditEvent): ActivityArg[] {
  switch (e.kind) {
    case 'switched':
      return [ROUTE_NAMES[e.from], e.minutes, ROUTE_NAMES[e.to]];
    case 'none':
      return [{ list: Object.values(ROUTE_NAMES) }];
    case 'probe':
      return [ROUTE_NAMES[e.route], ROUTE_NAMES[e.from]];
    case 'probe-failed':
      return [ROUTE_NAMES[e.route], ROUTE_NAMES[e.back]];
    case 'recovered':
      return [ROUTE_NAMES[e.route]];
  }
}

/** After the tick's steps: the watchdog's judgement on what Twitch credited, acted on. */
export async function creditStep(ctx: TickContext, input: CreditInput, now: number): Promise<void> {
  const { plan } = input;
  const beaten = (plan?.slots ?? []).filter((l) => l !== plan?.passive);
  const dropsWatch = input.mining && plan?.dropsChannel && beaten.includes(plan.dropsChannel) ? plan.dropsChannel : null;
  // Twitch's word on the drop: its minutes rose on the same watch (a read or the socket's events), or drop-progress came.
  const before = input.markBefore;
  const after = await ctx.kv.get('drop-progress');
  const rose = before && after && after.changedAt === now && after.login === before.login && after.dropId === before.dropId ? Math.max(0, after.minutes - before.minutes) : 0;
  const events = input.inbox.filter((e) => e.kind === 'drop-progress').length;
  const previous = await ctx.kv.get('heartbeat-credit');
  const fromThisRoute = !previous || input.readBefore >= previous.since;
  const { state, events: happened } = judgeCredit(
    previous,
    {
      dropsWatch,
      beating: beaten.length > 0,
      dropsBeat: dropsWatch !== null && input.minutes.some((m) => m.login === dropsWatch && !m.passive),
      dropsCredit: dropsWatch ? Math.max(fromThisRoute ? rose : 0, events) : 0,
      pointsCredit: input.history.some((c) => c.delta > 0 && WATCH_POINT_REASONS.has(c.reason) && beaten.includes(c.login)),
    },
    now,
  );
  ctx.kv.set('heartbeat-credit', state);
  for (const e of happened) ctx.activity.push({ kind: 'watch', level: LINES[e.kind].level, code: LINES[e.kind].code, args: argsOf(e) });
  // A new route gets its whole window before the stall rule judges the channel; when no route credits, the stall
  // rule pauses it as it always did.
  if (dropsWatch && happened.some((e) => e.kind === 'switched' || e.kind === 'probe' || e.kind === 'probe-failed')) {
    const mark = await ctx.kv.get('drop-progress');
    if (mark) ctx.kv.set('drop-progress', { ...mark, since: now, changedAt: now });
    // Twitch's minutes read again at the next heartbeat: the new route's credit is measured from there.
    ctx.kv.set('drop-session-at', null);
  }
}
