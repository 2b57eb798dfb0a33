import { z } from 'zod';
import { GQL_URL, WEB_CLIENT_ID, WEB_CLIENT_VERSION } from './constants';
import { TwitchError } from './errors';
import { Transport } from './http';
import type { AnyOperation, ResponseOf, VariablesOf } from './operations';
import { registerSecret } from './redact';

/** The credentials and device a GQL client speaks for. */
export interface GqlSession {
  token: string;
  /** The `unique_id` cookie of twitch.tv, sent as X-Device-Id. */
  deviceId?: string;
  clientId?: string;
  /** A Client-Integrity token, when one is known. */
  integrity?: string;
}

const envelope = z.looseObject({
  data: z.unknown().optional(),
  errors: z
    .array(z.looseObject({ message: z.string().optional().catch(undefined) }))
    .nullable()
    .optional(),
  extensions: z.looseObject({ challenge: z.looseObject({ type: z.string().optional() }).optional() }).nullable().optional(),
});

/** Maps the `errors` of a GQL answer to a typed error, or null when there are none. */
export function gqlError(json: unknown, operation: string): TwitchError | null {
  const parsed = envelope.safeParse(json);
  if (!parsed.success) return new TwitchError('malformed', 'answer is not a GQL envelope', { operation });
  const { errors, extensions } = parsed.data;
  const messages = (errors ?? []).map((e) => e.message ?? '').filter(Boolean);
  if (extensions?.challenge?.type === 'integrity' || messages.some((m) => /integrity/i.test(m))) {
    return new TwitchError('integrity', 'failed integrity check: Twitch wants a Client-Integrity token for this', { operation });
  }
  if (!errors || errors.length === 0) return null;
  const text = messages.join('; ') || 'unnamed error';
  if (messages.some((m) => /PersistedQueryNotFound/i.test(m))) {
    return new TwitchError('persisted-query-not-found', 'Twitch does not know this persisted query hash: the operation registry is stale', { operation });
  }
  if (messages.some((m) => /unauthori[sz]ed|authentication/i.test(m))) return new TwitchError('logged-out', text, { operation });
  if (messages.some((m) => /service (timeout|error|unavailable)|internal|timeout/i.test(m))) {
    return new TwitchError('server', text, { operation });
  }
  return new TwitchError('gql', text, { operation });
}

export type BatchCall = { op: AnyOperation; variables: unknown };
export type BatchResult<T = unknown> = { ok: true; data: T } | { ok: false; error: TwitchError };

function randomHex(bytes: number): string {
  const a = new Uint8Array(bytes);
  crypto.getRandomValues(a);
  return Array.from(a, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** GQL over persisted queries, as the twitch.tv web client sends them. */
export class GqlClient {
  /** Random per client instance, as the web client makes one per page load. */
  readonly sessionId = randomHex(8);

  constructor(
    private readonly transport: Transport,
    private readonly session: GqlSession,
    private readonly url = GQL_URL,
    /** Told of every operation's outcome: the engine learns from it whether mutations currently work. */
    private readonly observer?: (operation: string, error: TwitchError | null) => void,
  ) {
    registerSecret(session.token);
  }

  headers(): Record<string, string> {
    const h: Record<string, string> = {
      'Client-Id': this.session.clientId ?? WEB_CLIENT_ID,
      'Client-Session-Id': this.sessionId,
      'Client-Version': WEB_CLIENT_VERSION,
      Authorization: `OAuth ${this.session.token}`,
      'Content-Type': 'text/plain;charset=UTF-8',
    };
    if (this.session.deviceId) h['X-Device-Id'] = this.session.deviceId;
    if (this.session.integrity) h['Client-Integrity'] = this.session.integrity;
    return h;
  }

  /** Sends one operation; resolves to its parsed `data` or throws a TwitchError. */
  async request<O extends AnyOperation>(op: O, variables: VariablesOf<O>): Promise<ResponseOf<O>> {
    const body = this.body(op, variables);
    try {
      const json = await this.transport.send({
        url: this.url,
        method: 'POST',
        headers: this.headers(),
        body: JSON.stringify(body),
        label: op.name,
        check: (j) => {
          const err = gqlError(j, op.name);
          if (err) throw err;
        },
      });
      const data = this.parse(op, json);
      this.observer?.(op.name, null);
      return data;
    } catch (e) {
      if (e instanceof TwitchError) this.observer?.(op.name, e);
      throw e;
    }
  }

  /**
   * Sends several operations in one request. HTTP failures fail (and retry) the whole batch; each operation's own
   * GQL errors or malformed data come back as its result, so one bad answer does not lose the others.
   */
  async batch(calls: BatchCall[]): Promise<BatchResult[]> {
    if (calls.length === 0) return [];
    const body = calls.map((c) => this.body(c.op, c.variables));
    const label = `batch(${calls.map((c) => c.op.name).join(',')})`;
    const json = await this.transport.send({
      url: this.url,
      method: 'POST',
      headers: this.headers(),
      body: JSON.stringify(body),
      label,
      check: (j) => {
        if (!Array.isArray(j)) throw new TwitchError('malformed', 'a batch answer must be an array', { operation: label });
      },
    });
    const answers = json as unknown[];
    return calls.map((c, i): BatchResult => {
      if (i >= answers.length) return { ok: false, error: new TwitchError('malformed', 'missing from the batch answer', { operation: c.op.name }) };
      const err = gqlError(answers[i], c.op.name);
      if (err) return { ok: false, error: err };
      try {
        return { ok: true, data: this.parse(c.op, answers[i]) };
      } catch (e) {
        return { ok: false, error: e as TwitchError };
      }
    });
  }

  private body(op: AnyOperation, variables: unknown) {
    const vars = op.variables.safeParse(variables);
    if (!vars.success) throw new TypeError(`invalid variables for ${op.name}: ${z.prettifyError(vars.error)}`);
    return {
      operationName: op.name,
      variables: vars.data,
      extensions: { persistedQuery: { version: 1, sha256Hash: op.hash } },
    };
  }

  private parse<O extends AnyOperation>(op: O, json: unknown): ResponseOf<O> {
    const data = (json as { data?: unknown }).data;
    const parsed = op.response.safeParse(data);
    if (!parsed.success) {
      throw new TwitchError('malformed', `answer does not match the schema: ${z.prettifyError(parsed.error).slice(0, 300)}`, {
        operation: op.name,
      });
    }
    return parsed.data as ResponseOf<O>;
  }
}
