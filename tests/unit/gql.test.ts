import { describe, expect, it } from 'vitest';
import { validateToken } from '../../lib/twitch/auth';
import { TwitchError } from '../../lib/twitch/errors';
import { GqlClient } from '../../lib/twitch/gql';
import { Transport } from '../../lib/twitch/http';
import type { Operation } from '../../lib/twitch/operation';
import { ChannelPointsContext, fetchChannels, VideoPlayerStreamInfoOverlayChannel } from '../../lib/twitch/ops/channels';
import { fetchInventory } from '../../lib/twitch/ops/drops';
import { redact } from '../../lib/twitch/redact';
import { pageHeadersOf, simTransport, useSim } from './helpers';

const points = (channelLogin: string) => ({ channelLogin, includeGoalTypes: ['CREATOR', 'BOOST'] });

async function setup() {
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer', { token: 'tok0viewer0secret0abcdefghij12', deviceId: 'device0123456789' });
    w.addChannel('streamer', { live: true, displayName: 'Streamer' });
    w.addChannel('quiet');
    w.setBalance(viewer, 'streamer', 4321);
  });
  const viewer = sim.world.users.get('viewer')!;
  const { transport, logs } = simTransport(sim);
  const gql = new GqlClient(transport, { token: viewer.token, deviceId: viewer.deviceId });
  return { sim, viewer, transport, logs, gql };
}

const rejectsKind = async (p: Promise<unknown>, kind: string) => {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(TwitchError);
  expect((e as TwitchError).kind).toBe(kind);
  return e as TwitchError;
};

describe('GQL client against the simulator', () => {
  it('sends a persisted query with the web client headers and parses the answer', async () => {
    const { sim, gql, viewer } = await setup();
    const pqnf = sim.requests.length;
    const data = await gql.request(ChannelPointsContext, points('streamer'));
    expect(data.community?.channel?.self?.communityPoints.balance).toBe(4321);
    const req = sim.requests.find((r) => r.host === 'gql.twitch.tv')!;
    expect(req.headers['client-id']).toBe('kimne78kx3ncx6brgo4mv6wki5h1ko');
    expect(req.headers['authorization']).toBe(`OAuth ${viewer.token}`);
    expect(req.headers['x-device-id']).toBe(viewer.deviceId);
    expect(req.headers['client-session-id']).toMatch(/^[0-9a-f]{16}$/);
    // No made-up Client-Version: it comes from the page, when one was seen.
    expect(req.headers['client-version']).toBeUndefined();
    expect(req.operations).toEqual(['ChannelPointsContext']);
    expect(pqnf).toBe(0);
  });

  it('replays the page’s whole header set with its integrity token, so reads pass an integrity gate', async () => {
    const { sim, viewer, transport } = await setup();
    sim.world.strict2026();
    const bare = new GqlClient(transport, { token: viewer.token, deviceId: viewer.deviceId });
    await rejectsKind(bare.request(ChannelPointsContext, points('streamer')), 'integrity');
    const page = pageHeadersOf(sim, viewer);
    const withPage = new GqlClient(transport, { token: viewer.token, deviceId: viewer.deviceId, page });
    const data = await withPage.request(ChannelPointsContext, points('streamer'));
    expect(data.community?.channel?.self?.communityPoints.balance).toBe(4321);
    const req = sim.requests.at(-1)!;
    expect(req.headers).toMatchObject({ 'client-integrity': page.integrity, 'x-device-id': page.deviceId, 'client-session-id': page.sessionId, 'client-version': page.clientVersion });
    // The set goes with the client id it was minted for only.
    const tv = new GqlClient(transport, { token: viewer.token, clientId: 'ue6666qo983tsx6so1t0vnawi233wa', page });
    expect(tv.headers()['Client-Integrity']).toBeUndefined();
  });

  it('keeps a partial answer (a failed path) and the rest of it', async () => {
    const { sim, gql } = await setup();
    sim.world.wire.partialInventory = true;
    sim.world.addCampaign({ name: 'C', game: { id: '509658', name: 'Just Chatting' }, startAt: sim.clock.now() - 60_000, endAt: sim.clock.now() + 3_600_000, drops: [{ name: 'D', requiredMinutes: 10, benefit: { name: 'B' } }] });
    const inv = await fetchInventory(gql);
    expect(inv).toBeTruthy();
  });

  it('batches several operations in one request and keeps one bad answer from losing the others', async () => {
    const { sim, gql } = await setup();
    sim.faults.add('VideoPlayerStreamInfoOverlayChannel', 'integrity');
    const [[pts], [stream]] = await gql.batch([{ op: ChannelPointsContext, variables: points('streamer') }], [{ op: VideoPlayerStreamInfoOverlayChannel, variables: { channel: 'quiet' } }]);
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(1);
    expect(pts!.ok).toBe(true);
    expect(stream!.ok).toBe(false);
    if (!stream!.ok) expect(stream!.error.kind).toBe('integrity');
  });

  it('reads balance, live state and channel id as domain data', async () => {
    const { gql, sim } = await setup();
    sim.world.setMultipliers(sim.world.users.get('viewer')!, 'streamer', [0.2]);
    const [s, q, none] = await fetchChannels(gql, ['streamer', 'quiet', 'nobody_here']);
    expect(s).toMatchObject({ ok: true, snapshot: { login: 'streamer', exists: true, live: true, balance: 4321, displayName: 'Streamer', multiplier: 1.2 } });
    expect(q).toMatchObject({ ok: true, snapshot: { live: false, balance: 0 } });
    expect(none).toMatchObject({ ok: true, snapshot: { exists: false } });
  });

  it('asks an unknown hash once more (Twitch says PersistedQueryNotFound now and then), then names it stale', async () => {
    const { sim, gql } = await setup();
    const stale: Operation<typeof ChannelPointsContext.variables, typeof ChannelPointsContext.response> = { ...ChannelPointsContext, hash: '0'.repeat(64), fallbackQuery: undefined };
    const e = await rejectsKind(gql.request(stale, points('streamer')), 'persisted-query-not-found');
    expect(e.details.operation).toBe('ChannelPointsContext');
    expect(sim.requests).toHaveLength(2);
    // A transient one: the second ask gets the answer.
    sim.faults.add('ChannelPointsContext', 'pqnf', 1);
    const data = await gql.request(ChannelPointsContext, points('streamer'));
    expect(data.community?.channel?.id).toBeTruthy();
  });

  it('refuses a retired hash as Twitch does', async () => {
    const { gql } = await setup();
    // (Without its raw document, which the lenient simulator would answer.)
    const retired = { ...ChannelPointsContext, hash: '1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024', fallbackQuery: undefined };
    await rejectsKind(gql.request(retired, points('streamer')), 'persisted-query-not-found');
  });

  it.each([
    ['http-500', 'server'],
    ['http-503', 'server'],
    ['service-error', 'server'],
    ['http-429', 'throttled'],
    ['timeout', 'timeout'],
  ] as const)('retries %s with backoff and then succeeds', async (fault, kind) => {
    const { sim } = await setup();
    const { transport, logs } = simTransport(sim, { timeoutMs: 300 });
    const client = new GqlClient(transport, { token: sim.world.users.get('viewer')!.token });
    sim.faults.add('ChannelPointsContext', fault, 2);
    const before = sim.clock.now();
    const data = await client.request(ChannelPointsContext, points('streamer'));
    expect(data.community?.channel?.self?.communityPoints.balance).toBe(4321);
    expect(sim.faults.fired.map((f) => f.kind)).toEqual([fault, fault]);
    // Backoff: 1 s then 2 s (jitter fixed at its middle), in simulated time; a 429 waits at least its Retry-After.
    expect(sim.clock.now() - before).toBeGreaterThanOrEqual(3_000);
    expect(logs.filter((l) => l.includes(`ChannelPointsContext: ${kind}`))).toHaveLength(2);
  });

  it('gives up after the last attempt with the typed error', async () => {
    const { sim, transport } = await setup();
    const client = new GqlClient(transport, { token: sim.world.users.get('viewer')!.token });
    sim.faults.add('ChannelPointsContext', 'http-500', 10);
    await rejectsKind(client.request(ChannelPointsContext, points('streamer')), 'server');
    expect(sim.faults.fired).toHaveLength(4);
  });

  it.each([
    ['malformed-json', 'malformed'],
    ['bad-shape', 'malformed'],
    ['integrity', 'integrity'],
    ['http-401', 'logged-out'],
  ] as const)('does not retry %s: it is a %s error', async (fault, kind) => {
    const { sim, gql } = await setup();
    sim.faults.add('ChannelPointsContext', fault, 1);
    await rejectsKind(gql.request(ChannelPointsContext, points('streamer')), kind);
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(1);
  });

  it('refuses invalid variables before sending anything', async () => {
    const { sim, gql } = await setup();
    await expect(gql.request(ChannelPointsContext, points('not a login!'))).rejects.toThrow(/invalid variables for ChannelPointsContext/);
    expect(sim.requests).toHaveLength(0);
  });

  it('rate-limits on the client side', async () => {
    const { sim } = await setup();
    const { TokenBucket } = await import('../../lib/twitch/rate-limit');
    const clock = sim.clock.asClock();
    const { transport } = simTransport(sim, { bucket: new TokenBucket(clock, 2, 1) });
    const client = new GqlClient(transport, { token: sim.world.users.get('viewer')!.token });
    const start = sim.clock.now();
    for (let i = 0; i < 5; i++) await client.request(VideoPlayerStreamInfoOverlayChannel, { channel: 'streamer' });
    // Two go at once, the other three wait a second each.
    expect(sim.clock.now() - start).toBeGreaterThanOrEqual(3_000);
    expect(sim.requests).toHaveLength(5);
  });
});

describe('session validation and the token', () => {
  it('validates the token with id.twitch.tv', async () => {
    const { sim, transport, viewer } = await setup();
    const v = await validateToken(transport, viewer.token);
    expect(v).toMatchObject({ login: 'viewer', userId: viewer.id, clientId: 'kimne78kx3ncx6brgo4mv6wki5h1ko' });
    expect(sim.requests[0]).toMatchObject({ host: 'id.twitch.tv', path: '/oauth2/validate' });
  });

  it('reports a refused token as logged-out', async () => {
    const { transport } = await setup();
    await rejectsKind(validateToken(transport, 'not0a0real0token0000000000000'), 'logged-out');
  });

  it('never sends the token to a host that is not twitch', async () => {
    const { sim } = await setup();
    let called = false;
    const transport = new Transport({ fetch: async () => ((called = true), new Response('{}')), clock: sim.clock.asClock() });
    const client = new GqlClient(transport, { token: 'tok0viewer0secret0abcdefghij12' }, 'https://evil.example/gql');
    await expect(client.request(VideoPlayerStreamInfoOverlayChannel, { channel: 'x' })).rejects.toThrow(/non-Twitch host/);
    await expect(validateToken(transport, 'tok0viewer0secret0abcdefghij12', 'http://id.twitch.tv/oauth2/validate')).rejects.toThrow(/non-Twitch host/);
    expect(called).toBe(false);
  });

  it('keeps the token out of every log line', async () => {
    const { sim, gql, logs, viewer } = await setup();
    sim.faults.add('ChannelPointsContext', 'http-500', 10);
    await gql.request(ChannelPointsContext, points('streamer')).catch(() => {});
    expect(logs.length).toBeGreaterThan(0);
    expect(logs.join('\n')).not.toContain(viewer.token);
    expect(redact(`Authorization: OAuth ${viewer.token}`)).toBe('Authorization: OAuth [redacted]');
    expect(redact(`token=${viewer.token}`)).not.toContain(viewer.token);
  });
});
