import { z } from 'zod';
import { GQL_URL, WEB_CLIENT_ID } from './constants';
import { TwitchError } from './errors';
import { attemptsOf, type Attempt, type HashBook, type Via } from './hashes';
import { Transport } from './http';
import type { PageHeaders } from './integrity';
import type { AnyOperation, ResponseOf, VariablesOf } from './operation';
import { registerSecret } from './redact';

/** The credentials and device a GQL client speaks for. */
export interface GqlSession {
  token: string;
  clientId?: string;
  /** The `unique_id` cookie of twitch.tv, sent as X-Device-Id. */
  deviceId?: string;
  /**
   * The twitch.tv page's own header set, captured with its integrity token: the token is bound to the page's
   * Client-Id, X-Device-Id and Client-Session-Id (LURK 2026), so all of them are sent together or none.
   */
  page?: PageHeaders;
  /** The web client's build id as the page last sent it (Client-Version); never a made-up one. */
  clientVersion?: string;
}

const envelope = z.looseObject({
  data: z.unknown().optional(),
  errors: z
    .array(z.looseObject({ message: z.string().optional().catch(undefined), path: z.array(z.union([z.string(), z.number()])).optional().catch(undefined) }))
    .nullable()
    .optional(),
  extensions: z.looseObject({ challenge: z.looseObject({ type: z.string().optional() }).optional() }).nullable().optional(),
  // The top-level form of a refused token: {error: "Unauthorized", status: 401, message} (no errors[]).
  status: z.number().optional().catch(undefined),
});

type Path = (string | number)[];

/** What an answer says about itself: a failure, or data (maybe partial: fields Twitch nulled, at these paths). */
type Verdict = { error: TwitchError } | { error: null; partial: Path[] };

const hasData = (data: unknown) => !!data && typeof data === 'object' && Object.values(data).some((v) => v !== null && v !== undefined);

/**
 * Reads a GQL answer's envelope. Errors beside real data, each with a path, are a partial answer (Twitch nulls the
 * failed fields: TDM cd4eeee): the data is kept. An integrity challenge, an unknown hash, or errors without data fail.
 */
export function readEnvelope(json: unknown, operation: string): Verdict {
  const parsed = envelope.safeParse(json);
  if (!parsed.success || Array.isArray(json)) return { error: new TwitchError('malformed', 'answer is not a GQL envelope', { operation }) };
  const { errors, extensions, data, status } = parsed.data;
  if (status === 401) return { error: new TwitchError('logged-out', 'Twitch refused the token', { operation, status }) };
  const messages = (errors ?? []).map((e) => e.message ?? '').filter(Boolean);
  if (extensions?.challenge?.type === 'integrity' || messages.some((m) => /integrity/i.test(m))) {
    return { error: new TwitchError('integrity', 'failed integrity check: Twitch wants a Client-Integrity token for this', { operation }) };
  }
  if (!errors || errors.length === 0) return { error: null, partial: [] };
  if (messages.some((m) => /PersistedQueryNotFound/i.test(m))) {
    return { error: new TwitchError('persisted-query-not-found', 'Twitch does not know this persisted query hash', { operation }) };
  }
  if (hasData(data) && errors.every((e) => e.path && e.path.length > 0)) return { error: null, partial: errors.map((e) => e.path!) };
  const text = messages.join('; ') || 'unnamed error';
  if (messages.some((m) => /unauthori[sz]ed|authentication/i.test(m))) return { error: new TwitchError('logged-out', text, { operation }) };
  if (messages.some((m) => /service (timeout|error|unavailable)|server error|internal|timeout/i.test(m))) return { error: new TwitchError('server', text, { operation }) };
  return { error: new TwitchError('gql', text, { operation }) };
}

/** Removes the list items a partial answer's errors point into (their last index), so the rest still parses. */
function prune(data: unknown, paths: Path[]): unknown {
  const copy: unknown = structuredClone(data);
  const drop: { list: unknown[]; index: number }[] = [];
  for (const path of paths) {
    const at = path.map((p) => typeof p).lastIndexOf('number');
    if (at < 0) continue;
    let node: unknown = copy;
    for (const key of path.slice(0, at)) node = (node as Record<string | number, unknown> | null)?.[key];
    if (Array.isArray(node)) drop.push({ list: node, index: path[at] as number });
  }
  // From the last index down, so earlier indexes stay right.
  drop.sort((a, b) => b.index - a.index).forEach(({ list, index }) => list.splice(index, 1));
  return copy;
}

export interface Call<O extends AnyOperation> {
  op: O;
  variables: VariablesOf<O>;
}
export type BatchResult<T = unknown> = { ok: true; data: T } | { ok: false; error: TwitchError };
type Results<G extends readonly (readonly Call<AnyOperation>[])[]> = { [K in keyof G]: BatchResult<ResponseOf<G[K][number]['op']>>[] };

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** GQL as the twitch.tv web client sends it: persisted queries (or raw documents), single or batched. */
export class GqlClient {
  /** Random per client instance, as the web client makes one per page load (unless the page's own is replayed). */
  private readonly ownSessionId = randomHex(8);

  constructor(
    private readonly transport: Transport,
    private readonly session: GqlSession,
    private readonly url = GQL_URL,
    /** Told of every operation's outcome: the engine learns from it what works (health, integrity, stale hashes). */
    private readonly observer?: (operation: string, error: TwitchError | null, via?: Via) => void,
    /** The hashes learned from twitch.tv's page, tried when Twitch no longer knows an operation's built-in hash. */
    private readonly hashes?: HashBook,
  ) {
    registerSecret(session.token);
  }

  headers(): Record<string, string> {
    const { page } = this.session;
    const clientId = this.session.clientId ?? WEB_CLIENT_ID;
    // The page's set only goes with the client id it was minted for.
    const replay = page && page.clientId === clientId ? page : undefined;
    const h: Record<string, string> = {
      'Client-Id': clientId,
      'Client-Session-Id': replay?.sessionId ?? this.ownSessionId,
      Authorization: `OAuth ${this.session.token}`,
      'Content-Type': 'text/plain;charset=UTF-8',
    };
    const deviceId = replay?.deviceId ?? this.session.deviceId;
    if (deviceId) h['X-Device-Id'] = deviceId;
    const version = replay?.clientVersion ?? this.session.clientVersion;
    if (version) h['Client-Version'] = version;
    if (replay) h['Client-Integrity'] = replay.integrity;
    return h;
  }

  /** Sends one operation; resolves to its parsed `data` or throws a TwitchError. */
  async request<O extends AnyOperation>(op: O, variables: VariablesOf<O>): Promise<ResponseOf<O>> {
    const [[result]] = await this.batch([{ op, variables }]);
    if (!result!.ok) throw result!.error;
    return result!.data;
  }

  /**
   * Sends groups of calls (each group one operation) in one request: results come back group by group, in order.
   * HTTP failures fail (and retry) the whole request; each call's own GQL errors or malformed data come back as its
   * result, so one bad answer does not lose the others. An unknown hash is asked once more before it is believed:
   * Twitch answers PersistedQueryNotFound now and then for a hash it knows (TDM#952). Then the operation's other
   * names are tried in turn, each once (hashes.ts: a hash learned from the page, the raw document last).
   */
  async batch<const G extends readonly (readonly Call<AnyOperation>[])[]>(...groups: G): Promise<Results<G>> {
    const calls = groups.flat();
    const plans = calls.map((c) => attemptsOf(c.op, this.hashes));
    const tried = calls.map(() => 0);
    const results = await this.send(calls, plans.map((p) => p[0]!));
    const unknown = (i: number) => !results[i]!.ok && results[i]!.error.kind === 'persisted-query-not-found';
    const first = calls.map((_, i) => results[i]!);
    for (let round = 0; ; round++) {
      // Round 0 asks the same name again; later rounds the next name, while there is one.
      const again = calls.flatMap((_, i) => (unknown(i) && (round === 0 || tried[i]! + 1 < plans[i]!.length) ? [i] : []));
      if (again.length === 0) break;
      if (round > 0) again.forEach((i) => (tried[i] = tried[i]! + 1));
      const retried = await this.send(again.map((i) => calls[i]!), again.map((i) => plans[i]![tried[i]!]!));
      again.forEach((i, k) => (results[i] = retried[k]!));
    }
    calls.forEach((c, i) => {
      // What became of the learned hashes tried: the ones passed over were unknown; the last one is known if answered.
      plans[i]!.slice(0, tried[i]! + 1).forEach((a, k) => {
        if (!('hash' in a) || a.via.source !== 'learned' || (k === tried[i] && !results[i]!.ok && !unknown(i))) return;
        this.hashes?.record(c.op.name, a.hash, k === tried[i] && results[i]!.ok);
      });
      // A raw document refused for another reason than integrity says less than the unknown hash did.
      const last = plans[i]![tried[i]!]!;
      if (!results[i]!.ok && 'query' in last && tried[i]! > 0 && results[i]!.error.kind !== 'integrity') results[i] = first[i]!;
      const r = results[i]!;
      // An answer names the way that worked; a failure, the operation's first (its hash in use).
      this.observer?.(c.op.name, r.ok ? null : r.error, r.ok ? last.via : plans[i]![0]!.via);
    });
    let at = 0;
    return groups.map((g) => results.slice(at, (at += g.length))) as Results<G>;
  }

  private async send(calls: readonly Call<AnyOperation>[], attempts: readonly Attempt[]): Promise<BatchResult[]> {
    if (calls.length === 0) return [];
    const single = calls.length === 1;
    const bodies = calls.map((c, i) => this.body(c.op, c.variables, attempts[i]!));
    const label = single ? calls[0]!.op.name : `batch(${calls.map((c) => c.op.name).join(',')})`;
    let json: unknown;
    try {
      json = await this.transport.send({
        url: this.url,
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(single ? bodies[0] : bodies),
        label,
        check: (j) => {
          if (!single && !Array.isArray(j)) throw new TwitchError('malformed', 'a batch answer must be an array', { operation: label });
          // A lone operation's "service error" is retried like an HTTP 5xx; in a batch, it stays that call's result.
          const verdict = single ? readEnvelope(j, label) : null;
          if (verdict?.error?.retryable) throw verdict.error;
        },
      });
    } catch (e) {
      if (e instanceof TwitchError) for (const c of calls) this.observer?.(c.op.name, e);
      throw e;
    }
    const answers = single ? [json] : (json as unknown[]);
    return calls.map((c, i): BatchResult => {
      if (i >= answers.length) return { ok: false, error: new TwitchError('malformed', 'missing from the batch answer', { operation: c.op.name }) };
      const verdict = readEnvelope(answers[i], c.op.name);
      if (verdict.error) return { ok: false, error: verdict.error };
      return this.parse(c.op, (answers[i] as { data?: unknown }).data, verdict.partial);
    });
  }

  private body(op: AnyOperation, variables: unknown, attempt: Attempt) {
    const vars = op.variables.safeParse(variables);
    if (!vars.success) throw new TypeError(`invalid variables for ${op.name}: ${z.prettifyError(vars.error)}`);
    if ('query' in attempt) return { operationName: op.name, query: attempt.query, variables: vars.data };
    return { operationName: op.name, variables: vars.data, extensions: { persistedQuery: { version: 1, sha256Hash: attempt.hash } } };
  }

  private parse(op: AnyOperation, data: unknown, partial: Path[]): BatchResult {
    if (partial.length > 0) {
      this.transport.logger('warn', `${op.name}: partial answer, Twitch failed ${partial.map((p) => p.join('.')).join(', ')}`);
    }
    let parsed = op.response.safeParse(data);
    if (!parsed.success && partial.length > 0) parsed = op.response.safeParse(prune(data, partial));
    if (!parsed.success) {
      const why = z.prettifyError(parsed.error).slice(0, 300);
      return { ok: false, error: new TwitchError('malformed', `answer does not match the schema: ${why}`, { operation: op.name }) };
    }
    return { ok: true, data: parsed.data };
  }
}
