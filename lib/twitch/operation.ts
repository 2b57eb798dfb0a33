import type { z } from 'zod';

/**
 * One GQL operation Minert sends: its name, how Twitch knows it (the sha256 of a persisted query, or a raw document
 * where no persisted query is known to work), whether it changes something (mutations need integrity on the web
 * client id), and zod schemas for its variables and for the `data` of its answer. Response schemas are loose
 * (unknown fields pass through) and hold only what Minert reads; each sits beside the code that maps it to domain
 * data (lib/twitch/ops/). The 2026 values and their sources are in the README's "Twitch wire" section.
 */
export interface Operation<V extends z.ZodType, R extends z.ZodType> {
  readonly name: string;
  /** The persisted query's sha256; absent for a raw document. */
  readonly hash?: string;
  /** A raw GraphQL document, sent as `query` (Twitch still answers some the web client never persisted). */
  readonly query?: string;
  /**
   * For a persisted query: a raw document Twitch answers the same data to, tried last when no hash (built in or
   * learned from the page) is known any more.
   */
  readonly fallbackQuery?: string;
  readonly mutation: boolean;
  readonly variables: V;
  readonly response: R;
}

export function persisted<V extends z.ZodType, R extends z.ZodType>(
  name: string,
  hash: string,
  variables: V,
  response: R,
  options: { mutation?: boolean; fallbackQuery?: string } = {},
): Operation<V, R> {
  return { name, hash, mutation: options.mutation ?? false, variables, response, ...(options.fallbackQuery ? { fallbackQuery: options.fallbackQuery } : {}) };
}

export function raw<V extends z.ZodType, R extends z.ZodType>(name: string, query: string, variables: V, response: R): Operation<V, R> {
  return { name, query, mutation: /^\s*mutation\b/.test(query), variables, response };
}

export type VariablesOf<O> = O extends Operation<infer V, z.ZodType> ? z.input<V> : never;
export type ResponseOf<O> = O extends Operation<z.ZodType, infer R> ? z.output<R> : never;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;
