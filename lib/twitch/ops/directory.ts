import { z } from 'zod';
import type { GqlClient } from '../gql';
import { persisted } from '../operation';
import { gameOf, type LiveStream } from './channels';

/**
 * Live channels of a game, by its slug (not its name), most relevant first; the drops filter is a system filter
 * (TDM 5e862f9, 2026): the drops tag of 2024 no longer filters.
 */
export const DirectoryPage_Game = persisted(
  'DirectoryPage_Game',
  '86bcceb4e8b1a51256ff8eed8bd8aae4acacf80d737efe904f84f3aeadf8cafd',
  z.object({
    slug: z.string().min(1),
    limit: z.number().int().min(1).max(100),
    imageWidth: z.number().int(),
    includeCostreaming: z.boolean(),
    options: z.object({
      broadcasterLanguages: z.array(z.string()),
      freeformTags: z.array(z.string()).nullable(),
      includeRestricted: z.array(z.string()),
      recommendationsContext: z.object({ platform: z.string() }),
      sort: z.string(),
      systemFilters: z.array(z.string()),
      tags: z.array(z.string()),
      requestID: z.string(),
    }),
    sortTypeIsRecency: z.boolean(),
  }),
  z.object({
    game: z
      .object({
        id: z.string(),
        streams: z
          .object({
            edges: z.array(
              z.object({
                node: z
                  .object({
                    id: z.string(),
                    viewersCount: z.number().optional(),
                    broadcaster: z.object({ id: z.string(), login: z.string(), displayName: z.string().optional() }).nullable(),
                    game: z.object({ id: z.string(), name: z.string().optional(), displayName: z.string().optional() }).nullable().optional(),
                  })
                  .nullable(),
              }),
            ),
          })
          .nullable(),
      })
      .nullable(),
  }),
);

/** A game's directory slug from its name, for campaigns whose game came without one. */
export const DirectoryGameRedirect = persisted(
  'DirectoryGameRedirect',
  '1f0300090caceec51f33c5e20647aceff9017f740f223c3c532ba6fa59f6b6cc',
  z.object({ name: z.string().min(1) }),
  z.object({ game: z.object({ slug: z.string() }).nullable() }),
);

/** The slug Twitch knows a game by, or null when it knows no such game. */
export async function fetchGameSlug(gql: GqlClient, name: string): Promise<string | null> {
  return (await gql.request(DirectoryGameRedirect, { name })).game?.slug ?? null;
}

/** Live channels of a game (by slug), most relevant first; with `dropsOnly`, only those with drops enabled. */
export async function fetchGameStreams(gql: GqlClient, slug: string, options: { dropsOnly: boolean; limit?: number }): Promise<LiveStream[]> {
  const data = await gql.request(DirectoryPage_Game, {
    slug,
    limit: options.limit ?? 30,
    imageWidth: 50,
    includeCostreaming: false,
    options: {
      broadcasterLanguages: [],
      freeformTags: null,
      includeRestricted: ['SUB_ONLY_LIVE'],
      recommendationsContext: { platform: 'web' },
      sort: 'RELEVANCE',
      systemFilters: options.dropsOnly ? ['DROPS_ENABLED'] : [],
      tags: [],
      requestID: 'JIRA-VXP-2397',
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
