import type { WxtBrowser } from 'wxt/browser';
import { channelFromUrl } from './twitch/urls';

/**
 * The channel of the active tab of the current window, when it is a twitch.tv channel page. The host permission on
 * twitch.tv lets the extension see the URL of twitch tabs, and only of those (no "tabs" permission needed).
 */
export async function activeTabChannel(browser: Pick<WxtBrowser, 'tabs'>): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return channelFromUrl(tab?.url);
}
