import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import '../../components/style.css';
import { sendRequest } from '../../lib/messages';
import { channelFromUrl } from '../../lib/twitch/urls';

const send = (m: unknown) => browser.runtime.sendMessage(m);

/** The channel of the active tab, when it is a twitch.tv channel (host permission lets us see its URL). */
async function activeChannel(): Promise<string | null> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return channelFromUrl(tab?.url);
}

const channel = activeChannel().catch(() => null);
const load = async (refresh: boolean) => sendRequest(send, { type: 'popup-state', channel: await channel, refresh });

render(<Popup load={load} />, document.getElementById('app')!);
