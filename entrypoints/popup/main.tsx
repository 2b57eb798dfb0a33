import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import '../../components/style.css';
import { uiLanguage } from '../../lib/i18n';
import type { PopupState } from '../../lib/messages/popup';
import { activeTabChannel } from '../../lib/tabs';

// Minert's own code starts here, once the page and its modules loaded (`npm run bench` reads the mark).
performance.mark('minert-main');
// The messages and their schemas (zod: most of the popup's code) load while the first frame shows, not before it.
const messages = import('../../lib/messages');
const send = (m: unknown) => browser.runtime.sendMessage(m);
const channel = activeTabChannel(browser).catch(() => null);

/**
 * The state last shown, kept for the next opening's first frame: the background's answer is a round trip away (longer
 * when its worker sleeps). Kept per build (this script's name carries a hash of the popup's code, the schemas' chunk
 * name included), so a new build never shows a shape it does not know.
 */
const LAST = 'minert-popup-last';
const build = import.meta.url;
type Kept = { build: string; channel: string | null; state: PopupState };

function kept(): Kept | null {
  if (!import.meta.env.PROD) return null; // `wxt dev` serves the script under one name whatever its code
  try {
    const k = JSON.parse(localStorage.getItem(LAST) ?? 'null') as Kept | null;
    return k?.build === build ? k : null;
  } catch {
    return null; // unreadable: the first frame waits for the answer, as without it
  }
}

const load = async (refresh: boolean) => {
  const request = { type: 'popup-state', channel: await channel, refresh } as const;
  // Sent at once; the answer is read (and the request checked, as the background checks it too) once the schemas are in.
  const answer = send(request);
  answer.catch(() => {}); // a failure is reported once read, below: not as unhandled meanwhile
  const state = await (await messages).sendRequest(() => answer, request);
  try {
    localStorage.setItem(LAST, JSON.stringify({ build, channel: request.channel, state } satisfies Kept));
  } catch {
    // storage full or off: the next opening waits for the answer, as without it
  }
  return state;
};

const activate = async () => (await messages).sendRequest(send, { type: 'activate' });

const setPaused = async (paused: boolean) => (await messages).sendRequest(send, { type: 'save-settings', settings: { paused } });

const show = (last: PopupState | null) =>
  render(
    <Popup load={load} activate={activate} setPaused={setPaused} openOptions={() => void browser.runtime.openOptionsPage()} last={last} />,
    document.getElementById('app')!,
  );

document.documentElement.lang = uiLanguage();
// The first frame at once from the state kept; its channel card once the active tab is known to be on that channel.
const last = kept();
show(last && { ...last.state, channel: null });
if (last?.state.channel) void channel.then((active) => active === last.channel && show(last.state));
