import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Health } from '../../components/Health';
import { Options } from '../../components/Options';
import '../../components/style.css';
import { t, uiLanguage } from '../../lib/i18n';
import { sendRequest } from '../../lib/messages';
import { withoutWebhookSecret } from '../../lib/webhook';
import type { Settings } from '../../lib/store/settings';
import type { BetSettings } from '../../lib/points/predictions';
import type { StreamerPrefs } from '../../lib/watch/scheduler';

const send = (m: unknown) => browser.runtime.sendMessage(m);
const load = () => sendRequest(send, { type: 'get-settings' });
const save = (settings: Partial<Settings>) => sendRequest(send, { type: 'save-settings', settings });

const claims = async () => (await sendRequest(send, { type: 'popup-state', channel: null, refresh: false })).mutations;
const activate = () => sendRequest(send, { type: 'activate' });
const signOut = () => sendRequest(send, { type: 'sign-out-activation' });

const importSettings = (settings: unknown) => sendRequest(send, { type: 'import-settings', settings });
const reset = () => sendRequest(send, { type: 'reset-settings' });

const streamers = {
  list: () => sendRequest(send, { type: 'list-streamers' }),
  save: (login: string, change: { prefs?: Partial<StreamerPrefs>; bets?: Partial<BetSettings> | null; moveTo?: number }) =>
    sendRequest(send, { type: 'save-streamer', login, ...change }),
  importFollows: () => sendRequest(send, { type: 'import-follows' }),
};

document.documentElement.lang = uiLanguage();
document.title = t('settingsTitle');
const health = () => sendRequest(send, { type: 'health' });

render(
  <>
    <Options
      load={load}
      save={save}
      claims={claims}
      activate={activate}
      signOut={signOut}
      importSettings={importSettings}
      reset={reset}
      streamers={streamers}
      stats={() => sendRequest(send, { type: 'stats' })}
      campaigns={() => sendRequest(send, { type: 'campaigns' })}
      health={<Health load={health} settings={() => load().then(withoutWebhookSecret)} />}
    />
  </>,
  document.getElementById('app')!,
);
