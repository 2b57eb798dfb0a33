import { describe, expect, it } from 'vitest';
import type { CampaignSpec } from '../sim/drops';
import { simFetch } from '../sim/fetch';
import type { Sim } from '../sim/server';
import type { SimUser, World } from '../sim/world';
import { useSim } from './helpers';
import { makeGql, watchMinute } from './sim-requests';

// Hand-written requests, as twitch.tv's drops page and the peer tools send them (see shared/twitch-wire.md).
const HASHES: Record<string, string> = {
  ViewerDropsDashboard: '8d5d9b5e3f088f9d1ff39eb2caab11f7a4cf7a3353da9ce82b5778226ff37268',
  Inventory: '37fea486d6179047c41d0f549088a4c3a7dd60c05c70956a1490262f532dccd9',
  DropCampaignDetails: 'f6396f5ffdde867a8f6f6da18286e4baf02e5b98d14689a69b5af320a4c7b7b8',
  DropCurrentSessionContext: '2e4b3630b91552eb05b76a94b6850eb25fe42263b7cf6d06bee6d156dd247c1c',
  DropsPage_ClaimDropRewards: 'a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930',
  PlaybackAccessToken: '3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce',
};
const RUST = { id: '263490', name: 'Rust' };
const FORTNITE = { id: '33214', name: 'Fortnite' };
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type Fetch = typeof globalThis.fetch;
const { gqlBody, gql } = makeGql(HASHES);





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
  preconditionDrops: { id: string }[] | null;
  benefitEdges: { benefit: { id: string; name: string; distributionType: string }; entitlementLimit: number }[];
  self: { hasPreconditionsMet: boolean; currentMinutesWatched: number; isClaimed: boolean; dropInstanceID: string | null };
}
interface InventoryData {
  currentUser: {
    id: string;
    inventory: {
      dropCampaignsInProgress: { id: string; status: string; allow: { channels: unknown; isEnabled: boolean }; timeBasedDrops: WireDrop[] }[];
      gameEventDrops: { id: string; name: string; lastAwardedAt: string; totalCount: number; game: { id: string } }[];
      completedRewardCampaigns: unknown[];
    };
  } | null;
}

const inventory = async (fetch: Fetch, user?: SimUser) => (await gql<InventoryData>(fetch, 'Inventory', { fetchRewardCampaigns: true }, user)).currentUser;
/** The user's drops of the one campaign in progress, by id. */
async function inventoryDrops(fetch: Fetch, user: SimUser): Promise<Map<string, WireDrop>> {
  const campaigns = (await inventory(fetch, user))!.inventory.dropCampaignsInProgress;
  expect(campaigns).toHaveLength(1);
  return new Map(campaigns[0]!.timeBasedDrops.map((d) => [d.id, d]));
}

type ClaimData = { claimDropRewards: { status: string; isUserAccountConnected: boolean; dropType: string } | null };
const claim = (fetch: Fetch, user: SimUser, dropInstanceID: string) => gqlBody<ClaimData>(fetch, 'DropsPage_ClaimDropRewards', { input: { dropInstanceID } }, user);

describe('drop progress', () => {
  it('credits only drops-enabled channels of the game, and only the allowed ones when the campaign has a list', async () => {
    const { world, viewer } = await dropsWorld();
    const open = world.addCampaign(rustCampaign(world, { id: 'open' }));
    const listed = world.addCampaign(rustCampaign(world, { allowedChannels: ['Rust_B'], drops: [{ name: 'Rust cap', requiredMinutes: 5, benefit: { name: 'Cap' } }] }));
    expect(listed.allowedChannels).toEqual(['rust_b']);
    expect(listed.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(listed.drops[0]).toMatchObject({ startAt: listed.startAt, endAt: listed.endAt, benefit: { distributionType: 'DIRECT_ENTITLEMENT' } });
    const [openDrop, listedDrop] = [open.drops[0]!.id, listed.drops[0]!.id];

    // Watch minutes credited on a channel without drops or of another game make no drop progress.
    for (const login of ['rust_plain', 'fort']) {
      expect(watchMinute(world, viewer, login)).toBe(true);
      world.clock.advance(MINUTE);
    }
    expect(world.dropEvents).toEqual([]);

    expect(watchMinute(world, viewer, 'rust_a')).toBe(true);
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
    expect(watchMinute(world, viewer, 'rust_b')).toBe(false);
    expect(world.dropEvents).toHaveLength(3);
    expect(() => world.dropProgress(viewer, 'no-such-drop')).toThrow();
    expect(() => world.addCampaign(rustCampaign(world, { allowedChannels: ['nobody'] }))).toThrow();
  });

  it('needs the campaign and the drop active and the account linked', async () => {
    const { world, viewer } = await dropsWorld();
    const t0 = world.clock.now();
    const c = world.addCampaign(
      rustCampaign(world, {
        startAt: t0 + 10 * MINUTE,
        endAt: t0 + 20 * MINUTE,
        drops: [
          { id: 'early', name: 'Early', requiredMinutes: 60, benefit: { name: 'Early' } },
          { id: 'late', name: 'Late', requiredMinutes: 60, benefit: { name: 'Late' }, startAt: t0 + 15 * MINUTE },
        ],
      }),
    );
    const minutes = () => [world.dropProgress(viewer, 'early').minutes, world.dropProgress(viewer, 'late').minutes];

    watchMinute(world, viewer, 'rust_a'); // upcoming
    world.clock.advance(10 * MINUTE);
    watchMinute(world, viewer, 'rust_a'); // active; the late drop's window is not open yet
    expect(minutes()).toEqual([1, 0]);

    world.setAccountLinked(viewer, c.id, false);
    world.clock.advance(MINUTE);
    expect(watchMinute(world, viewer, 'rust_a')).toBe(true);
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

  it('progresses on one channel at a time', async () => {
    const { world, viewer } = await dropsWorld();
    const dropId = world.addCampaign(rustCampaign(world, { drops: [{ name: 'Long', requiredMinutes: 60, benefit: { name: 'Long' } }] })).drops[0]!.id;
    for (let i = 0; i < 3; i++) {
      expect(watchMinute(world, viewer, 'rust_a')).toBe(true);
      world.clock.advance(5_000);
      expect(watchMinute(world, viewer, 'rust_b')).toBe(true);
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

  it('credits a drop from the heartbeat a player sends over HTTP', async () => {
    const { sim, world, viewer, fetch } = await dropsWorld();
    const dropId = world.addCampaign(rustCampaign(world)).drops[0]!.id;
    const token = (await gql<{ streamPlaybackAccessToken: { value: string; signature: string } }>(
      fetch, 'PlaybackAccessToken', { login: 'rust_a', isLive: true, isVod: false, vodID: '', playerType: 'picture-by-picture' }, viewer,
    )).streamPlaybackAccessToken;
    const master = await (await fetch(`https://usher.ttvnw.net/api/channel/hls/rust_a.m3u8?sig=${token.signature}&token=${encodeURIComponent(token.value)}`)).text();
    const media = await (await fetch(master.split('\n').at(-1)!)).text();
    expect((await fetch(media.split('\n').at(-2)!, { method: 'HEAD' })).status).toBe(200);
    const c = world.channel('rust_a');
    const event = { event: 'minute-watched', properties: { channel_id: c.id, broadcast_id: c.streamId, player: 'site', user_id: viewer.id, live: true, channel: c.login, game: RUST.name, game_id: RUST.id } };
    const res = await fetch('https://video-edge-sim01.abs.hls.ttvnw.net/v1/segment/spade', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ data: Buffer.from(JSON.stringify([event])).toString('base64') }).toString(),
    });
    expect(res.status).toBe(204);
    expect(world.dropProgress(viewer, dropId).minutes).toBe(1);
    expect(sim.world.dropEvents).toHaveLength(1);
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

  it('gives a dropInstanceID once the minutes are watched, and claims it once', async () => {
    const { sim, world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world, { drops: [{ id: 'hoodie', name: 'Rust hoodie', requiredMinutes: 2, benefit: { id: 'hoodie-benefit', name: 'Hoodie' } }] }));
    const instance = `${viewer.id}#${c.id}#hoodie`;
    expect(await inventory(fetch, viewer)).toMatchObject({ id: viewer.id, inventory: { dropCampaignsInProgress: [], gameEventDrops: [], completedRewardCampaigns: [] } });

    watchMinute(world, viewer, 'rust_a');
    const progress = await inventory(fetch, viewer);
    expect(progress!.inventory.dropCampaignsInProgress[0]).toMatchObject({ id: c.id, status: 'ACTIVE', allow: { channels: null, isEnabled: false }, self: { isAccountConnected: true } });
    expect((await inventoryDrops(fetch, viewer)).get('hoodie')).toMatchObject({
      requiredMinutesWatched: 2,
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
    expect(challenged).toMatchObject({ errors: [{ message: 'failed integrity check' }], data: null, extensions: { challenge: { type: 'integrity' } } });
    expect(world.dropProgress(viewer, 'hoodie').claimed).toBe(false);

    world.clock.advance(MINUTE);
    const claimedAt = world.clock.now();
    const ok = await claim(fetch, viewer, instance);
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ claimDropRewards: { status: 'ELIGIBLE_FOR_ALL', isUserAccountConnected: true, dropType: 'TIME_BASED', __typename: 'ClaimDropRewardsPayload' } });
    expect(world.dropProgress(viewer, 'hoodie')).toEqual({ minutes: 2, claimed: true, claimedAt });
    expect((await claim(fetch, viewer, instance)).data?.claimDropRewards?.status).toBe('DROP_INSTANCE_ALREADY_CLAIMED');

    expect((await inventoryDrops(fetch, viewer)).get('hoodie')!.self).toMatchObject({ currentMinutesWatched: 2, isClaimed: true, dropInstanceID: instance });
    expect((await inventory(fetch, viewer))!.inventory.gameEventDrops).toEqual([
      {
        id: 'hoodie-benefit',
        name: 'Hoodie',
        imageURL: 'https://static-cdn.jtvnw.net/twitch-quests-assets/REWARD/hoodie-benefit.png',
        lastAwardedAt: new Date(claimedAt).toISOString(),
        totalCount: 1,
        isConnected: true,
        requiredAccountLink: false,
        game: { id: RUST.id, name: RUST.name, __typename: 'Game' },
        __typename: 'UserDropReward',
      },
    ]);
    // A claimed drop takes no more minutes.
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
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
  it('lists campaigns in ViewerDropsDashboard as UPCOMING, ACTIVE or EXPIRED, up to a day after their end', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const now = world.clock.now();
    const window = (startAt: number, endAt: number, name: string) => world.addCampaign(rustCampaign(world, { id: name, name, startAt, endAt })).id;
    window(now + HOUR, now + 2 * HOUR, 'upcoming');
    window(now - HOUR, now + HOUR, 'active');
    window(now - 2 * HOUR, now - HOUR, 'expired');
    window(now - 30 * HOUR, now - 25 * HOUR, 'long-gone');
    world.setAccountLinked(viewer, 'active', false);

    type Dashboard = { currentUser: { id: string; login: string; dropCampaigns: Record<string, unknown>[] } | null };
    const data = await gql<Dashboard>(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: true }, viewer);
    expect(data.currentUser).toMatchObject({ id: viewer.id, login: 'viewer' });
    const campaigns = data.currentUser!.dropCampaigns;
    expect(campaigns.map((c) => [c.id, c.status])).toEqual([['upcoming', 'UPCOMING'], ['active', 'ACTIVE'], ['expired', 'EXPIRED']]);
    expect(campaigns[1]).toEqual({
      id: 'active',
      name: 'active',
      status: 'ACTIVE',
      startAt: new Date(now - HOUR).toISOString(),
      endAt: new Date(now + HOUR).toISOString(),
      detailsURL: 'https://www.twitch.tv/drops/campaigns?dropID=active',
      accountLinkURL: 'https://www.twitch.tv/settings/connections',
      self: { isAccountConnected: false, __typename: 'DropCampaignSelfEdge' },
      owner: { id: `org-${RUST.id}`, name: RUST.name, __typename: 'Organization' },
      game: { id: RUST.id, displayName: RUST.name, boxArtURL: `https://static-cdn.jtvnw.net/ttv-boxart/${RUST.id}-144x192.jpg`, __typename: 'Game' },
      __typename: 'DropCampaign',
    });
    expect(campaigns[0]!.self).toMatchObject({ isAccountConnected: true });
    expect(await gql(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: true })).toEqual({ currentUser: null });
    // Matched by name and hash: an old hash is not found.
    const stale = await gqlBody(fetch, 'ViewerDropsDashboard', { fetchRewardCampaigns: true }, viewer, 'e8b98b52bbd7ccd37d0b671ad0d47be5238caa5bea637d2a65776175b4a23a64');
    expect(stale.errors).toEqual([{ message: 'PersistedQueryNotFound' }]);
  });

  it('details a campaign in DropCampaignDetails, with its allow list and drops', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(
      rustCampaign(world, {
        accountLinkURL: 'https://example.com/link',
        allowedChannels: ['rust_a', 'rust_b'],
        drops: [
          { id: 'one', name: 'One', requiredMinutes: 30, benefit: { id: 'b1', name: 'Skin', imageUrl: 'https://example.com/skin.png' } },
          { id: 'two', name: 'Two', requiredMinutes: 60, benefit: { id: 'b2', name: 'Badge', distributionType: 'BADGE' }, preconditionDropIds: ['one'] },
        ],
      }),
    );
    type Details = { user: { id: string; dropCampaign: Record<string, unknown> | null } | null };
    const details = await gql<Details>(fetch, 'DropCampaignDetails', { channelLogin: 'viewer', dropID: c.id }, viewer);
    const campaign = details.user!.dropCampaign!;
    expect(campaign).toMatchObject({
      id: c.id,
      name: 'Rust Drops',
      status: 'ACTIVE',
      accountLinkURL: 'https://example.com/link',
      game: { id: RUST.id, displayName: 'Rust', slug: 'rust' },
      owner: { name: 'Rust' },
      self: { isAccountConnected: true },
      allow: {
        channels: ['rust_a', 'rust_b'].map((login) => ({ id: world.channel(login).id, name: login, displayName: login, __typename: 'Channel' })),
        isEnabled: true,
      },
    });
    expect(campaign.description).toEqual(expect.any(String));
    expect(campaign.timeBasedDrops).toEqual([
      {
        id: 'one',
        name: 'One',
        startAt: new Date(c.startAt).toISOString(),
        endAt: new Date(c.endAt).toISOString(),
        requiredMinutesWatched: 30,
        preconditionDrops: null,
        benefitEdges: [
          {
            benefit: { id: 'b1', name: 'Skin', imageAssetURL: 'https://example.com/skin.png', distributionType: 'DIRECT_ENTITLEMENT', __typename: 'DropBenefit' },
            entitlementLimit: 1,
            __typename: 'DropBenefitEdge',
          },
        ],
        __typename: 'TimeBasedDrop',
      },
      expect.objectContaining({ id: 'two', preconditionDrops: [{ id: 'one', __typename: 'TimeBasedDrop' }] }),
    ]);
    // The drops miner names the viewer by id; anyone else, or no login, gets no user; an unknown campaign is null.
    expect((await gql<Details>(fetch, 'DropCampaignDetails', { channelLogin: viewer.id, dropID: c.id }, viewer)).user?.dropCampaign?.id).toBe(c.id);
    expect(await gql(fetch, 'DropCampaignDetails', { channelLogin: 'other', dropID: c.id }, viewer)).toEqual({ user: null });
    expect(await gql(fetch, 'DropCampaignDetails', { channelLogin: 'viewer', dropID: c.id })).toEqual({ user: null });
    expect((await gql<Details>(fetch, 'DropCampaignDetails', { channelLogin: 'viewer', dropID: 'nope' }, viewer)).user).toEqual({ id: viewer.id, dropCampaign: null, __typename: 'User' });
  });

  it('reports the drop progressed in the last 5 minutes in DropCurrentSessionContext', async () => {
    const { world, viewer, fetch } = await dropsWorld();
    const c = world.addCampaign(rustCampaign(world));
    type Session = { currentUser: { id: string; dropCurrentSession: Record<string, unknown> | null } | null };
    const session = async () => (await gql<Session>(fetch, 'DropCurrentSessionContext', { channelLogin: 'rust_a' }, viewer)).currentUser;
    expect(await session()).toEqual({ id: viewer.id, dropCurrentSession: null, __typename: 'User' });

    watchMinute(world, viewer, 'rust_plain'); // a watch minute, no drop minute
    expect((await session())!.dropCurrentSession).toBeNull();
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
    world.clock.advance(MINUTE);
    watchMinute(world, viewer, 'rust_a');
    const a = world.channel('rust_a');
    expect((await session())!.dropCurrentSession).toEqual({
      channel: { id: a.id, name: 'rust_a', displayName: 'rust_a', __typename: 'Channel' },
      game: { id: RUST.id, displayName: RUST.name, __typename: 'Game' },
      currentMinutesWatched: 2,
      requiredMinutesWatched: 3,
      dropID: c.drops[0]!.id,
      __typename: 'DropCurrentSession',
    });
    world.clock.advance(5 * MINUTE);
    expect((await session())!.dropCurrentSession).not.toBeNull();
    world.clock.advance(1);
    expect((await session())!.dropCurrentSession).toBeNull();
    expect(await gql(fetch, 'DropCurrentSessionContext', { channelLogin: 'rust_a' })).toEqual({ currentUser: null });
  });
});
