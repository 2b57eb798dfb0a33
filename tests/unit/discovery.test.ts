import { describe, expect, it } from 'vitest';
import { GqlClient } from '../../lib/twitch/gql';
import { checkStreams } from '../../lib/twitch/ops/channels';
import { fetchGameSlug, fetchGameStreams } from '../../lib/twitch/ops/directory';
import { fetchFollows, fetchLiveFollowed } from '../../lib/twitch/ops/follows';
import { simTransport, useSim } from './helpers';

async function setup() {
  const sim = await useSim((w) => {
    const viewer = w.addUser('viewer');
    const game = { id: '21779', name: 'League of Legends' };
    for (let i = 0; i < 250; i++) {
      const login = `f_${i}`;
      w.addChannel(login, { live: i % 50 === 0, game, dropsEnabled: i === 100, viewers: 1000 - i });
      w.follow(viewer, login);
    }
    w.addChannel('notfollowed', { live: true, game, dropsEnabled: true, viewers: 5 });
  });
  const viewer = sim.world.users.get('viewer')!;
  const { transport } = simTransport(sim);
  return { sim, gql: new GqlClient(transport, { token: viewer.token }) };
}

describe('discovery against the simulator', () => {
  it('pages through the whole follow list in order', async () => {
    const { sim, gql } = await setup();
    const follows = await fetchFollows(gql);
    expect(follows).toHaveLength(250);
    expect(follows[0]!.login).toBe('f_0');
    expect(follows[249]!.login).toBe('f_249');
    expect(sim.requests.filter((r) => r.operations.includes('ChannelFollows'))).toHaveLength(3);
  });

  it('lists the followed channels that are live with their games, in one request (a raw document: PersonalSections is retired)', async () => {
    const { sim, gql } = await setup();
    const live = await fetchLiveFollowed(gql);
    expect(live.map((s) => s.login).sort()).toEqual(['f_0', 'f_100', 'f_150', 'f_200', 'f_50']);
    expect(live[0]).toMatchObject({ streamId: expect.any(String), game: { id: '21779', name: 'League of Legends' } });
    expect(sim.requests).toHaveLength(1);
  });

  it('finds the live channels of a game with drops enabled, by the slug Twitch gives its name', async () => {
    const { sim, gql } = await setup();
    const slug = await fetchGameSlug(gql, 'League of Legends');
    expect(slug).toBe('league-of-legends');
    const drops = await fetchGameStreams(gql, slug!, { dropsOnly: true });
    expect(drops.map((s) => s.login)).toEqual(['f_100', 'notfollowed']);
    const all = await fetchGameStreams(gql, slug!, { dropsOnly: false });
    expect(all).toHaveLength(6);
    // By name (2024's variables) Twitch finds no game.
    expect(sim.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('checks watched channels in one batch: the game is the broadcast’s', async () => {
    const { sim, gql } = await setup();
    const checks = await checkStreams(gql, ['f_0', 'f_1']);
    expect(checks[0]).toMatchObject({ login: 'f_0', stream: { game: { id: '21779' } } });
    expect(checks[1]).toMatchObject({ login: 'f_1', stream: null });
    expect(sim.requests).toHaveLength(1);
  });
});
