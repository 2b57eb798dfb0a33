import { z } from 'zod';
import type { Replay, StreakStatus } from '../../points/streak';
import type { TwitchError } from '../errors';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';

/*
 * Watch-streak recovery (sources: mpforce1/Twitch-Channel-Points-Miner constants.py, classes/WatchStreakRecovery.py,
 * classes/Twitch.py, gql/data/response/RewardList.py, 2026-07, and its issue #37; 0x8fv/Twitch-Channel-Points-Miner
 * PR #46 of 2026-08 (RecoverStreak); rdavydov#782 on RewardList). RewardList says whether the viewer's streak on a
 * channel is at risk (`expiresAt` set) and which missed broadcasts can make up for it (`missedStreams`); a clip
 * (ClipsCards__User) or the VOD (FilterableVideoTower_Videos) of one of those broadcasts, watched, saves it. Nothing
 * else does: the broadcast id must match.
 */

const login = z.string().regex(/^[a-zA-Z0-9_]{1,25}$/, 'a Twitch login');
const maybe = <T extends z.ZodType>(t: T) => t.nullable().optional();
const broadcastOf = maybe(z.object({ id: maybe(z.string()) }));

export const RewardList = persisted(
  'RewardList',
  '0b1471876d7647993731b9e3c6a13bf304c67fb31d07f06a945d42286ee377c4',
  z.object({ channelID: z.string().min(1), shouldIncludeAllSuspendedStreaks: z.literal(false) }),
  z.object({
    channel: maybe(
      z.object({
        self: maybe(
          z.object({
            watchStreakMilestone: maybe(
              z.object({
                // The streak's length comes as a string ("4"); a number is taken too.
                watchStreakMilestone: maybe(z.object({ value: maybe(z.union([z.string(), z.number()])) })),
                missedStreams: maybe(z.array(z.object({ broadcastIdentifiers: maybe(z.array(broadcastOf)) }).nullable())),
                expiresAt: maybe(z.string()),
              }),
            ),
          }),
        ),
      }),
    ),
  }),
);

const clipNode = z.object({
  id: z.string().min(1),
  slug: z.string().min(1),
  url: z.string(),
  durationSeconds: maybe(z.number()),
  broadcastIdentifier: broadcastOf,
});

export const ClipsCardsUser = persisted(
  'ClipsCards__User',
  '1cd671bfa12cec480499c087319f26d21925e9695d1f80225aae6a4354f23088',
  z.object({ login, limit: z.number().int().min(1).max(100), criteria: z.object({ filter: z.enum(['LAST_DAY', 'LAST_WEEK']) }), cursor: z.null() }),
  z.object({ user: maybe(z.object({ clips: maybe(z.object({ edges: z.array(z.object({ node: z.unknown() })) })) })) }),
);

const videoNode = z.object({ id: z.string().min(1), lengthSeconds: maybe(z.number()), broadcastIdentifier: broadcastOf });

export const FilterableVideoTowerVideos = persisted(
  'FilterableVideoTower_Videos',
  '67004f7881e65c297936f32c75246470629557a393788fb5a69d6d9a25a8fd5f',
  z.object({
    channelOwnerLogin: login,
    broadcastType: z.literal('ARCHIVE'),
    videoSort: z.literal('TIME'),
    limit: z.number().int().min(1).max(100),
    includePreviewBlur: z.literal(false),
  }),
  z.object({ user: maybe(z.object({ videos: maybe(z.object({ edges: z.array(z.object({ node: z.unknown() })) })) })) }),
);

type RewardListData = z.output<typeof RewardList.response>;

/** The streak as the domain sees it; null when Twitch says nothing of one (no viewer, milestones off). */
export function streakStatusOf(data: RewardListData): StreakStatus | null {
  const m = data.channel?.self?.watchStreakMilestone;
  if (!m) return null;
  const value = Number(m.watchStreakMilestone?.value);
  const expires = m.expiresAt ? Date.parse(m.expiresAt) : NaN;
  const missed = (m.missedStreams ?? []).flatMap((s) => (s?.broadcastIdentifiers ?? []).flatMap((b) => (b?.id ? [b.id] : [])));
  return { length: Number.isFinite(value) ? value : null, expiresAt: Number.isFinite(expires) ? expires : null, missed };
}

export const rewardListCall = (channelId: string) => ({ op: RewardList, variables: { channelID: channelId, shouldIncludeAllSuspendedStreaks: false as const } });

/** What replaysOf found, and what it could not read: lists Twitch did not give, entries of an unknown shape. */
export interface ReplaysRead {
  replays: Replay[];
  failed: TwitchError[];
  skipped: number;
}

/**
 * The clips (the last day's, then the last week's: a clip made just over a day ago can still be of the missed
 * stream) and the past broadcasts of a channel whose broadcast is one of `missed`, clips first (seconds, not minutes).
 * A list Twitch could not give is one way fewer, an entry of an unexpected shape one replay fewer, each reported;
 * all three lists failing is an error.
 */
export async function replaysOf(gql: GqlClient, channelLogin: string, missed: readonly string[]): Promise<ReplaysRead> {
  const clips = (filter: 'LAST_DAY' | 'LAST_WEEK') => ({ op: ClipsCardsUser, variables: { login: channelLogin, limit: 20, criteria: { filter }, cursor: null } });
  const [[day, week], [videos]] = await gql.batch([clips('LAST_DAY'), clips('LAST_WEEK')], [
    { op: FilterableVideoTowerVideos, variables: { channelOwnerLogin: channelLogin, broadcastType: 'ARCHIVE', videoSort: 'TIME', limit: 10, includePreviewBlur: false } },
  ]);
  if (!day!.ok && !week!.ok && !videos!.ok) throw day!.error;
  const read: ReplaysRead = { replays: [], failed: [day!, week!, videos!].flatMap((r) => (r.ok ? [] : [r.error])), skipped: 0 };
  const nodesOf = <T extends z.ZodType>(schema: T, edges: readonly { node: unknown }[] | undefined): z.output<T>[] =>
    (edges ?? []).flatMap((e) => {
      const p = schema.safeParse(e.node);
      if (!p.success) read.skipped++;
      return p.success ? [p.data] : [];
    });
  const of = (b: { id?: string | null } | null | undefined) => (b?.id && missed.includes(b.id) ? b.id : null);
  const out = read.replays;
  for (const r of [day!, week!]) {
    if (!r.ok) continue;
    for (const c of nodesOf(clipNode, r.data.user?.clips?.edges)) {
      const broadcastId = of(c.broadcastIdentifier);
      if (broadcastId && !out.some((o) => o.id === c.id)) out.push({ kind: 'clip', id: c.id, slug: c.slug, url: c.url, broadcastId, seconds: c.durationSeconds ?? undefined });
    }
  }
  if (videos!.ok) {
    for (const v of nodesOf(videoNode, videos!.data.user?.videos?.edges)) {
      const broadcastId = of(v.broadcastIdentifier);
      if (broadcastId) out.push({ kind: 'vod', id: v.id, broadcastId, seconds: v.lengthSeconds ?? undefined });
    }
  }
  return read;
}
