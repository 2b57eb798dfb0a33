import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { formatMessage, type Catalog } from '../../lib/i18n';
import type { Sim } from '../sim/server';
import { screenshot, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;
const french = JSON.parse(readFileSync('public/_locales/fr/messages.json', 'utf8')) as Catalog;
const fr = (key: string, ...subs: string[]) => formatMessage(french, key, subs);

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('streamer', { live: true, displayName: 'Streamer' });
      w.follow(viewer, 'streamer');
      w.setBalance(viewer, 'streamer', 4321);
    },
    0,
    'fr',
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('in a French browser, the popup, the options page and the activity log are in French', async () => {
  const page = await ext.logIn();
  await expect.poll(() => ext.watchingAfterTick(), { timeout: 30_000 }).toHaveLength(1);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 520 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(popup.getByTestId('session')).toHaveText(fr('loggedInAs', 'viewer'));
  await expect(popup.getByTestId('watching')).toContainText(fr('watching'));
  await expect(popup.getByTestId('pause')).toHaveText(fr('pause'));
  // The engine writes its log in the browser's language too; numbers as French writes them.
  await expect(popup.getByTestId('activity')).toContainText(fr('logBalanceLive', 'Streamer', (4321).toLocaleString('fr')));
  await screenshot(popup, 'popup-fr');

  const options = await ext.open('options.html');
  await expect(options).toHaveTitle(fr('settingsTitle'));
  await expect(options.getByRole('heading', { level: 1 })).toHaveText(fr('settingsTitle'));
  await expect(options.getByRole('button', { name: fr('save'), exact: true })).toBeVisible();
  await options.getByRole('button', { name: fr('save'), exact: true }).click();
  await expect(options.getByTestId('status')).toHaveText(fr('saved'));
  await screenshot(options, 'options-fr', { fullPage: true });
});
