import type { Clock } from '../../clock';
import type { Db } from '../../store/db';
import { readKv, writeKv } from '../../store/kv';
import { GQL_URL } from '../../twitch/constants';
import { learnHashes } from '../../twitch/hashes';
import { MAX_BODY_CHARS, pageHashes } from '../../twitch/page-hashes';
import { healthSummary } from '../health';

/** A request as webRequest.onBeforeRequest describes it (Chrome: initiator; Firefox: originUrl, documentUrl). */
export interface ObservedRequest {
  url: string;
  tabId: number;
  initiator?: string;
  originUrl?: string;
  documentUrl?: string;
  requestBody?: { raw?: { bytes?: ArrayBuffer }[] } | null;
}

export interface HashInputs {
  db: Db;
  clock: Pick<Clock, 'now'>;
  tick(reason: string): Promise<unknown>;
}

/** Whether a URL (or origin) is a twitch.tv page's: https, on twitch.tv or one of its subdomains. */
function isTwitchPage(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && (u.hostname === 'twitch.tv' || u.hostname.endsWith('.twitch.tv'));
  } catch {
    return false;
  }
}

/**
 * Whether a request is a twitch.tv page's own: every document it names (Chrome's initiator, Firefox's originUrl and
 * documentUrl) is twitch.tv's. That holds for a page in a tab and for a twitch.tv frame Minert hosts (tabId -1);
 * Minert's own requests name the extension, so they never count.
 */
export function fromTwitchPage(d: ObservedRequest): boolean {
  const documents = [d.initiator, d.originUrl, d.documentUrl].filter((u): u is string => !!u);
  return d.url.startsWith(GQL_URL) && documents.length > 0 && documents.every(isTwitchPage);
}

/** The request's body as text, or '' when it has none or is too big to be worth reading. */
export function bodyText(body: ObservedRequest['requestBody']): string {
  const parts = (body?.raw ?? []).flatMap((p) => (p.bytes ? [new Uint8Array(p.bytes)] : []));
  const size = parts.reduce((n, p) => n + p.length, 0);
  if (size === 0 || size > MAX_BODY_CHARS) return '';
  const all = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new TextDecoder().decode(all);
}

/**
 * Sees a twitch.tv page's own GQL request (observed only) and keeps the persisted-query hashes it names that differ
 * from Minert's built-in ones: operation, hash and when, nothing else of the body. Most requests name only known
 * hashes and cost nothing; a write happens only when something is new. When the page names a new hash for an
 * operation Twitch stopped knowing, a tick runs now to use it.
 */
export async function observeHashes(p: HashInputs, details: ObservedRequest): Promise<void> {
  if (!fromTwitchPage(details)) return;
  const seen = pageHashes(bodyText(details.requestBody));
  if (seen.length === 0) return;
  const next = learnHashes((await readKv(p.db, 'learned-hashes')) ?? {}, seen, p.clock.now());
  if (!next) return;
  await writeKv(p.db, 'learned-hashes', next);
  const stale = healthSummary(await readKv(p.db, 'wire-health')).stale;
  if (seen.some((s) => stale.includes(s.operation))) void p.tick('learned-hash');
}
