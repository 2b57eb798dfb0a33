import { expect, test } from 'vitest';
import type { World } from '../sim/world';
import { testIdText, withFirefox } from './firefox';

/** A viewer following three live channels and a sleeping one. */
function world(w: World): void {
  const viewer = w.addUser('viewer');
  for (const [login, live] of [['first', true], ['second', true], ['third', true], ['sleeping', false]] as const) {
    w.addChannel(login, { live, displayName: login[0]!.toUpperCase() + login.slice(1) });
    w.follow(viewer, login);
  }
  w.setBalance(viewer, 'first', 1000);
}

test("the extension's heartbeats reach the simulator and are credited on two followed channels", () =>
  withFirefox('watch', world, async ({ sim, ff }) => {
    const viewer = await ff.logInByCookie('viewer');
    await expect.poll(async () => {
      await ff.tick();
      return sim.world.creditedMinutes(viewer);
    }, { timeout: 30_000 }).toBe(2);
    expect(sim.world.creditedMinutes(viewer, 'first')).toBe(1);
    expect(sim.world.creditedMinutes(viewer, 'second')).toBe(1);
    expect(sim.world.creditedMinutes(viewer, 'third')).toBe(0);
    // The settings script names spade, which gets the minute-watched events; the token goes to twitch.tv hosts only.
    const hosts = new Set(sim.requests.map((r) => r.host));
    for (const h of ['static.twitchcdn.net', 'spade.twitch.tv']) expect(hosts).toContain(h);
    for (const r of sim.requests) if (r.headers.authorization) expect(r.host).toMatch(/\.twitch\.tv$/);
    // The alarm wakes the event page every 30 s while watching, so each watched channel gets its minute.
    expect(await ff.background('(bg, _, page) => page.browser.alarms.get("minert-tick").then((a) => a?.periodInMinutes)')).toBe(0.5);
    const state = await ff.popupState();
    expect(state.watching.map((w) => [w.login, w.passive, w.streamMinutes])).toEqual([['first', false, 1], ['second', false, 1]]);
    expect(state.realtime).toBe('open');
    expect(sim.realtime.connections()).toBe(1);
  }));

test('claims a bonus chest on a watched channel, then the next one the moment the socket brings it', () =>
  withFirefox('chest', world, async ({ sim, ff }) => {
    const viewer = sim.world.users.get('viewer')!;
    sim.world.offerClaim(viewer, 'first');
    // Logged in by cookie, the first tick's claim is refused (no integrity token yet). Then twitch.tv is open in a
    // tab: its page mints an integrity token, which the extension sees on the page's own GQL request
    // (webRequest.onSendHeaders, without Chrome's extraHeaders) and claims with, at once.
    await ff.logInByCookie('viewer');
    await ff.openTab('https://www.twitch.tv/');
    await expect.poll(async () => {
      await ff.tick();
      return sim.world.availableClaim(viewer, 'first');
    }, { timeout: 30_000 }).toBeNull();
    expect(sim.world.pointEvents).toContainEqual(expect.objectContaining({ channelLogin: 'first', reason: 'claim', points: 50 }));
    const claim = sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints')).at(-1)!;
    expect(claim.headers['client-id']).toBe('kimne78kx3ncx6brgo4mv6wki5h1ko');
    expect(claim.headers['client-integrity']).toBeTruthy();
    expect((await ff.popupState()).mutations).toMatchObject({ path: 'page-token', blocked: false });
    const claimsBefore = sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints')).length;

    // The socket is subscribed to the viewer's points: the next chest is claimed with no tick asked for.
    await expect.poll(() => sim.realtime.subscriptions(), { timeout: 15_000 }).toContain(`community-points-user-v1.${viewer.id}`);
    sim.world.offerClaim(viewer, 'first');
    await expect.poll(() => sim.world.availableClaim(viewer, 'first'), { timeout: 15_000 }).toBeNull();
    expect(sim.world.pointEvents.filter((e) => e.reason === 'claim')).toHaveLength(2);
    // Asked once.
    expect(sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints'))).toHaveLength(claimsBefore + 1);
    const popup = await ff.open('popup.html', { width: 360, height: 560 });
    await expect.poll(() => testIdText(popup, 'activity'), { timeout: 10_000 }).toContain('First: bonus chest claimed, +50');
  }));

test("passive mode: the channel the viewer has open in a tab counts as watched, and gets no heartbeat from Minert", () =>
  withFirefox('passive', world, async ({ sim, ff }) => {
    // The viewer is on "first" on twitch.tv: the content script tells the background. Then the viewer logs in.
    const tab = await ff.openTab('https://www.twitch.tv/first');
    expect(await tab.evaluate(() => document.querySelector('.tw-channel-status-text-indicator')?.textContent)).toBe('LIVE');
    await expect.poll(async () => (await ff.popupState()).channel, { timeout: 15_000 }).toMatchObject({ login: 'first', live: true, source: 'last-seen' });
    const viewer = await ff.logInByCookie('viewer');
    // Minert's own minutes go to the one other slot Twitch credits at once.
    await expect.poll(async () => {
      await ff.tick();
      return sim.world.creditedMinutes(viewer);
    }, { timeout: 30_000 }).toBe(1);
    const state = await ff.popupState();
    expect(state.watching.map((w) => [w.login, w.passive, w.reason.rule])).toEqual([['first', true, 'TAB'], ['second', false, expect.any(String)]]);
    expect(sim.world.creditedMinutes(viewer, 'second')).toBe(1);
    // Not a single minute-watched event for "first" came from Minert (the simulated page sends none of its own).
    expect(sim.world.watchEvents.filter((e) => e.channelLogin === 'first')).toEqual([]);
    expect(sim.world.watchEvents.filter((e) => e.channelLogin === 'third')).toEqual([]);
    // Ticks later, still none.
    await ff.tick();
    expect(sim.world.watchEvents.filter((e) => e.channelLogin === 'first')).toEqual([]);
  }));
