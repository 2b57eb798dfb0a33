/** Typed errors of the Twitch boundary. Everything past lib/twitch sees these, never raw HTTP. */

export type TwitchErrorKind =
  | 'logged-out' // 401, or the token was refused by id.twitch.tv
  | 'persisted-query-not-found' // the operation's hash is stale
  | 'integrity' // "failed integrity check": the mutation needs a Client-Integrity token
  | 'throttled' // 429
  | 'server' // 5xx, or a GQL "service error" / "service timeout"
  | 'timeout' // no answer in time
  | 'network' // the request did not reach Twitch (details.host: the host a DNS block list or a filter may stop)
  | 'malformed' // an answer that is not what the schema says
  | 'gql'; // any other GQL error message

const RETRYABLE: ReadonlySet<TwitchErrorKind> = new Set(['throttled', 'server', 'timeout', 'network']);

export class TwitchError extends Error {
  override readonly name = 'TwitchError';
  constructor(
    readonly kind: TwitchErrorKind,
    message: string,
    readonly details: { operation?: string; status?: number; retryAfterMs?: number; host?: string } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

export function isTwitchError(e: unknown, kind?: TwitchErrorKind): e is TwitchError {
  return e instanceof TwitchError && (kind === undefined || e.kind === kind);
}

/** A short, token-free description of any error for the activity log. */
export function describeError(e: unknown): string {
  if (e instanceof TwitchError) return `${e.kind}${e.details.operation ? ` (${e.details.operation})` : ''}: ${e.message}`;
  if (e instanceof Error) return e.message;
  return String(e);
}
