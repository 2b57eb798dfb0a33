import { describe, expect, it } from 'vitest';
import {
  confirmationDue,
  DROPS_WINDOW_MS,
  failedRoutes,
  judgeCredit,
  POINTS_WINDOW_MS,
  PROBE_EVERY_MS,
  RETRY_ALL_MS,
  type CreditEvent,
  type CreditObservation,
  type HeartbeatCredit,
} from '../../lib/watch/credit';

const MIN = 60_000;
const T0 = 1_800_000_000_000;

/** Runs the watchdog tick by tick (every 30 s of an injected clock), a heartbeat a minute, with what Twitch credits. */
function run(opts: {
  minutes: number;
  start?: HeartbeatCredit;
  from?: number;
  /** What one tick sees, by the route in use and the time. */
  see: (route: HeartbeatCredit['route'], now: number, beat: boolean) => Partial<CreditObservation>;
}) {
  let state = opts.start;
  const events: { at: number; e: CreditEvent }[] = [];
  const from = opts.from ?? T0;
  for (let now = from; now < from + opts.minutes * MIN; now += 30_000) {
    const beat = (now - from) % MIN === 0;
    const route = state?.route ?? 'spade';
    const o: CreditObservation = { dropsWatch: null, beating: true, dropsBeat: false, dropsCredit: 0, pointsCredit: false, ...opts.see(route, now, beat) };
    const out = judgeCredit(state, o, now);
    state = out.state;
    events.push(...out.events.map((e) => ({ at: now, e })));
  }
  return { state: state!, events };
}

/** A drops watch where Twitch credits each heartbeat of the routes in `credits` (its drop-progress a tick later). */
const dropsWatch = (credits: (route: string, now: number) => boolean) => {
  let owed = 0;
  return (route: string, now: number, beat: boolean): Partial<CreditObservation> => {
    const credit = owed;
    owed = beat && credits(route, now) ? 1 : 0;
    return { dropsWatch: 'gamer', dropsBeat: beat, dropsCredit: credit };
  };
};

describe('the credit watchdog (pure, injected clock)', () => {
  it('keeps the first route while Twitch credits it, and changes nothing else', () => {
    const { state, events } = run({ minutes: 120, see: dropsWatch(() => true) });
    expect(events).toEqual([]);
    expect(state.route).toBe('spade');
    expect(state.routes.spade?.failedAt).toBeUndefined();
    expect(state.routes.spade?.creditedAt).toBeGreaterThan(T0 + 119 * MIN);
  });

  it('moves drops to SendEvents within 5 watched minutes of spade going silent, and keeps it while it credits', () => {
    const silentAt = T0 + 20 * MIN;
    const { state, events } = run({ minutes: 60, see: dropsWatch((route, now) => (route === 'spade' ? now < silentAt : true)) });
    const switched = events.find((x) => x.e.kind === 'switched')!;
    expect(switched.e).toEqual({ kind: 'switched', from: 'spade', to: 'send-events', why: 'drops', minutes: 5 });
    expect(switched.at - silentAt).toBeLessThanOrEqual(DROPS_WINDOW_MS + MIN);
    expect(events).toHaveLength(1);
    expect(state.route).toBe('send-events');
    expect(failedRoutes(state)).toEqual([]); // SendEvents credited since: a new round
  });

  it('finds a silence a read notices late: the minutes Twitch did not add start the window', () => {
    // No socket: Twitch's minutes read every 5 minutes; spade silent after 12 minutes.
    let last = 0;
    let credited = 0;
    const { events } = run({
      minutes: 30,
      see: (route, now, beat) => {
        if (beat && route === 'send-events') credited++;
        if (beat && route === 'spade' && now < T0 + 12 * MIN) credited++;
        const read = (now - T0) % (5 * MIN) === 0;
        const seen = read ? credited - last : 0;
        if (read) last = credited;
        return { dropsWatch: 'gamer', dropsBeat: beat, dropsCredit: seen };
      },
    });
    const switched = events.find((x) => x.e.kind === 'switched')!;
    // Silent from minute 12: the read at 15 shows 1 of its 5 minutes (minute 11's), so the window began at 11, not at
    // the read, and runs out at 16: 4 minutes into the silence, not 8.
    expect(switched.at).toBe(T0 + 16 * MIN);
  });

  it('judges points channels by points in 15 minutes, drops channels by drop minutes in 5', () => {
    const points = run({ minutes: 40, see: () => ({ beating: true }) });
    const p = points.events.find((x) => x.e.kind === 'switched')!;
    expect(p.at - T0).toBe(POINTS_WINDOW_MS);
    expect(p.e).toMatchObject({ why: 'points', to: 'send-events' });
    // Points every 5 minutes keep the route: no switch in hours.
    const fine = run({ minutes: 180, see: (_r, now) => ({ beating: true, pointsCredit: (now - T0) % (5 * MIN) === 0 && now > T0 }) });
    expect(fine.events).toEqual([]);
    // While a drop is mined, points alone do not keep a route that earns no drop minutes.
    const drops = run({ minutes: 8, see: (_r, _now, beat) => ({ dropsWatch: 'gamer', dropsBeat: beat, pointsCredit: true }) });
    expect(drops.events[0]).toMatchObject({ at: T0 + DROPS_WINDOW_MS, e: { kind: 'switched', why: 'drops' } });
  });

  it('says so when no route credits, stops switching (the stall rule pauses the channel), and tries a new round later', () => {
    const { events, state } = run({ minutes: 45, see: dropsWatch(() => false) });
    expect(events.map((x) => [x.e.kind, (x.at - T0) / MIN])).toEqual([
      ['switched', 5],
      ['none', 10],
      ['switched', 40], // the new round after RETRY_ALL_MS judges the first route on the 30 minutes it had
    ]);
    expect(RETRY_ALL_MS).toBe(30 * MIN);
    expect(state.route).toBe('send-events');
  });

  it('a credit ends "none" at once and is said', () => {
    let on = false;
    const { events, state } = run({ minutes: 20, see: dropsWatch((_r, now) => (on ||= now >= T0 + 14 * MIN)) });
    expect(events.map((x) => x.e.kind)).toEqual(['switched', 'none', 'recovered']);
    expect(state.noneAt).toBeNull();
  });

  it('tries the first route again every PROBE_EVERY_MS on a fallback, keeps it when it credits again, else goes back', () => {
    const start: HeartbeatCredit = { ...judgeCredit(undefined, { dropsWatch: 'gamer', beating: true, dropsBeat: false, dropsCredit: 0, pointsCredit: false }, T0).state, route: 'send-events', since: T0 };
    // spade still silent: the trial fails after 5 minutes and SendEvents is back, for two hours more.
    const stillSilent = run({ start, minutes: 130, see: dropsWatch((route) => route === 'send-events') });
    expect(stillSilent.events.map((x) => [x.e.kind, (x.at - T0) / MIN])).toEqual([
      ['probe', PROBE_EVERY_MS / MIN],
      ['probe-failed', PROBE_EVERY_MS / MIN + 5],
    ]);
    expect(stillSilent.state.route).toBe('send-events');
    // spade credits again: the trial keeps it.
    const back = run({ start, minutes: 130, see: dropsWatch(() => true) });
    expect(back.events.map((x) => x.e.kind)).toEqual(['probe', 'recovered']);
    expect(back.state).toMatchObject({ route: 'spade', trialOf: null });
  });

  it('rotates back to the first route when the fallback stops crediting too', () => {
    const silentAt = T0 + 10 * MIN;
    const secondSilentAt = T0 + 60 * MIN;
    const { events, state } = run({
      minutes: 90,
      see: dropsWatch((route, now) => (route === 'spade' ? now < silentAt || now >= secondSilentAt : now < secondSilentAt)),
    });
    expect(events.map((x) => `${x.e.kind}:${'to' in x.e ? x.e.to : ''}`)).toEqual(['switched:send-events', 'switched:spade']);
    expect(state.route).toBe('spade');
  });

  it('does not count credit that answers the previous route in the first 45 s after a change', () => {
    const start = { ...judgeCredit(undefined, { dropsWatch: 'gamer', beating: true, dropsBeat: true, dropsCredit: 0, pointsCredit: false }, T0).state, route: 'send-events' as const, since: T0, trialOf: 'spade' as const };
    const late = judgeCredit(start, { dropsWatch: 'gamer', beating: true, dropsBeat: false, dropsCredit: 1, pointsCredit: false }, T0 + 30_000);
    expect(late.events).toEqual([]);
    expect(late.state.routes['send-events']?.creditedAt).toBeUndefined();
  });

  it('asks for a confirming read only when a window runs out without a fresh one coming', () => {
    const s = { ...judgeCredit(undefined, { dropsWatch: 'gamer', beating: true, dropsBeat: true, dropsCredit: 0, pointsCredit: false }, T0).state };
    expect(s.dropsSince).toBe(T0);
    expect(confirmationDue(s, T0 + 3 * MIN, T0, T0 + 15 * MIN)).toBe(false); // too early
    expect(confirmationDue(s, T0 + 4 * MIN, T0, T0 + 15 * MIN)).toBe(true); // socket open: the next read is at 15
    expect(confirmationDue(s, T0 + 4 * MIN, T0, T0 + 5 * MIN)).toBe(false); // the regular read comes in time
    expect(confirmationDue(s, T0 + 4 * MIN, T0 + 4 * MIN, T0 + 19 * MIN)).toBe(false); // just read
    expect(confirmationDue(undefined, T0 + 4 * MIN, 0, Infinity)).toBe(false);
  });
});
