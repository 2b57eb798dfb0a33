import { createContext, runInContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import { SIM_HASHES } from '../sim/hashes';
import { gqlBody, gqlRequest, HASHES, op, useSim, WEB, type Json } from './sim-requests';

// twitch.tv's pages as a browser gets them: their headers, their scripts, and what the scripts send.
type Fetch = typeof globalThis.fetch;

async function pagesWorld() {
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer');
    w.addChannel('alpha', { live: true, dropsEnabled: true });
    w.addChannel('beta', { live: true, viewers: 10 });
    w.follow(viewer, 'beta');
  });
  return { sim, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
}

/**
 * Runs a page's inline scripts as a browser would, with the cookies given, in one context whose window is itself;
 * resolves once the script and every request it sent have settled. tick() fires its one-minute timers.
 */
async function runPage(fetch: Fetch, html: string, cookie: string) {
  const timers: (() => void)[] = [];
  const sent: Promise<unknown>[] = [];
  const sandbox: Record<string, unknown> = {
    document: { cookie },
    crypto: globalThis.crypto,
    TextEncoder,
    fetch: (...args: Parameters<Fetch>) => {
      const p = fetch(...args);
      sent.push(p);
      return p;
    },
    setInterval: (f: () => void, ms: number) => ms === 60_000 && timers.push(f),
  };
  sandbox.window = sandbox;
  const context = createContext(sandbox);
  let done: unknown;
  for (const [, script] of html.matchAll(/<script>([\s\S]*?)<\/script>/g)) done = runInContext(script!, context);
  await done;
  const settle = async () => {
    while (sent.length) await sent.shift();
  };
  await settle();
  return {
    window: sandbox,
    tick: async () => {
      for (const t of timers) t();
      await settle();
    },
  };
}

/** The JSON body a page's script sends to /gql. */
const pageBody = (html: string) => JSON.parse(JSON.parse(/body: ("(?:[^"\\]|\\.)*")/.exec(html)![1]!) as string) as Json[];

describe("twitch.tv's pages", () => {
  it('answers preflights and answers on the GQL host for the twitch.tv origin', async () => {
    const { viewer, fetch } = await pagesWorld();
    for (const path of ['/gql', '/integrity']) {
      const res = await fetch(`https://gql.twitch.tv${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://www.twitch.tv', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,client-id,client-integrity' },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('access-control-allow-origin')).toBe('https://www.twitch.tv');
      expect(res.headers.get('access-control-allow-methods')).toBe('POST, OPTIONS');
      expect(res.headers.get('access-control-allow-headers')!.split(', ')).toEqual(
        expect.arrayContaining([
          ...['authorization', 'client-id', 'x-device-id', 'client-integrity', 'client-session-id', 'client-version', 'content-type'],
          ...['x-kpsdk-ct', 'x-kpsdk-cd'],
        ]),
      );
    }
    const res = await fetch('https://gql.twitch.tv/gql', {
      method: 'POST',
      headers: { origin: 'https://www.twitch.tv', authorization: `OAuth ${viewer.token}`, 'client-id': WEB, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify([op('ChannelPointsContext', { channelLogin: 'alpha', includeGoalTypes: ['CREATOR', 'BOOST'] })]),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://www.twitch.tv');
    expect(((await res.json()) as Json[])[0]).toMatchObject({ data: { community: { id: expect.any(String) } } });
    expect((await fetch('https://www.twitch.tv/')).headers.get('access-control-allow-origin')).toBe('*');
  });

  it('frames every page to twitch.tv alone, and names its build id and settings', async () => {
    const { sim, fetch } = await pagesWorld();
    for (const path of ['/', '/alpha', '/drops/inventory', '/drops/campaigns', '/login', '/activate', '/nobody']) {
      const res = await fetch(`https://www.twitch.tv${path}`);
      expect(res.status, path).toBe(path === '/nobody' ? 404 : 200);
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('content-security-policy')).toBe("frame-ancestors 'self' https://*.twitch.tv");
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await res.text();
      expect(html).toContain(`window.__twilightBuildID = "${sim.world.buildId}";`);
      expect(html).toMatch(/<script src="https:\/\/static\.twitchcdn\.net\/config\/settings\.[0-9a-f]{32}\.js"><\/script>/);
    }
    // Fetching pages runs no script: nothing reached the GQL host.
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(0);
  });

  it("sends each page's own GQL request with the current hashes", async () => {
    const { sim, fetch } = await pagesWorld();
    const page = (path: string) => fetch(`https://www.twitch.tv${path}`).then((r) => r.text());
    const persisted = (operationName: string, variables: object, hash: string) => [
      { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } },
    ];
    const points = { channelLogin: 'alpha', includeGoalTypes: ['CREATOR', 'BOOST'] };
    expect(pageBody(await page('/alpha'))).toEqual(persisted('ChannelPointsContext', points, HASHES.ChannelPointsContext!));
    expect(pageBody(await page('/drops/inventory'))).toEqual(persisted('Inventory', { fetchRewardCampaigns: false }, SIM_HASHES.Inventory![0]!));
    expect(pageBody(await page('/drops/campaigns'))).toEqual(persisted('ViewerDropsDashboard', { fetchRewardCampaigns: false }, HASHES.ViewerDropsDashboard!));
    for (const path of ['/', '/login', '/activate']) {
      const [home] = pageBody(await page(path));
      const query = expect.stringContaining('followedLiveUsers(first: 100, after: $cursor)');
      expect(home).toMatchObject({ operationName: 'FollowedLiveUsers', query, variables: { cursor: null } });
    }
    // After a deploy the page sends the new hash: the page is where a client learns it.
    const rotated = 'f'.repeat(64);
    sim.world.rotateHash('ChannelPointsContext', rotated);
    expect(pageBody(await page('/alpha'))[0]).toMatchObject({ extensions: { persistedQuery: { sha256Hash: rotated } } });
  });

  it("runs the page's script: nothing logged out; logged in, a good integrity token, then GQL with the whole header set every minute", async () => {
    const { sim, viewer, fetch } = await pagesWorld();
    sim.world.strict2026();
    const gqlRequests = () => sim.requests.filter((r) => r.path === '/gql');
    const html = await (await fetch('https://www.twitch.tv/alpha')).text();
    await runPage(fetch, html, 'login=viewer');
    expect(sim.requests.filter((r) => r.host === 'gql.twitch.tv')).toHaveLength(0);

    const cookie = `auth-token=${viewer.token}; unique_id=${viewer.deviceId}; login=viewer`;
    const { window, tick } = await runPage(fetch, await (await fetch('https://www.twitch.tv/alpha')).text(), cookie);
    expect(window.__twilightSettings).toMatchObject({ spade_url: 'https://spade.twitch.tv/track' });
    expect(sim.world.integrity.requests).toBe(1);
    const minted = sim.requests.find((r) => r.path === '/integrity')!;
    expect(minted.headers).toMatchObject({ 'x-kpsdk-ct': expect.any(String), 'x-kpsdk-cd': expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [first] = gqlRequests();
    expect(first).toMatchObject({ method: 'POST', status: 200, operations: ['ChannelPointsContext'] });
    const headers = first!.headers;
    expect(headers).toMatchObject({
      authorization: `OAuth ${viewer.token}`,
      'client-id': WEB,
      'x-device-id': viewer.deviceId,
      'client-session-id': expect.stringMatching(/^[0-9a-f]{16}$/),
      'client-version': sim.world.buildId,
      'content-type': 'text/plain;charset=UTF-8',
      'client-integrity': expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/), // strict: a JWT
    });
    // Under the strict world the read was gated: the page's token passed.
    expect(sim.world.integrityRefusals).toEqual([]);
    await tick();
    expect(gqlRequests()).toHaveLength(2);
    expect(gqlRequests()[1]!.headers['client-integrity']).toBe(headers['client-integrity']);

    // What an extension that observed the request can do with it: claim with the page's headers replayed.
    const chest = sim.world.offerClaim(viewer, 'alpha');
    const captured = Object.fromEntries(['client-integrity', 'client-session-id', 'client-version', 'x-device-id'].map((h) => [h, String(headers[h])]));
    const claim = await gqlBody(fetch, 'ClaimCommunityPoints', { input: { channelID: sim.world.channel('alpha').id, claimID: chest } }, { user: viewer, headers: captured });
    expect(claim.errors).toBeUndefined();
    expect(sim.world.pointEvents.map((e) => e.reason)).toEqual(['claim']);
  });

  it('sends the drops pages\' and the home page\'s requests, answered under the strict world', async () => {
    const { sim, viewer, fetch } = await pagesWorld();
    sim.world.strict2026();
    const cookie = `auth-token=${viewer.token}; unique_id=${viewer.deviceId}`;
    for (const path of ['/drops/inventory', '/drops/campaigns', '/']) await runPage(fetch, await (await fetch(`https://www.twitch.tv${path}`)).text(), cookie);
    const sent = sim.requests.filter((r) => r.path === '/gql');
    expect(sent.map((r) => [r.operations, r.status])).toEqual([[['Inventory'], 200], [['ViewerDropsDashboard'], 200], [['FollowedLiveUsers'], 200]]);
    expect(sim.world.integrityRefusals).toEqual([]);
    // The home page's raw query, answered with the fields it asked for.
    const home = await gqlRequest(fetch, [{ query: pageBody(await (await fetch('https://www.twitch.tv/')).text())[0]!.query, variables: { cursor: null } }], {
      user: viewer,
      headers: sim.world.pageSession(viewer).headers,
    });
    expect((home.body as Json[])[0]).toMatchObject({ data: { currentUser: { followedLiveUsers: { edges: [{ node: { login: 'beta' } }] } } } });
  });
});
