import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { screenshot, testIdText, withFirefox } from './firefox';

/** A viewer following two live channels and a sleeping one, with points on the first. */
function world(w: World): void {
  const viewer = w.addUser('viewer', { token: 'ff0viewer0token0abcdefghijklmn' });
  for (const [login, live] of [['first', true], ['second', true], ['sleeping', false]] as const) {
    w.addChannel(login, { live, displayName: login[0]!.toUpperCase() + login.slice(1) });
    w.follow(viewer, login);
  }
  w.setBalance(viewer, 'first', 4321);
}

test('logs in by cookie: the cookie alone wakes the event page, which validates the session and starts watching', () =>
  withFirefox('login', world, async ({ sim, ff }) => {
    // Nobody logged in yet: the first tick (on install) found no cookie and asked Twitch nothing.
    await expect.poll(async () => (await ff.popupState()).session.status, { timeout: 15_000 }).toBe('logged-out');
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toEqual([]);

    await ff.logInByCookie('viewer');
    // No tick asked for: cookies.onChanged reaches the event page, whose tick validates the token with id.twitch.tv.
    await expect.poll(async () => (await ff.popupState()).session, { timeout: 15_000 }).toMatchObject({ status: 'logged-in', login: 'viewer' });
    const validate = sim.requests.find((r) => r.path === '/oauth2/validate' && r.status === 200)!;
    expect(validate.headers.authorization).toBe('OAuth ff0viewer0token0abcdefghijklmn');
    // The same tick read the follow list and chose the two live channels.
    await expect.poll(async () => (await ff.popupState()).watching.map((w) => w.login), { timeout: 15_000 }).toEqual(['first', 'second']);
    const gql = sim.requests.find((r) => r.host === 'gql.twitch.tv' && r.headers.authorization)!;
    expect(gql.headers['client-id']).toBe('kimne78kx3ncx6brgo4mv6wki5h1ko');
    expect(gql.headers['x-device-id']).toBe(sim.world.users.get('viewer')!.deviceId);
    // The token went to twitch hosts only.
    for (const r of sim.requests.filter((r) => r.headers.authorization)) expect(r.host).toMatch(/\.twitch\.tv$/);
  }));

test('the popup and the options page render, in the light and the dark theme', () =>
  withFirefox('pages', world, async ({ ff }) => {
    await ff.logInByCookie('viewer');
    await expect.poll(() => ff.watchingAfterTick(), { timeout: 20_000 }).toEqual(['first', 'second']);

    const popup = await ff.open('popup.html', { width: 360, height: 560 });
    await expect.poll(() => testIdText(popup, 'login'), { timeout: 10_000 }).toBe('viewer');
    await expect.poll(() => testIdText(popup, 'watching'), { timeout: 10_000 }).toMatch(/First[\s\S]*Second/);
    expect(await testIdText(popup, 'watching')).not.toContain('Sleeping');
    await expect.poll(() => testIdText(popup, 'activity'), { timeout: 10_000 }).toContain('Session valid: logged in as viewer');
    await screenshot(ff, popup, 'popup-light');
    await screenshot(ff, popup, 'popup-dark', { dark: true });
    // Each theme has its own colours.
    const background = () => popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await ff.colorScheme('dark', popup);
    const dark = await background();
    await ff.colorScheme('light', popup);
    const light = await background();
    await ff.colorScheme(null);
    expect(dark).not.toBe(light);

    const options = await ff.open('options.html', { width: 1100, height: 720 });
    await expect.poll(() => testIdText(options, 'streamers'), { timeout: 10_000 }).toMatch(/First[\s\S]*Second[\s\S]*Sleeping/);
    await options.waitForSelector('[data-testid="tick-seconds"]', { timeout: 10_000 });
    await screenshot(ff, options, 'options-light', { fullPage: true });
    await screenshot(ff, options, 'options-dark', { dark: true, fullPage: true });
  }));
