import type { Page } from 'puppeteer-core';
import { expect, test } from 'vitest';
import type { Settings } from '../../lib/store/settings';
import { webhookWorld } from '../e2e-shared/worlds';
import { testIdText, withFirefox } from './firefox';
import { claimWithPageOpen } from './drop-claim';

/**
 * Webhook notifications, end to end in Firefox (tests/e2e/webhook.spec.ts in Chromium): the viewer turns a Discord
 * webhook on in the options page, Minert mines and claims a drop, and the simulator, playing discord.com's webhook
 * receiver (Firefox sends discord.com there as it does twitch.tv), gets the "drop claimed" message.
 */

const WEBHOOK_URL = 'https://discord.com/api/webhooks/4242/e2e-webhook-secret';

/** Turns a switch of the page on (a real click, as the viewer's), if it is not on already. */
async function check(page: Page, testId: string): Promise<void> {
  const selector = `[data-testid="${testId}"]`;
  if (!(await page.$eval(selector, (e) => (e as HTMLInputElement).checked))) await page.click(selector);
  expect(await page.$eval(selector, (e) => (e as HTMLInputElement).checked)).toBe(true);
}

test('a drop claimed reaches the Discord webhook the viewer turned on in the options page', () =>
  withFirefox('webhook', webhookWorld, async ({ sim, ff }) => {
    sim.clock.advance(2 * 60_000);
    // Headless Firefox's prompt for an optional host permission has no one to click "Allow": the test grants
    // https://discord.com/* as "Allow" would. The page's request (still made in the click) then resolves at once.
    await ff.grantOrigins(['https://discord.com/*']);

    const options = await ff.open('options.html');
    await options.waitForSelector('[data-testid="webhooks"]', { timeout: 10_000 });
    await check(options, 'webhook-enabled');
    await check(options, 'webhook-drop-claimed');
    await options.type('[data-testid="webhook-url"]', WEBHOOK_URL);
    await expect.poll(() => testIdText(options, 'webhooks'), { timeout: 5_000 }).toContain('Discord webhook');
    await options.click('[data-testid="webhook-save"]');
    await expect.poll(() => testIdText(options, 'webhook-status'), { timeout: 10_000 }).toBe('Webhook saved');
    expect((await ff.handleMessage<Settings>({ type: 'get-settings' })).webhook).toEqual({
      enabled: true,
      url: WEBHOOK_URL,
      events: { 'drop-claimed': true, 'bet-settled': false, 'claims-blocked': false, 'credit-stopped': false },
    });
    const granted = await options.evaluate(() => (globalThis as unknown as { browser: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }).browser.permissions.getAll());
    expect(granted.origins).toContain('https://discord.com/*');

    // "Send a test" reaches the receiver too.
    await options.click('[data-testid="webhook-test"]');
    await expect.poll(() => testIdText(options, 'webhook-status'), { timeout: 10_000 }).toBe('Test sent');
    expect(sim.webhooks).toEqual([expect.objectContaining({ path: '/api/webhooks/4242/e2e-webhook-secret', body: expect.objectContaining({ content: 'Minert: Test: webhook notifications work' }) })]);

    // twitch.tv open in a tab, as after Chromium's page login.
    const viewer = await claimWithPageOpen(ff, sim, 'hat');
    await expect.poll(() => sim.webhooks.length, { timeout: 10_000 }).toBe(2);
    const drop = sim.webhooks[1]!;
    expect(drop.body).toEqual({ content: 'Minert: Drop claimed: Golden hat (Game One)', allowed_mentions: { parse: [] } });
    expect(drop.headers['content-type']).toBe('application/json');
    // Nothing of the twitch.tv session goes with it: no cookie, no authorization, no token anywhere.
    for (const w of sim.webhooks) {
      expect(w.headers.cookie).toBeUndefined();
      expect(w.headers.authorization).toBeUndefined();
    }
    expect(JSON.stringify(sim.webhooks)).not.toContain(viewer.token);
  }));
