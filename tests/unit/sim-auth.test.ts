import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import { kasadaProof } from '../sim/integrity';
import type { Sim } from '../sim/server';
import type { SimUser } from '../sim/world';
import {
  ANDROID, gql, gqlBody, gqlHeaders, gqlRequest, HOUR, integrityFailed, op, pageCaller, TV, useSim, watchEvent, WEB,
  type Caller, type Json,
} from './sim-requests';

// Tokens, client ids, the device-code login and the integrity check, with requests written from shared/twitch-wire.md.
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
const INVALID_TOKEN = { error: 'Unauthorized', status: 401, message: 'The OAuth token is invalid.' };
const MOBILE_WEB = 'r8s4dac0uhzifbpu9sjdiwzctle17ff';

type Fetch = typeof globalThis.fetch;

/** A form POST (the id endpoints'): status and JSON body. */
async function postForm(fetch: Fetch, url: string, fields: Record<string, string>): Promise<{ status: number; body: Json }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return { status: res.status, body: (await res.json()) as Json };
}

async function validate(fetch: Fetch, token: string): Promise<{ status: number; body: Json }> {
  const res = await fetch('https://id.twitch.tv/oauth2/validate', { headers: { authorization: `OAuth ${token}` } });
  return { status: res.status, body: (await res.json()) as Json };
}

/** POST gql.twitch.tv/integrity with the caller's headers. */
async function integrity(fetch: Fetch, caller: Caller): Promise<{ status: number; body: Json }> {
  const res = await fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers: gqlHeaders(caller) });
  return { status: res.status, body: (await res.json()) as Json };
}

/** An integrity token's claims: PASETO's JSON before its 64-byte signature, or a JWT's middle part. */
function claimsOf(token: string): Json {
  if (token.startsWith('v4.public.')) {
    const raw = Buffer.from(token.slice('v4.public.'.length), 'base64url');
    return JSON.parse(raw.subarray(0, raw.length - 64).toString('utf8')) as Json;
  }
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Json;
}

const startDevice = (fetch: Fetch, clientId = TV, scopes = 'channel_read user_read') =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/device', { client_id: clientId, scopes });
const pollDevice = (fetch: Fetch, deviceCode: string, clientId = TV) =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/token', { client_id: clientId, device_code: deviceCode, grant_type: DEVICE_GRANT });
const refresh = (fetch: Fetch, refreshToken: string, clientId = TV) =>
  postForm(fetch, 'https://id.twitch.tv/oauth2/token', { client_id: clientId, grant_type: 'refresh_token', refresh_token: refreshToken });

const POINTS = { channelLogin: 'alpha', includeGoalTypes: ['CREATOR', 'BOOST'] };

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
    startAt: now - HOUR,
    endAt: now + HOUR,
    drops: [{ name: 'Cap', requiredMinutes: 1, benefit: { name: 'Cap' } }],
  });
  expect(watchEvent(world, viewer, 'alpha').dropReason).toBe('credited');
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
    expect(tv.expiresAt).toBe(sim.clock.now() + HOUR);
    expect(tv.accessToken).toMatch(/^[a-z0-9]{30}$/);
    expect(tv.refreshToken).toMatch(/^[a-z0-9]{50}$/);
    sim.clock.advance(1_000_500);
    expect((await validate(fetch, tv.accessToken)).body).toEqual({ client_id: TV, login: 'viewer', scopes: ['user_read'], user_id: viewer.id, expires_in: 2599 });
    // Web session tokens never expire; an issued token without a lifetime lives deviceTokenTtlSec.
    sim.clock.advance(100 * HOUR);
    expect((await validate(fetch, viewer.token)).body.expires_in).toBe(0);
    sim.world.deviceTokenTtlSec = 600;
    const android = sim.world.issueToken(viewer, ANDROID);
    expect((await validate(fetch, android.accessToken)).body).toMatchObject({ client_id: ANDROID, expires_in: 600 });
    expect(await validate(fetch, 'nosuchtoken')).toEqual({ status: 401, body: { status: 401, message: 'invalid access token' } });
  });

  it('refuses a token with another client id than the one that issued it', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    const context = op('ChannelPointsContext', POINTS);
    expect(await gqlRequest(fetch, context, { token: viewer.token, clientId: TV })).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await gqlRequest(fetch, context, { token: tv, clientId: WEB })).toEqual({ status: 401, body: INVALID_TOKEN });
    expect(await gqlRequest(fetch, context, { token: tv, clientId: ANDROID })).toEqual({ status: 401, body: INVALID_TOKEN });
    const own = await gqlRequest(fetch, context, { token: tv, clientId: TV });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ data: { currentUser: { id: viewer.id } } });
  });

  it('refuses expired and revoked tokens everywhere, a revoked web session included', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const context = op('ChannelPointsContext', POINTS);
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
    expect(await gqlRequest(fetch, context, { user: viewer })).toEqual({ status: 401, body: INVALID_TOKEN });
  });
});

describe('the integrity check', () => {
  it('refuses every web-client mutation without an integrity token, and nothing happens; reads need none by default', async () => {
    const { sim, viewer, fetch } = await authWorld();
    expect(sim.world.requireIntegrity).toBe(true);
    expect(sim.world.wire.gateReads).toBe('none');
    const all = mutations(sim, viewer);
    for (const m of all) {
      expect(await gqlBody(fetch, m.name, m.variables, { user: viewer, headers: { 'x-device-id': viewer.deviceId } })).toEqual(integrityFailed(m.field));
      expect(m.done()).toBe(0);
    }
    expect(sim.world.integrityRefusals.map((r) => r.reason)).toEqual(['missing', 'missing', 'missing', 'missing', 'missing']);
    expect(sim.world.claims).toHaveLength(0);
    expect(sim.world.balance(viewer, 'alpha')).toBe(1_000);
    expect(sim.world.availableClaim(viewer, 'alpha')).not.toBeNull();
    // A read in the same batch as a refused mutation is answered.
    const [claim] = all;
    const batch = await gqlRequest(fetch, [op('ChannelPointsContext', POINTS), op(claim!.name, claim!.variables)], { user: viewer });
    const [read, refused] = batch.body as Json[];
    expect(read).toMatchObject({ data: { community: { channel: { self: { communityPoints: { balance: 1_000 } } } } } });
    expect(read!.errors).toBeUndefined();
    expect(refused).toEqual(integrityFailed('claimCommunityPoints'));
  });

  it("accepts them with the headers the viewer's page holds (World.pageSession)", async () => {
    const { sim, viewer, fetch } = await authWorld();
    const session = sim.world.pageSession(viewer);
    expect(session.expiresAt).toBe(sim.clock.now() + 16 * HOUR);
    expect(session.headers).toEqual({
      'Client-Id': WEB,
      'X-Device-Id': viewer.deviceId,
      'Client-Session-Id': expect.stringMatching(/^[0-9a-f]{16}$/),
      'Client-Version': sim.world.buildId,
      'Client-Integrity': expect.stringMatching(/^v4\.public\./),
    });
    expect(sim.world.buildId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const m of mutations(sim, viewer)) {
      expect((await gqlBody(fetch, m.name, m.variables, { user: viewer, headers: session.headers })).errors).toBeUndefined();
      expect(m.done()).toBe(1);
    }
    expect(sim.world.balance(viewer, 'alpha')).toBe(1_000 + 50 - 100);
  });

  it('binds the token to Client-Id, X-Device-Id and Client-Session-Id: a replay with another fails', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const [claim] = mutations(sim, viewer);
    const { headers } = sim.world.pageSession(viewer);
    const send = (changes: Record<string, string | undefined>) => {
      const sent = Object.fromEntries(Object.entries({ ...headers, ...changes }).filter((e): e is [string, string] => e[1] !== undefined));
      return gqlBody(fetch, claim!.name, claim!.variables, { user: viewer, headers: sent });
    };
    expect(await send({ 'Client-Session-Id': '0123456789abcdef' })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(await send({ 'Client-Session-Id': undefined })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(await send({ 'X-Device-Id': 'another-device' })).toEqual(integrityFailed('claimCommunityPoints'));
    // Another client id is refused before integrity: the web session's token is the web client's.
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    const otherClient = { ...headers, 'Client-Id': MOBILE_WEB };
    expect((await gqlRequest(fetch, op(claim!.name, claim!.variables), { token: tv, clientId: TV, headers: otherClient })).status).toBe(401);
    const claims = { device_id: viewer.deviceId, user_id: viewer.id, exp: '2999-01-01T00:00:00Z', is_bad_bot: 'false' };
    const forged = `v4.public.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    expect(await send({ 'Client-Integrity': forged })).toEqual(integrityFailed('claimCommunityPoints'));
    // A good token minted for another client id, on the same device and session.
    const ct = sim.world.integrity.challenge();
    const minted = { 'X-Device-Id': viewer.deviceId, 'Client-Session-Id': headers['Client-Session-Id'], 'x-kpsdk-ct': ct, 'x-kpsdk-cd': kasadaProof(ct, viewer.deviceId) };
    const tvToken = String((await integrity(fetch, { clientId: TV, headers: minted })).body.token);
    expect(claimsOf(tvToken)).toMatchObject({ client_id: TV, is_bad_bot: 'false' });
    expect(await send({ 'Client-Integrity': tvToken })).toEqual(integrityFailed('claimCommunityPoints'));
    // Client-Version is not bound unless wire.bindClientVersion.
    expect(sim.world.integrityRefusals.map((r) => r.reason)).toEqual(['session-id', 'session-id', 'device-id', 'unknown', 'client-id']);
    sim.world.wire.bindClientVersion = true;
    expect(await send({ 'Client-Version': 'another-build' })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(sim.world.integrityRefusals.at(-1)).toMatchObject({ operation: 'ClaimCommunityPoints', reason: 'client-version' });
    sim.world.wire.bindClientVersion = false;
    expect(claim!.done()).toBe(0);
    expect((await send({ 'Client-Version': 'another-build' })).errors).toBeUndefined();
    expect(claim!.done()).toBe(1);
  });

  it('refuses an expired token, and a bad bot minted at /integrity without the page proof', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const [claim, dropClaim] = mutations(sim, viewer);
    const headers = { 'X-Device-Id': viewer.deviceId, 'Client-Session-Id': 'aaaabbbbccccdddd', 'Client-Version': sim.world.buildId };
    const bot = await integrity(fetch, { user: viewer, headers });
    expect(bot.status).toBe(200);
    expect(claimsOf(String(bot.body.token))).toMatchObject({ device_id: viewer.deviceId, session_id: 'aaaabbbbccccdddd', is_bad_bot: 'true' });
    const withBot = { user: viewer, headers: { ...headers, 'Client-Integrity': String(bot.body.token) } };
    expect(await gqlBody(fetch, claim!.name, claim!.variables, withBot)).toEqual(integrityFailed('claimCommunityPoints'));

    const page = sim.world.pageSession(viewer);
    sim.clock.advance(16 * HOUR - 1);
    expect((await gqlBody(fetch, dropClaim!.name, dropClaim!.variables, { user: viewer, headers: page.headers })).errors).toBeUndefined();
    sim.clock.advance(1);
    expect(await gqlBody(fetch, claim!.name, claim!.variables, { user: viewer, headers: page.headers })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(sim.world.integrityRefusals.map((r) => r.reason)).toEqual(['bad-bot', 'expired']);
    expect(claim!.done()).toBe(0);
  });

  it('mints at gql.twitch.tv/integrity with the proof of a page challenge, once per challenge, in both formats', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const now = sim.clock.now();
    const headers = { 'X-Device-Id': viewer.deviceId, 'Client-Session-Id': '1111222233334444', 'Client-Version': sim.world.buildId };
    const ct = sim.world.integrity.challenge();
    const proof = { 'x-kpsdk-ct': ct, 'x-kpsdk-cd': kasadaProof(ct, viewer.deviceId) };
    const minted = await integrity(fetch, { user: viewer, headers: { ...headers, ...proof } });
    expect(minted.body).toEqual({ token: expect.stringMatching(/^v4\.public\.[A-Za-z0-9_-]+$/), expiration: now + 16 * HOUR, request_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    const iso = (ms: number) => new Date(ms).toISOString();
    expect(claimsOf(String(minted.body.token))).toEqual({
      client_id: WEB, device_id: viewer.deviceId, session_id: '1111222233334444', user_id: viewer.id, is_bad_bot: 'false', exp: iso(now + 16 * HOUR), iat: iso(now),
    });
    const [claim] = mutations(sim, viewer);
    expect((await gqlBody(fetch, claim!.name, claim!.variables, { user: viewer, headers: { ...headers, 'Client-Integrity': String(minted.body.token) } })).errors).toBeUndefined();
    // A challenge answers once; a proof for another device or a made-up challenge is a bad bot's.
    expect(claimsOf(String((await integrity(fetch, { user: viewer, headers: { ...headers, ...proof } })).body.token)).is_bad_bot).toBe('true');
    const other = sim.world.integrity.challenge();
    const wrongDevice = { 'x-kpsdk-ct': other, 'x-kpsdk-cd': kasadaProof(other, 'another-device') };
    expect(claimsOf(String((await integrity(fetch, { user: viewer, headers: { ...headers, ...wrongDevice } })).body.token)).is_bad_bot).toBe('true');

    sim.world.wire.integrityFormat = 'jwt';
    sim.world.integrityTtlSec = 60;
    const fresh = sim.world.integrity.challenge();
    const jwt = await integrity(fetch, { headers: { ...headers, 'x-kpsdk-ct': fresh, 'x-kpsdk-cd': kasadaProof(fresh, viewer.deviceId) } });
    const token = String(jwt.body.token);
    expect(token.split('.')).toHaveLength(3);
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))).toEqual({ alg: 'HS256', typ: 'JWT' });
    // Logged out, the token names no user; exp is in epoch seconds.
    expect(claimsOf(token)).toEqual({
      client_id: WEB, device_id: viewer.deviceId, session_id: '1111222233334444', user_id: null, is_bad_bot: 'false',
      exp: Math.floor((now + 60_000) / 1000), iat: Math.floor(now / 1000),
    });
    expect(jwt.body.expiration).toBe(now + 60_000);
    expect(sim.world.pageSession(viewer).headers['Client-Integrity'].split('.')).toHaveLength(3);

    expect(await integrity(fetch, { user: viewer })).toMatchObject({ status: 400 });
    expect(await integrity(fetch, { clientId: 'nosuchclient', headers })).toMatchObject({ status: 400 });
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    expect(await integrity(fetch, { token: tv, headers })).toEqual({ status: 401, body: INVALID_TOKEN });
    sim.faults.add('integrity', 'http-500');
    expect((await fetch('https://gql.twitch.tv/integrity', { method: 'POST', headers: gqlHeaders({ user: viewer, headers }) })).status).toBe(500);
    expect(sim.world.integrity.requests).toBe(8);
    expect(sim.requests.filter((r) => r.operations.includes('integrity'))).toHaveLength(8);
  });

  it('gates authenticated web-client reads as wire.gateReads says: none, the dashboard alone, or all', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const reads = [
      op('ViewerDropsDashboard', { fetchRewardCampaigns: false }),
      op('Inventory', { fetchRewardCampaigns: false }),
      op('ChannelPointsContext', POINTS),
      { query: '{ currentUser { followedLiveUsers(first: 10) { edges { node { login } } } } }', variables: {} },
    ];
    const refusedFields = async (caller: Caller) =>
      ((await gqlRequest(fetch, reads, caller)).body as Json[]).map((a) => ((a.errors as { message: string; path: string[] }[] | undefined)?.[0]?.path ?? [])[0] ?? null);
    expect(await refusedFields({ user: viewer })).toEqual([null, null, null, null]);
    sim.world.wire.gateReads = 'dashboard';
    expect(await refusedFields({ user: viewer })).toEqual(['currentUser', null, null, null]);
    const [dashboard] = (await gqlRequest(fetch, reads, { user: viewer })).body as Json[];
    expect(dashboard).toEqual(integrityFailed('currentUser'));
    sim.world.wire.gateReads = 'all';
    expect(await refusedFields({ user: viewer })).toEqual(['currentUser', 'currentUser', 'community', 'currentUser']);
    expect(sim.world.integrityRefusals.map((r) => r.operation).slice(-4)).toEqual(['ViewerDropsDashboard', 'Inventory', 'ChannelPointsContext', 'FollowedLiveUsers']);
    // Anonymous reads, the TV client's, and the page's own headers pass.
    expect(await refusedFields({})).toEqual([null, null, null, null]);
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    expect(await refusedFields({ token: tv, clientId: TV })).toEqual([null, null, null, null]);
    expect(await refusedFields(pageCaller(sim.world, viewer))).toEqual([null, null, null, null]);
    // world.requireIntegrity off lets everything through.
    sim.world.requireIntegrity = false;
    expect(await refusedFields({ user: viewer })).toEqual([null, null, null, null]);
  });

  it('lets TV and Android client tokens mutate without integrity, and the web client when the rule is off', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const tv = sim.world.issueToken(viewer, TV).accessToken;
    for (const m of mutations(sim, viewer)) {
      expect((await gqlBody(fetch, m.name, m.variables, { token: tv, clientId: TV })).errors).toBeUndefined();
      expect(m.done()).toBe(1);
    }
    const android = sim.world.issueToken(viewer, ANDROID).accessToken;
    const chest = sim.world.offerClaim(viewer, 'alpha');
    const input = { input: { channelID: sim.world.channel('alpha').id, claimID: chest } };
    expect(await gql(fetch, 'ClaimCommunityPoints', input, { token: android, clientId: ANDROID })).toMatchObject({ claimCommunityPoints: { error: null } });

    sim.world.requireIntegrity = false;
    const next = sim.world.offerClaim(viewer, 'alpha');
    const web = await gql(fetch, 'ClaimCommunityPoints', { input: { channelID: sim.world.channel('alpha').id, claimID: next } }, { user: viewer });
    expect(web).toMatchObject({ claimCommunityPoints: { error: null } });
  });

  it('answers an integrity fault on a mutation with the mutation field in the error path', async () => {
    const { sim, viewer, fetch } = await authWorld();
    sim.world.requireIntegrity = false;
    const [claim] = mutations(sim, viewer);
    sim.faults.add(claim!.name, 'integrity');
    expect(await gqlBody(fetch, claim!.name, claim!.variables, { user: viewer })).toEqual(integrityFailed('claimCommunityPoints'));
    expect(claim!.done()).toBe(0);
  });
});

describe('the device-code login', () => {
  it('walks pending, slow_down and approval to a one-use token pair for the TV client', async () => {
    const { sim, viewer, fetch } = await authWorld();
    const start = await startDevice(fetch);
    expect(start.status).toBe(200);
    const deviceCode = String(start.body.device_code);
    const userCode = String(start.body.user_code);
    expect(userCode).toMatch(/^[A-Z]{8}$/);
    // The URI already names the code: a client opens it as it is.
    expect(start.body).toMatchObject({ verification_uri: `https://www.twitch.tv/activate?device-code=${userCode}`, expires_in: 1800, interval: 5 });

    const pending = { status: 400, body: { status: 400, message: 'authorization_pending' } };
    expect(await pollDevice(fetch, deviceCode)).toEqual(pending);
    sim.clock.advance(4_999);
    expect(await pollDevice(fetch, deviceCode)).toEqual({ status: 400, body: { status: 400, message: 'slow_down' } });
    sim.clock.advance(5_000);
    expect(await pollDevice(fetch, deviceCode)).toEqual(pending);
    // The code belongs to the client that asked for it.
    sim.clock.advance(5_000);
    expect((await pollDevice(fetch, deviceCode, MOBILE_WEB)).body.message).toBe('invalid device code');

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

  it('answers tokens without expires_in under wire.deviceTokenWithoutExpiry: validate still tells it', async () => {
    const { sim, viewer, fetch } = await authWorld();
    sim.world.wire.deviceTokenWithoutExpiry = true;
    const start = await startDevice(fetch);
    sim.world.approveDevice(String(start.body.user_code), viewer);
    const done = await pollDevice(fetch, String(start.body.device_code));
    expect(done.status).toBe(200);
    expect(done.body).not.toHaveProperty('expires_in');
    expect(done.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
    expect((await validate(fetch, String(done.body.access_token))).body.expires_in).toBe(14_400);
    const next = await refresh(fetch, String(done.body.refresh_token));
    expect(next.body).not.toHaveProperty('expires_in');
  });

  it("refuses the Android app's device login (2026-09-18), while its older tokens keep working", async () => {
    const { sim, viewer, fetch } = await authWorld();
    const refused = await startDevice(fetch, ANDROID);
    expect(refused).toEqual({ status: 400, body: { status: 400, message: 'invalid client' } });
    expect(refused.body).not.toHaveProperty('device_code');
    const old = sim.world.issueToken(viewer, ANDROID).accessToken;
    expect((await validate(fetch, old)).body).toMatchObject({ client_id: ANDROID });
    expect((await gqlRequest(fetch, op('ChannelPointsContext', POINTS), { token: old, clientId: ANDROID })).status).toBe(200);
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

  it('lets the logged-in viewer activate or deny a code on the verification page', async () => {
    const { viewer, fetch } = await authWorld();
    const start = await startDevice(fetch);
    const userCode = String(start.body.user_code);
    const verification = String(start.body.verification_uri);
    const loggedOut = await (await fetch(verification)).text();
    expect(loggedOut).toContain('Log in to activate a device');
    expect(loggedOut).not.toContain('id="activate"');

    const cookie = `auth-token=${viewer.token}; unique_id=${viewer.deviceId}`;
    const page = await fetch(verification, { headers: { cookie } });
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
