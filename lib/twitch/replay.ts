import type { Transport } from './http';
import { postSpade } from './heartbeat';
import { newTransactionId } from './ops/predictions';

/**
 * Watching a replay as the web player reports it to spade (mpforce1 classes/Twitch.py `send_clip_video_play`,
 * `send_clip_second_watched`, `send_vod_minutes_watched`, 2026-07; 0x8fv PR #46): a clip's `video-play`, then its
 * `n_second_play` with the seconds played; a VOD's `minute-watched`, not live, naming the video. Used to save a watch
 * streak (lib/points/streak.ts); the answer (204) proves nothing, only RewardList does.
 */
export interface ReplayTarget {
  login: string;
  channelId: string;
  userId: string;
  id: string;
  slug?: string;
  url?: string;
}

/** A player session's id (`play_session_id`): 32 hex characters, the shape of a transaction id. */
export const newPlaySessionId = newTransactionId;

export type ReplayEvent = { kind: 'clip-play'; session: string } | { kind: 'clip-seconds'; session: string; seconds: number } | { kind: 'vod-minute' };

function eventOf(t: ReplayTarget, e: ReplayEvent): { event: string; properties: Record<string, unknown> } {
  if (e.kind === 'vod-minute') {
    return {
      event: 'minute-watched',
      properties: { channel_id: t.channelId, broadcast_id: null, player: 'site', user_id: Number(t.userId), live: false, channel: t.login, vod_id: t.id, content_mode: 'vod' },
    };
  }
  const clip = {
    location: 'vod',
    url: t.url ?? '',
    channel_id: t.channelId,
    vod_type: 'clip',
    vod_id: t.id,
    content_mode: 'clip',
    live: false,
    minutes_logged: 0,
    play_session_id: e.session,
    player: 'site',
    user_id: Number(t.userId),
    clip_slug: t.slug ?? '',
  };
  if (e.kind === 'clip-play') return { event: 'video-play', properties: { ...clip, vod_timestamp: 0 } };
  return { event: 'n_second_play', properties: { ...clip, platform: 'web', seconds_after_play: e.seconds, vod_timestamp: e.seconds - 0.1 } };
}

/** POSTs one replay event to spade; true when taken (204), which does not prove it counted. */
export function sendReplayEvent(transport: Transport, spadeUrl: string, target: ReplayTarget, event: ReplayEvent): Promise<boolean> {
  const label = event.kind === 'vod-minute' ? 'vod minute-watched' : event.kind === 'clip-play' ? 'clip video-play' : 'clip n_second_play';
  return postSpade(transport, spadeUrl, JSON.stringify([eventOf(target, event)]), label);
}
