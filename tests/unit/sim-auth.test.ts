import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import { SIM_HASHES } from '../sim/gql';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import { useSim } from './helpers';

// Hand-written requests, as twitch.tv, the TV app's device login and the peer tools send them (shared/twitch-wire.md).
const WEB = 'kimne78kx3ncx6brgo4mv6wki5h1ko';
const TV = 'ue6666qo983tsx6so1t0vnawi233wa';
const ANDROID = 'kd1unb4b3q4t58fwlpcbzcbnm76a8fp';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const INVALID_TOKEN = { error: 'Unauthorized', status: 401, message: 'The OAuth token is invalid.' };
const HOUR_MS = 3_600_000;

type Fetch = typeof globalThis.fetch;
type Json = Record<string, unknown>;

/** Who sends a GQL request: token, client id (web by default), device id and integrity token. */
interface Caller {
  token?: string;
  clientId?: string;
  deviceId?: string;
  integrity?: string;
}

function gqlHeaders(c: Caller): Record<string, string> {
  return {
    'client-id': c.clientId ?? WEB,
    'content-type': 'application/json',
    ...(c.token ? { authorization: `OAuth ${c.token}` } : {}),
    ...(c.deviceId ? { 'x-device-id': c.deviceId } : {}),
    ...(c.integrity ? { 'client-integrity': c.integrity } : {}),
  };
}

const operation = (name: string, variables: object) => ({ operationName: name, variables, extensions: { persistedQuery: { version: 1, sha256Hash: SIM_HASHES[name] } } });

/** One GQL request (one operation or a batch): its status and body. */
async function gqlRequest(fetch: Fetch, body: object, caller: Caller): Promise<{ status: number; body: unknown }> {
  const res = await fetch('https://gql.twitch.tv/gql', { method: 'POST', headers: gqlHeaders(caller), body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

/** One persisted operation answered HTTP 200: its body. */
async function gql(fetch: Fetch, name: string, variables: object, caller: Caller): Promise<Json> {
  const { status, body } = await gqlRequest(fetch, operation(name, variables), caller);
  expect(status).toBe(200);
  return body as Json;
}

/** A form POST (the id endpoints'): status and JSON body. */
async function postForm(fetch: Fetch, url: string, fields: Record<string, string>): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, body: (await res.json()) as Json };
}

async function validate(fetch: Fetch, token: string): Promise<{ status: number; body: Json }> {
  const res = await fetch('https://id.twitch.tv/oauth2/validate', { headers: { authorization: `OAuth ${token}` } });
  return { status: res.status, body: (await res.json()) as Json };
}

/** POST gql.twitch.tv/integrity as twitch.tv's page does. */
async function integrity(fetch: Fetch, caller: Caller): Promise<{ status: number; body: Json }> {
  const res = await fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers: gqlHeaders(caller) });
  return { status: res.status, body: (await res.json()) as Json };
}

const startDevice = (fetch: Fetch, clientId = TV, scopes = 'channel_read user_read') =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/device', { client_id: clientId, scopes });
const pollDevice = (fetch: Fetch, deviceCode: string, clientId = TV) =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/token', { client_id: clientId, device_code: deviceCode, grant_type: DEVICE_GRANT });
const refresh = (fetch: Fetch, refreshToken: string, clientId = TV) =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/token', { client_id: clientId, grant_type: 'refresh_token', refresh_token: refreshToken });

const integrityFailed = (field: string) => ({
  errors: [{ message: 'failed integrity check', path: [field] }],
  data: null,
  extensions: { challenge: { type: 'integrity' } },
});

async function authWorld() {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addUser('friend');
    w.addChannel('alpha', { live: true, dropsEnabled: true });
    w.addChannel('beta', { live: true });
  });
  return { sim, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
}

/** One of the five mutations, ready to send once, with the world's count of what it did. */
interface Mutation {
  name: string;
  field: string;
  variables: object;
  done(): number;
}

/** Something for each mutation to do for the viewer on alpha: a chest, a watched-out drop, a prediction, a raid, a moment. */
function mutations(sim: Sim, viewer: SimUser): Mutation[] {
  const { world } = sim;
  const alpha = world.channel('alpha');
  world.setBalance(viewer, 'alpha', 1_000);
  const claimID = world.offerClaim(viewer, 'alpha');
  const now = world.clock.now();
  const campaign = world.addCampaign({
    name: 'Alpha Drops',
    game: alpha.game!,
    startAt: now - HOUR_MS,
    endAt: now + HOUR_MS,
    drops: [{ name: 'Cap', requiredMinutes: 1, benefit: { name: 'Cap' } }],
  });
  world.setAccountLinked(viewer, campaign.id, true);
  world.segmentFetched(viewer, alpha);
  world.minuteWatched({ channel_id: alpha.id, broadcast_id: alpha.streamId, user_id: viewer.id, channel: 'alpha' });
  const drop = campaign.drops[0]!;
  const eventID = world.createPrediction('alpha', { title: 'Win?', outcomes: ['Yes', 'No'], windowSeconds: 120 });
  const outcomeID = world.predictions.events.find((e) => e.id === eventID)!.outcomes[0]!.id;
  const raidID = world.startRaid('alpha', 'beta');
  const momentID = world.startMoment('alpha');
  return [
    {
      name: 'ClaimCommunityPoints',
      field: 'claimCommunityPoints',
      variables: { input: { channelID: alpha.id, claimID } },
      done: () => world.pointEvents.filter((e) => e.reason === 'claim').length,
    },
    {
      name: 'DropsPage_ClaimDropRewards',
      field: 'claimDropRewards',
      variables: { input: { dropInstanceID: world.drops.instanceId(viewer, campaign, drop) } },
      done: () => Number(world.dropProgress(viewer, drop.id).claimed),
    },
    { name: 'MakePrediction', field: 'makePrediction', variables: { input: { eventID, outcomeID, points: 100, transactionID: 'tx1' } }, done: () => world.bets.length },
    { name: 'JoinRaid', field: 'joinRaid', variables: { input: { raidID } }, done: () => world.raidJoins.length },
    { name: 'CommunityMomentCallout_Claim', field: 'claimCommunityMoment', variables: { input: { momentID } }, done: () => world.momentClaims.length },
  ];
}

describe('tokens and client ids', () => {
  it('validates each kind of token with its own client id, scopes and seconds left', async () => {
    const { sim, viewer, fetch } = await authWorld();
    expect(await validate(fetch, viewer.token)).toEqual({
      status: 200,
      body: { client_id: WEB, login: 'viewer', scopes: [], user_id: viewer.id, expires_in: 0 },
    });
    const tv = sim.world.issueToken(viewer, TV, { expiresInSec: 3600, scopes: ['user_read'] });
    expect(tv.expiresAt).toBe(sim.clock.now() + HOUR_MS);
    expect(tv.accessToken).toMatch(/^[a-z0-9]{30}$/);
    expect(tv.refreshToken).toMatch(/^[a-z0-9]{50}$/);
    sim.clock.advance(1_000_500);
    expect((await validate(fetch, tv.accessToken)).body).toEqual({ client_id: TV, login: 'viewer', scopes: ['user_read'], user_id: viewer.id, expires_in: 2599 });
    // Web session tokens never expire; an issued token without a lifetime lives deviceTokenTtlSec.
    sim.clock.advance(100 * HOUR_MS);
    expect((await validate(fetch, viewer.token)).body.expires_in).toBe(0);
    sim.world.deviceTokenTtlSec = 600;
    const android = sim.world.issueToken(viewer, ANDROID);
    expect((await validate(fetch, android.accessToken)).body).toMatchObject({ client_id: ANDROID, expires_in: 600 });
    expect(await validate(fetch, 'nosuchtoken')).toEqual({ status: 401, body: { status: 401, message: 'invalid access token' } });
  });

  it('refuses a token with another client id than the one that issued it', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    const context = operation('ChannelPointsContext', { channelLogin: 'alpha' });
    expect(await gqlRequest(fetch, context, { token: viewer.token, clientId: TV })).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await gqlRequest(fetch, context, { token: tv, clientId: WEB })).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await gqlRequest(fetch, context, { token: tv, clientId: ANDROID })).toEqual({ status: 401, body: INVALID_TOKEN });
    const own = await gqlRequest(fetch, context, { token: tv, clientId: TV });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ data: { currentUser: { id: viewer.id } } });
  });

  it('refuses expired and revoked tokens everywhere, a revoked web session included', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const context = operation('ChannelPointsContext', { channelLogin: 'alpha' });
    const short = sim.world.issueToken(viewer, TV, { expiresInSec: 60 }).accessToken;
    sim.clock.advance(59_999);
    expect((await validate(fetch, short)).status).toBe(200);
    sim.clock.advance(1);
    expect((await validate(fetch, short)).status).toBe(401);
    expect(await gqlRequest(fetch, context, { token: short, clientId: TV })).toEqual({ status: 401, body: INVALID_TOKEN });

    const revoked = sim.world.issueToken(viewer, TV).accessToken;
    sim.world.revokeToken(revoked);
    expect((await validate(fetch, revoked)).status).toBe(401);
    expect(await gqlRequest(fetch, context, { token: revoked, clientId: TV })).toEqual({ status: 401, body: INVALID_TOKEN });

    expect(sim.world.userByToken(viewer.token)).toBe(viewer);
    sim.world.revokeToken(viewer.token);
    expect(sim.world.userByToken(viewer.token)).toBeNull();
    expect((await validate(fetch, viewer.token)).status).toBe(401);
    expect(await gqlRequest(fetch, context, { token: viewer.token })).toEqual({ status: 401, body: INVALID_TOKEN });
  });
});

describe('the integrity check', () => {
  it('refuses every web-client mutation without an integrity token, and nothing happens', async () => {
    const { sim, viewer, fetch } = await authWorld();
    expect(sim.world.requireIntegrity).toBe(true);
    for (const m of mutations(sim, viewer)) {
      expect(await gql(fetch, m.name, m.variables, { token: viewer.token, deviceId: viewer.deviceId })).toEqual(integrityFailed(m.field));
      expect(m.done()).toBe(0);
    }
    expect(sim.world.claims).toHaveLength(0);
    expect(sim.world.balance(viewer, 'alpha')).toBe(1_000);
    expect(sim.world.availableClaim(viewer, 'alpha')).not.toBeNull();
    // Reads need none, in the same batch as a refused mutation too.
    const [claim] = mutations(sim, viewer);
    const batch = await gqlRequest(fetch, [operation('ChannelPointsContext', { channelLogin: 'alpha' }), operation(claim!.name, claim!.variables)], { token: viewer.token });
    expect(batch.status).toBe(200);
    const [read, refused] = batch.body as Json[];
    expect(read).toMatchObject({ data: { community: { channel: { self: { communityPoints: { balance: 1_000 } } } } } });
    expect(read!.errors).toBeUndefined();
    expect(refused).toEqual(integrityFailed('claimCommunityPoints'));
  });

  it('accepts them with an integrity token from gql.twitch.tv/integrity bound to the request device', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const issued = await integrity(fetch, { token: viewer.token, deviceId: viewer.deviceId });
    expect(issued.status).toBe(200);
    const caller = { token: viewer.token, deviceId: viewer.deviceId, integrity: String(issued.body.token) };
    for (const m of mutations(sim, viewer)) {
      const answer = await gql(fetch, m.name, m.variables, caller);
      expect(answer.errors).toBeUndefined();
      expect(m.done()).toBe(1);
    }
    expect(sim.world.balance(viewer, 'alpha')).toBe(1_000 + 50 - 100);
  });

  it('refuses an integrity token bound to another device, expired, or not issued by Twitch', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const [claim] = mutations(sim, viewer);
    const send = (caller: Caller) => gql(fetch, claim!.name, claim!.variables, { token: viewer.token, ...caller });
    const other = sim.world.issueIntegrity('another-device', viewer.id).token;
    expect(await send({ deviceId: viewer.deviceId, integrity: other })).toEqual(integrityFailed('claimCommunityPoints'));
    const mine = sim.world.issueIntegrity(viewer.deviceId, viewer.id);
    expect(await send({ integrity: mine.token })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(await send({ deviceId: 'another-device', integrity: mine.token })).toEqual(integrityFailed('claimCommunityPoints'));
    const forged = `v4.public.${Buffer.from(JSON.stringify({ device_id: viewer.deviceId, user_id: viewer.id, exp: '2999-01-01T00:00:00Z' })).toString('base64url')}`;
    expect(await send({ deviceId: viewer.deviceId, integrity: forged })).toEqual(integrityFailed('claimCommunityPoints'));
    sim.clock.advance(16 * HOUR_MS);
    expect(mine.expiration).toBe(sim.clock.now());
    expect(await send({ deviceId: viewer.deviceId, integrity: mine.token })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(claim!.done()).toBe(0);
  });

  it('lets TV and Android client tokens mutate without integrity, and the web client when the rule is off', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    for (const m of mutations(sim, viewer)) {
      expect((await gql(fetch, m.name, m.variables, { token: tv, clientId: TV })).errors).toBeUndefined();
      expect(m.done()).toBe(1);
    }
    const android = sim.world.issueToken(viewer, ANDROID).accessToken;
    const chest = sim.world.offerClaim(viewer, 'alpha');
    const input = { input: { channelID: sim.world.channel('alpha').id, claimID: chest } };
    expect(await gql(fetch, 'ClaimCommunityPoints', input, { token: android, clientId: ANDROID })).toMatchObject({ data: { claimCommunityPoints: { error: null } } });

    sim.world.requireIntegrity = false;
    const next = sim.world.offerClaim(viewer, 'alpha');
    const web = await gql(fetch, 'ClaimCommunityPoints', { input: { channelID: sim.world.channel('alpha').id, claimID: next } }, { token: viewer.token });
    expect(web).toMatchObject({ data: { claimCommunityPoints: { error: null } } });
  });

  it('issues integrity tokens at gql.twitch.tv/integrity, counted, for the sim clock lifetime', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const now = sim.clock.now();
    const issued = await integrity(fetch, { token: viewer.token, deviceId: viewer.deviceId });
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ expiration: now + 16 * HOUR_MS, request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const token = String(issued.body.token);
    expect(token).toMatch(/^v4\.public\.[A-Za-z0-9_-]+$/);
    const claims = JSON.parse(Buffer.from(token.split('.')[2]!, 'base64url').toString('utf8')) as Json;
    expect(claims).toMatchObject({ device_id: viewer.deviceId, user_id: viewer.id, exp: new Date(now + 16 * HOUR_MS).toISOString() });
    // Logged out, the token is bound to the device alone.
    sim.world.integrityTtlSec = 60;
    const anonymous = await integrity(fetch, { deviceId: 'fresh-device' });
    expect(anonymous.body.expiration).toBe(now + 60_000);
    expect(JSON.parse(Buffer.from(String(anonymous.body.token).split('.')[2]!, 'base64url').toString('utf8'))).toMatchObject({ device_id: 'fresh-device', user_id: null });

    expect(await integrity(fetch, { token: viewer.token })).toMatchObject({ status: 400 });
    expect(await integrity(fetch, { clientId: 'nosuchclient', deviceId: viewer.deviceId })).toMatchObject({ status: 400 });
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    expect(await integrity(fetch, { token: tv, deviceId: viewer.deviceId })).toEqual({ status: 401, body: INVALID_TOKEN });
    sim.faults.add('integrity', 'http-500');
    const failed = await fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers: gqlHeaders({ token: viewer.token, deviceId: viewer.deviceId }) });
    expect(failed.status).toBe(500);
    expect(sim.world.integrityRequests).toBe(6);
    expect(sim.requests.filter((r) => r.operations.includes('integrity'))).toHaveLength(6);
  });

  it('answers an integrity fault on a mutation with the mutation field in the error path', async () => {
    const { sim, viewer, fetch } = await authWorld();
    sim.world.requireIntegrity = false;
    const [claim] = mutations(sim, viewer);
    sim.faults.add(claim!.name, 'integrity');
    expect(await gql(fetch, claim!.name, claim!.variables, { token: viewer.token })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(claim!.done()).toBe(0);
  });
});

describe('the device-code login', () => {
  it('walks pending, slow_down and approval to a one-use token pair for the TV client', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const start = await startDevice(fetch);
    expect(start.status).toBe(200);
    expect(start.body).toMatchObject({ verification_uri: 'https://www.twitch.tv/activate', expires_in: 1800, interval: 5 });
    const deviceCode = String(start.body.device_code);
    const userCode = String(start.body.user_code);
    expect(userCode).toMatch(/^[A-Z]{8}$/);

    const pending = { status: 400, body: { status: 400, message: 'authorization_pending' } };
    expect(await pollDevice(fetch, deviceCode)).toEqual(pending);
    sim.clock.advance(4_999);
    expect(await pollDevice(fetch, deviceCode)).toEqual({ status: 400, body: { status: 400, message: 'slow_down' } });
    sim.clock.advance(5_000);
    expect(await pollDevice(fetch, deviceCode)).toEqual(pending);
    // The code belongs to the client that asked for it.
    sim.clock.advance(5_000);
    expect((await pollDevice(fetch, deviceCode, ANDROID)).body.message).toBe('invalid device code');

    expect(sim.world.approveDevice(userCode.toLowerCase(), viewer)).toBe(true);
    expect(sim.world.approveDevice(userCode, viewer)).toBe(false);
    sim.clock.advance(5_000);
    const done = await pollDevice(fetch, deviceCode);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ expires_in: 14_400, scope: ['channel_read', 'user_read'], token_type: 'bearer' });
    expect(done.body.access_token).toMatch(/^[a-z0-9]{30}$/);
    expect(done.body.refresh_token).toMatch(/^[a-z0-9]{50}$/);
    expect((await validate(fetch, String(done.body.access_token))).body).toEqual({
      client_id: TV, login: 'viewer', scopes: ['channel_read', 'user_read'], user_id: viewer.id, expires_in: 14_400,
    });
    sim.clock.advance(5_000);
    expect(await pollDevice(fetch, deviceCode)).toEqual({ status: 400, body: { status: 400, message: 'invalid device code' } });
  });

  it('answers access_denied, expired_token and invalid client', async () => {
    const { sim, fetch } = await authWorld();
    expect(await startDevice(fetch, 'nosuchclient')).toEqual({ status: 400, body: { status: 400, message: 'invalid client' } });

    const denied = await startDevice(fetch);
    expect(sim.world.denyDevice(String(denied.body.user_code))).toBe(true);
    expect(await pollDevice(fetch, String(denied.body.device_code))).toEqual({ status: 400, body: { status: 400, message: 'access_denied' } });

    const late = await startDevice(fetch);
    sim.clock.advance(1_799_999);
    expect((await pollDevice(fetch, String(late.body.device_code))).body.message).toBe('authorization_pending');
    sim.clock.advance(1);
    expect(sim.world.approveDevice(String(late.body.user_code), sim.world.users.get('viewer')!)).toBe(false);
    expect(await pollDevice(fetch, String(late.body.device_code))).toEqual({ status: 400, body: { status: 400, message: 'expired_token' } });
    expect(await postForm(fetch, 'https://id.twitch.tv/oauth2/token', { client_id: TV, device_code: 'x', grant_type: 'password' })).toMatchObject({ status: 400 });
  });

  it('rotates refresh tokens: the old refresh token dies, the old access token lives out its time', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const first = sim.world.issueToken(viewer, TV, { scopes: ['user_read'] });
    sim.world.deviceTokenTtlSec = 7_200;
    const next = await refresh(fetch, first.refreshToken);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ expires_in: 7_200, scope: ['user_read'], token_type: 'bearer' });
    expect(next.body.access_token).not.toBe(first.accessToken);
    expect(next.body.refresh_token).not.toBe(first.refreshToken);
    const invalid = { status: 400, body: { status: 400, message: 'Invalid refresh token' } };
    expect(await refresh(fetch, first.refreshToken)).toEqual(invalid);
    expect((await validate(fetch, first.accessToken)).status).toBe(200);
    expect((await validate(fetch, String(next.body.access_token))).body).toMatchObject({ client_id: TV, scopes: ['user_read'] });

    expect(await refresh(fetch, String(next.body.refresh_token), ANDROID)).toEqual(invalid);
    expect(await refresh(fetch, 'nosuchrefreshtoken')).toEqual(invalid);
    sim.world.revokeToken(String(next.body.access_token));
    expect(await refresh(fetch, String(next.body.refresh_token))).toEqual(invalid);
    expect((await validate(fetch, String(next.body.access_token))).status).toBe(401);
  });

  it('lets the logged-in viewer activate or deny a code on twitch.tv/activate', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const start = await startDevice(fetch);
    const userCode = String(start.body.user_code);
    const loggedOut = await (await fetch(`https://www.twitch.tv/activate?device-code=${userCode}`)).text();
    expect(loggedOut).toContain('Log in to activate a device');
    expect(loggedOut).not.toContain('id="activate"');

    const cookie = `auth-token=${viewer.token}; unique_id=${viewer.deviceId}`;
    const page = await fetch(`https://www.twitch.tv/activate?device-code=${userCode}`, { headers: { cookie } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`value="${userCode}"`);
    expect(html).toMatch(/<form method="post" action="\/sim\/activate">/);
    expect(html).toMatch(/<button id="activate"[^>]*>Activate<\/button>/);
    expect(html).toMatch(/<button id="deny"[^>]*>Deny<\/button>/);

    const activate = (fields: Record<string, string>, headers: Record<string, string> = { cookie }) =>
      fetch('https://www.twitch.tv/sim/activate', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    expect((await activate({ user_code: userCode, action: 'approve' }, {})).status).toBe(401);
    expect((await activate({ user_code: 'NOSUCHCD', action: 'approve' })).status).toBe(400);
    const approved = await activate({ user_code: userCode, action: 'approve' });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain('Device activated');
    const done = await pollDevice(fetch, String(start.body.device_code));
    expect((await validate(fetch, String(done.body.access_token))).body).toMatchObject({ client_id: TV, user_id: viewer.id });

    const other = await startDevice(fetch);
    expect((await activate({ user_code: String(other.body.user_code), action: 'deny' })).status).toBe(200);
    expect((await pollDevice(fetch, String(other.body.device_code))).body.message).toBe('access_denied');
  });

  it('fails the device and token endpoints with faults', async () => {
    const { sim, fetch } = await authWorld();
    sim.faults.add('device', 'http-503');
    sim.faults.add('token', 'http-429', 1, { retryAfterSeconds: 7 });
    expect((await fetch('https://id.twitch.tv/oauth2/device', { method: 'POST', body: `client_id=${TV}` })).status).toBe(503);
    const start = await startDevice(fetch);
    const throttled = await fetch('https://id.twitch.tv/oauth2/token', {
      method: 'POST',
      body: new URLSearchParams({ client_id: TV, device_code: String(start.body.device_code), grant_type: DEVICE_GRANT }),
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await pollDevice(fetch, String(start.body.device_code))).body.message).toBe('authorization_pending');
    expect(sim.faults.fired).toEqual([{ target: 'device', kind: 'http-503' }, { target: 'token', kind: 'http-429' }]);
  });
});

describe("twitch.tv's page and CORS", () => {
  it('answers preflights and answers on the GQL host for the twitch.tv origin', async () => {
    const { viewer, fetch } = await authWorld();
    for (const path of ['/gql', '/integrity']) {
      const res = await fetch(`https://gql.twitch.tv${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://www.twitch.tv', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,client-id,client-integrity' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://www.twitch.tv');
      expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')!.split(', ')).toEqual(
        expect.arrayContaining(['authorization', 'client-id', 'x-device-id', 'client-integrity', 'client-session-id', 'client-version', 'content-type']),
      );
    }
    // The page's own request: its headers, a text/plain body, an Origin.
    const res = await fetch('https://gql.twitch.tv/gql', {
      method: 'POST',
      headers: {
        origin: 'https://www.twitch.tv',
        authorization: `OAuth ${viewer.token}`,
        'client-id': WEB,
        'x-device-id': viewer.deviceId,
        'client-session-id': '0123456789abcdef',
        'content-type': 'text/plain;charset=UTF-8',
      },
      body: JSON.stringify([operation('ChannelPointsContext', { channelLogin: 'alpha' })]),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.twitch.tv');
    expect(((await res.json()) as Json[])[0]).toMatchObject({ data: { community: { id: expect.any(String) } } });
    // Other hosts keep answering any origin.
    expect((await fetch('https://www.twitch.tv/')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('puts the integrity-carrying GQL script on every twitch.tv page', async () => {
    const { sim, fetch } = await authWorld();
    const page = (path: string) => fetch(`https://www.twitch.tv${path}`).then((r) => r.text());
    const channel = await page('/alpha');
    expect(channel).toContain("fetch('https://gql.twitch.tv/integrity'");
    expect(channel).toContain('"operationName\\":\\"ChannelPointsContext');
    expect(channel).toContain('\\"channelLogin\\":\\"alpha\\"');
    expect(channel).toContain(SIM_HASHES.ChannelPointsContext);
    for (const path of ['/', '/login', '/activate']) {
      const html = await page(path);
      expect(html).toContain("fetch('https://gql.twitch.tv/integrity'");
      expect(html).toContain(SIM_HASHES.PersonalSections);
    }
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(0);
  });

  it("runs the page's script: an integrity token, then GQL with it every minute, usable for the viewer's mutations", async () => {
    const { sim, viewer, fetch } = await authWorld();
    const html = await (await fetch('https://www.twitch.tv/alpha')).text();
    const script = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!).find((s) => s.includes('gql.twitch.tv/integrity'))!;
    const run = (cookie: string) => {
      const timers: (() => void)[] = [];
      runInNewContext(script, { document: { cookie }, fetch, crypto: globalThis.crypto, setInterval: (f: () => void, ms: number) => ms === 60_000 && timers.push(f) });
      return timers;
    };
    const gqlRequests = () => sim.requests.filter((r) => r.path === '/gql');

    run('login=viewer');
    await new Promise((r) => setTimeout(r, 100));
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(0);

    const timers = run(`auth-token=${viewer.token}; unique_id=${viewer.deviceId}; login=viewer`);
    await expect.poll(() => gqlRequests().length).toBe(1);
    const [first] = gqlRequests();
    expect(sim.world.integrityRequests).toBe(1);
    expect(first).toMatchObject({ method: 'POST', status: 200, operations: ['ChannelPointsContext'] });
    expect(first!.headers).toMatchObject({
      authorization: `OAuth ${viewer.token}`,
      'client-id': WEB,
      'x-device-id': viewer.deviceId,
      'client-session-id': expect.stringMatching(/^[0-9a-f]{16}$/),
      'content-type': 'text/plain;charset=UTF-8',
      'client-integrity': expect.stringMatching(/^v4\.public\./),
    });
    expect(timers).toHaveLength(1);
    timers[0]!();
    await expect.poll(() => gqlRequests().length).toBe(2);
    expect(gqlRequests()[1]!.headers['client-integrity']).toBe(first!.headers['client-integrity']);

    // What an extension that observed the request can do with it: claim with the page's token and device id.
    const [claim] = mutations(sim, viewer);
    const caller = { token: viewer.token, deviceId: viewer.deviceId, integrity: String(first!.headers['client-integrity']) };
    expect((await gql(fetch, claim!.name, claim!.variables, caller)).errors).toBeUndefined();
    expect(claim!.done()).toBe(1);
  });
});
