import { createHmac, randomBytes } from 'node:crypto';
import type { SimChannel, SimUser, World } from './world';

/** The video hosts, named like Twitch's: usher hands out master playlists, a weaver media playlists, an edge segments. */
export const USHER_HOST = 'usher.ttvnw.net';
export const WEAVER_HOST = 'video-weaver.sim01.hls.ttvnw.net';
export const EDGE_HOST = 'video-edge-sim01.abs.hls.ttvnw.net';
/** Where players post minute-watched events; the settings script names it as spade_url. */
export const SPADE_PATH = '/v1/segment/spade';
export const SPADE_URL = `https://${EDGE_HOST}${SPADE_PATH}`;

/** The paths the video hosts play, with the id each carries. */
export const USHER_PATH = /^\/api\/channel\/hls\/(\w+)\.m3u8$/;
export const PLAYLIST_PATH = /^\/v1\/playlist\/(\w+)\.m3u8$/;
export const SEGMENT_PATH = /^\/v1\/segment\/(\w+)-\d+\.ts$/;

const TOKEN_LIFETIME_MS = 20 * 60_000;
const SEGMENT_SECONDS = 2;
const SEGMENTS_PER_PLAYLIST = 3;
/** A segment: 957 MPEG-TS packets of 188 bytes (sync byte 0x47, then stuffing), about 2 s of 160p video. */
const SEGMENT = Buffer.alloc(957 * 188, 0xff);
for (let i = 0; i < SEGMENT.length; i += 188) SEGMENT[i] = 0x47;

/** The renditions of the master playlist, best first: its last URL is the lowest quality, as on Twitch. */
const VARIANTS = [
  { name: '1080p60', bandwidth: 8_534_030, resolution: '1920x1080', fps: '60.000' },
  { name: '720p60', bandwidth: 3_422_999, resolution: '1280x720', fps: '60.000' },
  { name: '480p30', bandwidth: 1_427_999, resolution: '852x480', fps: '30.000' },
  { name: '160p30', bandwidth: 288_000, resolution: '284x160', fps: '30.000' },
];

/** An HTTP answer of the video hosts. */
export interface Reply {
  status: number;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** Whom a media playlist (and the segments in it) was handed to: the token's user, the channel and its stream. */
interface PlaylistOwner {
  userId: string | null;
  channelId: string;
  streamId: string;
}

const M3U8 = 'application/vnd.apple.mpegurl';
const text = (status: number, body: string): Reply => ({ status, body, headers: { 'content-type': 'text/plain' } });

/** usher's error answer: a JSON array of one error, as Twitch sends it. */
function usherError(status: number, url: string, error: string, code: string): Reply {
  return { status, body: JSON.stringify([{ url, error, error_code: code, type: 'error' }]), headers: { 'content-type': 'application/json' } };
}

/** The video path of the simulator: playback tokens, playlists, segments and spade's minute-watched events. */
export class Playback {
  private readonly secret = randomBytes(32);
  private readonly playlists = new Map<string, PlaylistOwner>();

  constructor(private readonly world: World) {}

  private sign(value: string): string {
    return createHmac('sha1', this.secret).update(value).digest('hex');
  }

  /** A stream playback access token, as GQL PlaybackAccessToken gives it: a JSON value and its signature. */
  token(user: SimUser | null, channel: SimChannel, playerType: string): { value: string; signature: string } {
    const value = JSON.stringify({
      adblock: false,
      authorization: { forbidden: false, reason: '' },
      channel: channel.login,
      channel_id: Number(channel.id),
      device_id: null,
      expires: Math.floor((this.world.clock.now() + TOKEN_LIFETIME_MS) / 1000),
      https_required: true,
      platform: 'web',
      player_type: playerType,
      private: { allowed_to_view: true },
      session_id: randomBytes(16).toString('hex'),
      user_id: user ? Number(user.id) : null,
      version: 2,
    });
    return { value, signature: this.sign(value) };
  }

  /** usher: the master playlist of a live channel, for a token this sim signed, unexpired and for that channel. */
  master(login: string, sig: string, token: string): Reply {
    const url = `https://${USHER_HOST}/api/channel/hls/${login}.m3u8`;
    // Only values this sim made carry its signature, so a signed token is always its JSON.
    const claims = sig === this.sign(token) ? (JSON.parse(token) as { channel?: unknown; user_id?: unknown; expires?: unknown }) : null;
    if (!claims) return usherError(403, url, 'Unauthorized', 'invalid_signature');
    if (claims.channel !== login) return usherError(403, url, 'Unauthorized', 'channel_mismatch');
    if (Number(claims.expires) * 1000 <= this.world.clock.now()) return usherError(403, url, 'Unauthorized', 'token_expired');
    const channel = this.world.channels.get(login);
    if (!channel?.live || !channel.streamId) return usherError(404, url, 'twirp error not_found: transcode does not exist', 'transcode_does_not_exist');
    const owner: PlaylistOwner = { userId: claims.user_id == null ? null : String(claims.user_id), channelId: channel.id, streamId: channel.streamId };
    const lines = ['#EXTM3U', `#EXT-X-TWITCH-INFO:NODE="${WEAVER_HOST}",BROADCAST-ID="${channel.streamId}",USER-IP="127.0.0.1"`];
    for (const v of VARIANTS) {
      const id = randomBytes(12).toString('hex');
      this.playlists.set(id, owner);
      lines.push(
        `#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="${v.name}",NAME="${v.name}",AUTOSELECT=YES,DEFAULT=YES`,
        `#EXT-X-STREAM-INF:BANDWIDTH=${v.bandwidth},RESOLUTION=${v.resolution},CODECS="avc1.4D401F,mp4a.40.2",VIDEO="${v.name}",FRAME-RATE=${v.fps}`,
        `https://${WEAVER_HOST}/v1/playlist/${id}.m3u8`,
      );
    }
    // No trailing newline: the last line is the lowest quality's URL.
    return { status: 200, body: lines.join('\n'), headers: { 'content-type': M3U8 } };
  }

  /** The owner of a playlist id while its stream is still the channel's current one (forgotten once it ended). */
  private playlist(id: string): { owner: PlaylistOwner; channel: SimChannel } | null {
    const owner = this.playlists.get(id);
    const channel = owner ? this.world.channelById(owner.channelId) : null;
    if (!owner || !channel || channel.streamId !== owner.streamId) {
      this.playlists.delete(id);
      return null;
    }
    return { owner, channel };
  }

  /** The weaver: a live media playlist of the newest segments, their sequence numbers counted from the stream's start. */
  media(id: string): Reply {
    const found = this.playlist(id);
    if (!found) return text(404, 'no such playlist');
    const now = this.world.clock.now();
    const first = Math.floor((now - (found.channel.streamStartedAt ?? now)) / (SEGMENT_SECONDS * 1000));
    const lines = ['#EXTM3U', '#EXT-X-VERSION:3', `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`, `#EXT-X-MEDIA-SEQUENCE:${first}`];
    for (let seq = first; seq < first + SEGMENTS_PER_PLAYLIST; seq++) {
      lines.push(`#EXTINF:${SEGMENT_SECONDS}.000,live`, `https://${EDGE_HOST}/v1/segment/${id}-${seq}.ts`);
    }
    // A trailing newline: the newest segment's URL is the second-to-last element of split('\n').
    return { status: 200, body: `${lines.join('\n')}\n`, headers: { 'content-type': M3U8 } };
  }

  /** The edge: a segment of the playlist (no body for HEAD). Either method counts as the user fetching video. */
  segment(playlistId: string, head: boolean): Reply {
    const found = this.playlist(playlistId);
    if (!found) return text(404, 'no such segment');
    const user = found.owner.userId === null ? null : this.world.userById(found.owner.userId);
    if (user) this.world.segmentFetched(user, found.channel);
    return { status: 200, body: head ? '' : SEGMENT, headers: { 'content-type': 'video/mp2t', 'content-length': String(SEGMENT.length) } };
  }

  /**
   * spade: form field `data` is base64 of a JSON array of events; each minute-watched one goes to the world, which
   * judges it. 204 for any body that decodes, credited or not (as Twitch), 400 for one that does not.
   */
  spade(body: string): Reply {
    let events: unknown = null;
    try {
      events = JSON.parse(Buffer.from(new URLSearchParams(body).get('data') ?? '', 'base64').toString('utf8'));
    } catch {
      // not JSON: answered 400 below
    }
    if (!Array.isArray(events)) return text(400, 'bad spade payload');
    for (const e of events as { event?: unknown; properties?: unknown }[]) {
      if (e?.event === 'minute-watched' && e.properties && typeof e.properties === 'object') {
        this.world.minuteWatched(e.properties as Record<string, unknown>);
      }
    }
    return { status: 204, body: '', headers: {} };
  }
}
