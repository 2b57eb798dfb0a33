import type { WxtBrowser } from 'wxt/browser';
import type { Clock } from '../../clock';
import type { MessageKey } from '../../i18n';
import type { Db } from '../../store/db';
import { readKv, writeKv } from '../../store/kv';
import { appendActivity } from '../../store/repos';
import type { Settings } from '../../store/settings';
import type { Logger } from '../../twitch/redact';
import { TEST_EVENT, webhookEvents, webhookHost, webhookOrigin, webhookPayload, type WebhookEvent, type WebhookSource } from '../../webhook';

/**
 * The webhook sender: Minert's only request to a host that is not Twitch's, so it lives here with its own fetch and
 * never goes through lib/twitch/http.ts (which refuses any host but Twitch's, and carries the session). It sends
 * after a tick has committed, fire-and-forget: one POST per event, each given 5 s, the first failure ends the tick's
 * sends, nothing is retried. A failure, or a URL the viewer did not grant Minert, is one log line an hour at most per
 * URL (named by its host only: a Discord webhook's path is its secret). The body is lib/webhook.ts's: no token.
 */

export const WEBHOOK_TIMEOUT_MS = 5_000;
export const WEBHOOK_LOG_EVERY_MS = 60 * 60_000;
/** At most this many posts for one tick (Discord allows about 5 every 2 s to a webhook). */
export const WEBHOOK_MAX_PER_TICK = 5;

export interface WebhookDeps {
  browser: WxtBrowser;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The fetch to send with (tests give their own). */
  fetch?: typeof fetch;
}

export type WebhookResult = { ok: true } | { ok: false; error: 'no-permission' | 'failed'; detail?: string };

/** What a tick's outcome gives the webhooks (a tick that ran). */
export interface WebhookTick extends WebhookSource {
  settings: Settings;
}

export class WebhookSender {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: WebhookDeps) {}

  /** After a tick's commit: the events the viewer switched on. Never throws; the tick has already ended. */
  afterTick(outcome: WebhookTick): Promise<void> {
    const w = outcome.settings.webhook;
    if (!w.enabled || !w.url) return Promise.resolve();
    const events = webhookEvents(outcome, w.events).slice(0, WEBHOOK_MAX_PER_TICK);
    if (events.length === 0) return Promise.resolve();
    return this.serial(async () => {
      for (const e of events) if (!(await this.send(w.url, e, true)).ok) return;
    });
  }

  /** "Send a test" from the options page: the viewer sees the result at once, so nothing is logged. */
  test(url: string): Promise<WebhookResult> {
    return this.serial(() => this.send(url, TEST_EVENT, false));
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => {});
    return next.catch((e: unknown) => {
      this.deps.logger('warn', `webhook: ${e instanceof Error ? e.message : String(e)}`);
      return { ok: false, error: 'failed' } as T;
    });
  }

  private async allowed(url: string): Promise<boolean> {
    try {
      return await this.deps.browser.permissions.contains({ origins: [webhookOrigin(url)] });
    } catch {
      return false;
    }
  }

  private async send(url: string, event: WebhookEvent, log: boolean): Promise<WebhookResult> {
    const host = webhookHost(url);
    if (!(await this.allowed(url))) {
      if (log) await this.logOnce(url, 'logWebhookNoPermission', [host]);
      return { ok: false, error: 'no-permission' };
    }
    const send = this.deps.fetch ?? globalThis.fetch.bind(globalThis);
    try {
      const res = await send(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(webhookPayload(url, event)),
        credentials: 'omit',
        cache: 'no-store',
        redirect: 'error',
        referrerPolicy: 'no-referrer',
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return { ok: true };
    } catch (e) {
      const detail = e instanceof Error && e.name === 'TimeoutError' ? `no answer in ${WEBHOOK_TIMEOUT_MS / 1000} s` : e instanceof Error ? e.message : String(e);
      if (log) await this.logOnce(url, 'logWebhookFailed', [host, detail]);
      return { ok: false, error: 'failed', detail };
    }
  }

  /** One line an hour at most for a URL (the times are kept in IndexedDB: a restarted worker remembers them). */
  private async logOnce(url: string, code: MessageKey, args: string[]): Promise<void> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const logged = (await readKv(db, 'webhook-logged')) ?? {};
    if (now - (logged[url] ?? -Infinity) < WEBHOOK_LOG_EVERY_MS) return;
    const kept = Object.fromEntries(Object.entries(logged).filter(([, at]) => now - at < WEBHOOK_LOG_EVERY_MS));
    await writeKv(db, 'webhook-logged', { ...kept, [url]: now });
    const tx = db.transaction('activity', 'readwrite');
    await appendActivity(tx.store, { kind: 'webhook', level: 'warn', code, args }, now);
    await tx.done;
  }
}
