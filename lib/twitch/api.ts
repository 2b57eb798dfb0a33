import { DROPS_TAG_ID } from './constants';
import { TwitchError } from './errors';
import type { GqlClient } from './gql';
import type { PlaybackToken } from './heartbeat';
import {
  ChannelFollows,
  ChannelPointsContext,
  DirectoryPage_Game,
  PersonalSections,
  PlaybackAccessToken,
  VideoPlayerStreamInfoOverlayChannel,
  type ResponseOf,
} from './operations';

const gameOf = (g: { id: string; name?: string; displayName?: string } | null | undefined) =>
  g ? { id: g.id, name: g.name ?? g.displayName ?? g.id } : null;

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
        game: gameOf(user?.stream?.game),
        balance: cp && enabled ? cp.balance : null,
        availableClaimId: cp?.availableClaim?.id ?? null,
        multiplier: 1 + factors.reduce((sum, m) => sum + m.factor, 0),
      },
    };
  });
}

export interface FollowedChannel {
  id: string;
  login: string;
  displayName?: string;
}

/** Every followed channel, 100 a page, oldest follow first (the default watch order). */
export async function fetchFollows(gql: GqlClient, maxPages = 100): Promise<FollowedChannel[]> {
  const out: FollowedChannel[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < maxPages; page++) {
    const data: ResponseOf<typeof ChannelFollows> = await gql.request(ChannelFollows, { limit: 100, order: 'ASC', cursor });
    if (!data.user) throw new TwitchError('logged-out', 'ChannelFollows answered no user', { operation: 'ChannelFollows' });
    const edges = data.user.follows.edges;
    for (const e of edges) if (e.node) out.push({ id: e.node.id, login: e.node.login.toLowerCase(), displayName: e.node.displayName });
    cursor = edges.at(-1)?.cursor ?? null;
    if (!data.user.follows.pageInfo.hasNextPage || !cursor) return out;
  }
  return out;
}

export interface LiveStream {
  channelId: string;
  login: string;
  displayName?: string;
  streamId: string;
  viewers?: number;
  game: { id: string; name: string } | null;
}

/** The followed channels that are live now: one request (the side bar's "followed channels" section). */
export async function fetchLiveFollowed(gql: GqlClient): Promise<LiveStream[]> {
  const data = await gql.request(PersonalSections, {
    input: { sectionInputs: ['FOLLOWED_SECTION'], recommendationContext: { platform: 'web' } },
    channelLogin: null,
    withChannelUser: false,
    creatorAnniversariesExperimentEnabled: false,
  });
  const out: LiveStream[] = [];
  for (const section of data.personalSections) {
    if (section.type !== 'FOLLOWED_SECTION') continue;
    for (const item of section.items) {
      const c = item.content;
      if (!item.user || !c?.id || (c.__typename !== undefined && c.__typename !== 'Stream')) continue;
      out.push({ channelId: item.user.id, login: item.user.login.toLowerCase(), displayName: item.user.displayName, streamId: c.id, viewers: c.viewersCount, game: gameOf(c.game) });
    }
  }
  return out;
}

/** Live channels of a game, most viewers first; with `dropsOnly`, only those with drops enabled. */
export async function fetchGameStreams(gql: GqlClient, game: string, options: { dropsOnly: boolean; limit?: number }): Promise<LiveStream[]> {
  const data = await gql.request(DirectoryPage_Game, {
    name: game.toLowerCase(),
    limit: options.limit ?? 30,
    options: {
      includeRestricted: ['SUB_ONLY_LIVE'],
      recommendationsContext: { platform: 'web' },
      sort: 'VIEWER_COUNT',
      tags: options.dropsOnly ? [DROPS_TAG_ID] : [],
    },
    sortTypeIsRecency: false,
  });
  const out: LiveStream[] = [];
  for (const edge of data.game?.streams?.edges ?? []) {
    const n = edge.node;
    if (!n?.broadcaster) continue;
    out.push({ channelId: n.broadcaster.id, login: n.broadcaster.login.toLowerCase(), displayName: n.broadcaster.displayName, streamId: n.id, viewers: n.viewersCount, game: gameOf(n.game) });
  }
  return out;
}

export interface WatchCheck {
  login: string;
  /** null when the channel is offline (or gone). */
  stream: LiveStream | null;
  live: boolean;
  token: PlaybackToken | null;
}

/**
 * For the channels about to get a heartbeat: are they still live, with which broadcast id and game, and a playback
 * token for the playlist step. One batched request.
 */
export async function checkWatched(gql: GqlClient, logins: string[], withToken: boolean): Promise<Array<WatchCheck | { login: string; error: TwitchError }>> {
  const calls = logins.flatMap((login) => [
    { op: VideoPlayerStreamInfoOverlayChannel, variables: { channel: login } },
    ...(withToken ? [{ op: PlaybackAccessToken, variables: { login, isLive: true, isVod: false, vodID: '', playerType: 'picture-by-picture' } }] : []),
  ]);
  const results = await gql.batch(calls);
  const per = withToken ? 2 : 1;
  return logins.map((login, i) => {
    const info = results[per * i]!;
    const tok = withToken ? results[per * i + 1]! : null;
    if (!info.ok) return { login, error: info.error };
    if (tok && !tok.ok) return { login, error: tok.error };
    const user = (info.data as ResponseOf<typeof VideoPlayerStreamInfoOverlayChannel>).user;
    const pat = tok?.ok ? (tok.data as ResponseOf<typeof PlaybackAccessToken>).streamPlaybackAccessToken : null;
    const s = user?.stream;
    return {
      login,
      live: !!s,
      stream: user && s ? { channelId: user.id, login, displayName: user.displayName, streamId: s.id, viewers: s.viewersCount, game: gameOf(s.game) } : null,
      token: pat ? { value: pat.value, signature: pat.signature } : null,
    };
  });
}
