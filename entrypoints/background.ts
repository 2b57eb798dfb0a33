import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { systemClock } from '../lib/clock';
import { Background, TICK_ALARM } from '../lib/engine/background';
import type { ObservedRequest } from '../lib/engine/background/page-hashes';
import { openMinertDb } from '../lib/store/db';
import { AUTH_COOKIE } from '../lib/twitch/constants';
import { Transport } from '../lib/twitch/http';
import { RealtimeClient, type RealtimeOptions } from '../lib/twitch/realtime';
import { consoleLogger } from '../lib/twitch/redact';

export default defineBackground({
  type: 'module',
  main() {
    const transport = new Transport({ logger: consoleLogger });
    const realtime = (options: Omit<RealtimeOptions, 'clock' | 'logger'>) => new RealtimeClient({ ...options, clock: systemClock, logger: consoleLogger });
    const ready = openMinertDb().then((db) => new Background({ browser, db, clock: systemClock, transport, logger: consoleLogger, realtime, version: browser.runtime.getManifest().version }));

    const start = async (reason: string) => {
      const bg = await ready;
      await bg.ensureAlarm();
      await bg.tick(reason);
    };

    // Listeners are registered synchronously, as MV3 requires for a worker woken by an event.
    browser.runtime.onInstalled.addListener(() => void start('installed'));
    browser.runtime.onStartup.addListener(() => void start('startup'));
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === TICK_ALARM) void ready.then((bg) => bg.tick('alarm'));
    });
    browser.cookies.onChanged.addListener(({ cookie }) => {
      if (cookie.name === AUTH_COOKIE && cookie.domain.endsWith('twitch.tv')) void ready.then((bg) => bg.tick('login-changed'));
    });
    browser.tabs.onRemoved.addListener((tabId) => void ready.then((bg) => bg.tabClosed(tabId)));
    // The twitch.tv page's own GQL requests: those carrying an integrity token let Minert's claims pass.
    const observe = (details: { url: string; tabId: number; requestHeaders?: { name: string; value?: string }[] }) =>
      void ready.then((bg) => bg.observeRequest(details));
    const filter = { urls: ['https://gql.twitch.tv/*'] };
    try {
      browser.webRequest.onSendHeaders.addListener(observe, filter, ['requestHeaders', 'extraHeaders']);
    } catch {
      browser.webRequest.onSendHeaders.addListener(observe, filter, ['requestHeaders']); // Firefox has no extraHeaders
    }
    // The same requests' bodies, observed only: the persisted-query hashes twitch.tv's page names its operations by.
    browser.webRequest.onBeforeRequest.addListener(
      (details) => void ready.then((bg) => bg.observeHashes(details as ObservedRequest)),
      { urls: ['https://gql.twitch.tv/gql*'] },
      ['requestBody'],
    );
    browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
      void ready.then((bg) => bg.handleMessage(message, sender)).then(sendResponse, (e) => sendResponse({ error: String(e) }));
      return true;
    });
    // Exposed for the end-to-end tests and for debugging from the service worker console (set last: once it is
    // there, every listener above is registered).
    (globalThis as { minert?: unknown }).minert = { ready };
  },
});
