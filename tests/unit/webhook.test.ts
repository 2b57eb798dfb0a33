import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { WxtBrowser } from 'wxt/browser';
import english from '../../public/_locales/en/messages.json';
import french from '../../public/_locales/fr/messages.json';
import type { DropClaim } from '../../lib/drops/types';
import { Background } from '../../lib/engine/background';
import { WebhookSender, WEBHOOK_LOG_EVERY_MS, WEBHOOK_TIMEOUT_MS } from '../../lib/engine/background/webhook';
import { useCatalog } from '../../lib/i18n';
import { requestSchema } from '../../lib/messages';
import { readKv } from '../../lib/store/kv';
import { listActivity } from '../../lib/store/repos';
import { DEFAULT_SETTINGS, saveSettings, settingsSchema, type Settings } from '../../lib/store/settings';
import type { BetRecord } from '../../lib/store/schema';
import { DEFAULT_WEBHOOK, TEST_EVENT, webhookEvents, webhookKind, webhookOrigin, webhookPayload, webhookSettingsSchema, withoutWebhookSecret, type WebhookSettings } from '../../lib/webhook';
import { freshDb, HOUR, MIN, viewerWorld } from './helpers';

const DISCORD = 'https://discord.com/api/webhooks/123456/s3cret-webhook-token';
const GENERIC = 'https://hooks.example.org/minert';
const ALL_ON = { 'drop-claimed': true, 'bet-settled': true, 'claims-blocked': true, 'credit-stopped': true };

const claim: DropClaim = {
  instanceId: 'i1', dropId: 'hat', dropName: 'Golden hat', campaignId: 'camp', campaignName: 'Launch week', game: 'Game One',
  benefits: [], claimedAt: 1_000, kind: 'claimed',
};
const bet: BetRecord = {
  eventId: 'e1', login: 'gamer', title: 'Win the round?', outcomeId: 'o1', outcomeTitle: 'Yes', points: 100, transactionId: 'tx',
  strategy: 'SMART', placedAt: 0, status: 'placed', result: 'WIN', pointsWon: 250,
};
const source = {
  claims: [claim],
  settledBets: [bet],
  activity: [
    { code: 'logNothingNew' as const, args: [] },
    { code: 'logClaimBlocked' as const, args: [] },
    { code: 'logHeartbeatSwitched' as const, args: ['spade', 12, 'SendEvents'] },
    { code: 'logHeartbeatNone' as const, args: [{ list: ['spade', 'SendEvents'] }] },
  ],
};

afterEach(() => {
  useCatalog(english, { strict: true });
  vi.unstubAllGlobals();
});

describe('webhook payloads', () => {
  it('tells the events of a tick, only those switched on', () => {
    expect(webhookEvents(source, ALL_ON).map((e) => e.event)).toEqual(['drop-claimed', 'bet-settled', 'claims-blocked', 'credit-stopped', 'credit-stopped']);
    expect(webhookEvents(source, { ...DEFAULT_WEBHOOK.events, 'bet-settled': true }).map((e) => e.event)).toEqual(['bet-settled']);
    expect(webhookEvents(source, DEFAULT_WEBHOOK.events)).toEqual([]);
  });

  it('sends Discord its {content} body, and any other URL {event, text, data}', () => {
    const [drop, won, , switched] = webhookEvents(source, ALL_ON);
    expect(webhookKind(DISCORD)).toBe('discord');
    expect(webhookKind(GENERIC)).toBe('generic');
    expect(webhookKind('https://evil.example/api/webhooks/1/x')).toBe('generic');
    expect(webhookPayload(DISCORD, drop!)).toEqual({ content: 'Minert: Drop claimed: Golden hat (Game One)', allowed_mentions: { parse: [] } });
    expect(webhookPayload(GENERIC, drop!)).toEqual({
      event: 'drop-claimed',
      text: 'Drop claimed: Golden hat (Game One)',
      data: { drop: 'Golden hat', game: 'Game One', campaign: 'Launch week', kind: 'claimed', at: 1_000 },
    });
    expect(webhookPayload(GENERIC, won!)).toMatchObject({ event: 'bet-settled', data: { channel: 'gamer', result: 'WIN', net: 150 } });
    expect(webhookPayload(GENERIC, switched!)).toMatchObject({ event: 'credit-stopped', data: { reason: 'switched', from: 'spade', minutes: 12, to: 'SendEvents' } });
    expect(webhookPayload(GENERIC, TEST_EVENT)).toEqual({ event: 'test', text: 'Test: webhook notifications work', data: {} });
  });

  it('is written in the viewer language', () => {
    useCatalog(french, { language: 'fr', strict: true });
    const [drop] = webhookEvents(source, ALL_ON);
    expect(webhookPayload(DISCORD, drop!)).toMatchObject({ content: `Minert: ${french.notifyDropClaimed.message}: Golden hat (Game One)` });
    expect((webhookPayload(GENERIC, TEST_EVENT) as { text: string }).text).toBe(french.webhookTestText.message);
  });

  it('carries no token: nothing of the session is in any payload', () => {
    const token = 'tok3nabcdefghijklmnopqrstuvwxyz';
    const outcome = { ...source, session: { status: 'logged-in', login: 'viewer', userId: '42', tokenFingerprint: 'fp123' }, token };
    const bodies = webhookEvents(outcome, ALL_ON).flatMap((e) => [webhookPayload(DISCORD, e), webhookPayload(GENERIC, e)]);
    const text = JSON.stringify(bodies);
    for (const secret of [token, 'fp123', 'auth-token', 'OAuth', 'Authorization']) expect(text).not.toContain(secret);
    expect(Object.keys(webhookPayload(GENERIC, TEST_EVENT)).sort()).toEqual(['data', 'event', 'text']);
  });
});

describe('webhook settings', () => {
  it('are off by default, exported and imported with the others, and take https URLs only', () => {
    expect(DEFAULT_SETTINGS.webhook).toEqual(DEFAULT_WEBHOOK);
    const exported = JSON.parse(JSON.stringify({ ...DEFAULT_SETTINGS, webhook: { enabled: true, url: DISCORD, events: ALL_ON } }));
    expect(settingsSchema.parse(exported).webhook).toEqual({ enabled: true, url: DISCORD, events: ALL_ON });
    for (const url of ['http://hooks.example.org/x', 'javascript:alert(1)', 'https://user:pw@hooks.example.org/', 'ftp://x.org/', 'not a url']) {
      expect(webhookSettingsSchema.safeParse({ ...DEFAULT_WEBHOOK, url }).success, url).toBe(false);
      expect(settingsSchema.safeParse({ ...DEFAULT_SETTINGS, webhook: { ...DEFAULT_WEBHOOK, url } }).success, url).toBe(false);
    }
    expect(webhookSettingsSchema.safeParse({ ...DEFAULT_WEBHOOK, url: '' }).success).toBe(true);
    expect(requestSchema.safeParse({ type: 'webhook-test', url: 'http://hooks.example.org/' }).success).toBe(false);
  });

  it('give a bug report the webhook host, never its secret path', () => {
    expect(withoutWebhookSecret(settingsWith({ ...DEFAULT_WEBHOOK, url: DISCORD })).webhook.url).toBe('https://discord.com/…');
  });

  it('ask for the URL host alone', () => {
    expect(webhookOrigin(DISCORD)).toBe('https://discord.com/*');
    expect(webhookOrigin('https://hooks.example.org:8443/a?b')).toBe('https://hooks.example.org:8443/*');
  });
});

function sender(opts: { granted: boolean; fetch: typeof fetch }) {
  let now = 1_000_000;
  const contains = vi.fn(async () => opts.granted);
  const browser = { permissions: { contains } } as unknown as WxtBrowser;
  return freshDb().then((db) => ({
    db,
    contains,
    advance: (ms: number) => (now += ms),
    webhooks: new WebhookSender({ browser, db, clock: { now: () => now, sleep: async () => {} }, logger: () => {}, fetch: opts.fetch }),
  }));
}
const settingsWith = (webhook: WebhookSettings): Settings => ({ ...DEFAULT_SETTINGS, webhook });
const on = settingsWith({ enabled: true, url: DISCORD, events: ALL_ON });

describe('sending webhooks', () => {
  it('posts each event as JSON with a bounded time, and no credentials', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const { webhooks, contains } = await sender({ granted: true, fetch });
    await webhooks.afterTick({ ...source, settings: on });
    expect(contains).toHaveBeenCalledWith({ origins: ['https://discord.com/*'] });
    expect(fetch).toHaveBeenCalledTimes(5);
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe(DISCORD);
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit', redirect: 'error', headers: { 'content-type': 'application/json' } });
    expect(init.signal).toBeInstanceOf(AbortSignal);
    expect(JSON.parse(String(init.body))).toHaveProperty('content');
    expect(WEBHOOK_TIMEOUT_MS).toBeLessThanOrEqual(5_000);
  });

  it('sends nothing when off, or with every event off', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const { webhooks } = await sender({ granted: true, fetch });
    await webhooks.afterTick({ ...source, settings: settingsWith({ ...on.webhook, enabled: false }) });
    await webhooks.afterTick({ ...source, settings: settingsWith({ ...on.webhook, events: DEFAULT_WEBHOOK.events }) });
    await webhooks.afterTick({ ...source, settings: DEFAULT_SETTINGS });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('without the host permission: sends nothing, and says so once an hour', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }));
    const { webhooks, db, advance } = await sender({ granted: false, fetch });
    await webhooks.afterTick({ ...source, settings: on });
    await webhooks.afterTick({ ...source, settings: on });
    expect(fetch).not.toHaveBeenCalled();
    let log = await listActivity(db);
    expect(log).toEqual([expect.objectContaining({ kind: 'webhook', level: 'warn', code: 'logWebhookNoPermission', args: ['discord.com'], count: 1 })]);
    // The URL's secret path is never logged.
    expect(JSON.stringify(log)).not.toContain('s3cret');
    expect(await webhooks.test(DISCORD)).toEqual({ ok: false, error: 'no-permission' });
    advance(WEBHOOK_LOG_EVERY_MS);
    await webhooks.afterTick({ ...source, settings: on });
    log = await listActivity(db);
    expect(log[0]).toMatchObject({ code: 'logWebhookNoPermission', count: 2 });
  });

  it('a failure is logged once an hour per URL, stops that tick sends, and is not retried', async () => {
    const fetch = vi.fn(async () => new Response('nope', { status: 404 }));
    const { webhooks, db, advance } = await sender({ granted: true, fetch });
    await webhooks.afterTick({ ...source, settings: on });
    expect(fetch).toHaveBeenCalledTimes(1);
    advance(10 * 60_000);
    await webhooks.afterTick({ ...source, settings: on });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect((await listActivity(db)).filter((l) => l.code === 'logWebhookFailed')).toEqual([
      expect.objectContaining({ args: ['discord.com', 'HTTP 404'], count: 1 }),
    ]);
    // Another URL is its own.
    await webhooks.afterTick({ ...source, settings: settingsWith({ ...on.webhook, url: GENERIC }) });
    expect((await listActivity(db)).filter((l) => l.code === 'logWebhookFailed').map((l) => l.args[0])).toEqual(['hooks.example.org', 'discord.com']);
    expect(Object.keys((await readKv(db, 'webhook-logged')) ?? {}).sort()).toEqual([DISCORD, GENERIC]);
    advance(WEBHOOK_LOG_EVERY_MS);
    await webhooks.afterTick({ ...source, settings: on });
    expect((await listActivity(db)).filter((l) => l.code === 'logWebhookFailed')).toHaveLength(3);
  });

  it('a network error or a timeout is a failure like any other; the test says what went wrong', async () => {
    const fetch = vi.fn(async () => {
      throw new DOMException('The operation timed out.', 'TimeoutError');
    });
    const { webhooks, db } = await sender({ granted: true, fetch });
    expect(await webhooks.test(GENERIC)).toEqual({ ok: false, error: 'failed', detail: 'no answer in 5 s' });
    // The test is answered to the options page, not logged.
    expect(await listActivity(db)).toEqual([]);
  });
});

describe('webhooks in the background', () => {
  it('a webhook that fails never disturbs the tick: it ends, commits, and the failure is one log line', async () => {
    fakeBrowser.reset();
    const G1 = { id: 'g1', name: 'Game One' };
    const { sim, db, viewer, transport, cookies } = await viewerWorld((w, t) => {
      w.addChannel('gamer', { live: true, game: G1, dropsEnabled: true });
      w.addCampaign({ id: 'camp', name: 'Launch week', game: G1, startAt: t, endAt: t + 20 * HOUR, drops: [{ id: 'hat', name: 'Golden hat', requiredMinutes: 2, benefit: { name: 'Golden hat' } }] });
    });
    // Minutes earned elsewhere: the drop is complete before Minert first looks.
    const ch = sim.world.channel('gamer');
    for (let i = 0; i < 2; i++) {
      sim.world.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: 'gamer', live: true, game_id: ch.game!.id });
      sim.clock.advance(MIN);
    }
    const browser = fakeBrowser as unknown as WxtBrowser;
    (browser as unknown as { cookies: unknown }).cookies = { get: async ({ name }: { name: string }) => (cookies.has(name) ? { value: cookies.get(name) } : null) };
    (browser as unknown as { permissions: unknown }).permissions = { contains: async () => true };
    const posted: unknown[] = [];
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      posted.push(JSON.parse(String(init.body)));
      throw new TypeError('Failed to fetch');
    });
    await saveSettings(db, { webhook: { enabled: true, url: GENERIC, events: ALL_ON } });
    const bg = new Background({ browser, db, clock: sim.clock.asClock(), transport, logger: () => {} });
    let claimed = false;
    for (let i = 0; i < 6 && !claimed; i++) {
      const outcome = await bg.tick('test');
      expect(outcome.ran).toBe(true);
      claimed = outcome.ran && outcome.claims.length > 0;
      sim.clock.advance(60_000);
    }
    expect(claimed).toBe(true);
    expect((await db.getAll('dropClaims')).map((c) => c.dropName)).toEqual(['Golden hat']);
    await vi.waitFor(() => expect(posted).toContainEqual(expect.objectContaining({ event: 'drop-claimed', data: expect.objectContaining({ drop: 'Golden hat' }) })));
    await vi.waitFor(async () => expect((await listActivity(db, 50)).filter((l) => l.code === 'logWebhookFailed')).toEqual([expect.objectContaining({ args: ['hooks.example.org', 'Failed to fetch'] })]));
    // The next tick runs as ever.
    expect((await bg.tick('after')).ran).toBe(true);
    expect(JSON.stringify(posted)).not.toContain(viewer.token);
  });
});
