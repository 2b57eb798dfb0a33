import type { Clock } from '../../clock';
import type { Db } from '../../store/db';
import { putChannels } from '../../store/channels';
import { parseKv, readKv, writeKv } from '../../store/kv';
import { getViewerContext, type ViewerContext } from '../../store/repos';
import { GQL_URL, WEB_CLIENT_ID } from '../../twitch/constants';
import { pageHeadersFrom } from '../../twitch/integrity';
import { healthSummary } from '../health';

/** What twitch.tv pages tell the background: the channel the viewer is on, a tab closed, the page's own requests. */
export interface PageInputs {
  db: Db;
  clock: Clock;
  tick(reason: string, channels?: string[], retryFailed?: boolean): Promise<unknown>;
  /** Whether a request outside any tab comes from the twitch.tv page Minert itself runs out of sight (page-runner.ts). */
  ownFrame?(details: RequestDetails): boolean;
}

/** A request as webRequest reports it (Chrome names its initiator, Firefox its originUrl). */
export interface RequestDetails {
  requestId?: string;
  url: string;
  tabId: number;
  frameId?: number;
  initiator?: string;
  originUrl?: string;
  requestHeaders?: { name: string; value?: string }[];
}

/** Keeps the channel the viewer is on; a new channel is looked at right away. */
export async function recordContext(p: PageInputs, ctx: ViewerContext): Promise<void> {
  const tx = p.db.transaction(['kv', 'channels'], 'readwrite');
  const previous = parseKv('viewer', await tx.objectStore('kv').get('viewer'));
  await tx.objectStore('kv').put(ctx, 'viewer');
  if (ctx.login && ctx.live !== null) {
    const rec = await tx.objectStore('channels').get(ctx.login);
    await putChannels(tx, [{ ...rec, login: ctx.login, live: ctx.live, liveSource: 'page', updatedAt: ctx.at }]);
  }
  await tx.done;
  if (ctx.login && ctx.login !== previous?.login) void p.tick('channel-context');
}

/** The viewer closed the tab that last reported a channel: nobody is watching it any more. */
export async function tabClosed(p: PageInputs, tabId: number): Promise<void> {
  const viewer = await getViewerContext(p.db);
  if (viewer?.tabId === tabId) await writeKv(p.db, 'viewer', { login: null, live: null, at: p.clock.now() });
}

/**
 * Sees the twitch.tv page's own GQL requests (not Minert's), in a tab or in the frame Minert runs: one that carries
 * an integrity token gives Minert its header set for reads and claims, kept until the token expires. Reads and
 * claims Twitch refused are asked again.
 */
export async function observeRequest(p: PageInputs, details: RequestDetails): Promise<void> {
  // Outside any tab, only the page Minert runs itself (never Minert's own fetches, which replay the set).
  if ((details.tabId < 0 && !p.ownFrame?.(details)) || !details.url.startsWith(GQL_URL) || !details.requestHeaders) return;
  const page = pageHeadersFrom(details.requestHeaders, p.clock.now());
  if (!page || page.clientId !== WEB_CLIENT_ID) return;
  const known = await readKv(p.db, 'integrity');
  if (known?.integrity === page.integrity && known.sessionId === page.sessionId) return;
  await writeKv(p.db, 'integrity', page);
  const blockedReads = healthSummary(await readKv(p.db, 'wire-health')).readsBlocked.length > 0;
  const state = await readKv(p.db, 'mutations');
  if (blockedReads || !state || state.blocked || state.path === 'session-only') void p.tick('integrity');
}
