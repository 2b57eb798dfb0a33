import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import { ROTATED_READS, rotatedHash } from '../sim/hashes';
import { gqlBody, gqlRequest, HASHES, useSim, type Json } from './sim-requests';

// The simulator's rotated-hashes world, and ChannelPointsContext as a raw document (nothing here goes through lib/).

async function rotatedWorld() {
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer');
    w.addChannel('alpha', { live: true, viewers: 50 });
    w.addChannel('beta', { live: true, viewers: 900 });
    w.addChannel('gamma', { viewers: 5000 });
    w.follow(viewer, 'beta');
    w.setBalance(viewer, 'beta', 4321);
  });
  return { sim, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
}

const pageBody = (html: string) => JSON.parse(JSON.parse(/body: ("(?:[^"\\]|\\.)*")/.exec(html)![1]!) as string) as Json[];
const PQNF = [{ message: 'PersistedQueryNotFound' }];

/** ZARM's raw ChannelPointsContext (constants.py GQLOperations, 2026), as it sends it. */
const ZARM_POINTS =
  'query ChannelPointsContext($channelLogin: String!) {community: user(login: $channelLogin) {channel {self { communityPoints {' +
  'balance activeMultipliers { factor } availableClaim { id }} }communityPointsSettings { goals {id title isInStock pointsContributed amountNeeded ' +
  'perStreamUserMaximumContribution status} }}}}';

describe('the rotated-hashes world', () => {
  it('retires the three reads: their built-in hashes are PersistedQueryNotFound, the new ones answer', async () => {
    const { sim, viewer, fetch } = await rotatedWorld();
    const vars: Record<string, object> = { ViewerDropsDashboard: { fetchRewardCampaigns: false }, Inventory: { fetchRewardCampaigns: false }, ChannelPointsContext: { channelLogin: 'beta', includeGoalTypes: [] } };
    for (const op of ROTATED_READS) expect((await gqlBody(fetch, op, vars[op]!, { user: viewer })).errors, op).toBeUndefined();
    sim.world.rotateReads();
    for (const op of ROTATED_READS) {
      expect((await gqlBody(fetch, op, vars[op]!, { user: viewer })).errors, op).toEqual(PQNF);
      expect(rotatedHash(op)).toMatch(/^[0-9a-f]{64}$/);
      expect((await gqlBody(fetch, op, vars[op]!, { user: viewer }, rotatedHash(op))).errors, op).toBeUndefined();
    }
    expect(sim.world.hashes.rotated()).toEqual([...ROTATED_READS]);
    // Other operations keep their hashes.
    expect((await gqlBody(fetch, 'ChannelFollows', { limit: 10, order: 'ASC' }, { user: viewer })).errors).toBeUndefined();
  });

  it("every page then asks the three reads with the new hashes (its own, the top bar's, the featured channel's)", async () => {
    const { sim, fetch } = await rotatedWorld();
    const page = (path: string) => fetch(`https://www.twitch.tv${path}`).then((r) => r.text());
    const hashOf = (body: Json[], name: string) => (body.find((b) => b.operationName === name)?.extensions as { persistedQuery?: { sha256Hash?: string } } | undefined)?.persistedQuery?.sha256Hash;
    // Before the deploy, one operation per page.
    expect(pageBody(await page('/'))).toHaveLength(1);
    sim.world.rotateReads();
    for (const path of ['/', '/alpha', '/drops/inventory', '/drops/campaigns']) {
      const body = pageBody(await page(path));
      expect(body.map((b) => b.operationName).sort(), path).toEqual(
        [...ROTATED_READS, ...(path === '/' ? ['FollowedLiveUsers'] : [])].sort(),
      );
      for (const op of ROTATED_READS) expect(hashOf(body, op), `${path} ${op}`).toBe(rotatedHash(op));
    }
    // The home page's points are the most watched live channel's; a channel page's, its own.
    const channelOf = async (path: string) => (pageBody(await page(path)).find((b) => b.operationName === 'ChannelPointsContext')!.variables as Json).channelLogin;
    expect(await channelOf('/')).toBe('beta');
    expect(await channelOf('/alpha')).toBe('alpha');
  });
});

describe('ChannelPointsContext as a raw document', () => {
  it("answers ZARM's document with the persisted query's data under the alias, cut to the fields asked", async () => {
    const { viewer, fetch } = await rotatedWorld();
    const { body } = await gqlRequest(fetch, { operationName: 'ChannelPointsContext', query: ZARM_POINTS, variables: { channelLogin: 'beta' } }, { user: viewer });
    expect(body).toMatchObject({
      data: { community: { channel: { self: { communityPoints: { balance: 4321, activeMultipliers: [], availableClaim: null } }, communityPointsSettings: { goals: [] } } } },
    });
    expect((body as Json).errors).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain('displayName'); // not asked, not answered
    // The persisted answer holds the same balance.
    const persisted = await gqlBody<{ community: { channel: { self: { communityPoints: { balance: number } } } } }>(fetch, 'ChannelPointsContext', { channelLogin: 'beta', includeGoalTypes: [] }, { user: viewer }, HASHES.ChannelPointsContext);
    expect(persisted.data!.community.channel.self.communityPoints.balance).toBe(4321);
  });

  it('is not answered where the wire switch says Twitch does not (strict), nor gated reads without integrity', async () => {
    const { sim, viewer, fetch } = await rotatedWorld();
    const ask = async () => (await gqlRequest(fetch, { operationName: 'ChannelPointsContext', query: ZARM_POINTS, variables: { channelLogin: 'beta' } }, { user: viewer })).body as Json;
    sim.world.wire.rawPointsContext = false;
    expect((await ask()).errors).toEqual([{ message: expect.stringMatching(/^Cannot query field/) }]);
    sim.world.wire.rawPointsContext = true;
    sim.world.wire.gateReads = 'all';
    expect(await ask()).toMatchObject({ errors: [{ message: 'failed integrity check', path: ['community'] }], extensions: { challenge: { type: 'integrity' } } });
    sim.world.strict2026();
    expect(sim.world.wire.rawPointsContext).toBe(false);
  });
});
