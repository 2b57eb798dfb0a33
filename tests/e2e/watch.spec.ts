import { expect, test } from '@playwright/test';
import type { Sim } from '../sim/server';
import { screenshot, sendFromPage, startWorld, stopWorld, unnamedControls, type ExtensionBrowser } from './browser';

let sim: Sim;
let ext: ExtensionBrowser;

test.beforeEach(async () => {
  ({ sim, ext } = await startWorld(
    (w) => {
      const viewer = w.addUser('viewer');
      for (const [login, live] of [['first', true], ['second', true], ['third', true], ['sleeping', false]] as const) {
        w.addChannel(login, { live, displayName: login[0]!.toUpperCase() + login.slice(1) });
        w.follow(viewer, login);
      }
      w.setBalance(viewer, 'first', 250);
    },
  ));
});

test.afterEach(() => stopWorld({ sim, ext }));

test("the built extension's heartbeats reach the simulator and are credited on two followed channels", async () => {
  const page = await ext.logIn();
  const viewer = sim.world.users.get('viewer')!;
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.creditedMinutes(viewer);
  }, { timeout: 30_000 }).toBe(2);

  expect(sim.world.creditedMinutes(viewer, 'first')).toBe(1);
  expect(sim.world.creditedMinutes(viewer, 'second')).toBe(1);
  expect(sim.world.creditedMinutes(viewer, 'third')).toBe(0);
  // The 2026 heartbeat from the extension: the settings script names spade, which gets the minute-watched event
  // alone (no playlist, no video), and no credentials go anywhere but twitch.tv hosts.
  const hosts = new Set(sim.requests.map((r) => r.host));
  for (const h of ['static.twitchcdn.net', 'spade.twitch.tv']) expect(hosts).toContain(h);
  for (const r of sim.requests) if (r.headers.authorization) expect(r.host).toMatch(/\.twitch\.tv$/);
  expect([...hosts].filter((h) => h.endsWith('ttvnw.net'))).toEqual([]);
  // The alarm now runs every 30 s, so each watched channel gets its minute.
  expect(await ext.alarmPeriod()).toBe(0.5);

  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 520 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  await expect(popup.getByTestId('watching')).toContainText('First');
  await expect(popup.getByTestId('watching')).toContainText('Second');
  await expect(popup.getByTestId('watching')).not.toContainText('Third');
  await screenshot(popup, 'popup-watching');
});

test('the built extension claims a bonus chest on a watched channel', async () => {
  const viewer = sim.world.users.get('viewer')!;
  sim.world.setBalance(viewer, 'first', 1000);
  sim.world.offerClaim(viewer, 'first');
  const page = await ext.logIn();
  await expect.poll(async () => {
    await ext.tick();
    return sim.world.availableClaim(viewer, 'first');
  }, { timeout: 30_000 }).toBeNull();
  expect(sim.world.pointEvents).toContainEqual(expect.objectContaining({ channelLogin: 'first', reason: 'claim', points: 50 }));
  const claim = sim.requests.find((r) => r.operations.includes('ClaimCommunityPoints'))!;
  expect(claim.headers['client-id']).toBe('kimne78kx3ncx6brgo4mv6wki5h1ko');
  const popup = await ext.open('popup.html');
  await expect(popup.getByTestId('activity')).toContainText('First: bonus chest claimed, +50');
});

test('the built extension keeps a realtime socket and claims a chest the moment it appears', async () => {
  const viewer = sim.world.users.get('viewer')!;
  const page = await ext.logIn();
  // The first ticks choose the channels and open the socket on them.
  await expect.poll(async () => {
    await ext.tick();
    return sim.realtime.subscriptions();
  }, { timeout: 30_000 }).toContain(`community-points-user-v1.${viewer.id}`);
  const first = sim.world.channel('first');
  await expect.poll(() => sim.realtime.subscriptions(), { timeout: 10_000 }).toContain(`raid.${first.id}`);
  // The popup is open, and updates itself.
  const popup = await ext.open('popup.html');
  await popup.getByTestId('activity').waitFor();
  // No tick is asked for now: the socket brings the chest and the background claims it on its own.
  sim.world.offerClaim(viewer, 'first');
  await expect.poll(() => sim.world.availableClaim(viewer, 'first'), { timeout: 10_000 }).toBeNull();
  expect(sim.world.pointEvents).toContainEqual(expect.objectContaining({ channelLogin: 'first', reason: 'claim' }));
  for (const r of sim.requests.filter((r) => r.operations.includes('hermes'))) expect(r.host).toBe('hermes.twitch.tv');
  await expect(popup.getByTestId('activity')).toContainText('First: bonus chest claimed', { timeout: 10_000 });
});

test('the built extension bets on a prediction by the chosen strategy and shows the result', async () => {
  const viewer = sim.world.users.get('viewer')!;
  sim.world.setBalance(viewer, 'first', 10_000);
  const popup = await ext.context.newPage();
  await popup.setViewportSize({ width: 360, height: 600 });
  await popup.goto(`chrome-extension://${ext.extensionId}/popup.html`);
  // Predictions on, most-voted strategy, 10 % of the balance, 8 s after the prediction opens.
  const bets = { strategy: 'MOST_VOTED', percentage: 10, percentageGap: 20, maxPoints: 50000, minimumPoints: 0, stealthMode: false, delayMode: 'FROM_START', delay: 8, filter: null } as const;
  await sendFromPage(popup, {
    type: 'save-settings',
    settings: {
      streamerDefaults: { enabled: true, points: true, drops: true, watchStreak: true, predictions: true, raids: true, bonus: true, moments: true },
      bets,
    },
  });
  const page = await ext.logIn();
  const first = sim.world.channel('first');
  await expect.poll(async () => {
    await ext.tick();
    return sim.realtime.subscriptions();
  }, { timeout: 30_000 }).toContain(`predictions-channel-v1.${first.id}`);
  const eventId = sim.world.createPrediction('first', { title: 'Clutch?', outcomes: ['Yes', 'No'], windowSeconds: 30 });
  sim.world.addBettor(eventId, 0, 300, 10);
  sim.world.addBettor(eventId, 1, 500, 40);
  // The socket brings the prediction: the popup lists it as open, with the time of the bet.
  await expect(popup.getByTestId('prediction-open')).toContainText('Clutch?', { timeout: 10_000 });
  await expect(popup.getByTestId('prediction-open')).toContainText(/bet in \d+s · closes in \d+s/);
  // The background wakes 8 s in and bets, with no tick asked for.
  await expect.poll(() => sim.world.bets.filter((b) => b.userId === viewer.id).length, { timeout: 15_000 }).toBe(1);
  const bet = sim.world.bets.find((b) => b.userId === viewer.id)!;
  expect(bet.outcomeId).toBe(sim.world.predictions.events.find((e) => e.id === eventId)!.outcomes[1]!.id);
  expect(bet.points).toBeGreaterThanOrEqual(1000);
  sim.world.resolvePrediction(eventId, 1);
  await expect.poll(async () => {
    await popup.reload();
    return popup.getByTestId('predictions').textContent({ timeout: 2000 }).catch(() => '');
  }, { timeout: 15_000 }).toMatch(/1 won · 0 lost · net \+[1-9]/);
  // The notification follows the commit the popup reads: wait for it rather than race it.
  await expect.poll(() => ext.notifications(), { timeout: 10_000 }).toEqual([`minert-bet-${eventId}`]);
  // With bet notifications off, the next result is only in the popup.
  await sendFromPage(popup, { type: 'save-settings', settings: { notifyBets: false, bets: { ...bets, delay: 1 } } });
  const second = sim.world.createPrediction('first', { title: 'Again?', outcomes: ['Yes', 'No'], windowSeconds: 30 });
  sim.world.addBettor(second, 0, 300, 50);
  await expect.poll(() => sim.world.bets.filter((b) => b.userId === viewer.id).length, { timeout: 15_000 }).toBe(2);
  sim.world.resolvePrediction(second, 1);
  await expect.poll(async () => (await ext.popupState()).predictions.lost, { timeout: 15_000 }).toBe(1);
  expect(await ext.notifications()).toEqual([`minert-bet-${eventId}`]);
  await screenshot(popup, 'popup-predictions');
  await screenshot(popup, 'popup-predictions-dark', { dark: true });
  expect(await unnamedControls(popup)).toEqual([]);
  // The options page draws it: bets won and lost, balances over time, minutes per day.
  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Charts' }).click();
  await expect(options.getByTestId('charts')).toContainText('1 won · 1 lost');
  await expect(options.getByRole('img', { name: 'Channel points over the last 7 days' })).toBeVisible();
  await expect(options.getByRole('img', { name: 'Minutes watched per day' })).toBeVisible();
  await options.getByTestId('charts').screenshot({ path: 'test-results/options-charts.png' });
  await screenshot(options, 'options-with-history-dark', { dark: true, fullPage: true });
});

test('pausing stops the watching, the badge says so, resuming starts it again', async () => {
  const page = await ext.logIn();
  await expect.poll(() => ext.watchingAfterTick(), { timeout: 30_000 }).toHaveLength(2);
  const popup = await ext.open('popup.html');
  await popup.getByTestId('pause').click();
  await expect(popup.getByTestId('pause')).toHaveText('Resume');
  await expect(popup.getByTestId('watching')).toContainText('Nothing');
  const before = sim.requests.filter((r) => r.operations.includes('spade')).length;
  await ext.tick();
  expect(sim.requests.filter((r) => r.operations.includes('spade')).length).toBe(before);
  expect(await ext.badge()).toBe('off');
  await popup.getByTestId('pause').click();
  await expect(popup.getByTestId('pause')).toHaveText('Pause');
  await expect(popup.getByTestId('watching')).toContainText('First');
  expect(await ext.badge()).toBe('');
});

test('the options page orders the channels and sets one channel apart; the watching follows', async () => {
  const page = await ext.logIn();
  await expect.poll(() => ext.watchingAfterTick(), { timeout: 30_000 }).toEqual(['first', 'second']);
  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Channels' }).click();
  const rows = options.getByTestId('streamers').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  await expect(rows.first()).toContainText('First');
  // "third" to the top, with the arrows (the keyboard way), and "first" turned off.
  await options.getByRole('button', { name: 'Move third up' }).click();
  await expect(rows.nth(1)).toContainText('Third');
  await options.getByRole('button', { name: 'Move third up' }).click();
  await expect(rows.first()).toContainText('Third');
  await options.getByRole('checkbox', { name: 'first: watch this channel' }).uncheck();
  // "second" gets its own bet settings: a strategy and a percentage; the rest stays with the defaults.
  await options.getByRole('button', { name: 'second: bet settings' }).click();
  const editor = options.getByRole('form', { name: 'second: bet settings' });
  await editor.locator('[name="strategy"]').selectOption('HIGH_ODDS');
  await editor.locator('[name="percentage"]').fill('3');
  await editor.getByRole('button', { name: 'Save for Second' }).click();
  await expect(options.getByTestId('streamers-note')).toHaveText('Saved for Second.');
  await expect(options.getByRole('button', { name: 'second: bet settings' })).toHaveText(/Highest odds/);
  await options.getByRole('button', { name: 'second: bet settings' }).click();
  await expect(editor).toHaveCount(0);
  // Drag "sleeping" above "second".
  await options.getByTestId('streamer-sleeping').dragTo(options.getByTestId('streamer-second'));
  await options.reload();
  await expect(rows.first()).toContainText('Third');
  await expect(options.getByRole('checkbox', { name: 'first: watch this channel' })).not.toBeChecked();
  await options.getByRole('button', { name: 'second: bet settings' }).click();
  await expect(editor.locator('[name="strategy"]')).toHaveValue('HIGH_ODDS');
  await expect(editor.locator('[name="percentage"]')).toHaveValue('3');
  await expect(editor.locator('[name="maxPoints"]')).toHaveValue('');
  // Back to the defaults.
  await editor.getByRole('button', { name: 'Use the defaults' }).click();
  await expect(options.getByRole('button', { name: 'second: bet settings' })).toHaveText(/default/);
  await screenshot(options, 'options-streamers', { fullPage: true });
  expect(await unnamedControls(options)).toEqual([]);
  await options.getByRole('button', { name: 'second: bet settings' }).click();
  await expect(rows.nth(2)).toContainText('Sleeping');
  await expect.poll(() => ext.watchingAfterTick(), { timeout: 30_000 }).toEqual(['third', 'second']);
});

test("the channel list: every switch of a channel is its own and is kept; the filter; importing the follow list now", async () => {
  const page = await ext.logIn();
  await expect.poll(() => ext.watchingAfterTick(), { timeout: 30_000 }).toHaveLength(2);
  const options = await ext.open('options.html');
  await options.getByRole('tab', { name: 'Channels' }).click();
  const rows = options.getByTestId('streamers').locator('tbody tr');
  await expect(rows).toHaveCount(4);
  const names = ['watch this channel', 'watch for points', 'claim bonus chests', 'watch for drops', 'keep the watch streak', 'join and follow raids', 'claim moments', 'bet on predictions'];
  const before: boolean[] = [];
  for (const name of names) {
    const box = options.getByRole('checkbox', { name: `third: ${name}` });
    before.push(await box.isChecked());
    await box.setChecked(!before.at(-1));
    await expect(box).not.toHaveClass('default'); // set on the channel now, no longer the default's
  }
  await options.reload();
  for (const [i, name] of names.entries()) await expect(options.getByRole('checkbox', { name: `third: ${name}` }), name).toBeChecked({ checked: !before[i] });
  await expect(options.getByRole('checkbox', { name: 'second: claim moments' })).toHaveClass('default');

  await options.getByRole('searchbox', { name: 'Filter channels' }).fill('sec');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Second');
  await options.getByRole('searchbox', { name: 'Filter channels' }).fill('');
  await expect(rows).toHaveCount(4);

  // A channel followed since: "Import followed channels now" reads the follow list again at once.
  sim.world.addChannel('newcomer', { live: false, displayName: 'Newcomer' });
  sim.world.follow(sim.world.users.get('viewer')!, 'newcomer');
  await options.getByTestId('import-follows').click();
  await expect(options.getByTestId('streamers-note')).toHaveText('Reading your follow list…');
  await expect.poll(async () => {
    await ext.tick(); // (a tick already under way when the button was pressed leaves it to the next one)
    await options.reload();
    await rows.first().waitFor();
    return rows.count();
  }, { timeout: 15_000 }).toBe(5);
  await expect(options.getByTestId('streamer-newcomer')).toBeVisible();
});
