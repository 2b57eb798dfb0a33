import type { BetSettings } from '../points/predictions';
import type { StreamerPrefs } from './scheduler';

/** What Minert knows of a channel (the domain's record; the store keeps it as it is, the popup reads it). */
export interface ChannelRecord {
  login: string;
  id?: string;
  displayName?: string;
  /** null: not known yet. */
  live: boolean | null;
  balance?: number;
  /** A bonus chest that was waiting at the last look. */
  availableClaimId?: string | null;
  multiplier?: number;
  /** Where `live` came from, and when. */
  liveSource?: 'page' | 'gql';
  updatedAt: number;
  pointsUpdatedAt?: number;
  /** In the viewer's follow list, and where (the default watch order). */
  followed?: boolean;
  followOrder?: number;
  /** The viewer's own place for it in the watch order (set by reordering in the options page); wins over followOrder. */
  order?: number;
  /** The current stream (broadcast) and its game, when live. */
  streamId?: string;
  streamStartedAt?: number;
  game?: { id: string; name: string } | null;
  /** When Twitch last said whether it is live (and with which broadcast and game). */
  streamCheckedAt?: number;
  /** When the previous stream was seen ending. */
  lastOfflineAt?: number;
  /** Minutes credited on stream `streamId` (the watch streak needs about 7). */
  streamMinutes?: number;
  /** The last heartbeat Twitch accepted for this channel. */
  lastBeatAt?: number;
  /** The viewer's settings for this channel; unset fields take the defaults. */
  prefs?: Partial<StreamerPrefs>;
  /** The viewer's betting settings for this channel's predictions; unset fields take the defaults. */
  bets?: Partial<BetSettings>;
}
