import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { screenshot, sendFromPage, startWorld, stopWorld, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer');
      w.addChannel('first', { live: true, displayName: 'First' });
      w.follow(viewer, 'first');
      w.setBalance(viewer, 'first', 500);
    },
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

test('with only the session cookie and twitch.tv never run (the option off), reads work and the popup says claims need twitch.tv open or activation', async () => {
  const viewer = sim.world.users.get('viewer')!;
  // Minert would otherwise let twitch.tv's page run out of sight for a token (tests/e2e/novisit.spec.ts).
  await sendFromPage(await ext.open('options.html'), { type: 'save-settings', settings: { mintIntegrity: false } });
  await ext.context.addCookies([
    { name: 'auth-token', value: viewer.token, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' },
    { name: 'unique_id', value: viewer.deviceId, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' },
  ]);
  sim.world.offerClaim(viewer, 'first');
  await expect.poll(async () => {
    await ext.tick();
    return sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints')).length;
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(sim.world.availableClaim(viewer, 'first')).not.toBeNull();
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 560 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('balance').or(popup.getByTestId('watching'))).toContainText('500');
  await expect(popup.getByTestId('claims-path')).toContainText('Twitch refused a claim (failed integrity check)');
  await expect(popup.getByTestId('claims-path')).toContainText('Activate Minert');
  await screenshot(popup, 'popup-claims-blocked');
});

test('after one-click activation, claims succeed with no twitch.tv tab open', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const login = await ext.logIn();
  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Claims & backup' }).click();
  // Activate: twitch.tv's activation page opens with the code filled in; the logged-in viewer confirms it.
  const [activation] = await Promise.all([ext.context.waitForEvent('page'), options.getByTestId('activate').click()]);
  await activation.waitForLoadState();
  expect(activation.url()).toMatch(/^https:\/\/www\.twitch\.tv\/activate\?device-code=[A-Z]{8}$/);
  await activation.locator('#activate').click();
  // The background polls every 5 s and keeps the token.
  await expect.poll(async () => (await options.reload(), await options.getByTestId('activation-settings').textContent()), { timeout: 20_000, intervals: [2000] }).toContain(
    'Activated as viewer',
  );
  expect((await ext.popupState()).mutations).toMatchObject({ path: 'activated', activatedAs: 'viewer' });

  // No twitch.tv tab any more: a chest is claimed with the activation's own client id and token.
  await login.close();
  await activation.close();
  sim.world.offerClaim(viewer, 'first');
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.availableClaim(viewer, 'first');
  }, { timeout: 30_000 }).toBeNull();
  const claim = sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints')).at(-1)!;
  expect(claim.headers['client-id']).toBe('ue6666qo983tsx6so1t0vnawi233wa');
  expect(claim.headers.authorization).not.toBe(`OAuth ${viewer.token}`);

  // Signing out of the activation from the options page forgets it.
  await options.getByTestId('sign-out').click();
  await expect(options.getByTestId('activation-settings')).toContainText('Activate');
  await screenshot(options, 'options-activation', { fullPage: true });
});
