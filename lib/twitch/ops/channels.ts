import { z } from 'zod';
import type { TwitchError } from '../errors';
import type { BatchResult, GqlClient } from '../gql';
import { persisted, type ResponseOf } from '../operation';
import type { CommunityGoal } from '../../points/goals';
import { goalsField, goalsOf } from './goals';

const login = z.string().regex(/^[a-zA-Z0-9_]{1,25}$/, 'a Twitch login');
const gameRef = z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).nullable().optional();
export type GameRef = z.infer<typeof gameRef>;

/** A game as the domain names it: its id, and its name (the display name where Twitch gives no name). */
export const gameOf = (g: GameRef) => (g ? { id: g.id, name: g.name ?? g.displayName ?? g.id } : null);

/**
 * ChannelPointsContext as a raw document, the form ZARM sends (2026: `community: user(login: $channelLogin)`), with
 * the fields Minert reads: tried when Twitch knows no hash of the persisted query any more.
 */
const CHANNEL_POINTS_DOCUMENT =
  'query ChannelPointsContext($channelLogin: String!) { community: user(login: $channelLogin) { id displayName channel { id ' +
  'self { communityPoints { balance availableClaim { id } activeMultipliers { factor } } } communityPointsSettings { name isEnabled } } } }';

/** The viewer's points on one channel (balance, the bonus chest waiting, multipliers). */
export const ChannelPointsContext = persisted(
  'ChannelPointsContext',
  '374314de591e69925fce3ddc2bcf085796f56ebb8cad67a0daa3165c03adc345',
  z.object({ channelLogin: login, includeGoalTypes: z.array(z.string()) }),
  z.object({
    community: z
      .object({
        id: z.string(),
        displayName: z.string(),
        channel: z
          .object({
            id: z.string(),
            self: z
              .object({
                communityPoints: z.object({
                  balance: z.number().int(),
                  availableClaim: z.object({ id: z.string() }).nullable().optional(),
                  activeMultipliers: z
                    .array(z.object({ factor: z.number(), reason: z.string().optional() }))
                    .nullable()
                    .optional(),
                }),
              })
              .nullable(),
            communityPointsSettings: z
              .object({ name: z.string().nullable().optional(), isEnabled: z.boolean().optional(), goals: goalsField })
              .nullable()
              .optional(),
          })
          .nullable(),
      })
      .nullable(),
  }),
  { fallbackQuery: CHANNEL_POINTS_DOCUMENT },
);

/**
 * Whether a channel is live, and what it streams. The game is the broadcast's (`broadcastSettings.game`): the
 * stream object carries none (captured answers, 2022-2026).
 */
export const VideoPlayerStreamInfoOverlayChannel = persisted(
  'VideoPlayerStreamInfoOverlayChannel',
  '198492e0857f6aedead9665c81c5a06d67b25b58034649687124083ff288597d',
  z.object({ channel: login }),
  z.object({
    user: z
      .object({
        id: z.string(),
        login: z.string().optional(),
        displayName: z.string().optional(),
        stream: z.object({ id: z.string(), viewersCount: z.number().int().optional() }).nullable(),
        broadcastSettings: z.object({ title: z.string().nullable().optional(), game: gameRef }).nullable().optional(),
      })
      .nullable(),
  }),
);

export interface LiveStream {
  channelId: string;
  login: string;
  displayName?: string;
  streamId: string;
  viewers?: number;
  game: { id: string; name: string } | null;
}

/** A channel's state as the domain sees it: typed, no wire shapes. */
export interface ChannelSnapshot {
  login: string;
  exists: boolean;
  id?: string;
  displayName?: string;
  live?: boolean;
  streamId?: string;
  game?: { id: string; name: string } | null;
  /** null when the channel has no channel points (or they are off). */
  balance?: number | null;
  availableClaimId?: string | null;
  multiplier?: number;
  /** Its community goals (none when Twitch lists none). */
  goals?: CommunityGoal[];
}

export type SnapshotResult = { login: string; ok: true; snapshot: ChannelSnapshot } | { login: string; ok: false; error: TwitchError };

const pointsCall = (channelLogin: string) => ({ op: ChannelPointsContext, variables: { channelLogin, includeGoalTypes: ['CREATOR', 'BOOST'] } });
const streamCall = (channel: string) => ({ op: VideoPlayerStreamInfoOverlayChannel, variables: { channel } });
/** The calls that look at channels (two per login), to send alone or in a bigger batch. */
export const channelCalls = (logins: string[]) => [logins.map(pointsCall), logins.map(streamCall)] as const;

/** Balance, bonus chest and live state of several channels, in one batched GQL request. */
export async function fetchChannels(gql: GqlClient, logins: string[]): Promise<SnapshotResult[]> {
  return snapshotsOf(logins, ...(await gql.batch(...channelCalls(logins))));
}

/** The answers to channelCalls as domain snapshots. */
export function snapshotsOf(
  logins: string[],
  points: BatchResult<ResponseOf<typeof ChannelPointsContext>>[],
  streams: BatchResult<ResponseOf<typeof VideoPlayerStreamInfoOverlayChannel>>[],
): SnapshotResult[] {
  return logins.map((login, i): SnapshotResult => {
    const p = points[i]!;
    const s = streams[i]!;
    if (!p.ok) return { login, ok: false, error: p.error };
    if (!s.ok) return { login, ok: false, error: s.error };
    const community = p.data.community;
    const user = s.data.user;
    if (!community && !user) return { login, ok: true, snapshot: { login, exists: false } };
    const cp = community?.channel?.self?.communityPoints;
    const enabled = community?.channel?.communityPointsSettings?.isEnabled !== false;
    const factors = cp?.activeMultipliers ?? [];
    return {
      login,
      ok: true,
      snapshot: {
        login,
        exists: true,
        id: community?.channel?.id ?? user?.id,
        displayName: community?.displayName ?? user?.displayName,
        live: user ? user.stream !== null : undefined,
        streamId: user?.stream?.id,
        game: user?.stream ? gameOf(user.broadcastSettings?.game) : null,
        balance: cp && enabled ? cp.balance : null,
        availableClaimId: cp?.availableClaim?.id ?? null,
        multiplier: 1 + factors.reduce((sum, m) => sum + m.factor, 0),
        goals: goalsOf(community?.channel?.communityPointsSettings?.goals),
      },
    };
  });
}

export interface WatchCheck {
  login: string;
  /** null when the channel is offline (or gone). */
  stream: LiveStream | null;
}

/** For channels about to be watched: are they live, with which broadcast id and game. One batched request. */
export async function checkStreams(gql: GqlClient, logins: string[]): Promise<Array<WatchCheck | { login: string; error: TwitchError }>> {
  const [results] = await gql.batch(logins.map(streamCall));
  return logins.map((login, i) => {
    const r = results[i]!;
    if (!r.ok) return { login, error: r.error };
    const user = r.data.user;
    const s = user?.stream;
    return {
      login,
      stream: user && s ? { channelId: user.id, login, displayName: user.displayName, streamId: s.id, viewers: s.viewersCount, game: gameOf(user.broadcastSettings?.game) } : null,
    };
  });
}
