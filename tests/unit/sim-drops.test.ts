import { describe, expect, it } from 'vitest';
import type { CampaignSpec } from '../sim/drops';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser, World } from '../sim/world';
import { gql, gqlBody, HOUR, minuteProps, MINUTE, postSpade, TV, useSim, watchEvent, watchMinute, type Caller, type Json } from './sim-requests';

// Drop campaigns and progress, with requests written from shared/twitch-wire.md and its 2026 samples.
const RUST = { id: '263490', name: 'Rust' };
const FORTNITE = { id: '33214', name: 'Fortnite' };

type Fetch = typeof globalThis.fetch;

/** A Rust campaign of one 3-minute DIRECT_ENTITLEMENT drop, active for a day from now, with overrides. */
function rustCampaign(world: World, overrides: Partial<CampaignSpec> = {}): CampaignSpec {
  const now = world.clock.now();
  return {
    name: 'Rust Drops',
    game: RUST,
    startAt: now,
    endAt: now + 24 * HOUR,
    drops: [{ name: 'Rust hoodie', requiredMinutes: 3, benefit: { name: 'Hoodie' } }],
    ...overrides,
  };
}

/** A viewer, and live channels: rust_a and rust_b with drops, rust_plain without, fort playing another game. */
async function dropsWorld(): Promise<{ sim: Sim; world: World; viewer: SimUser; fetch: Fetch }> {
  const sim = await useSim((w) => {
    w.addUser('viewer');
    w.addUser('other');
    w.addChannel('rust_a', { live: true, game: RUST, dropsEnabled: true });
    w.addChannel('rust_b', { live: true, game: RUST, dropsEnabled: true });
    w.addChannel('rust_plain', { live: true, game: RUST });
    w.addChannel('fort', { live: true, game: FORTNITE, dropsEnabled: true });
    w.requireIntegrity = false; // these tests are about other rules; sim-auth.test.ts covers integrity
  });
  return { sim, world: sim.world, viewer: sim.world.users.get('viewer')!, fetch: simFetch(sim) };
}

interface WireDrop {
  id: string;
  requiredMinutesWatched: number;
  requiredSubs: number;
  preconditionDrops: { id: string }[] | null;
  benefitEdges: { benefit: { id: string; name: string; distributionType: string }; entitlementLimit: number }[] | null;
  self: { hasPreconditionsMet: boolean; currentMinutesWatched: number; isClaimed: boolean; dropInstanceID: string | null };
}
interface WireCampaign {
  id: string;
  status: string;
  accountLinkURL: string | null;
  self: { isAccountConnected: boolean };
  allow: { channels: unknown; isEnabled: boolean };
  timeBasedDrops: WireDrop[];
}
interface InventoryData {
  currentUser: {
    id: string;
    inventory: {
      dropCampaignsInProgress: WireCampaign[];
      gameEventDrops: { id: string; benefit: { id: string }; lastAwardedAt: string }[];
      earnedDropRewards: { edges: { node: Json }[] };
    };
  } | null;
}

const inventory = async (fetch: Fetch, user?: SimUser) => (await gql<InventoryData>(fetch, 'Inventory', { fetchRewardCampaigns: false }, { user })).currentUser;
/** The user's drops of the one campaign in progress, by id. */
async function inventoryDrops(fetch: Fetch, user: SimUser): Promise<Map<string, WireDrop>> {
  const campaigns = (await inventory(fetch, user))!.inventory.dropCampaignsInProgress;
  expect(campaigns).toHaveLength(1);
  return new Map(campaigns[0]!.timeBasedDrops.map((d) => [d.id, d]));
}

type ClaimData = { claimDropRewards: { status: string; isUserAccountConnected: boolean; dropType: string } | null };
const claim = (fetch: Fetch, user: SimUser, dropInstanceID: string) => gqlBody<ClaimData>(fetch, 'DropsPage_ClaimDropRewards', { input: { dropInstanceID } }, { user });

describe('drop progress', () => {
  it('credits only drops-enabled channels of the game, and only the allowed ones when the campaign has a list', async () => {
    const { world, viewer } = await dropsWorld();
    const open = world.addCampaign(rustCampaign(world, { id: 'open' }));
    const listed = world.addCampaign(rustCampaign(world, { allowedChannels: ['Rust_B'], drops: [{ name: 'Rust cap', requiredMinutes: 5, benefit: { name: 'Cap' } }] }));
    expect(listed.allowedChannels).toEqual(['rust_b']);
    expect(listed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(listed.drops[0]).toMatchObject({ startAt: listed.startAt, endAt: listed.endAt, requiredSubs: 0, benefit: { distributionType: 'DIRECT_ENTITLEMENT' } });
    const [openDrop, listedDrop] = [open.drops[0]!.id, listed.drops[0]!.id];

    // Watch minutes credited on a channel without drops or of another game make no drop progress.
    for (const login of ['rust_plain', 'fort']) {
      expect(watchEvent(world, viewer, login)).toMatchObject({ credited: true, dropCredited: false, dropReason: 'no-campaign' });
      world.clock.advance(MINUTE);
    }
    expect(world.dropEvents).toEqual([]);

    expect(watchEvent(world, viewer, 'rust_a')).toMatchObject({ credited: true, reason: 'credited', dropCredited: true, dropReason: 'credited' });
    expect(world.dropProgress(viewer, openDrop)).toEqual({ minutes: 1, claimed: false });
    expect(world.dropProgress(viewer, listedDrop).minutes).toBe(0);
    expect(world.dropEvents).toEqual([{ at: world.clock.now(), userId: viewer.id, channelLogin: 'rust_a', campaignId: 'open', dropId: openDrop, minutes: 1 }]);

    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_b');
    expect(world.dropProgress(viewer, openDrop).minutes).toBe(2);
    expect(world.dropProgress(viewer, listedDrop).minutes).toBe(1);
    // An offline channel earns nothing at all.
    world.goOffline('rust_b');
    world.clock.advance(MINUTE);
    expect(watchEvent(world, viewer, 'rust_b')).toMatchObject({ credited: false, reason: 'offline', dropReason: 'not-watched' });
    expect(world.dropEvents).toHaveLength(3);
    expect(() => world.dropProgress(viewer, 'no-such-drop')).toThrow();
    expect(() => world.addCampaign(rustCampaign(world, { allowedChannels: ['nobody'] }))).toThrow();
  });

  it("needs the event's game_id to be the campaign's game, and the whole property set under wire.spadeFullProperties", async () => {
    const { world, viewer } = await dropsWorld();
    const dropId = world.addCampaign(rustCampaign(world, { drops: [{ name: 'Long', requiredMinutes: 60, benefit: { name: 'Long' } }] })).drops[0]!.id;
    const minute = (overrides: Json) => {
      const event = watchEvent(world, viewer, 'rust_a', overrides);
      world.clock.advance(MINUTE);
      return [event.reason, event.dropReason];
    };
    // A points minute either way; a drop minute only with Rust's id.
    expect(minute({ game_id: undefined })).toEqual(['credited', 'no-game']);
    expect(minute({ game_id: '' })).toEqual(['credited', 'no-game']);
    expect(minute({ game_id: FORTNITE.id, game: FORTNITE.name })).toEqual(['credited', 'wrong-game']);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(0);
    // Leniently, game_id alone will do: no other property is needed, user_id may be a string.
    const c = world.channel('rust_a');
    expect(world.minuteWatched({ channel_id: c.id, channel: 'rust_a', broadcast_id: c.streamId, live: true, user_id: viewer.id, game_id: RUST.id }).dropReason).toBe('credited');
    world.clock.advance(MINUTE);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(1);

    world.wire.spadeFullProperties = true;
    const incomplete = (props: Json) => world.minuteWatched(props).dropReason;
    expect(incomplete(minuteProps(world, viewer, 'rust_a', { user_id: viewer.id }))).toBe('incomplete');
    world.clock.advance(MINUTE);
    const { muted: _muted, ...withoutMuted } = minuteProps(world, viewer, 'rust_a');
    expect(incomplete(withoutMuted)).toBe('incomplete');
    world.clock.advance(MINUTE);
    expect(minute({})).toEqual(['credited', 'credited']);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(2);
  });

  it('needs the campaign and the drop active, and a linked account when there is one to link', async () => {
    const { world, viewer } = await dropsWorld();
    const t0 = world.clock.now();
    const c = world.addCampaign(
      rustCampaign(world, {
        startAt: t0 + 10 * MINUTE,
        endAt: t0 + 20 * MINUTE,
        accountLinkURL: 'https://example.com/link',
        drops: [
          { id: 'early', name: 'Early', requiredMinutes: 60, benefit: { name: 'Early' } },
          { id: 'late', name: 'Late', requiredMinutes: 60, benefit: { name: 'Late' }, startAt: t0 + 15 * MINUTE },
        ],
      }),
    );
    const minutes = () => [world.dropProgress(viewer, 'early').minutes, world.dropProgress(viewer, 'late').minutes];

    expect(watchEvent(world, viewer, 'rust_a').dropReason).toBe('no-campaign'); // upcoming
    world.clock.advance(10 * MINUTE);
    watchMinute(world, viewer, 'rust_a'); // active; the late drop's window is not open yet
    expect(minutes()).toEqual([1, 0]);

    world.setAccountLinked(viewer, c.id, false);
    world.clock.advance(MINUTE);
    expect(watchEvent(world, viewer, 'rust_a')).toMatchObject({ credited: true, dropReason: 'no-campaign' });
    expect(minutes()).toEqual([1, 0]);
    world.setAccountLinked(viewer, c.id, true);
    world.clock.advance(4 * MINUTE);
    watchMinute(world, viewer, 'rust_a');
    expect(minutes()).toEqual([2, 1]);

    world.clock.advance(5 * MINUTE); // t0 + 20 min: ended
    watchMinute(world, viewer, 'rust_a');
    expect(minutes()).toEqual([2, 1]);
    expect(() => world.setAccountLinked(viewer, 'no-such-campaign', true)).toThrow();
  });

  it('progresses a campaign with no account to link, though isAccountConnected says false', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world));
    expect(c.accountLinkURL).toBeNull();
    expect(() => world.setAccountLinked(viewer, c.id, false)).toThrow(/no account to link/);
    expect(watchEvent(world, viewer, 'rust_a').dropReason).toBe('credited');
    const [campaign] = (await inventory(fetch, viewer))!.inventory.dropCampaignsInProgress;
    expect(campaign).toMatchObject({ accountLinkURL: null, self: { isAccountConnected: false } });
  });

  it('never progresses a sub-only drop by watching', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    world.addCampaign(
      rustCampaign(world, {
        drops: [
          { id: 'watch', name: 'Watch', requiredMinutes: 2, benefit: { name: 'Watch' } },
          { id: 'subs', name: 'Subs', requiredMinutes: 1, requiredSubs: 1, benefit: { name: 'Subs' } },
        ],
      }),
    );
    for (let i = 0; i < 3; i++) {
      watchMinute(world, viewer, 'rust_a');
      world.clock.advance(MINUTE);
    }
    expect(world.dropProgress(viewer, 'watch').minutes).toBe(2);
    expect(world.dropProgress(viewer, 'subs').minutes).toBe(0);
    // Its campaign's other drop is done: the minute takes nothing.
    expect(world.watchEvents.map((e) => e.dropReason)).toEqual(['credited', 'credited', 'no-drop']);
    const drops = await inventoryDrops(fetch, viewer);
    expect(drops.get('subs')).toMatchObject({ requiredSubs: 1, self: { currentMinutesWatched: 0, dropInstanceID: null } });
    expect(drops.get('watch')!.requiredSubs).toBe(0);
  });

  it('progresses on one channel at a time', async () => {
    const { world, viewer } = await dropsWorld();
    const dropId = world.addCampaign(rustCampaign(world, { drops: [{ name: 'Long', requiredMinutes: 60, benefit: { name: 'Long' } }] })).drops[0]!.id;
    for (let i = 0; i < 3; i++) {
      expect(watchMinute(world, viewer, 'rust_a')).toBe(true);
      world.clock.advance(5_000);
      expect(watchEvent(world, viewer, 'rust_b')).toMatchObject({ credited: true, dropReason: 'too-soon' });
      world.clock.advance(55_000);
    }
    expect(world.creditedMinutes(viewer)).toBe(6);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(3);
    expect(world.dropEvents.map((e) => e.channelLogin)).toEqual(['rust_a', 'rust_a', 'rust_a']);

    // 49 s after rust_a's drop minute, rust_b still gets none; once rust_a stops, rust_b takes over.
    watchMinute(world, viewer, 'rust_a');
    world.clock.advance(49_000);
    watchMinute(world, viewer, 'rust_b');
    expect(world.dropProgress(viewer, dropId).minutes).toBe(4);
    world.clock.advance(60_000);
    watchMinute(world, viewer, 'rust_b');
    expect(world.dropEvents.map((e) => e.channelLogin).slice(-2)).toEqual(['rust_a', 'rust_b']);
  });

  it('credits a drop from the spade POST alone, and nothing while spade is silenced', async () => {
    const { sim, world, viewer, fetch } = await dropsWorld();
    const dropId = world.addCampaign(rustCampaign(world)).drops[0]!.id;
    expect(await postSpade(fetch, [{ event: 'minute-watched', properties: minuteProps(world, viewer, 'rust_a') }])).toBe(204);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(1);
    world.wire.creditSpade = false;
    world.clock.advance(MINUTE);
    expect(await postSpade(fetch, [{ event: 'minute-watched', properties: minuteProps(world, viewer, 'rust_a') }])).toBe(204);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(1);
    expect(world.watchEvents.map((e) => [e.reason, e.dropReason])).toEqual([['credited', 'credited'], ['silenced', 'silenced']]);
    expect(sim.requests.filter((r) => r.operations.includes('spade')).map((r) => r.status)).toEqual([204, 204]);
  });
});

describe('preconditions, completion and claims', () => {
  it('holds a drop until its DIRECT_ENTITLEMENT precondition is claimed and its BADGE precondition is completed', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(
      rustCampaign(world, {
        drops: [
          { id: 'a', name: 'A', requiredMinutes: 2, benefit: { name: 'A' } },
          { id: 'b', name: 'B', requiredMinutes: 2, benefit: { name: 'B' }, preconditionDropIds: ['a'] },
          { id: 'badge', name: 'Badge', requiredMinutes: 1, benefit: { name: 'Badge', distributionType: 'BADGE' } },
          { id: 'after-badge', name: 'After badge', requiredMinutes: 5, benefit: { name: 'After' }, preconditionDropIds: ['badge'] },
        ],
      }),
    );
    const minutes = () => ['a', 'b', 'badge', 'after-badge'].map((id) => world.dropProgress(viewer, id).minutes);
    const minute = () => {
      watchMinute(world, viewer, 'rust_a');
      world.clock.advance(MINUTE);
    };

    minute(); // the minute that completes the badge does not count for the drop after it
    expect(minutes()).toEqual([1, 0, 1, 0]);
    minute();
    minute();
    expect(minutes()).toEqual([2, 0, 1, 2]);
    let drops = await inventoryDrops(fetch, viewer);
    expect(drops.get('b')!.preconditionDrops).toEqual([{ id: 'a', __typename: 'TimeBasedDrop' }]);
    expect(drops.get('a')!.preconditionDrops).toBeNull();
    expect(drops.get('b')!.self).toMatchObject({ hasPreconditionsMet: false, currentMinutesWatched: 0 });
    expect(drops.get('after-badge')!.self.hasPreconditionsMet).toBe(true);

    expect((await claim(fetch, viewer, `${viewer.id}#${c.id}#a`)).data?.claimDropRewards?.status).toBe('ELIGIBLE_FOR_ALL');
    drops = await inventoryDrops(fetch, viewer);
    expect(drops.get('b')!.self.hasPreconditionsMet).toBe(true);
    minute();
    expect(minutes()).toEqual([2, 1, 1, 3]);
  });

  it('gives a dropInstanceID once the minutes are watched, claims it once, and lists the reward as the 2026 inventory does', async () => {
    const { sim, world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world, { drops: [{ id: 'hoodie', name: 'Rust hoodie', requiredMinutes: 2, benefit: { id: 'hoodie-benefit', name: 'Hoodie' } }] }));
    const instance = `${viewer.id}#${c.id}#hoodie`;
    expect(await inventory(fetch, viewer)).toEqual({
      id: viewer.id,
      inventory: { dropCampaignsInProgress: [], gameEventDrops: [], earnedDropRewards: { edges: [] }, __typename: 'Inventory' },
      __typename: 'User',
    });

    watchMinute(world, viewer, 'rust_a');
    const [campaign] = (await inventory(fetch, viewer))!.inventory.dropCampaignsInProgress;
    expect(campaign).toMatchObject({
      id: c.id,
      status: 'ACTIVE',
      game: { id: RUST.id, slug: 'rust', displayName: 'Rust' },
      allow: { channels: null, isEnabled: false },
      eventBasedDrops: [],
    });
    expect((await inventoryDrops(fetch, viewer)).get('hoodie')).toMatchObject({
      requiredMinutesWatched: 2,
      requiredSubs: 0,
      benefitEdges: [{ benefit: { id: 'hoodie-benefit', name: 'Hoodie', distributionType: 'DIRECT_ENTITLEMENT' }, entitlementLimit: 1 }],
      self: { currentMinutesWatched: 1, isClaimed: false, dropInstanceID: null },
    });
    // Not watched out yet: not found, a GQL error beside null data.
    const early = await claim(fetch, viewer, instance);
    expect(early.data).toEqual({ claimDropRewards: null });
    expect(early.errors).toEqual([{ message: 'DROP_INSTANCE_NOT_FOUND' }]);

    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
    expect((await inventoryDrops(fetch, viewer)).get('hoodie')!.self).toMatchObject({ currentMinutesWatched: 2, isClaimed: false, dropInstanceID: instance });

    // Another user cannot claim it, nor can anyone claim an id the sim never gave.
    const other = world.users.get('other')!;
    expect((await claim(fetch, other, instance)).errors).toEqual([{ message: 'DROP_INSTANCE_NOT_FOUND' }]);
    expect((await claim(fetch, viewer, `${viewer.id}#${c.id}#nothing`)).errors).toEqual([{ message: 'DROP_INSTANCE_NOT_FOUND' }]);

    // An integrity challenge claims nothing.
    sim.faults.add('DropsPage_ClaimDropRewards', 'integrity');
    const challenged = await claim(fetch, viewer, instance);
    expect(challenged).toMatchObject({ errors: [{ message: 'failed integrity check' }], data: { claimDropRewards: null }, extensions: { challenge: { type: 'integrity' } } });
    expect(world.dropProgress(viewer, 'hoodie').claimed).toBe(false);

    world.clock.advance(MINUTE);
    const claimedAt = world.clock.now();
    const ok = await claim(fetch, viewer, instance);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ claimDropRewards: { status: 'ELIGIBLE_FOR_ALL', isUserAccountConnected: true, dropType: 'TIME_BASED', __typename: 'ClaimDropRewardsPayload' } });
    expect(world.dropProgress(viewer, 'hoodie')).toEqual({ minutes: 2, claimed: true, claimedAt });
    expect((await claim(fetch, viewer, instance)).data?.claimDropRewards?.status).toBe('DROP_INSTANCE_ALREADY_CLAIMED');

    expect((await inventoryDrops(fetch, viewer)).get('hoodie')!.self).toMatchObject({ currentMinutesWatched: 2, isClaimed: true, dropInstanceID: instance });
    const after = (await inventory(fetch, viewer))!.inventory;
    const at = new Date(claimedAt).toISOString();
    expect(after.gameEventDrops).toEqual([{ id: 'hoodie-benefit', benefit: { id: 'hoodie-benefit' }, lastAwardedAt: at, __typename: 'UserDropReward' }]);
    expect(after.earnedDropRewards.edges).toEqual([
      { node: { id: 'hoodie-benefit', item: { id: 'hoodie-benefit' }, campaign: { id: c.id }, status: 'CLAIMED', earnedAt: at } },
    ]);
    // A claimed drop takes no more minutes.
    world.clock.advance(MINUTE);
    expect(watchEvent(world, viewer, 'rust_a').dropReason).toBe('no-drop');
    expect(world.dropProgress(viewer, 'hoodie').minutes).toBe(2);

    expect(world.claims.map((a) => [a.userId, a.status])).toEqual([
      [viewer.id, 'DROP_INSTANCE_NOT_FOUND'],
      [other.id, 'DROP_INSTANCE_NOT_FOUND'],
      [viewer.id, 'DROP_INSTANCE_NOT_FOUND'],
      [viewer.id, 'ELIGIBLE_FOR_ALL'],
      [viewer.id, 'DROP_INSTANCE_ALREADY_CLAIMED'],
    ]);
    expect(world.claims[3]).toEqual({ at: claimedAt, userId: viewer.id, dropInstanceId: instance, status: 'ELIGIBLE_FOR_ALL' });
    expect(await inventory(fetch)).toBeNull();
  });

  it("accepts claims until the campaign's end + 24 h, and keeps it in the inventory till then", async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const t0 = world.clock.now();
    const drops = ['a', 'b'].map((id) => ({ id, name: id, requiredMinutes: 1, benefit: { name: id } }));
    const c = world.addCampaign(rustCampaign(world, { endAt: t0 + 10 * MINUTE, drops }));
    watchMinute(world, viewer, 'rust_a');
    world.clock.advance(10 * MINUTE + 24 * HOUR - 1);
    expect((await inventory(fetch, viewer))!.inventory.dropCampaignsInProgress.map((x) => [x.id, x.status])).toEqual([[c.id, 'EXPIRED']]);
    expect((await claim(fetch, viewer, `${viewer.id}#${c.id}#a`)).data?.claimDropRewards?.status).toBe('ELIGIBLE_FOR_ALL');
    world.clock.advance(1);
    expect((await claim(fetch, viewer, `${viewer.id}#${c.id}#b`)).errors).toEqual([{ message: 'DROP_INSTANCE_NOT_FOUND' }]);
    expect((await inventory(fetch, viewer))!.inventory.dropCampaignsInProgress).toEqual([]);
  });

  it('completes a BADGE drop without a claim', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world, { drops: [{ id: 'badge', name: 'Badge', requiredMinutes: 2, benefit: { name: 'Badge', distributionType: 'BADGE' } }] }));
    for (let i = 0; i < 3; i++) {
      watchMinute(world, viewer, 'rust_a');
      world.clock.advance(MINUTE);
    }
    expect(world.dropProgress(viewer, 'badge')).toEqual({ minutes: 2, claimed: false });
    expect((await inventoryDrops(fetch, viewer)).get('badge')!.self).toMatchObject({ currentMinutesWatched: 2, isClaimed: false, dropInstanceID: null });
    expect((await claim(fetch, viewer, `${viewer.id}#${c.id}#badge`)).errors).toEqual([{ message: 'DROP_INSTANCE_NOT_FOUND' }]);
    expect((await inventory(fetch, viewer))!.inventory.gameEventDrops).toEqual([]);
  });
});

describe('the drops operations', () => {
  it('lists campaigns in ViewerDropsDashboard as UPCOMING, ACTIVE or EXPIRED, up to a day after their end; none for a TV token', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const now = world.clock.now();
    const window = (startAt: number, endAt: number, name: string, accountLinkURL?: string) =>
      world.addCampaign(rustCampaign(world, { id: name, name, startAt, endAt, accountLinkURL })).id;
    window(now + HOUR, now + 2 * HOUR, 'upcoming');
    window(now - HOUR, now + HOUR, 'active', 'https://example.com/link');
    window(now - 2 * HOUR, now - HOUR, 'expired');
    window(now - 30 * HOUR, now - 25 * HOUR, 'long-gone');
    world.setAccountLinked(viewer, 'active', false);

    type Dashboard = { currentUser: { id: string; login: string; dropCampaigns: Json[] | null } | null };
    const data = await gql<Dashboard>(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: false }, { user: viewer });
    expect(data.currentUser).toMatchObject({ id: viewer.id, login: 'viewer' });
    const campaigns = data.currentUser!.dropCampaigns!;
    expect(campaigns.map((c) => [c.id, c.status])).toEqual([['upcoming', 'UPCOMING'], ['active', 'ACTIVE'], ['expired', 'EXPIRED']]);
    expect(campaigns[1]).toEqual({
      id: 'active',
      name: 'active',
      status: 'ACTIVE',
      startAt: new Date(now - HOUR).toISOString(),
      endAt: new Date(now + HOUR).toISOString(),
      detailsURL: 'https://www.twitch.tv/drops/campaigns?dropID=active',
      accountLinkURL: 'https://example.com/link',
      imageURL: 'https://static-cdn.jtvnw.net/twitch-quests-assets/CAMPAIGN/active.png',
      self: { isAccountConnected: false, __typename: 'DropCampaignSelfEdge' },
      owner: { id: `org-${RUST.id}`, name: RUST.name, __typename: 'Organization' },
      game: { id: RUST.id, displayName: RUST.name, boxArtURL: `https://static-cdn.jtvnw.net/ttv-boxart/${RUST.id}-144x192.jpg`, __typename: 'Game' },
      __typename: 'DropCampaign',
    });
    expect(campaigns[0]).toMatchObject({ accountLinkURL: null, self: { isAccountConnected: false } });
    expect(await gql(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: false })).toEqual({ currentUser: null });
    // The TV client's token lists no campaigns (rangermix#112), yet its in-progress inventory works.
    const tv: Caller = { token: world.issueToken(viewer, TV).accessToken, clientId: TV };
    expect((await gql<Dashboard>(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: false }, tv)).currentUser).toMatchObject({ id: viewer.id, dropCampaigns: null });
    expect((await gql<InventoryData>(fetch, 'Inventory', { fetchRewardCampaigns: false }, tv)).currentUser?.id).toBe(viewer.id);
  });

  it('lists the reward campaigns not over beside currentUser when fetchRewardCampaigns is true, none when false', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const now = world.clock.now();
    world.addRewardCampaign({ id: 'sub', name: 'Sub for a month of TV', brand: 'TV+', startAt: now - HOUR, endAt: now + HOUR, subsGoal: 1, externalURL: 'https://tv.example/redeem', rewards: [{ id: 'month', name: 'A month' }] });
    world.addRewardCampaign({ id: 'quest', name: 'Watch quest', brand: 'Studio', game: RUST, startAt: now - HOUR, endAt: now + HOUR, minutesGoal: 60, rewards: [{ name: 'Banner' }] });
    world.addRewardCampaign({ id: 'over', name: 'Over', brand: 'Old', startAt: now - 3 * HOUR, endAt: now - HOUR, rewards: [] });

    type Dashboard = { currentUser: Json | null; rewardCampaignsAvailableToUser?: Json[] };
    const asked = await gql<Dashboard>(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: true }, { user: viewer });
    const rewards = asked.rewardCampaignsAvailableToUser!;
    expect(rewards.map((r) => r.id)).toEqual(['sub', 'quest']);
    expect(rewards[0]).toMatchObject({
      name: 'Sub for a month of TV',
      brand: 'TV+',
      startsAt: new Date(now - HOUR).toISOString(),
      endsAt: new Date(now + HOUR).toISOString(),
      externalURL: 'https://tv.example/redeem',
      isSitewide: true,
      game: null,
      unlockRequirements: { subsGoal: 1, minuteWatchedGoal: 0 },
      rewards: [{ id: 'month', name: 'A month', thumbnailImage: { image1xURL: expect.stringContaining('month') } }],
      __typename: 'RewardCampaign',
    });
    expect(rewards[1]).toMatchObject({ isSitewide: false, game: { id: RUST.id, displayName: RUST.name }, unlockRequirements: { subsGoal: 0, minuteWatchedGoal: 60 } });
    expect(asked.currentUser).toMatchObject({ id: viewer.id });
    expect('rewardCampaignsAvailableToUser' in (await gql<Dashboard>(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: false }, { user: viewer }))).toBe(false);
  });

  it("details a campaign in DropCampaignDetails for the viewer's id (and login unless wire.dropDetailsByIdOnly)", async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(
      rustCampaign(world, {
        accountLinkURL: 'https://example.com/link',
        allowedChannels: ['rust_a', 'rust_b'],
        drops: [
          { id: 'one', name: 'One', requiredMinutes: 30, benefit: { id: 'b1', name: 'Skin', imageUrl: 'https://example.com/skin.png' } },
          { id: 'two', name: 'Two', requiredMinutes: 60, requiredSubs: 2, benefit: { id: 'b2', name: 'Badge', distributionType: 'BADGE' }, preconditionDropIds: ['one'] },
        ],
      }),
    );
    type Details = { user: { id: string; dropCampaign: Json | null } | null };
    const details = async (channelLogin: string, dropID = c.id, caller: Caller = { user: viewer }) =>
      (await gql<Details>(fetch, 'DropCampaignDetails', { channelLogin, dropID }, caller)).user;
    const campaign = (await details(viewer.id))!.dropCampaign!;
    expect(campaign).toMatchObject({
      id: c.id,
      name: 'Rust Drops',
      status: 'ACTIVE',
      accountLinkURL: 'https://example.com/link',
      owner: { name: 'Rust' },
      self: { isAccountConnected: true },
      eventBasedDrops: [],
      allow: {
        channels: ['rust_a', 'rust_b'].map((login) => ({ id: world.channel(login).id, name: login, displayName: login, __typename: 'Channel' })),
        isEnabled: true,
      },
    });
    // The 2026 game: slug and displayName, no name (samples/DropCampaignDetails.1.json).
    expect(campaign.game).toEqual({ id: RUST.id, slug: 'rust', displayName: 'Rust', __typename: 'Game' });
    expect(campaign.description).toEqual(expect.any(String));
    expect(campaign.timeBasedDrops).toEqual([
      {
        id: 'one',
        name: 'One',
        startAt: new Date(c.startAt).toISOString(),
        endAt: new Date(c.endAt).toISOString(),
        requiredMinutesWatched: 30,
        requiredSubs: 0,
        preconditionDrops: null,
        benefitEdges: [
          {
            benefit: {
              id: 'b1', name: 'Skin', imageAssetURL: 'https://example.com/skin.png', distributionType: 'DIRECT_ENTITLEMENT',
              game: { id: RUST.id, name: 'Rust', __typename: 'Game' }, __typename: 'DropBenefit',
            },
            entitlementLimit: 1,
            __typename: 'DropBenefitEdge',
          },
        ],
        __typename: 'TimeBasedDrop',
      },
      expect.objectContaining({ id: 'two', requiredSubs: 2, preconditionDrops: [{ id: 'one', __typename: 'TimeBasedDrop' }] }),
    ]);
    expect((await details('VIEWER'))?.dropCampaign?.id).toBe(c.id);
    expect(await details('other')).toBeNull();
    expect(await details(viewer.id, c.id, {})).toBeNull();
    expect(await details(viewer.id, 'nope')).toEqual({ id: viewer.id, dropCampaign: null, __typename: 'User' });
    world.wire.dropDetailsByIdOnly = true;
    expect(await details('viewer')).toBeNull();
    expect((await details(viewer.id))?.dropCampaign?.id).toBe(c.id);
  });

  it("reports the drop progressed on the channel in the last 5 minutes in DropCurrentSessionContext; 'no session' by wire.emptyDropSession", async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world));
    const a = world.channel('rust_a');
    type Session = { currentUser: { id: string; dropCurrentSession: Json | null } | null };
    const session = async (channelID = a.id) => (await gql<Session>(fetch, 'DropCurrentSessionContext', { channelID, channelLogin: '' }, { user: viewer })).currentUser;
    expect(await session()).toEqual({ id: viewer.id, dropCurrentSession: null, __typename: 'User' });

    watchMinute(world, viewer, 'rust_plain'); // a watch minute, no drop minute
    expect((await session(world.channel('rust_plain').id))!.dropCurrentSession).toBeNull();
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
    expect((await session())!.dropCurrentSession).toEqual({
      channel: { id: a.id, name: 'rust_a', displayName: 'rust_a', __typename: 'Channel' },
      game: { id: RUST.id, displayName: RUST.name, __typename: 'Game' },
      currentMinutesWatched: 2,
      requiredMinutesWatched: 3,
      dropID: c.drops[0]!.id,
      __typename: 'DropCurrentSession',
    });
    // Asked about another channel, there is none.
    expect((await session(world.channel('rust_b').id))!.dropCurrentSession).toBeNull();
    world.clock.advance(5 * MINUTE);
    expect((await session())!.dropCurrentSession).not.toBeNull();
    world.clock.advance(1);
    expect((await session())!.dropCurrentSession).toBeNull();
    world.wire.emptyDropSession = true;
    expect((await session())!.dropCurrentSession).toEqual({
      dropID: '', currentMinutesWatched: 0, requiredMinutesWatched: 0, channel: null, game: null, __typename: 'DropCurrentSession',
    });
    expect(await gql(fetch, 'DropCurrentSessionContext', { channelID: a.id, channelLogin: '' })).toEqual({ currentUser: null });
  });

  it('answers Inventory with partial data under wire.partialInventory, and null benefitEdges under wire.nullBenefitEdges', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    world.addCampaign(rustCampaign(world, { allowedChannels: ['rust_a'] }));
    watchMinute(world, viewer, 'rust_a');
    world.wire.partialInventory = true;
    const partial = await gqlBody<InventoryData>(fetch, 'Inventory', { fetchRewardCampaigns: false }, { user: viewer });
    expect(partial.errors).toEqual([{ message: 'service timeout', path: ['currentUser', 'inventory', 'dropCampaignsInProgress', 0, 'allow', 'channels'] }]);
    const [campaign] = partial.data!.currentUser!.inventory.dropCampaignsInProgress;
    expect(campaign!.allow).toEqual({ channels: null, isEnabled: true, __typename: 'DropCampaignACL' });
    expect(campaign!.timeBasedDrops[0]!.self.currentMinutesWatched).toBe(1);
    world.wire.partialInventory = false;
    world.wire.nullBenefitEdges = true;
    const drops = await inventoryDrops(fetch, viewer);
    expect([...drops.values()].map((d) => d.benefitEdges)).toEqual([null]);
  });

  it("lists a live channel's campaigns in DropsHighlightService_AvailableDrops", async () => {
    const { world, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world));
    type Available = { channel: { id: string; viewerDropCampaigns: Json[] | null } | null };
    const available = async (login: string) => (await gql<Available>(fetch, 'DropsHighlightService_AvailableDrops', { channelID: world.channel(login).id })).channel;
    expect((await available('rust_a'))!.viewerDropCampaigns).toEqual([expect.objectContaining({ id: c.id, name: 'Rust Drops', game: expect.objectContaining({ id: RUST.id }) })]);
    expect((await available('rust_plain'))!.viewerDropCampaigns).toBeNull();
    expect((await available('fort'))!.viewerDropCampaigns).toBeNull();
    expect(await gql(fetch, 'DropsHighlightService_AvailableDrops', { channelID: '1' })).toEqual({ channel: null });
  });
});
