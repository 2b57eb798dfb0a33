import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/Popup';
import '../../components/style.css';
import { uiLanguage } from '../../lib/i18n';
import { sendRequest } from '../../lib/messages';
import { activeTabChannel } from '../../lib/tabs';

// Minert's own code starts here, once the page and its modules loaded (`npm run bench` reads the mark).
performance.mark('minert-main');
const send = (m: unknown) => browser.runtime.sendMessage(m);
const channel = activeTabChannel(browser).catch(() => null);
const load = async (refresh: boolean) => sendRequest(send, { type: 'popup-state', channel: await channel, refresh });

const activate = () => sendRequest(send, { type: 'activate' });

const setPaused = (paused: boolean) => sendRequest(send, { type: 'save-settings', settings: { paused } });

document.documentElement.lang = uiLanguage();
render(
  <Popup load={load} activate={activate} setPaused={setPaused} openOptions={() => void browser.runtime.openOptionsPage()} />,
  document.getElementById('app')!,
);
