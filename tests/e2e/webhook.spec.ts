import { expect, test } from '@playwright/test';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { makeCert } from '../sim/cert';
import { webhookWorld } from '../e2e-shared/worlds';
import { startSim, type Sim } from '../sim/server';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from './browser';

/**
 * Webhook notifications, end to end: the viewer turns a Discord webhook on in the options page (the browser's
 * optional host permission asked in the click), Minert mines and claims a drop, and a local HTTPS receiver playing
 * discord.com (Chromium's resolver rules send discord.com to it) gets the "drop claimed" message.
 */

let sim: Sim;
let ext: ExtensionBrowser;
let hook: Server;
let extensionDir: string;
const received: { path: string; headers: Record<string, unknown>; body: unknown }[] = [];
const WEBHOOK_URL = 'https://discord.com/api/webhooks/4242/e2e-webhook-secret';

test.beforeEach(async () => {
  received.length = 0;
  const { key, cert } = makeCert();
  hook = createServer({ key, cert }, (req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: body ? JSON.parse(body) : null });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const port = (hook.address() as AddressInfo).port;
  sim = await startSim({ world: webhookWorld });
  sim.clock.advance(2 * 60_000);
  // discord.com goes to the local receiver; the twitch hosts to the simulator, as in every test.
  extensionDir = buildWithDiscordGranted();
  ext = await launchWithExtension({ ...sim, resolverRulesFor: (o) => `MAP discord.com 127.0.0.1:${port}, ${sim.resolverRulesFor(o)}` }, { extensionDir });
});

test.afterEach(async () => {
  await ext?.close();
  await sim?.close();
  hook.closeAllConnections();
  await new Promise((r) => hook.close(r));
  rmSync(extensionDir, { recursive: true, force: true });
});

/**
 * Headless Chromium shows `permissions.request`'s prompt nowhere and never answers it (measured: the options page's
 * request stays pending), and neither CDP nor chrome://extensions (developerPrivate.addHostPermission leaves an
 * optional host ungranted) can say "Allow" for the viewer. So the test loads a copy of the build whose manifest
 * already grants https://discord.com/*, the state "Allow" leaves behind: the page's request (still made in the click)
 * then resolves at once, and the background's permissions.contains check passes, as after a real grant.
 */
function buildWithDiscordGranted(): string {
  const dir = mkdtempSync(join(tmpdir(), 'minert-webhook-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { host_permissions: string[] };
  manifest.host_permissions.push('https://discord.com/*');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

test('a drop claimed reaches the Discord webhook the viewer turned on in the options page', async () => {
  const options = await ext.open('options.html');
  const card = options.getByTestId('webhooks');
  await card.getByTestId('webhook-enabled').check();
  await card.getByTestId('webhook-drop-claimed').check();
  await card.getByTestId('webhook-url').fill(WEBHOOK_URL);
  await expect(card).toContainText('Discord webhook');
  await card.getByTestId('webhook-save').click();
  await expect(card.getByTestId('webhook-status')).toHaveText('Webhook saved');
  expect((await ext.settings()).webhook).toEqual({ enabled: true, url: WEBHOOK_URL, events: { 'drop-claimed': true, 'bet-settled': false, 'claims-blocked': false, 'credit-stopped': false } });
  const granted = await options.evaluate(() => (globalThis as unknown as { chrome: { permissions: { getAll(): Promise<{ origins?: string[] }> } } }).chrome.permissions.getAll());
  expect(granted.origins).toContain('https://discord.com/*');

  // "Send a test" reaches the receiver too.
  await card.getByTestId('webhook-test').click();
  await expect(card.getByTestId('webhook-status')).toHaveText('Test sent');
  expect(received).toEqual([expect.objectContaining({ path: '/api/webhooks/4242/e2e-webhook-secret', body: expect.objectContaining({ content: 'Minert: Test: webhook notifications work' }) })]);

  await ext.logIn();
  const viewer = sim.world.users.get('viewer')!;
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.dropProgress(viewer, 'hat').claimed;
  }, { timeout: 30_000 }).toBe(true);
  await expect.poll(() => received.length, { timeout: 10_000 }).toBe(2);
  const drop = received[1]!;
  expect(drop.body).toEqual({ content: 'Minert: Drop claimed: Golden hat (Game One)', allowed_mentions: { parse: [] } });
  expect(drop.headers['content-type']).toBe('application/json');
  // Nothing of the twitch.tv session goes with it: no cookie, no authorization, no token anywhere.
  expect(drop.headers.cookie).toBeUndefined();
  expect(drop.headers.authorization).toBeUndefined();
  expect(JSON.stringify(received)).not.toContain(viewer.token);
});
