import type { GqlClient } from './gql';
import { ChannelPointsContext, VideoPlayerStreamInfoOverlayChannel, type ResponseOf } from './operations';
import type { TwitchError } from './errors';

/** A channel's state as the domain sees it: typed, no wire shapes. */
export interface ChannelSnapshot {
  login: string;
  exists: boolean;
  id?: string;
  displayName?: string;
  live?: boolean;
  streamId?: string;
  game?: string;
  /** null when the channel has no channel points (or they are off). */
  balance?: number | null;
  availableClaimId?: string | null;
  multiplier?: number;
}

export type SnapshotResult = { login: string; ok: true; snapshot: ChannelSnapshot } | { login: string; ok: false; error: TwitchError };

/** Balance, bonus chest and live state of several channels, in one batched GQL request. */
export async function fetchChannels(gql: GqlClient, logins: string[]): Promise<SnapshotResult[]> {
  const calls = logins.flatMap((login) => [
    { op: ChannelPointsContext, variables: { channelLogin: login } },
    { op: VideoPlayerStreamInfoOverlayChannel, variables: { channel: login } },
  ]);
  const results = await gql.batch(calls);
  return logins.map((login, i): SnapshotResult => {
    const points = results[2 * i]!;
    const stream = results[2 * i + 1]!;
    if (!points.ok) return { login, ok: false, error: points.error };
    if (!stream.ok) return { login, ok: false, error: stream.error };
    const community = (points.data as ResponseOf<typeof ChannelPointsContext>).community;
    const user = (stream.data as ResponseOf<typeof VideoPlayerStreamInfoOverlayChannel>).user;
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
        game: user?.stream?.game?.displayName ?? user?.stream?.game?.name,
        balance: cp && enabled ? cp.balance : null,
        availableClaimId: cp?.availableClaim?.id ?? null,
        multiplier: 1 + factors.reduce((sum, m) => sum + m.factor, 0),
      },
    };
  });
}
