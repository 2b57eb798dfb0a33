import type { Browser, WxtBrowser } from 'wxt/browser';
import type { Clock } from '../../clock';
import type { Db } from '../../store/db';
import { readKv, writeKv } from '../../store/kv';
import { appendActivity, type NewActivity } from '../../store/repos';
import { GQL_URL, TWITCH_ORIGIN } from '../../twitch/constants';
import { describeError } from '../../twitch/errors';
import { integrityUsable } from '../../twitch/integrity';
import type { Logger } from '../../twitch/redact';
import { MINT_METHOD_TEXT, MINT_REASON_TEXT, type MintMethod, type MintReason } from '../mint';
import type { RequestDetails } from './page-inputs';

/**
 * Integrity without the viewer: when reads or claims need an integrity token and none is fresh (lib/engine/mint.ts
 * decides), twitch.tv's own page runs for a few seconds out of the viewer's way, mints its token and sends its GQL
 * request; observeRequest (page-inputs.ts) keeps that request's header set, as it does for a tab the viewer opened.
 * In order: Chrome's offscreen document holding the page in a frame, Firefox's event page holding the same frame
 * (both with a session rule that lets twitch.tv be framed by Minert alone), else an inactive muted tab Minert closes.
 */

/** The page that runs: the drops inventory, whose own request is a drops read (the frame in offscreen.html too). */
export const MINT_PAGE_URL = `${TWITCH_ORIGIN}/drops/inventory`;
/** The session rule removing the frame-refusing headers, for www.twitch.tv frames Minert's own documents open. */
const FRAME_RULE_ID = 14_004;
/** How long one way may take before the next is tried. */
const ATTEMPT_TIMEOUT_MS = 15_000;


interface Armed {
  frames: Set<number>;
  tabId: number | null;
  captured: Map<string, Promise<unknown>>;
  completed: Set<string>;
  check(): void;
}

export class PageRunner {
  private armed: Armed | null = null;
  private running: Promise<void> | null = null;

  /** When the background starts, what a run cut short by a dying worker left (the rule, the document) goes first. */
  private readonly cleaned: Promise<void>;

  constructor(private readonly deps: { browser: WxtBrowser; db: Db; clock: Clock; logger: Logger }) {
    const b = deps.browser as Partial<WxtBrowser> & { offscreen?: typeof Browser.offscreen };
    this.cleaned = (async () => {
      await b.declarativeNetRequest?.updateSessionRules({ removeRuleIds: [FRAME_RULE_ID] });
      await b.offscreen?.closeDocument();
    })().catch(() => undefined); // (none was left)
  }

  /** Whether a GQL request comes from the page Minert runs now (its frame, or its tab): never from Minert's own fetches. */
  owns(d: RequestDetails): boolean {
    const a = this.armed;
    if (!a || !d.url.startsWith(GQL_URL) || !(d.initiator ?? d.originUrl ?? '').startsWith(TWITCH_ORIGIN)) return false;
    if (a.tabId !== null) return d.tabId === a.tabId;
    return d.tabId === -1 && d.frameId !== undefined && a.frames.has(d.frameId);
  }

  /**
   * observeRequest is keeping an own request's header set: the page is torn down once that is stored and the request
   * done. Only a request carrying a token counts (Chrome also shows the CORS preflight, which carries none).
   */
  noteRequest(d: RequestDetails, stored: Promise<unknown>): void {
    if (!this.armed || !d.requestId || !this.owns(d) || !d.requestHeaders?.some((h) => h.name.toLowerCase() === 'client-integrity')) return;
    this.armed.captured.set(d.requestId, stored);
    this.armed.check();
  }

  /** After a tick that found a token needed (its outcome's mintReason): at most one attempt at a time. */
  async maybe(reason: MintReason | null): Promise<void> {
    if (!reason || this.running) return;
    this.running = this.run(reason).finally(() => (this.running = null));
    return this.running;
  }

  /** The ways this browser offers, in order. */
  private methods(): MintMethod[] {
    const b = this.deps.browser as Partial<WxtBrowser> & { offscreen?: unknown };
    const hasDom = typeof document !== 'undefined' && !!document.body;
    const framed: MintMethod[] = !b.declarativeNetRequest ? [] : b.offscreen ? ['offscreen'] : hasDom ? ['frame'] : [];
    return [...framed, 'tab'];
  }

  private async run(reason: MintReason): Promise<void> {
    const { db, clock, logger } = this.deps;
    await this.cleaned;
    const start = clock.now();
    // The attempt counts from now, even if the worker dies during it (then `running` stays: tick.ts counts those).
    const before = await readKv(db, 'integrity-mint');
    await writeKv(db, 'integrity-mint', { at: start, reason, ok: false, running: true, interrupted: before?.running ? (before.interrupted ?? 0) + 1 : 0 });
    const failed: string[] = [];
    for (const method of this.methods()) {
      try {
        await this.attempt(method);
        const page = await readKv(db, 'integrity');
        if (page && page.seenAt >= start && integrityUsable(page, clock.now())) {
          const tookMs = clock.now() - start;
          await writeKv(db, 'integrity-mint', { at: start, reason, method, ok: true, tookMs, failed });
          return this.log({ kind: 'auth', code: 'logIntegrityMinted', args: [{ code: MINT_REASON_TEXT[reason], args: [] }, { code: MINT_METHOD_TEXT[method], args: [] }, Math.max(0.1, Math.round(tookMs / 100) / 10)] });
        }
        failed.push(`${method}: no usable token kept`);
      } catch (e) {
        failed.push(`${method}: ${describeError(e)}`);
        logger('warn', `integrity from the page (${method}): ${describeError(e)}`);
      }
    }
    const error = failed.join('; ');
    await writeKv(db, 'integrity-mint', { at: start, reason, ok: false, error, failed });
    await this.log({ kind: 'auth', level: 'warn', code: 'logIntegrityMintFailed', args: [{ code: MINT_REASON_TEXT[reason], args: [] }, error] });
  }

  private async log(entry: NewActivity): Promise<void> {
    const tx = this.deps.db.transaction('activity', 'readwrite');
    await appendActivity(tx.store, entry, this.deps.clock.now());
    await tx.done;
  }

  /** Runs the page one way until its GQL request has been kept and has completed (or the time is up), then removes it. */
  private async attempt(method: MintMethod): Promise<void> {
    const b = this.deps.browser;
    const self = b.runtime.getURL('/').replace(/\/$/, '');
    let finish!: (ok: boolean) => void;
    const done = new Promise<boolean>((resolve) => (finish = resolve));
    const armed: Armed = {
      frames: new Set(),
      tabId: null,
      captured: new Map(),
      completed: new Set(),
      check: () => {
        for (const [id, stored] of armed.captured) if (armed.completed.has(id)) void stored.then(() => finish(true), () => finish(false));
      },
    };
    // The frame Minert's own document opens: its navigation is initiated by the extension, outside any tab.
    const onFrame = (d: Browser.webRequest.OnBeforeRequestDetails & { originUrl?: string }) => {
      if (d.tabId === -1 && (d.initiator ?? d.originUrl ?? '').startsWith(self)) armed.frames.add(d.frameId);
      return undefined;
    };
    const onCompleted = (d: Browser.webRequest.OnCompletedDetails) => {
      if (!this.owns(d)) return;
      armed.completed.add(d.requestId);
      armed.check();
    };
    let teardown = async () => {};
    this.armed = armed;
    b.webRequest.onBeforeRequest.addListener(onFrame, { urls: [`${TWITCH_ORIGIN}/*`], types: ['sub_frame'] });
    b.webRequest.onCompleted.addListener(onCompleted, { urls: ['https://gql.twitch.tv/*'] });
    const timer = setTimeout(() => finish(false), ATTEMPT_TIMEOUT_MS);
    try {
      if (method === 'tab') {
        const tab = await b.tabs.create({ url: MINT_PAGE_URL, active: false });
        armed.tabId = tab.id ?? null;
        teardown = async () => void (tab.id !== undefined && (await b.tabs.remove(tab.id).catch(() => undefined)));
        if (tab.id !== undefined) await b.tabs.update(tab.id, { muted: true }).catch(() => undefined);
      } else {
        await allowFraming(b, self);
        if (method === 'offscreen') {
          const offscreen = (b as unknown as { offscreen: typeof Browser.offscreen }).offscreen;
          await offscreen.closeDocument().catch(() => undefined); // one left by a worker that died mid-way
          teardown = () => offscreen.closeDocument().catch(() => undefined);
          await offscreen.createDocument({
            url: b.runtime.getURL('/offscreen.html'),
            reasons: ['IFRAME_SCRIPTING' as Browser.offscreen.Reason],
            justification: "twitch.tv's page runs for a few seconds to get the integrity token reads and claims need",
          });
        } else {
          const frame = document.createElement('iframe');
          frame.src = MINT_PAGE_URL;
          teardown = async () => frame.remove();
          document.body.append(frame);
        }
      }
      if (!(await done)) throw new Error(`twitch.tv's page sent no request with an integrity token within ${ATTEMPT_TIMEOUT_MS / 1000} s`);
    } finally {
      clearTimeout(timer);
      this.armed = null;
      b.webRequest.onBeforeRequest.removeListener(onFrame);
      b.webRequest.onCompleted.removeListener(onCompleted);
      await teardown();
      if (method !== 'tab') await b.declarativeNetRequest.updateSessionRules({ removeRuleIds: [FRAME_RULE_ID] }).catch(() => undefined);
    }
  }
}

/** Lets www.twitch.tv be framed by Minert's own documents alone (a session rule; removed after each attempt). */
async function allowFraming(b: WxtBrowser, self: string): Promise<void> {
  const remove = 'remove' as Browser.declarativeNetRequest.HeaderOperation;
  await b.declarativeNetRequest.updateSessionRules({
    removeRuleIds: [FRAME_RULE_ID],
    addRules: [
      {
        id: FRAME_RULE_ID,
        priority: 1,
        action: {
          type: 'modifyHeaders' as Browser.declarativeNetRequest.RuleActionType,
          responseHeaders: [
            { header: 'x-frame-options', operation: remove },
            { header: 'content-security-policy', operation: remove },
          ],
        },
        condition: {
          urlFilter: '||www.twitch.tv/',
          resourceTypes: ['sub_frame' as Browser.declarativeNetRequest.ResourceType],
          initiatorDomains: [new URL(self).host],
        },
      },
    ],
  });
}
