import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { sendRequest } from '../lib/messages';
import { readPageContext, type PageContext } from '../lib/page';

/** Reports the channel the viewer is on to the background. Reads the page; never touches it. */
export default defineContentScript({
  matches: ['https://www.twitch.tv/*', 'https://twitch.tv/*', 'https://m.twitch.tv/*'],
  runAt: 'document_idle',
  main(ctx) {
    let last = '';
    const report = () => {
      const context: PageContext = readPageContext(document, location.href);
      const key = JSON.stringify(context);
      if (key === last) return;
      last = key;
      sendRequest((m) => browser.runtime.sendMessage(m), { type: 'channel-context', ...context }).catch(() => {
        last = ''; // the background was restarting: say it again next time
      });
    };
    report();
    // twitch.tv is a single-page app: follow its navigations, and its live badge appearing or going.
    ctx.addEventListener(window, 'wxt:locationchange', report);
    ctx.setInterval(report, 5_000);
  },
});
