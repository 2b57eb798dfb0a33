import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import type { ChannelContextMessage } from '../lib/messages';
import { readPageContext } from '../lib/page';

/**
 * Reports the channel the viewer is on to the background. Reads the page; never touches it. The message type is
 * checked here at compile time and parsed by the background; zod itself stays out of this script, which runs on
 * every twitch.tv page.
 */
export default defineContentScript({
  matches: ['https://www.twitch.tv/*', 'https://twitch.tv/*', 'https://m.twitch.tv/*'],
  runAt: 'document_idle',
  main(ctx) {
    let last = '';
    const report = () => {
      const message: ChannelContextMessage = { type: 'channel-context', ...readPageContext(document, location.href) };
      const key = JSON.stringify(message);
      if (key === last) return;
      last = key;
      browser.runtime.sendMessage(message).then(
        (answer: { error?: string } | undefined) => {
          if (!answer || answer.error) last = ''; // not taken: say it again next time
        },
        () => (last = ''), // the background was restarting: say it again next time
      );
    };
    report();
    // twitch.tv is a single-page app: follow its navigations, and its live badge appearing or going.
    ctx.addEventListener(window, 'wxt:locationchange', report);
    ctx.setInterval(report, 5_000);
  },
});
