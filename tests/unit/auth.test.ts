import { describe, expect, it } from 'vitest';
import { readKv } from '../../lib/store/kv';
import { runTick } from '../../lib/engine/tick';
import { TV_CLIENT_ID, WEB_CLIENT_ID } from '../../lib/twitch/constants';
import { pollDeviceToken, refreshDeviceToken, startDeviceFlow } from '../../lib/twitch/device';
import { integrityExpiry, pageHeadersFrom } from '../../lib/twitch/integrity';
import type { Sim } from '../sim/server';
import { codes, grantActivation, grantPageIntegrity, HOUR, TICK, viewerWorld } from './helpers';

async function setup() {
  const vw = await viewerWorld(
    (w, t0) => {
      w.addChannel('alpha');
      w.follow(w.users.get('viewer')!, 'alpha');
      w.scheduleStream('alpha', t0, t0 + 48 * HOUR);
    },
    { settings: { priorities: ['ORDER'] }, claims: 'none' },
  );
  const { sim, db, deps } = vw;
  const tick = async () => {
    const at = sim.clock.now();
    const out = await runTick(deps, { reason: 'test' });
    sim.clock.advance(at + TICK - sim.clock.now());
    return out;
  };
  const state = async () => readKv(db, 'mutations');
  return { ...vw, tick, state };
}

const claimRequests = (sim: Sim) => sim.requests.filter((r) => r.operations.includes('ClaimCommunityPoints'));

describe('claims that really land', () => {
  it('with only the session cookie, reads work, a chest is refused and kept, and the viewer is told what to do', async () => {
    const { sim, db, viewer, tick, state } = await setup();
    await tick();
    sim.world.offerClaim(viewer, 'alpha');
    await tick();
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).not.toBeNull(); // Twitch gave nothing
    expect(claimRequests(sim).length).toBeGreaterThan(0);
    expect(await state()).toMatchObject({ path: 'session-only', blocked: true });
    expect((await db.get('channels', 'alpha'))?.availableClaimId).toBeTruthy(); // still waiting, not lost
    const log = codes(await db.getAll('activity'));
    expect(log).toContain('logClaimBlocked');
    expect(log).not.toContain('logBonusClaimed');
    expect(log).not.toContain('logBonusClaimedGain');
    // Reads went through all along.
    expect((await db.get('channels', 'alpha'))?.balance).toBeDefined();

    // (b) The twitch.tv page made a request with an integrity token: the waiting chest is claimed.
    await grantPageIntegrity(sim, db, viewer);
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).toBeNull();
    expect(await state()).toMatchObject({ path: 'page-token', blocked: false });
    const last = claimRequests(sim).at(-1)!;
    expect(last.headers['client-integrity']).toBeTruthy();
    expect(last.headers['x-device-id']).toBe(viewer.deviceId);
  });

  it('(c) after activation, claims go with the TV client id and its own token, no twitch.tv tab needed', async () => {
    const { sim, db, viewer, transport, tick, state } = await setup();
    // The device login, as the background runs it: the code, the viewer confirms on twitch.tv, the token.
    const code = await startDeviceFlow(transport, sim.clock.now());
    expect(await pollDeviceToken(transport, code, sim.clock.now())).toEqual({ state: 'pending' });
    sim.clock.advance(1000);
    expect(await pollDeviceToken(transport, code, sim.clock.now())).toEqual({ state: 'slow-down' });
    sim.world.approveDevice(code.userCode, viewer);
    sim.clock.advance(5000);
    const done = await pollDeviceToken(transport, code, sim.clock.now());
    expect(done).toMatchObject({ state: 'done', tokens: { clientId: TV_CLIENT_ID } });
    await grantActivation(sim, db, viewer);
    sim.world.offerClaim(viewer, 'alpha');
    await tick();
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).toBeNull();
    expect(await state()).toMatchObject({ path: 'activated', blocked: false, activatedAs: 'viewer' });
    const claim = claimRequests(sim).at(-1)!;
    expect(claim.headers['client-id']).toBe(TV_CLIENT_ID);
    expect(claim.headers['client-integrity']).toBeUndefined();
    // Reads stay on the twitch.tv session, with its own client id: tokens are never mixed.
    for (const r of sim.requests.filter((r) => r.host === 'gql.twitch.tv' && !r.operations.includes('ClaimCommunityPoints'))) {
      expect(r.headers['client-id']).toBe(WEB_CLIENT_ID);
      expect(r.headers.authorization).toBe(`OAuth ${viewer.token}`);
    }
  });

  it('(d) refreshes the activation before it expires, and falls back when it is revoked, losing no chest', async () => {
    const { sim, db, viewer, tick, state } = await setup();
    await grantActivation(sim, db, viewer); // a 4-hour token
    const first = ((await db.get('kv', 'device-auth')) as { accessToken: string }).accessToken;
    for (let i = 0; i < (4 * HOUR) / 30_000; i++) await tick();
    const refreshed = (await db.get('kv', 'device-auth')) as { accessToken: string; expiresAt: number };
    expect(refreshed.accessToken).not.toBe(first);
    expect(refreshed.expiresAt).toBeGreaterThan(sim.clock.now());
    expect(await state()).toMatchObject({ path: 'activated' });

    sim.world.revokeToken(refreshed.accessToken);
    sim.clock.advance(HOUR); // the hourly validation notices
    await tick();
    expect(await db.get('kv', 'device-auth')).toBeUndefined();
    expect(await state()).toMatchObject({ path: 'session-only' });
    expect(codes(await db.getAll('activity'))).toContain('logActivationEnded');

    // A chest now waits (blocked) until a path works again, then is claimed.
    sim.world.offerClaim(viewer, 'alpha');
    await tick();
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).not.toBeNull();
    await grantPageIntegrity(sim, db, viewer);
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).toBeNull();
  });

  it('(d) an expired page token stops being used; logging out stops everything and loses nothing', async () => {
    const { sim, db, viewer, cookies, tick, state } = await setup();
    await grantPageIntegrity(sim, db, viewer);
    await tick();
    expect(await state()).toMatchObject({ path: 'page-token' });
    sim.clock.advance(17 * HOUR);
    await tick();
    expect(await state()).toMatchObject({ path: 'session-only' });

    sim.world.offerClaim(viewer, 'alpha');
    cookies.clear(); // logged out of twitch.tv
    const out = await tick();
    expect(out).toMatchObject({ ran: true, session: { status: 'logged-out' } });
    // Logged in again, with the page open: the chest that waited is claimed.
    cookies.set('auth-token', viewer.token).set('unique_id', viewer.deviceId);
    await grantPageIntegrity(sim, db, viewer);
    await tick();
    await tick();
    expect(sim.world.availableClaim(viewer, 'alpha')).toBeNull();
  });

  it('refuses an activation for another account than the one logged in to twitch.tv', async () => {
    const { sim, db, tick, state } = await setup();
    const other = sim.world.addUser('someone_else');
    await grantActivation(sim, db, other);
    await tick();
    expect(await state()).toMatchObject({ path: 'session-only' });
    expect(await db.getAll('activity')).toContainEqual(expect.objectContaining({ code: 'logActivationNotUsed', args: ['someone_else'] }));
  });

  it('refreshing with a revoked refresh token is refused', async () => {
    const { sim, viewer, transport } = await setup();
    const t = sim.world.issueToken(viewer, TV_CLIENT_ID);
    const tokens = { accessToken: t.accessToken, refreshToken: t.refreshToken, clientId: TV_CLIENT_ID, expiresAt: t.expiresAt, scopes: [] };
    const next = await refreshDeviceToken(transport, tokens, sim.clock.now());
    expect(next.accessToken).not.toBe(t.accessToken);
    await expect(refreshDeviceToken(transport, tokens, sim.clock.now())).rejects.toMatchObject({ kind: 'logged-out' });
  });
});

describe('integrity tokens seen on the page', () => {
  const paseto = (claims: object) => `v4.public.${Buffer.from(JSON.stringify(claims) + '\u0000sig}{').toString('base64url')}`;
  const jwt = (claims: object) => ['{"alg":"none"}', JSON.stringify(claims), 'sig'].map((p) => Buffer.from(p).toString('base64url')).join('.');
  const headers = (token: string) => [
    { name: 'Client-Integrity', value: token },
    { name: 'Client-Id', value: 'kimne78kx3ncx6brgo4mv6wki5h1ko' },
    { name: 'X-Device-Id', value: 'd1' },
    { name: 'Client-Session-Id', value: 's1' },
    { name: 'Client-Version', value: 'v1' },
  ];

  it('reads the expiry of both token formats (PASETO with an ISO exp, JWT-style with epoch seconds)', () => {
    expect(integrityExpiry(paseto({ device_id: 'd1', exp: '2030-01-01T00:00:00Z' }), 0)).toBe(Date.parse('2030-01-01T00:00:00Z'));
    expect(integrityExpiry(jwt({ exp: 1_900_000_000 }), 0)).toBe(1_900_000_000_000);
    expect(integrityExpiry('opaque', 1000)).toBe(1000 + 15 * 60_000);
  });

  it('keeps the whole header set the token is bound to, and refuses a bad-bot token or a partial set', () => {
    const token = jwt({ exp: 1_900_000_000, is_bad_bot: 'false' });
    expect(pageHeadersFrom(headers(token), 5)).toEqual({
      integrity: token, clientId: 'kimne78kx3ncx6brgo4mv6wki5h1ko', deviceId: 'd1', sessionId: 's1', clientVersion: 'v1', expiresAt: 1_900_000_000_000, seenAt: 5,
    });
    expect(pageHeadersFrom(headers(paseto({ exp: '2030-01-01T00:00:00Z', is_bad_bot: 'true' })), 5)).toBeNull();
    expect(pageHeadersFrom(headers(token).filter((h) => h.name !== 'Client-Session-Id'), 5)).toBeNull();
  });
});
