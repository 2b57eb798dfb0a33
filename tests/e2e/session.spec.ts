import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import type { Sim } from '../sim/server';
import { screenshot, startWorld, stopWorld, unnamedControls, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer', { token: 'e2e0viewer0token0abcdefghijklm' });
      w.addChannel('streamer', { live: true, displayName: 'Streamer' });
      w.addChannel('sleepy', { displayName: 'Sleepy' });
      w.setBalance(viewer, 'streamer', 4321);
      w.setBalance(viewer, 'sleepy', 90);
    },
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

const popupState = (channel: string | null) => ext.popupState(channel);

test('reads the logged-in twitch.tv session, follows the viewer to a channel and shows the balance in the popup', async () => {
  const page = await ext.context.newPage();
  // Log in on (simulated) twitch.tv: the site sets auth-token and unique_id on .twitch.tv.
  await page.goto('https://www.twitch.tv/sim/login?user=viewer&next=/streamer');
  await expect(page.locator('.tw-channel-status-text-indicator')).toHaveText('LIVE');

  // The background saw the cookie, validated it with id.twitch.tv, and the content script reported the channel.
  await expect.poll(async () => (await popupState(null)).session, { timeout: 15_000 }).toMatchObject({ status: 'logged-in', login: 'viewer' });
  await expect.poll(async () => (await popupState(null)).channel, { timeout: 15_000 }).toMatchObject({ login: 'streamer', balance: 4321, live: true });

  const validate = sim.requests.find((r) => r.path === '/oauth2/validate' && r.status === 200)!;
  expect(validate.headers.authorization).toBe('OAuth e2e0viewer0token0abcdefghijklm');
  const gql = sim.requests.find((r) => r.host === 'gql.twitch.tv' && r.operations.includes('ChannelPointsContext'))!;
  expect(gql.headers['client-id']).toBe('kimne78kx3ncx6brgo4mv6wki5h1ko');
  expect(gql.headers['x-device-id']).toBe(sim.world.users.get('viewer')!.deviceId);
  // The token went to twitch hosts only.
  for (const r of sim.requests.filter((r) => r.headers.authorization)) expect(r.host).toMatch(/\.twitch\.tv$/);

  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 480 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('login')).toHaveText('viewer');
  await expect(popup.getByTestId('balance')).toContainText('4,321');
  await expect(popup.getByTestId('channel')).toContainText('Streamer');
  await expect(popup.getByTestId('channel')).toContainText('LIVE');
  await expect(popup.getByTestId('activity')).toContainText('Session valid: logged in as viewer');
  await screenshot(popup, 'popup');

  // The viewer moves to another channel (a single-page navigation on twitch.tv): the popup follows.
  await page.evaluate(() => {
    history.pushState({}, '', '/sleepy');
    document.querySelector('.channel-root')!.classList.remove('channel-root--live');
    document.querySelector('.tw-channel-status-text-indicator')!.remove();
  });
  await expect.poll(async () => (await popupState(null)).channel, { timeout: 15_000 }).toMatchObject({ login: 'sleepy', balance: 90, live: false });
  await popup.reload();
  await expect(popup.getByTestId('balance')).toContainText('90');
  // The gear opens the settings.
  const [settings] = await Promise.all([ext.context.waitForEvent('page'), popup.getByRole('button', { name: 'Settings' }).click()]);
  await expect(settings).toHaveURL(`chrome-extension://${ext.extensionId}/options.html`);
});

test('shows a clear log-in call to action when nobody is logged in', async () => {
  await expect.poll(async () => (await popupState(null)).session.status, { timeout: 15_000 }).toBe('logged-out');
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('logged-out')).toContainText('Not logged in');
  await expect(popup.getByRole('link', { name: 'Log in to twitch.tv' })).toHaveAttribute('href', 'https://www.twitch.tv/login');
  await screenshot(popup, 'popup-logged-out');
  expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(0);
});

test('notices a login through the cookie and keeps working when Twitch fails for a while', async () => {
  const viewer = sim.world.users.get('viewer')!;
  sim.faults.add('validate', 'http-503', 4);
  await ext.context.addCookies([
    { name: 'auth-token', value: viewer.token, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' },
    { name: 'unique_id', value: viewer.deviceId, domain: '.twitch.tv', path: '/', secure: true, sameSite: 'None' },
  ]);
  // Four 503s in a row exhaust one tick's retries: the session is shown as an error, not as logged out.
  await expect.poll(async () => (await popupState(null)).session.status, { timeout: 30_000 }).toBe('error');
  const popup = await ext.open('popup.html');
  // Opening the popup tries again at once: Twitch answers now, and the popup shows the session.
  await expect(popup.getByTestId('login')).toHaveText('viewer', { timeout: 15_000 });
  await expect.poll(async () => (await popupState(null)).session, { timeout: 15_000 }).toMatchObject({ status: 'logged-in', login: 'viewer' });
  expect(sim.faults.fired.filter((f) => f.target === 'validate')).toHaveLength(4);
});

test('the options page saves its setting in IndexedDB', async () => {
  const options = await ext.open('options.html');
  await expect(options.getByTestId('tick-seconds')).toHaveValue('60');
  await options.getByTestId('tick-seconds').fill('120');
  await options.getByTestId('rule-STREAK').getByRole('checkbox').uncheck();
  await options.getByTestId('watch-followed').uncheck();
  // The games to mine: typed in the game picker (no campaign known here), one after the other.
  await options.getByRole('tab', { name: 'Drops' }).click();
  await expect(options).toHaveURL(/options\.html#drops$/);
  for (const game of ['Game One', 'Game Two']) await options.getByTestId('drop-games-input').fill(game), await options.getByTestId('drop-games-input').press('Enter');
  await expect(options.getByTestId('drop-games-list')).toContainText('Game One');
  await options.getByRole('tab', { name: 'Points & bets' }).click();
  await options.getByTestId('predictions').check();
  await options.getByTestId('strategy').selectOption('HIGH_ODDS');
  await options.getByTestId('percentage').fill('2.5');
  await options.locator('.save-bar').getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('status')).toHaveText('Saved.');
  await options.reload();
  await expect(options.getByTestId('tick-seconds')).toHaveValue('120');
  await expect(options.getByTestId('drop-games')).toHaveValue('Game One\nGame Two');
  await expect(options.getByTestId('priorities')).toHaveValue('DROPS, ORDER');
  await expect(options.getByTestId('watch-followed')).not.toBeChecked();
  await expect(options.getByTestId('predictions')).toBeChecked();
  await expect(options.getByTestId('strategy')).toHaveValue('HIGH_ODDS');
  await expect(options.getByTestId('percentage')).toHaveValue('2.5');
  // The reload stayed on the tab. A value out of range is refused before it is sent (its tab is shown), and nothing is lost.
  await expect(options.getByRole('tab', { name: 'Points & bets' })).toHaveAttribute('aria-selected', 'true');
  await options.getByRole('tab', { name: 'Watching' }).click();
  await options.getByTestId('tick-seconds').fill('5');
  await options.getByRole('tab', { name: 'Drops' }).click();
  await options.locator('.save-bar').getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('tick-seconds')).toBeVisible();
  expect(await options.getByTestId('tick-seconds').evaluate((el: HTMLInputElement) => el.validity.rangeUnderflow)).toBe(true);
  await expect(options.getByTestId('status')).toHaveText('');
  await screenshot(options, 'options', { fullPage: true });
  await options.reload();
  await expect(options.getByTestId('tick-seconds')).toHaveValue('120');
  await expect(options.getByTestId('priorities')).toHaveValue('DROPS, ORDER');
  expect(await ext.alarmPeriod()).toBe(2);
});

test('the options page exports, imports (refusing a bad file whole) and resets the settings', async () => {
  const options = await ext.open('options.html');
  await options.getByTestId('tick-seconds').fill('90');
  await options.locator('.save-bar').getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('status')).toHaveText('Saved.');
  await options.getByRole('tab', { name: 'Claims & backup' }).click();

  const [download] = await Promise.all([options.waitForEvent('download'), options.getByTestId('export').click()]);
  const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Record<string, unknown>;
  expect(exported).toMatchObject({ tickSeconds: 90, priorities: ['STREAK', 'DROPS', 'ORDER'] });
  expect(JSON.stringify(exported)).not.toMatch(/token/i);

  // A bad file: a value out of range. Nothing is applied.
  await options.getByTestId('import').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, tickSeconds: 5 })) });
  await expect(options.getByTestId('status')).toContainText('Not imported');
  await expect(options.getByTestId('status')).toContainText('tickSeconds');
  await options.getByTestId('import').setInputFiles({ name: 'junk.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await expect(options.getByTestId('status')).toHaveText('Not imported: the file is not JSON. Nothing was changed.');
  await options.reload();
  await expect(options.getByTestId('tick-seconds')).toHaveValue('90');

  // A good file, then a reset.
  await options.getByTestId('import').setInputFiles({ name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...exported, tickSeconds: 300, unknownField: true })) });
  await expect(options.getByTestId('status')).toHaveText('Imported.');
  await options.reload();
  await expect(options.getByTestId('tick-seconds')).toHaveValue('300');
  options.once('dialog', (d) => void d.accept());
  await options.getByTestId('reset').click();
  await expect(options.getByTestId('status')).toHaveText('Reset to the defaults.');
  await expect(options.getByTestId('tick-seconds')).toHaveValue('60');
  await screenshot(options, 'options-dark', { dark: true, fullPage: true });
});

test('every control of the options page is saved and comes back after a reload', async () => {
  const options = await ext.open('options.html');
  const form = options.locator('form#settings');
  const field = (name: string) => form.locator(`[name="${name}"]`);
  // Each control is on its tab (the Points & bets tab unless named here): shown before it is used.
  const TAB: Record<string, string> = { watchFollowed: 'Watching', oneChannelWhileDrops: 'Watching', notifyDrops: 'Watching', notifyBets: 'Watching', tickSeconds: 'Watching', dropsEnabled: 'Drops', mineTwitchApplied: 'Drops' };
  const show = (name: string) => options.getByRole('tab', { name: TAB[name] ?? 'Points & bets', exact: true }).click();
  // Every switch flipped from its default, every other control given a new value, the priority rules reordered.
  const checkboxes = ['watchFollowed', 'oneChannelWhileDrops', 'dropsEnabled', 'mineTwitchApplied', 'notifyDrops', 'notifyBets', 'points', 'bonus', 'watchStreak', 'raids', 'moments', 'predictions', 'stealthMode'];
  const before: Record<string, boolean> = {};
  for (const name of checkboxes) {
    before[name] = await field(name).isChecked();
    await show(name);
    await field(name).setChecked(!before[name]);
  }
  const values: Record<string, string> = {
    tickSeconds: '240',
    percentage: '7',
    percentageGap: '35',
    maxPoints: '1234',
    minimumPoints: '500',
    delay: '0.25',
    filterValue: '2.5',
  };
  for (const [name, value] of Object.entries(values)) await show(name), await field(name).fill(value);
  const selects: Record<string, string> = { strategy: 'SMART_MONEY', delayMode: 'PERCENTAGE', filterBy: 'ODDS', filterWhere: 'LTE' };
  for (const [name, value] of Object.entries(selects)) await show(name), await field(name).selectOption(value);
  // The strategy is explained as soon as it is chosen.
  await expect(options.locator('#bets-strategy-hint')).toHaveText('Bets on the outcome of the biggest single bettor.');
  // The games to mine and never to mine, in the game pickers: typed, then reordered with the arrows.
  await show('dropsEnabled');
  for (const game of ['Game Two', 'Game One']) await options.getByTestId('drop-games-input').fill(game), await options.getByTestId('drop-games-input').press('Enter');
  await options.getByRole('button', { name: 'Move Game One up' }).click();
  await options.getByTestId('drop-exclude-input').fill('Boring Game');
  await options.getByTestId('drop-exclude-add').click();
  await expect(field('games')).toHaveValue('Game One\nGame Two');
  await show('watchFollowed');
  await options.getByTestId('rule-STREAK').getByRole('checkbox').uncheck();
  await options.getByTestId('rule-SUBSCRIBED').getByRole('checkbox').check();
  await options.getByRole('button', { name: 'Move the rule Points multiplier up' }).click();
  await options.getByRole('button', { name: 'Move the rule Points multiplier up' }).click();
  await expect(field('priorities')).toHaveValue('SUBSCRIBED, DROPS, ORDER');
  await options.locator('.save-bar').getByRole('button', { name: 'Save' }).click();
  await expect(options.getByTestId('status')).toHaveText('Saved.');

  await options.reload();
  for (const name of checkboxes) expect(await field(name).isChecked(), name).toBe(!before[name]);
  for (const [name, value] of Object.entries(values)) await expect(field(name), name).toHaveValue(value);
  for (const [name, value] of Object.entries(selects)) await expect(field(name), name).toHaveValue(value);
  await expect(field('priorities')).toHaveValue('SUBSCRIBED, DROPS, ORDER');
  await expect(field('games')).toHaveValue('Game One\nGame Two');
  await expect(field('exclude')).toHaveValue('Boring Game');
  await expect(options.getByTestId('rule-STREAK').getByRole('checkbox')).not.toBeChecked();
  // What was saved is what the engine reads.
  expect(await ext.settings()).toMatchObject({
    priorities: ['SUBSCRIBED', 'DROPS', 'ORDER'],
    bets: { strategy: 'SMART_MONEY', percentageGap: 35, filter: { by: 'ODDS', where: 'LTE', value: 2.5 } },
    notifyBets: !before.notifyBets,
    drops: { games: ['Game One', 'Game Two'], exclude: ['Boring Game'] },
    streamerDefaults: { bonus: !before.bonus, moments: !before.moments },
  });
  await screenshot(options, 'options-light', { fullPage: true });
  // Every control has a name a screen reader can say, and the keyboard reaches the save button.
  expect(await unnamedControls(options)).toEqual([]);
  await show('watchFollowed');
  await options.getByTestId('watch-followed').focus();
  for (let i = 0; i < 80 && !(await options.locator('.save-bar').getByRole('button', { name: 'Save' }).evaluate((b) => b === document.activeElement)); i++) await options.keyboard.press('Tab');
  await expect(options.locator('.save-bar').getByRole('button', { name: 'Save' })).toBeFocused();
});
