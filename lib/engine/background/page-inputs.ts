import type { Clock } from '../../clock';
import type { Db } from '../../store/db';
import { getViewerContext, type ViewerContext } from '../../store/repos';
import { GQL_URL, WEB_CLIENT_ID } from '../../twitch/constants';
import { pageHeadersFrom, pageHeadersSchema } from '../../twitch/integrity';
import type { MutationState } from '../auth';
import { healthSummary, type WireHealth } from '../health';

/** What twitch.tv pages tell the background: the channel the viewer is on, a tab closed, the page's own requests. */
export interface PageInputs {
  db: Db;
  clock: Clock;
  tick(reason: string, channels?: string[], retryFailed?: boolean): Promise<unknown>;
}

/** Keeps the channel the viewer is on; a new channel is looked at right away. */
export async function recordContext(p: PageInputs, ctx: ViewerContext): Promise<void> {
  const tx = p.db.transaction(['kv', 'channels'], 'readwrite');
  const previous = (await tx.objectStore('kv').get('viewer')) as ViewerContext | undefined;
  await tx.objectStore('kv').put(ctx, 'viewer');
  if (ctx.login && ctx.live !== null) {
    const rec = await tx.objectStore('channels').get(ctx.login);
    await tx.objectStore('channels').put({ ...rec, login: ctx.login, live: ctx.live, liveSource: 'page', updatedAt: ctx.at });
  }
  await tx.done;
  if (ctx.login && ctx.login !== previous?.login) void p.tick('channel-context');
}

/** The viewer closed the tab that last reported a channel: nobody is watching it any more. */
export async function tabClosed(p: PageInputs, tabId: number): Promise<void> {
  const viewer = await getViewerContext(p.db);
  if (viewer?.tabId === tabId) await p.db.put('kv', { login: null, live: null, at: p.clock.now() } satisfies ViewerContext, 'viewer');
}

/**
 * Sees the twitch.tv page's own GQL requests (not Minert's): one that carries an integrity token gives Minert its
 * header set for reads and claims, kept until the token expires. Reads and claims Twitch refused are asked again.
 */
export async function observeRequest(p: PageInputs, details: { url: string; tabId: number; requestHeaders?: { name: string; value?: string }[] }): Promise<void> {
  if (details.tabId < 0 || !details.url.startsWith(GQL_URL) || !details.requestHeaders) return;
  const page = pageHeadersFrom(details.requestHeaders, p.clock.now());
  if (!page || page.clientId !== WEB_CLIENT_ID) return;
  const known = pageHeadersSchema.safeParse(await p.db.get('kv', 'integrity')).data;
  if (known?.integrity === page.integrity && known.sessionId === page.sessionId) return;
  await p.db.put('kv', page, 'integrity');
  const blockedReads = healthSummary((await p.db.get('kv', 'wire-health')) as WireHealth | undefined).readsBlocked.length > 0;
  const state = (await p.db.get('kv', 'mutations')) as MutationState | undefined;
  if (blockedReads || !state || state.blocked || state.path === 'session-only') void p.tick('integrity');
}
