import { z } from 'zod';

/**
 * The credit watchdog: which way (route) the minute-watched heartbeat goes to Twitch, and when to change it. Twitch
 * silently stopped crediting one route three times in twelve months while it still answered 204 (2025-08, 2026-04:
 * spade stops and GQL SendEvents works; 2026-07-10: SendEvents stops and spade works). Only Twitch's own progress
 * counts as credit: drop minutes it reports (the socket's drop-progress, DropCurrentSessionContext, Inventory) and
 * points it gives for watching (points-earned WATCH..., or a balance that rose). Pure: a function of the stored
 * state, what the tick saw, and the time.
 *
 * The rule: while a drop is mined, the drops channel's heartbeats must bring drop minutes within DROPS_WINDOW_MS;
 * otherwise (points only) the watched channels' heartbeats must bring points within POINTS_WINDOW_MS. A route that
 * does not is marked failed and the next one is used (ROUTES order, round robin, so a route that stops crediting
 * hands back to one that may credit again). When every route failed since the last credit, the watchdog says so and
 * stops switching for RETRY_ALL_MS: the drops step then pauses the channel as it always did ("stalled"). While a
 * fallback credits, the first route is tried again every PROBE_EVERY_MS, and kept if it credits.
 */

/** The heartbeat's routes, the preferred first: the spade POST, then the GQL SendEvents mutation. */
export const ROUTES = ['spade', 'send-events'] as const;
export type HeartbeatRoute = (typeof ROUTES)[number];

export const DROPS_WINDOW_MS = 5 * 60_000;
export const POINTS_WINDOW_MS = 15 * 60_000;
/** Credit seen this soon after a change of route answers minutes the previous route sent: it is nobody's. */
export const CREDIT_LAG_MS = 45_000;
/** While a fallback route is in use, the first route is tried again this often. */
export const PROBE_EVERY_MS = 2 * 60 * 60_000;
/** After every route failed, a new round starts after this long (or at the first credit). */
export const RETRY_ALL_MS = 30 * 60_000;
/** Twitch is asked for the drop's minutes this long before a drops window runs out, when it would not be anyway. */
export const CONFIRM_LEAD_MS = 60_000;

export type CreditKind = 'drops' | 'points';

/** What is known of one route: when Twitch last credited it while in use, when it was last judged not credited. */
export interface RouteRecord {
  creditedAt?: number;
  failedAt?: number;
  /** What it failed to earn. */
  failedFor?: CreditKind;
}

/** The watchdog's state, kept in the kv store as 'heartbeat-credit' (lib/store/kv.ts). Times in ms since epoch. */
export interface HeartbeatCredit {
  /** The route heartbeats go by now, and since when. */
  route: HeartbeatRoute;
  since: number;
  routes: Partial<Record<HeartbeatRoute, RouteRecord>>;
  /** Since when the drops channel (dropsLogin) has been beaten without drop minutes; null: not waiting. */
  dropsSince: number | null;
  dropsLogin: string | null;
  /** Heartbeats the drops channel got since Twitch last reported its minutes: those it did not count are uncredited. */
  dropsBeats: number;
  /** Since when channels have been beaten for points (no drop mined) without points; null: not waiting. */
  pointsSince: number | null;
  /** When the route in use is a trial of the first route: the route to go back to if it earns nothing. */
  trialOf: HeartbeatRoute | null;
  /** When every route was found not crediting (the viewer is told; no switching until a credit or RETRY_ALL_MS). */
  noneAt: number | null;
  /** Since the last credit (or new round): routes that failed since then count towards "none credits". */
  roundAt: number;
}

/**
 * The stored shape of HeartbeatCredit (kv key 'heartbeat-credit'; the options page's health view may read it): route
 * and since: the route in use; routes: per route creditedAt (Twitch's last credit while in use) and failedAt/failedFor
 * (last found not crediting, for drops or points); dropsSince/dropsLogin and pointsSince: the windows running;
 * trialOf: set during a trial of the first route; noneAt: every route failed; roundAt: the last credit or new round.
 */
const routeSchema = z.enum(ROUTES);
export const heartbeatCreditSchema: z.ZodType<HeartbeatCredit> = z.looseObject({
  route: routeSchema,
  since: z.number(),
  routes: z.partialRecord(routeSchema, z.looseObject({ creditedAt: z.number().optional(), failedAt: z.number().optional(), failedFor: z.enum(['drops', 'points']).optional() })),
  dropsSince: z.number().nullable(),
  dropsLogin: z.string().nullable(),
  dropsBeats: z.number(),
  pointsSince: z.number().nullable(),
  trialOf: routeSchema.nullable(),
  noneAt: z.number().nullable(),
  roundAt: z.number(),
});

/** What one tick saw. */
export interface CreditObservation {
  /** The drops channel, watched with heartbeats while a drop is mined; null when no drop is mined. */
  dropsWatch: string | null;
  /** Whether any channel is watched with heartbeats (the viewer's own tab does not count). */
  beating: boolean;
  /** The drops channel got a heartbeat this tick. */
  dropsBeat: boolean;
  /** Drop minutes Twitch reported added this tick (0: none). */
  dropsCredit: number;
  /** Twitch gave points for watching a channel watched with heartbeats this tick (or its balance rose). */
  pointsCredit: boolean;
}

export type CreditEvent =
  | { kind: 'switched'; from: HeartbeatRoute; to: HeartbeatRoute; why: CreditKind; minutes: number }
  | { kind: 'none'; why: CreditKind }
  | { kind: 'probe'; route: HeartbeatRoute; from: HeartbeatRoute }
  | { kind: 'probe-failed'; route: HeartbeatRoute; back: HeartbeatRoute }
  | { kind: 'recovered'; route: HeartbeatRoute };

export function initialCredit(now: number): HeartbeatCredit {
  // (since: as if in use a moment already, so the first credit counts: there is no earlier route to answer for.)
  return { route: ROUTES[0], since: now - CREDIT_LAG_MS, routes: {}, dropsSince: null, dropsLogin: null, dropsBeats: 0, pointsSince: null, trialOf: null, noneAt: null, roundAt: now };
}

/** Whether a route is currently taken for not crediting (failed after its last credit). */
export function routeFailed(s: HeartbeatCredit, route: HeartbeatRoute): boolean {
  const r = s.routes[route];
  return r?.failedAt !== undefined && r.failedAt >= (r.creditedAt ?? -Infinity);
}

/** The routes found not crediting in this round (since the last credit), in ROUTES order. */
export function failedRoutes(s: HeartbeatCredit): HeartbeatRoute[] {
  return ROUTES.filter((r) => (s.routes[r]?.failedAt ?? -Infinity) >= s.roundAt && routeFailed(s, r));
}

/**
 * The watchdog's step: credits seen confirm the route in use; a window without credit fails it and moves on; a trial
 * of the first route is started or judged. Returns the next state and what happened (for the activity log).
 */
export function judgeCredit(prev: HeartbeatCredit | undefined, o: CreditObservation, now: number): { state: HeartbeatCredit; events: CreditEvent[] } {
  const s: HeartbeatCredit = prev ? { ...prev, routes: { ...prev.routes } } : initialCredit(now);
  const events: CreditEvent[] = [];
  const mining = o.dropsWatch !== null;
  const rec = (r: HeartbeatRoute) => (s.routes[r] = { ...s.routes[r] });
  const use = (r: HeartbeatRoute) => {
    s.route = r;
    s.since = now;
    s.dropsSince = mining ? now : null;
    s.dropsBeats = 0;
    s.pointsSince = !mining && o.beating ? now : null;
  };
  if (mining && s.dropsLogin !== o.dropsWatch) {
    // A new drops channel is new evidence.
    s.dropsSince = now;
    s.dropsBeats = 0;
  }
  if (mining && o.dropsBeat) s.dropsBeats += 1;

  // Credit, once the previous route's late answers are past.
  if (now - s.since >= CREDIT_LAG_MS && (o.dropsCredit || o.pointsCredit)) {
    rec(s.route).creditedAt = now;
    if (o.dropsCredit) {
      // Minutes Twitch added against heartbeats sent since its last word: the last ones it did not count are a run
      // without credit already (so the window starts when credit stopped, not when a read happened to notice).
      const uncredited = Math.max(0, s.dropsBeats - o.dropsCredit);
      s.dropsBeats = uncredited;
      s.dropsSince = uncredited > 0 ? now - uncredited * 60_000 : null;
    }
    if (o.pointsCredit) s.pointsSince = null;
    // What the route is judged on: drop minutes while a drop is mined, else points.
    if (mining ? o.dropsCredit : o.pointsCredit) {
      if (s.trialOf !== null || s.noneAt !== null) events.push({ kind: 'recovered', route: s.route });
      s.trialOf = null;
      s.noneAt = null;
      s.roundAt = now;
    }
  }

  // The windows run while heartbeats go out.
  if (mining) s.dropsSince ??= now;
  else {
    s.dropsSince = null;
    s.dropsBeats = 0;
  }
  s.dropsLogin = o.dropsWatch;
  s.pointsSince = !mining && o.beating ? (s.pointsSince ?? now) : null;

  if (s.noneAt !== null && now - s.noneAt >= RETRY_ALL_MS) {
    s.noneAt = null;
    s.roundAt = now;
  }
  const why: CreditKind | null =
    mining && s.dropsSince !== null && now - s.dropsSince >= DROPS_WINDOW_MS
      ? 'drops'
      : !mining && s.pointsSince !== null && now - s.pointsSince >= POINTS_WINDOW_MS
        ? 'points'
        : null;

  if (why && s.noneAt === null) {
    const waited = now - (why === 'drops' ? s.dropsSince! : s.pointsSince!);
    Object.assign(rec(s.route), { failedAt: now, failedFor: why });
    const from = s.route;
    if (s.trialOf !== null) {
      const back = s.trialOf;
      s.trialOf = null;
      events.push({ kind: 'probe-failed', route: from, back });
      use(back);
    } else {
      const at = ROUTES.indexOf(from);
      const next = [...ROUTES.slice(at + 1), ...ROUTES.slice(0, at)].find((r) => !failedRoutes(s).includes(r));
      if (next) {
        events.push({ kind: 'switched', from, to: next, why, minutes: Math.round(waited / 60_000) });
        use(next);
      } else {
        s.noneAt = now;
        events.push({ kind: 'none', why });
        if (from !== ROUTES[0]) use(ROUTES[0]);
      }
    }
  } else if (s.noneAt === null && s.trialOf === null && s.route !== ROUTES[0] && (mining || o.beating) && now - s.since >= PROBE_EVERY_MS) {
    events.push({ kind: 'probe', route: ROUTES[0], from: s.route });
    s.trialOf = s.route;
    use(ROUTES[0]);
  }
  return { state: s, events };
}

/**
 * Whether Twitch should be asked for the drop's minutes now: the drops window runs out within CONFIRM_LEAD_MS, the
 * last read (lastReadAt) is older than that, and the regular read (nextReadAt) would come after it. So the watchdog
 * never fails a route on old numbers, and costs a request only while credit is missing.
 */
export function confirmationDue(s: HeartbeatCredit | undefined, now: number, lastReadAt: number, nextReadAt: number): boolean {
  if (!s || s.dropsSince === null || s.noneAt !== null) return false;
  const deadline = s.dropsSince + DROPS_WINDOW_MS;
  return now >= deadline - CONFIRM_LEAD_MS && lastReadAt < deadline - CONFIRM_LEAD_MS && nextReadAt > deadline;
}

/** Balance changes that are points for watching: Twitch's reason codes, or a rise a read saw ('observed'). */
export const WATCH_POINT_REASONS: ReadonlySet<string> = new Set(['WATCH', 'WATCH_STREAK', 'observed']);
