import { describe, expect, it } from 'vitest';
import { checkWatched, fetchFollows, fetchGameStreams, fetchLiveFollowed } from '../../lib/twitch/api';
import { GqlClient } from '../../lib/twitch/gql';
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

  it('lists the followed channels that are live, in one request', async () => {
    const { gql } = await setup();
    const live = await fetchLiveFollowed(gql);
    expect(live.map((s) => s.login).sort()).toEqual(['f_0', 'f_100', 'f_150', 'f_200', 'f_50']);
    expect(live[0]).toMatchObject({ streamId: expect.any(String), game: { id: '21779', name: 'League of Legends' } });
  });

  it('finds the live channels of a game with drops enabled', async () => {
    const { gql } = await setup();
    const drops = await fetchGameStreams(gql, 'League of Legends', { dropsOnly: true });
    expect(drops.map((s) => s.login)).toEqual(['f_100', 'notfollowed']);
    const all = await fetchGameStreams(gql, 'League of Legends', { dropsOnly: false });
    expect(all).toHaveLength(6);
  });

  it('checks watched channels and gets playback tokens in one batch', async () => {
    const { sim, gql } = await setup();
    const checks = await checkWatched(gql, ['f_0', 'f_1'], true);
    expect(checks[0]).toMatchObject({ login: 'f_0', live: true, token: { value: expect.any(String), signature: expect.any(String) } });
    expect(checks[1]).toMatchObject({ login: 'f_1', live: false, stream: null });
    expect(sim.requests).toHaveLength(1);
  });
});
