import type { WxtBrowser } from 'wxt/browser';
import type { Settings } from '../../store/settings';
import type { WatchPlan } from '../../watch/scheduler';

export const TICK_ALARM = 'minert-tick';
/** The tick period while watching: half the heartbeat period, and the shortest alarm Chrome allows. */
export const WATCH_TICK_SECONDS = 30;

/**
 * Creates or updates the periodic alarm: every 30 s (Chrome's minimum) while Minert sends heartbeats, so each
 * watched channel gets one a minute; otherwise at the settings' pace.
 */
export async function ensureAlarm(browser: WxtBrowser, settings: Pick<Settings, 'tickSeconds'>, plan: WatchPlan | null | undefined): Promise<void> {
  const watching = !!plan && plan.slots.some((l) => l !== plan.passive);
  const periodInMinutes = (watching ? WATCH_TICK_SECONDS : Math.max(WATCH_TICK_SECONDS, settings.tickSeconds)) / 60;
  const existing = await browser.alarms.get(TICK_ALARM);
  if (existing?.periodInMinutes !== periodInMinutes) await browser.alarms.create(TICK_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
}

/**
 * A tick at a given time (a bet due, an event the socket brought), when that comes before the next alarm: while the
 * worker lives (on Firefox the event page may sleep first, and the alarm catches up).
 */
export class TickTimer {
  private soon: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly now: () => number,
    private readonly tick: (reason: string) => void,
  ) {}

  at(at: number, reason: string): void {
    const delay = Math.max(0, at - this.now());
    if (delay > WATCH_TICK_SECONDS * 1000 || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      this.tick(reason);
    }, delay);
  }
}
