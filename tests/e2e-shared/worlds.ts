import type { World } from '../sim/world';

/** The game of the drop campaign the end-to-end worlds mine (Twitch's id and name for it are made up). */
export const QUEST = { id: '509670', name: 'Sim Quest' };

/**
 * The worlds both browsers' end-to-end suites play: a viewer following 'questing' (live, drops enabled, the game of a
 * campaign 'Quest week' whose first drop, 'Quest hat', takes `minutes`), and, unless `solo`, a busier 'chatting'.
 */
export function questWorld(w: World, opts: { minutes?: number; solo?: boolean; balance?: number; extraDrops?: { id: string; name: string; requiredMinutes: number; requiredSubs?: number; benefit: { name: string } }[] } = {}): void {
  const viewer = w.addUser('viewer');
  w.addChannel('questing', { live: true, game: QUEST, dropsEnabled: true, displayName: 'Questing', viewers: 900 });
  w.follow(viewer, 'questing');
  if (!opts.solo) {
    w.addChannel('chatting', { live: true, viewers: 5000 });
    w.follow(viewer, 'chatting');
  }
  if (opts.balance !== undefined) w.setBalance(viewer, 'questing', opts.balance);
  const t = w.clock.now();
  w.addCampaign({
    id: 'quest',
    name: 'Quest week',
    game: QUEST,
    startAt: t - 60_000,
    endAt: t + 24 * 3_600_000,
    drops: [{ id: 'hat', name: 'Quest hat', requiredMinutes: opts.minutes ?? 1, benefit: { name: 'Quest hat' } }, ...(opts.extraDrops ?? [])],
  });
}

/** A Twitch deploy retired the hashes of three reads (the page has the new ones); no raw ChannelPointsContext. */
export function rotatedWorld(w: World): void {
  w.rotateReads();
  w.wire.rawPointsContext = false;
  questWorld(w, { solo: true, balance: 20_000, minutes: 600 });
}

/**
 * The quest world, and 'sleepy' (followed, offline) whose last stream the viewer missed: the streak there (11) is at
 * risk, and there is a clip of that stream (and one of an older stream, which would not save it). Returns the missed
 * broadcast's id.
 */
export function streakWorld(w: World): string {
  questWorld(w, { solo: true });
  w.addChannel('sleepy', { displayName: 'Sleepy' });
  w.follow(w.users.get('viewer')!, 'sleepy');
  w.setBalance(w.users.get('viewer')!, 'sleepy', 4200);
  // Twitch's delay before it shows the save, shortened: the engine's tests wait out the default 30 s.
  w.streaks.rules.saveDelayMs = 5_000;
  return w.streaks.miss('sleepy', { length: 11, clips: [{ of: 'other' }, { of: 'missed', durationSeconds: 25 }] });
}

/** The webhook worlds (both browsers): a live drops-enabled 'gamer', a two-minute 'Golden hat' of 'Game One', and the
 * viewer's first minute already credited there. */
export function webhookWorld(w: World): void {
  const game = { id: 'g1', name: 'Game One' };
  const viewer = w.addUser('viewer');
  w.addChannel('gamer', { live: true, game, dropsEnabled: true, displayName: 'Gamer' });
  const t = w.clock.now();
  w.addCampaign({ id: 'camp', name: 'Launch week', game, startAt: t - 60_000, endAt: t + 24 * 3_600_000, drops: [{ id: 'hat', name: 'Golden hat', requiredMinutes: 2, benefit: { name: 'Golden hat' } }] });
  const ch = w.channel('gamer');
  w.minuteWatched({ channel_id: ch.id, broadcast_id: ch.streamId, user_id: Number(viewer.id), channel: 'gamer', live: true, game_id: game.id });
}
