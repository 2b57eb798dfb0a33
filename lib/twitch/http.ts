import { createFetch, type $Fetch } from 'ofetch';
import { systemClock, type Clock } from '../clock';
import { isTwitchHost, isTwitchInfraHost } from './constants';
import { TwitchError } from './errors';
import { TokenBucket } from './rate-limit';
import { redact, silentLogger, type Logger } from './redact';

/** What the Twitch boundary needs from its surroundings; tests swap each part. */
export interface TransportOptions {
  fetch?: typeof globalThis.fetch;
  clock?: Clock;
  logger?: Logger;
  /** Client-side rate limit shared by every request of this transport. */
  bucket?: TokenBucket;
  timeoutMs?: number;
  /** Attempts for a retryable failure, the first included. */
  maxAttempts?: number;
  /** First backoff delay; doubled each retry, with jitter, capped at 60 s. */
  baseDelayMs?: number;
  random?: () => number;
}

export interface HttpRequest {
  url: string;
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** Names the request in logs and errors (the operation name, or "validate"). */
  label: string;
  /** Inspects a parsed 200 answer; throwing a retryable TwitchError retries the request. */
  check?: (json: unknown) => void;
}

/** What went over the wire, for the bench and the popup's figures. */
export interface TransportStats {
  requests: number;
  /** Request bodies sent. */
  bytesOut: number;
  /** Response bodies received. */
  bytesIn: number;
}

interface Exchange {
  status: number;
  text: string;
  retryAfter: string | null;
}

/**
 * The one way a request reaches Twitch: refuses non-Twitch hosts (the token goes to twitch.tv hosts only), waits for
 * the rate limit, times out, classifies failures into TwitchErrors and retries the retryable ones with backoff.
 */
export class Transport {
  readonly stats: TransportStats = { requests: 0, bytesOut: 0, bytesIn: 0 };
  /** Per host, whether its last request got an answer (any HTTP status) or failed on the way (DNS, a filter, a proxy). */
  readonly reach = new Map<string, { at: number; ok: boolean; error?: string }>();
  readonly clock: Clock;
  readonly logger: Logger;
  private readonly $fetch: $Fetch;
  private readonly bucket: TokenBucket;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly random: () => number;

  constructor(options: TransportOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    const fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.$fetch = createFetch({ fetch: fetchImpl, Headers: globalThis.Headers, AbortController: globalThis.AbortController });
    this.bucket = options.bucket ?? new TokenBucket(this.clock);
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.baseDelayMs = options.baseDelayMs ?? 1_000;
    this.random = options.random ?? Math.random;
  }

  /** A JSON request (GQL, validate): resolves to the parsed body of a 2xx answer. */
  async send(req: HttpRequest): Promise<unknown> {
    if (!isTwitchHost(req.url)) throw new Error(`refusing to send credentials to a non-Twitch host: ${req.url}`);
    return this.withRetries(req, async () => {
      const { status, text, retryAfter } = await this.exchange(req);
      this.checkStatus(req, status, retryAfter);
      if (status < 200 || status >= 300) throw new TwitchError('gql', `unexpected HTTP ${status}`, { operation: req.label, status });
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new TwitchError('malformed', `answer is not JSON (${text.length} bytes)`, { operation: req.label, status });
      }
      req.check?.(json);
      return json;
    });
  }

  /**
   * A plain request without credentials (pages, playlists, the watch beacon) to a Twitch-run host. Retries what is
   * retryable (5xx, 429, timeouts); any other status comes back to the caller, who knows what a 404 means.
   */
  async fetchText(req: HttpRequest): Promise<{ status: number; text: string }> {
    if (!isTwitchInfraHost(req.url)) throw new Error(`refusing a request to a host Twitch does not run: ${req.url}`);
    if (Object.keys(req.headers).some((h) => h.toLowerCase() === 'authorization')) throw new Error('fetchText never carries credentials');
    return this.withRetries(req, async () => {
      const { status, text, retryAfter } = await this.exchange(req);
      if (status === 429 || status >= 500) this.checkStatus(req, status, retryAfter);
      return { status, text };
    });
  }

  private async withRetries<T>(req: HttpRequest, attemptOnce: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await attemptOnce();
      } catch (e) {
        if (!(e instanceof TwitchError) || !e.retryable || attempt >= this.maxAttempts) {
          this.logger('warn', `${req.label} failed after ${attempt} attempt(s): ${redact(String(e instanceof Error ? e.message : e))}`);
          throw e;
        }
        const backoff = Math.min(60_000, this.baseDelayMs * 2 ** (attempt - 1)) * (0.75 + this.random() * 0.5);
        const delay = Math.max(backoff, e.details.retryAfterMs ?? 0);
        this.logger('info', `${req.label}: ${e.kind} (${redact(e.message)}), retry ${attempt} in ${Math.round(delay)} ms`);
        if (e.kind === 'throttled') this.bucket.drain();
        await this.clock.sleep(delay);
      }
    }
  }

  /** Throws the typed error of a status that means the session, the rate limit or the server failed. */
  private checkStatus(req: HttpRequest, status: number, retryAfter: string | null): void {
    const details = { operation: req.label, status };
    if (status === 401 || status === 403) throw new TwitchError('logged-out', `HTTP ${status}: the session is not valid`, details);
    if (status === 429) {
      const seconds = Number(retryAfter);
      const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
      throw new TwitchError('throttled', 'HTTP 429: throttled', { ...details, retryAfterMs });
    }
    if (status >= 500) throw new TwitchError('server', `HTTP ${status}`, details);
  }

  private async exchange(req: HttpRequest): Promise<Exchange> {
    await this.bucket.take();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    this.stats.requests += 1;
    this.stats.bytesOut += req.body ? new TextEncoder().encode(req.body).length : 0;
    try {
      const res = await this.$fetch.raw<string, 'text'>(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        responseType: 'text',
        ignoreResponseError: true,
        retry: 0,
        signal: controller.signal,
        credentials: 'omit',
      });
      const text = res._data ?? '';
      this.reach.set(new URL(req.url).hostname, { at: this.clock.now(), ok: true });
      this.stats.bytesIn += new TextEncoder().encode(text).length;
      return { status: res.status, text, retryAfter: res.headers.get('retry-after') };
    } catch (e) {
      if (controller.signal.aborted) {
        throw new TwitchError('timeout', `no answer within ${this.timeoutMs} ms`, { operation: req.label });
      }
      const host = new URL(req.url).hostname;
      this.reach.set(host, { at: this.clock.now(), ok: false, error: redact(e instanceof Error ? e.message : String(e)) });
      throw new TwitchError('network', `could not reach ${host}: ${redact(e instanceof Error ? e.message : String(e))}`, { operation: req.label, host });
    } finally {
      clearTimeout(timer);
    }
  }
}
