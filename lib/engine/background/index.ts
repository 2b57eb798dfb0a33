import type { WxtBrowser } from 'wxt/browser';
import type { Clock } from '../../clock';
import { requestSchema } from '../../messages';
import type { Db } from '../../store/db';
import { getSettings, getViewerContext } from '../../store/repos';
import { AUTH_COOKIE, TWITCH_ORIGIN } from '../../twitch/constants';
import { describeError } from '../../twitch/errors';
import type { Transport } from '../../twitch/http';
import type { RealtimeClient, RealtimeOptions } from '../../twitch/realtime';
import type { Logger } from '../../twitch/redact';
import type { WatchPlan } from '../../watch/scheduler';
import { runTick, type TickOutcome } from '../tick';
import { Activation } from './activation';
import { ensureAlarm, WATCH_TICK_SECONDS } from './alarm';
import { announce, updateBadge } from './announce';
import { HANDLERS, popupState, type Host, type MessageSender } from './handlers';
import { observeRequest, tabClosed } from './page-inputs';
import { RealtimeLink, socketTopics } from './socket';

export { TICK_ALARM } from './alarm';
export { socketTopics } from './socket';

export interface BackgroundDeps {
  browser: WxtBrowser;
  db: Db;
  clock: Clock;
  transport: Transport;
  logger: Logger;
  /** Makes the realtime client; absent: no socket, everything by polling. */
  realtime?: (options: Omit<RealtimeOptions, 'clock' | 'logger'>) => RealtimeClient;
}

/**
 * The background: a queue of ticks, and after each one the hooks its outcome feeds (the alarm, the socket, a timer
 * for a bet due before the next alarm, the badge and notifications); the messages, by the handlers' table; the
 * twitch.tv pages' inputs. The entrypoint wires it to the browser's events.
 */
export class Background implements Host {
  readonly db: Db;
  readonly clock: Clock;
  readonly activation: Activation;
  private queue: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private soon: ReturnType<typeof setTimeout> | null = null;
  private readonly link: RealtimeLink;
  /** This start of the worker: the browser runs one at a time, so a lock held by another one was left by a dead one. */
  private readonly instance = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly deps: BackgroundDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.link = new RealtimeLink(deps.realtime, deps.logger, () => this.wakeAt(this.clock.now() + 250, 'realtime'));
    this.activation = new Activation({ ...deps, activated: () => void this.tick('activated') });
    void this.activation.resume();
  }

  realtime() {
    return this.link.status;
  }

  async ensureAlarm(): Promise<void> {
    const [settings, plan] = await Promise.all([getSettings(this.db), this.db.get('kv', 'plan') as Promise<WatchPlan | undefined>]);
    await ensureAlarm(this.deps.browser, settings, plan);
  }

  /** Runs a tick after any tick this context already runs; the IndexedDB lease guards other contexts. */
  tick(reason: string, channels?: string[], retryFailed = false): Promise<TickOutcome> {
    const run = this.queue.then(() =>
      runTick(
        {
          db: this.db,
          clock: this.clock,
          transport: this.deps.transport,
          readCookie: (name) => this.readCookie(name),
          owner: `${reason}-${++this.ticks}-${Math.random().toString(36).slice(2, 8)}`,
          instance: this.instance,
        },
        { reason, channels, retryFailed, inbox: this.link.take(), realtimeOpen: this.link.status === 'open' },
      ),
    );
    this.queue = run.then((outcome) => this.afterTick(outcome)).catch((e) => this.deps.logger('error', `tick failed: ${describeError(e)}`));
    return run;
  }

  /** After each tick, from its outcome alone: the alarm, the socket, a bet's timer, the badge, the notifications. */
  private async afterTick(outcome: TickOutcome): Promise<void> {
    if (!outcome.ran) return this.ensureAlarm();
    await ensureAlarm(this.deps.browser, outcome.settings, outcome.plan);
    const token = await this.readCookie(AUTH_COOKIE);
    const userId = outcome.session.status === 'logged-in' ? outcome.session.userId : undefined;
    const viewer = (await getViewerContext(this.db))?.login;
    const watched = [...(outcome.plan?.slots ?? []), ...(viewer ? [viewer] : [])];
    this.link.follow(token && userId ? { token, topics: await socketTopics(this.db, userId, watched) } : null);
    if (outcome.nextBetAt !== null) this.wakeAt(outcome.nextBetAt, 'bet');
    await updateBadge(this.deps.browser, outcome);
    await announce(this.deps.browser, outcome);
  }

  /** A tick at a given time, when that comes before the next alarm (while the worker lives: on Firefox the event page may sleep first, and the alarm catches up). */
  private wakeAt(at: number, reason: string): void {
    const delay = Math.max(0, at - this.clock.now());
    if (delay > WATCH_TICK_SECONDS * 1000 || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.tick(reason);
    }, delay);
  }

  private async readCookie(name: string): Promise<string | null> {
    return (await this.deps.browser.cookies.get({ url: `${TWITCH_ORIGIN}/`, name }))?.value ?? null;
  }

  /**
   * Parses, authorises and answers one message by the handlers' table. Closed by default: only the extension's own
   * pages may send a request unless its handler says otherwise; anything unknown or malformed gets an error answer.
   */
  async handleMessage(raw: unknown, sender: MessageSender): Promise<unknown> {
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) return { error: 'malformed message' };
    if (sender.id !== this.deps.browser.runtime.id) return { error: 'unknown sender' };
    const handler = HANDLERS[parsed.data.type] as { privileged: boolean; run: (m: unknown, h: Host, s: MessageSender) => Promise<unknown> };
    const fromExtensionPage = !!sender.url && sender.url.startsWith(this.deps.browser.runtime.getURL('/'));
    if (handler.privileged !== false && !fromExtensionPage) return { error: 'not allowed from this sender' };
    try {
      return await handler.run(parsed.data, this, sender);
    } catch (e) {
      this.deps.logger('error', `${parsed.data.type}: ${describeError(e)}`);
      return { error: describeError(e) };
    }
  }

  popupState(activeChannel: string | null) {
    return popupState(this, activeChannel);
  }

  observeRequest(details: Parameters<typeof observeRequest>[1]): Promise<void> {
    return observeRequest(this, details);
  }

  tabClosed(tabId: number): Promise<void> {
    return tabClosed(this, tabId);
  }
}
