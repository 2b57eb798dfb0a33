import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Background, TICK_ALARM } from '../../lib/engine/background';
import { HANDLERS } from '../../lib/engine/background/handlers';
import { requestSchema, sendRequest } from '../../lib/messages';
import { getViewerContext } from '../../lib/store/repos';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/store/settings';
import type { WxtBrowser } from 'wxt/browser';
import { freshDb, simTransport, useSim } from './helpers';

async function setup() {
  fakeBrowser.reset();
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer');
    w.addChannel('streamer', { live: true });
    w.setBalance(viewer, 'streamer', 777);
  });
  const viewer = sim.world.users.get('viewer')!;
  const db = await freshDb();
  const { transport } = simTransport(sim);
  const browser = fakeBrowser as unknown as WxtBrowser;
  // The fake browser has no cookies API: give it the twitch session.
  (browser as unknown as { cookies: unknown }).cookies = {
    get: async ({ name }: { name: string }) => ({ 'auth-token': { value: viewer.token }, unique_id: { value: viewer.deviceId } })[name] ?? null,
  };
  const bg = new Background({ browser, db, clock: sim.clock.asClock(), transport, logger: () => {} });
  const page = { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') };
  const tab = (url: string) => ({ id: fakeBrowser.runtime.id, url, tab: { id: 7 } });
  return { sim, db, bg, page, tab };
}

describe('background messages', () => {
  it('keeps the channel a twitch.tv tab reports, and looks at it', async () => {
    const { bg, db, tab, page } = await setup();
    const answer = await bg.handleMessage({ type: 'channel-context', login: 'streamer', live: true }, tab('https://www.twitch.tv/streamer'));
    expect(answer).toEqual({ ok: true });
    expect(await getViewerContext(db)).toMatchObject({ login: 'streamer', live: true, tabId: 7 });
    await vi.waitFor(async () => expect((await db.get('channels', 'streamer'))?.balance).toBe(777));
    const state = await sendRequest((m) => bg.handleMessage(m, page), { type: 'popup-state', channel: null, refresh: false });
    expect(state.channel).toMatchObject({ login: 'streamer', balance: 777, live: true, source: 'last-seen' });
    expect(state.session).toMatchObject({ status: 'logged-in', login: 'viewer' });
    await bg.tabClosed(7);
    expect(await getViewerContext(db)).toMatchObject({ login: null });
  });

  it('refreshes the active tab channel for the popup', async () => {
    const { bg, page } = await setup();
    const state = await sendRequest((m) => bg.handleMessage(m, page), { type: 'popup-state', channel: 'streamer', refresh: true });
    expect(state.channel).toMatchObject({ login: 'streamer', balance: 777, source: 'active-tab' });
    expect(state.activity).toContainEqual(expect.objectContaining({ code: 'logBalanceLive', args: ['streamer', 777] }));
  });

  it('refuses malformed messages and senders that may not send them', async () => {
    const { bg, tab, page } = await setup();
    expect(await bg.handleMessage({ type: 'channel-context', login: 'Bad Login!', live: true }, tab('https://www.twitch.tv/x'))).toEqual({ error: 'malformed message' });
    expect(await bg.handleMessage({ type: 'nope' }, page)).toEqual({ error: 'malformed message' });
    // A content script (a twitch.tv tab) may not read state or change settings.
    expect(await bg.handleMessage({ type: 'get-settings' }, tab('https://www.twitch.tv/x'))).toEqual({ error: 'not allowed from this sender' });
    expect(await bg.handleMessage({ type: 'save-settings', settings: { tickSeconds: 30 } }, tab('https://www.twitch.tv/x'))).toEqual({ error: 'not allowed from this sender' });
    // Channel context only from twitch.tv tabs; nothing from other extensions.
    expect(await bg.handleMessage({ type: 'channel-context', login: 'x', live: null }, tab('https://evil.example/'))).toEqual({ error: 'channel context must come from a twitch.tv tab' });
    expect(await bg.handleMessage({ type: 'get-settings' }, { ...page, id: 'other-extension' })).toEqual({ error: 'unknown sender' });
  });

  it('saves settings and re-arms the alarm with the new period', async () => {
    const { bg, page } = await setup();
    await bg.ensureAlarm();
    expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(1);
    const saved = await sendRequest((m) => bg.handleMessage(m, page), { type: 'save-settings', settings: { tickSeconds: 90 } });
    expect(saved.tickSeconds).toBe(90);
    expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(1.5);
    expect(await bg.handleMessage({ type: 'save-settings', settings: { tickSeconds: 10 } }, page)).toEqual({ error: 'malformed message' });
  });

  it('changes only the settings a message names (pausing keeps the rest)', async () => {
    const { bg, page } = await setup();
    const ask = <R,>(settings: object) => sendRequest((m) => bg.handleMessage(m, page), { type: 'save-settings', settings }) as Promise<R>;
    await ask({ tickSeconds: 120, streamerDefaults: { ...DEFAULT_SETTINGS.streamerDefaults, predictions: true }, priorities: ['ORDER'] });
    const paused = await ask<Settings>({ paused: true });
    expect(paused).toMatchObject({ paused: true, tickSeconds: 120, priorities: ['ORDER'], streamerDefaults: { predictions: true } });
  });
});

describe('the channel list', () => {
  it('keeps each channel its own settings and bet strategy, and moves it in the order', async () => {
    const { bg, db, page } = await setup();
    for (const [i, login] of ['a', 'b', 'c'].entries()) await db.put('channels', { login, live: null, updatedAt: 0, followed: true, followOrder: i });
    const ask = (m: unknown) => bg.handleMessage(m, page) as Promise<{ login: string; prefs: object; bets: object }[]>;
    let list = await ask({ type: 'save-streamer', login: 'c', moveTo: 0, prefs: { raids: false }, bets: { strategy: 'HIGH_ODDS' } });
    expect(list.map((s) => s.login)).toEqual(['c', 'a', 'b']);
    expect(list[0]).toMatchObject({ prefs: { raids: false }, bets: { strategy: 'HIGH_ODDS' } });
    // Bet settings are replaced whole: the strategy left out goes back to the default.
    list = await ask({ type: 'save-streamer', login: 'c', bets: { percentage: 2, stealthMode: true } });
    expect(list[0]!.bets).toEqual({ percentage: 2, stealthMode: true });
    list = await ask({ type: 'save-streamer', login: 'c', prefs: { bonus: false } });
    expect(list[0]).toMatchObject({ prefs: { raids: false, bonus: false }, bets: { percentage: 2, stealthMode: true } });
    list = await ask({ type: 'save-streamer', login: 'c', bets: null });
    expect(list[0]!.bets).toEqual({});
    expect(list[0]!.prefs).toEqual({ raids: false, bonus: false });
    // The follow list's order no longer moves a channel the viewer placed.
    expect((await db.get('channels', 'c'))?.order).toBe(0);
  });
});

describe('the handlers, closed by default', () => {
  it('has a handler for every request type, each saying who may send it: only channel-context is open to twitch.tv pages', async () => {
    const types = requestSchema.options.map((o) => o.shape.type.value).sort();
    expect(Object.keys(HANDLERS).sort()).toEqual(types);
    expect(Object.entries(HANDLERS).filter(([, h]) => !h.privileged).map(([type]) => type)).toEqual(['channel-context']);
    const { bg, tab } = await setup();
    const samples: Record<string, object> = {
      'popup-state': { channel: null, refresh: false },
      'save-settings': { settings: {} },
      'import-settings': { settings: {} },
      'save-streamer': { login: 'x' },
      'webhook-test': { url: 'https://discord.com/api/webhooks/1/x' },
    };
    for (const type of types.filter((t) => t !== 'channel-context')) {
      expect(await bg.handleMessage({ type, ...samples[type] }, tab('https://www.twitch.tv/x')), type).toEqual({ error: 'not allowed from this sender' });
    }
  });
});

describe('the activation', () => {
  it('keeps its pending code in the store: a restarted worker polls on and finishes it', async () => {
    const { sim, db, page } = await setup();
    const viewer = sim.world.users.get('viewer')!;
    const browser = fakeBrowser as unknown as WxtBrowser;
    // The first worker starts the login and is killed before its first poll (its sleep never ends).
    const stuck = { now: () => sim.clock.now(), sleep: () => new Promise<void>(() => {}) };
    const { transport } = simTransport(sim);
    const first = new Background({ browser, db, clock: stuck, transport, logger: () => {} });
    const started = (await first.handleMessage({ type: 'activate' }, page)) as { userCode: string; verificationUri: string };
    expect(started.verificationUri).toBe(`https://www.twitch.tv/activate?device-code=${started.userCode}`);
    expect(sim.world.approveDevice(started.userCode, viewer)).toBe(true);
    // A new worker, same store: it polls on, and the activation lands.
    new Background({ browser, db, clock: sim.clock.asClock(), transport, logger: () => {} });
    await vi.waitFor(async () => expect(await db.get('kv', 'device-auth')).toMatchObject({ userId: viewer.id, login: 'viewer' }));
    expect(await db.get('kv', 'activation')).toBeUndefined();
  });
});
