import type { WxtBrowser } from 'wxt/browser';
import type { Clock } from '../../clock';
import type { Db } from '../../store/db';
import { ChannelCache } from '../../store/channels';
import { pruneKv, readKv } from '../../store/kv';
import { getSettings } from '../../store/settings';
import { AUTH_COOKIE, TWITCH_ORIGIN } from '../../twitch/constants';
import { describeError } from '../../twitch/errors';
import type { Transport } from '../../twitch/http';
import type { RealtimeClient, RealtimeOptions } from '../../twitch/realtime';
import type { Logger } from '../../twitch/redact';
import { runTick, type TickOutcome } from '../tick';
import { Activation } from './activation';
import { ensureAlarm, TickTimer } from './alarm';
import { announce, updateBadge } from './announce';
import { handleMessage, popupState, type Host, type MessageSender } from './handlers';
import { observeHashes, type ObservedRequest } from './page-hashes';
import { observeRequest, tabClosed, type RequestDetails } from './page-inputs';
import { PageRunner } from './page-runner';
import { RealtimeLink, socketTopics } from './socket';
import { WebhookSender } from './webhook';

export { TICK_ALARM } from './alarm';
export { socketTopics } from './socket';

export interface BackgroundDeps {
  browser: WxtBrowser;
  db: Db;
  clock: Clock;
  transport: Transport;
  logger: Logger;
  /** The extension's version (the manifest's). */
  version?: string;
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
  readonly version: string;
  private queue: Promise<unknown> = Promise.resolve();
  private hashQueue: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private readonly timer: TickTimer;
  private readonly link: RealtimeLink;
  /** The channel records between ticks (lib/store/channels.ts). */
  private readonly channels: ChannelCache;
  /** Lets twitch.tv's page run out of sight when reads or claims need an integrity token (page-runner.ts). */
  private readonly pageRunner: PageRunner;
  /** Webhook notifications (opt-in), sent after a tick's commit and never awaited by it (webhook.ts). */
  readonly webhooks: WebhookSender;
  /** This start of the worker: the browser runs one at a time, so a lock held by another one was left by a dead one. */
  private readonly instance = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly deps: BackgroundDeps) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.version = deps.version ?? 'dev';
    this.channels = new ChannelCache(deps.db);
    this.timer = new TickTimer(() => this.clock.now(), (reason) => void this.tick(reason));
    this.link = new RealtimeLink(deps.realtime, deps.logger, () => this.timer.at(this.clock.now() + 250, 'realtime'), () => this.clock.now());
    this.activation = new Activation({ ...deps, activated: () => void this.tick('activated') });
    this.pageRunner = new PageRunner(deps);
    this.webhooks = new WebhookSender(deps);
    void this.activation.resume();
    // Records that ran out (old campaigns' channel lists, an expired activation) go when the worker starts.
    void pruneKv(this.db, this.clock.now());
  }

  realtime() {
    return this.link.status;
  }

  async ensureAlarm(): Promise<void> {
    const [settings, plan] = await Promise.all([getSettings(this.db), readKv(this.db, 'plan')]);
    await ensureAlarm(this.deps.browser, settings, plan);
  }

  /** Runs a tick after any tick this context already runs; the IndexedDB lease guards other contexts. */
  tick(reason: string, channels?: string[], retryFailed = false): Promise<TickOutcome> {
    const { db, clock, instance, version } = this;
    const owner = `${reason}-${++this.ticks}-${Math.random().toString(36).slice(2, 8)}`;
    const deps = { db, clock, instance, version, owner, channelCache: this.channels, transport: this.deps.transport, readCookie: (name: string) => this.readCookie(name) };
    const run = this.queue.then(() => this.link.deliver((inbox) => runTick(deps, { reason, channels, retryFailed, inbox, realtimeSince: this.link.openSince })));
    this.queue = run.then((outcome) => this.afterTick(outcome)).catch((e) => this.deps.logger('error', `tick failed: ${describeError(e)}`));
    return run;
  }

  /** After each tick, from its outcome alone: the alarm, the socket, a bet's timer, the badge, the notifications. */
  private async afterTick(outcome: TickOutcome): Promise<void> {
    if (!outcome.ran) return this.ensureAlarm();
    // Fire-and-forget: a slow or failing webhook never holds the next tick (it cannot throw).
    void this.webhooks.afterTick(outcome);
    await ensureAlarm(this.deps.browser, outcome.settings, outcome.plan);
    const token = await this.readCookie(AUTH_COOKIE);
    const userId = outcome.session.status === 'logged-in' ? outcome.session.userId : undefined;
    const watched = [...(outcome.plan?.slots ?? []), ...(outcome.viewerLogin ? [outcome.viewerLogin] : [])];
    this.link.follow(token && userId ? { token, topics: socketTopics(outcome.settings, outcome.channels.values(), userId, watched) } : null);
    if (outcome.nextBetAt !== null) this.timer.at(outcome.nextBetAt, 'bet');
    await updateBadge(this.deps.browser, outcome);
    await announce(this.deps.browser, outcome);
    // Not awaited: the page runs while the next ticks queue; the tick its header set asks for comes after.
    void this.pageRunner.maybe(outcome.mintReason).catch((e) => this.deps.logger('error', `integrity from the page: ${describeError(e)}`));
  }

  private async readCookie(name: string): Promise<string | null> {
    return (await this.deps.browser.cookies.get({ url: `${TWITCH_ORIGIN}/`, name }))?.value ?? null;
  }

  /** One message, by the handlers' table (closed by default: handlers.ts). */
  handleMessage(raw: unknown, sender: MessageSender): Promise<unknown> {
    return handleMessage(this, this.deps, raw, sender);
  }

  popupState(activeChannel: string | null) {
    return popupState(this, activeChannel);
  }

  observeRequest(details: RequestDetails): Promise<void> {
    const stored = observeRequest(this, details);
    this.pageRunner.noteRequest(details, stored);
    return stored;
  }

  ownFrame(details: RequestDetails): boolean {
    return this.pageRunner.owns(details);
  }

  /** The hashes a twitch.tv page's request names, one request after the other (each may write what it learned). */
  observeHashes(details: ObservedRequest): Promise<void> {
    const run = this.hashQueue.then(() => observeHashes(this, details));
    this.hashQueue = run.catch((e) => this.deps.logger('warn', `page hashes: ${describeError(e)}`));
    return run;
  }

  tabClosed(tabId: number): Promise<void> {
    return tabClosed(this, tabId);
  }
}
