import { channelFromUrl } from './twitch/urls';

/** What a twitch.tv page shows about its channel: read from the DOM the page itself rendered. */
export interface PageContext {
  login: string | null;
  /** null: the page does not say (not a channel page, or not rendered yet). */
  live: boolean | null;
}

export function readPageContext(doc: Document, url: string): PageContext {
  const login = channelFromUrl(url);
  if (!login) return { login: null, live: null };
  const root = doc.querySelector('.channel-root');
  const indicator = Array.from(doc.querySelectorAll('.tw-channel-status-text-indicator')).some((el) =>
    /\blive\b/i.test(el.textContent ?? ''),
  );
  if (indicator || root?.classList.contains('channel-root--live')) return { login, live: true };
  return { login, live: root ? false : null };
}
