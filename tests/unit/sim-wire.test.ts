import { describe, expect, it } from 'vitest';
import { simFetch } from '../sim/fetch';
import { RETIRED_HASHES, SIM_HASHES } from '../sim/hashes';
import { gqlBody, gqlRequest, HASHES, minuteProps, op, useSim, watchEvent, type Json } from './sim-requests';

// The simulator's hash tables and switches, checked against shared/twitch-wire.md as written there.

/** The current hashes of the facts table, full ones only (7fe050e3… and c7c9d5aa… are given truncated). */
const FACTS_CURRENT: Record<string, string[]> = {
  ...Object.fromEntries(Object.entries(HASHES).map(([name, hash]) => [name, [hash]])),
  Inventory: [HASHES.Inventory!, 'd86775d0ef16a63a33ad52e80eaff963b2d5b72fada7c991504a57496e1d8e4b'],
  VideoPlayerStreamInfoOverlayChannel: [HASHES.VideoPlayerStreamInfoOverlayChannel!, 'e785b65ff71ad7b363b34878335f27dd9372869ad0c5740a130b9268bcdbe7e7'],
  PlaybackAccessToken: [HASHES.PlaybackAccessToken!, '0828119ded1c13477966434e15800ff57ddacf13ba1911c129dc2200705b0712'],
};

/** The retired hashes the 2025 simulator held, by the prefix the brief names them with. */
const RETIRED_PREFIXES: Record<string, string> = {
  ViewerDropsDashboard: '8d5d9b5e',
  Inventory: '37fea486',
  DropCampaignDetails: 'f6396f5f',
  ChannelPointsContext: '1530a003',
  VideoPlayerStreamInfoOverlayChannel: 'a5f2e34d',
  PlaybackAccessToken: '3093517e',
  PersonalSections: '9fbdfb00',
  DirectoryPage_Game: 'd5c5df7a',
  DropCurrentSessionContext: '2e4b3630',
};

async function wireWorld() {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addChannel('alpha', { live: true, dropsEnabled: true });
  });
  return { sim, world: sim.world, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
}

const PQNF = [{ message: 'PersistedQueryNotFound' }];

describe('persisted-query hashes', () => {
  it('holds the current hashes of the facts, and accepts each of them', async () => {
    const { world, viewer, fetch } = await wireWorld();
    expect(SIM_HASHES).toEqual(FACTS_CURRENT);
    world.requireIntegrity = false;
    for (const [name, hashes] of Object.entries(FACTS_CURRENT)) {
      for (const hash of hashes) expect((await gqlBody(fetch, name, {}, { user: viewer }, hash)).errors, `${name} ${hash}`).not.toEqual(PQNF);
    }
  });

  it('refuses each retired hash, and a known hash under another operation name, with PersistedQueryNotFound', async () => {
    const { viewer, fetch } = await wireWorld();
    for (const [name, prefix] of Object.entries(RETIRED_PREFIXES)) expect(RETIRED_HASHES[name]?.some((h) => h.startsWith(prefix)), name).toBe(true);
    for (const [name, hashes] of Object.entries(RETIRED_HASHES)) {
      for (const hash of hashes) {
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        const body = await gqlBody(fetch, name, {}, { user: viewer }, hash);
        expect(body, `${name} ${hash}`).toEqual({ errors: PQNF, extensions: expect.objectContaining({ operationName: name }) });
      }
    }
    expect((await gqlBody(fetch, 'Inventory', {}, { user: viewer }, HASHES.ViewerDropsDashboard)).errors).toEqual(PQNF);
    expect((await gqlBody(fetch, 'NoSuchOperation', {}, { user: viewer }, HASHES.Inventory)).errors).toEqual(PQNF);
  });

  it('rotates a hash at run time: the old ones are retired, the new one works', async () => {
    const { world, viewer, fetch } = await wireWorld();
    const fresh = 'abc'.padEnd(64, '0');
    world.rotateHash('Inventory', fresh);
    expect(world.hashes.currentOf('Inventory')).toEqual([fresh]);
    expect(world.hashes.retiredOf('Inventory')).toEqual([...RETIRED_HASHES.Inventory!, ...FACTS_CURRENT.Inventory!]);
    for (const old of FACTS_CURRENT.Inventory!) expect((await gqlBody(fetch, 'Inventory', { fetchRewardCampaigns: false }, { user: viewer }, old)).errors).toEqual(PQNF);
    expect((await gqlBody(fetch, 'Inventory', { fetchRewardCampaigns: false }, { user: viewer }, fresh)).data).toMatchObject({ currentUser: { id: viewer.id } });
    // The table the tests start from is not touched.
    expect(SIM_HASHES.Inventory).toEqual(FACTS_CURRENT.Inventory);
    expect(() => world.rotateHash('NoSuchOperation', fresh)).toThrow();
    expect(() => world.rotateHash('Inventory', 'not-a-hash')).toThrow();
  });
});

describe('the switches', () => {
  it("starts lenient, and strict2026() turns every switch strict at once", async () => {
    const { sim, world, viewer, fetch } = await wireWorld();
    expect(world.wire).toEqual({
      integrityFormat: 'paseto',
      bindClientVersion: false,
      gateReads: 'none',
      spadeUrlInPage: false,
      spadeFullProperties: false,
      creditSpade: true,
      creditSendEvents: false,
      sendEventsIntegrity: false,
      dropDetailsByIdOnly: false,
      emptyDropSession: false,
      nullBenefitEdges: false,
      partialInventory: false,
      deviceTokenWithoutExpiry: false,
      hermesEmptyReconnect: false,
      rawPointsContext: true,
    });
    world.requireIntegrity = false;
    world.strict2026();
    expect(world.requireIntegrity).toBe(true);
    expect(world.wire).toEqual({
      integrityFormat: 'jwt',
      bindClientVersion: true,
      gateReads: 'all',
      spadeUrlInPage: true,
      spadeFullProperties: true,
      creditSpade: true,
      creditSendEvents: false,
      sendEventsIntegrity: true,
      dropDetailsByIdOnly: true,
      emptyDropSession: true,
      nullBenefitEdges: true,
      partialInventory: true,
      deviceTokenWithoutExpiry: true,
      hermesEmptyReconnect: true,
      rawPointsContext: false,
    });

    // What a lenient client got away with, the strict world refuses.
    const now = world.clock.now();
    const c = world.addCampaign({ name: 'Chat Drops', game: world.channel('alpha').game!, startAt: now, endAt: now + 3_600_000, drops: [{ name: 'Hat', requiredMinutes: 5, benefit: { name: 'Hat' } }] });
    const bare = { user: viewer };
    expect((await gqlBody(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: false }, bare)).errors).toEqual([{ message: 'failed integrity check', path: ['currentUser'] }]);
    const page = { user: viewer, headers: world.pageSession(viewer).headers };
    expect(page.headers['Client-Integrity'].split('.')).toHaveLength(3);
    expect((await gqlBody(fetch, 'DropCampaignDetails', { channelLogin: 'viewer', dropID: c.id }, page)).data).toEqual({ user: null });
    expect((await gqlBody(fetch, 'DropCampaignDetails', { channelLogin: viewer.id, dropID: c.id }, page)).data).toMatchObject({ user: { dropCampaign: { id: c.id } } });
    const { player: _player, ...partial } = minuteProps(world, viewer, 'alpha');
    expect(world.minuteWatched(partial).dropReason).toBe('incomplete');
    world.clock.advance(60_000);
    expect(watchEvent(world, viewer, 'alpha').dropReason).toBe('credited');
    const session = await gqlBody<{ currentUser: { dropCurrentSession: Json } }>(fetch, 'DropCurrentSessionContext', { channelID: '1', channelLogin: '' }, page);
    expect(session.data!.currentUser.dropCurrentSession).toMatchObject({ dropID: '' });
    const inventory = (await gqlRequest(fetch, op('Inventory', { fetchRewardCampaigns: false }), page)).body as Json;
    expect(inventory.errors).toEqual([expect.objectContaining({ message: 'service timeout' })]);
    expect(await (await fetch('https://www.twitch.tv/alpha')).text()).toContain('"spade_url":"https://spade.twitch.tv/track"');
    expect(sim.world.integrityRefusals.map((r) => r.operation)).toEqual(['ViewerDropsDashboard']);
  });
});
