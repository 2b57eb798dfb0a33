import { z } from 'zod';
import type { Clock } from '../clock';
import { WEB_CLIENT_ID } from './constants';
import { redact, registerSecret, type Logger } from './redact';

/**
 * The realtime socket the web client uses (Hermes): PubSub topics carried over one WebSocket. Used while the
 * background is awake; everything it brings is also reachable by polling, so a sleeping worker loses only latency.
 */
export const HERMES_URL = `wss://hermes.twitch.tv/v1?clientId=${WEB_CLIENT_ID}`;
/** Twitch allows this many topics on one socket. */
export const MAX_TOPICS = 50;

const envelope = z.looseObject({
  id: z.string().optional(),
  type: z.string(),
  parentId: z.string().optional(),
  welcome: z.looseObject({ keepaliveSec: z.coerce.number() }).optional(),
  authenticateResponse: z.looseObject({ result: z.string(), error: z.string().optional() }).optional(),
  subscribeResponse: z.looseObject({ result: z.string(), subscription: z.looseObject({ id: z.string() }).optional(), errorCode: z.string().optional() }).optional(),
  notification: z.looseObject({ subscription: z.looseObject({ id: z.string() }), type: z.string(), pubsub: z.string().optional() }).optional(),
  // May carry no URL (`reconnect: {}`), and a given URL was answered with close 4122 (RAK 1b2768e0, 2025-08).
  reconnect: z.looseObject({ url: z.string().optional() }).optional(),
});

export type RealtimeState = 'closed' | 'connecting' | 'open';

export interface RealtimeOptions {
  token: string;
  /** Called with each PubSub message: its topic and its parsed body. */
  onMessage: (topic: string, message: unknown) => void;
  onState?: (state: RealtimeState) => void;
  clock: Clock;
  logger: Logger;
  url?: string;
  WebSocket?: typeof globalThis.WebSocket;
  random?: () => number;
}

let counter = 0;
const newId = () => `${Date.now().toString(36)}-${(++counter).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * One Hermes socket: authenticates, subscribes to the wanted topics (at most 50), reconnects with backoff when the
 * socket closes, goes stale (no message within twice the keepalive), or the server asks it to move.
 */
export class RealtimeClient {
  private ws: WebSocket | null = null;
  private state: RealtimeState = 'closed';
  private wanted = new Set<string>();
  /** Subscription id -> topic, for the topics subscribed on the current socket. */
  private subscribed = new Map<string, string>();
  private keepaliveMs = 30_000;
  private lastMessageAt = 0;
  private attempts = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private staleTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = true;

  constructor(private readonly opts: RealtimeOptions) {
    registerSecret(opts.token);
  }

  get status(): RealtimeState {
    return this.state;
  }

  /** The topics to listen to; the first 50 are kept. Subscribes new ones at once when open. */
  setTopics(topics: string[]): void {
    const next = new Set(topics.slice(0, MAX_TOPICS));
    const dropped = [...this.wanted].some((t) => !next.has(t));
    this.wanted = next;
    if (this.state !== 'open') return;
    // Hermes has no unsubscribe here: a topic dropped is dropped by starting a fresh socket.
    if (dropped) this.reconnect(0);
    else this.subscribeMissing();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open(this.opts.url ?? HERMES_URL);
    this.staleTimer = setInterval(() => this.checkStale(), 1_000);
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.staleTimer) clearInterval(this.staleTimer);
    this.retryTimer = this.staleTimer = null;
    this.closeSocket();
    this.setState('closed');
  }

  private setState(s: RealtimeState): void {
    if (s === this.state) return;
    this.state = s;
    this.opts.onState?.(s);
  }

  private closeSocket(): void {
    const ws = this.ws;
    this.ws = null;
    this.subscribed.clear();
    if (ws) {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      try {
        ws.close();
      } catch {
        // already closed
      }
    }
  }

  private open(url: string): void {
    this.closeSocket();
    this.setState('connecting');
    const WS = this.opts.WebSocket ?? globalThis.WebSocket;
    let ws: WebSocket;
    try {
      ws = new WS(url);
    } catch (e) {
      this.opts.logger('warn', `realtime: cannot open the socket: ${e instanceof Error ? e.message : e}`);
      this.reconnect();
      return;
    }
    this.ws = ws;
    this.lastMessageAt = this.opts.clock.now();
    ws.onmessage = (ev) => this.onMessage(String(ev.data));
    ws.onclose = () => {
      if (this.ws === ws) this.reconnect();
    };
    ws.onerror = () => {
      // onclose follows.
    };
  }

  private send(message: object): void {
    this.ws?.send(JSON.stringify({ id: newId(), timestamp: new Date(this.opts.clock.now()).toISOString(), ...message }));
  }

  private onMessage(raw: string): void {
    this.lastMessageAt = this.opts.clock.now();
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      this.opts.logger('warn', `realtime: a message that is not JSON (${raw.length} bytes)`);
      return;
    }
    const parsed = envelope.safeParse(json);
    if (!parsed.success) {
      this.opts.logger('warn', 'realtime: a message of unknown shape');
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'welcome':
        if (m.welcome) this.keepaliveMs = Math.max(1, m.welcome.keepaliveSec) * 1000;
        this.send({ type: 'authenticate', authenticate: { token: this.opts.token } });
        return;
      case 'authenticateResponse':
        if (m.authenticateResponse?.result === 'ok') {
          this.attempts = 0;
          this.setState('open');
          this.subscribeMissing();
        } else {
          this.opts.logger('warn', `realtime: authentication refused (${redact(m.authenticateResponse?.error ?? 'no reason')})`);
          this.stop();
        }
        return;
      case 'subscribeResponse':
        if (m.subscribeResponse?.result !== 'ok') this.opts.logger('warn', `realtime: a subscription was refused (${m.subscribeResponse?.errorCode ?? 'no reason'})`);
        return;
      case 'notification': {
        const n = m.notification;
        const topic = n ? this.subscribed.get(n.subscription.id) : undefined;
        if (!n || !topic || n.type !== 'pubsub' || !n.pubsub) return;
        let body: unknown;
        try {
          body = JSON.parse(n.pubsub);
        } catch {
          this.opts.logger('warn', `realtime: a ${topic} message that is not JSON`);
          return;
        }
        this.opts.onMessage(topic, body);
        return;
      }
      case 'reconnect':
        // Whatever URL it names: the default one is the one that works.
        this.open(this.opts.url ?? HERMES_URL);
        return;
      default:
        return; // keepalive, and anything new: the time of the last message is what matters
    }
  }

  private subscribeMissing(): void {
    const have = new Set(this.subscribed.values());
    for (const topic of this.wanted) {
      if (have.has(topic)) continue;
      const id = newId();
      this.subscribed.set(id, topic);
      this.send({ type: 'subscribe', subscribe: { id, type: 'pubsub', pubsub: { topic } } });
    }
  }

  private checkStale(): void {
    if (this.stopped || !this.ws) return;
    if (this.opts.clock.now() - this.lastMessageAt > 2 * this.keepaliveMs) {
      this.opts.logger('info', 'realtime: no message within twice the keepalive, reconnecting');
      this.reconnect(0);
    }
  }

  /** Closes the socket and opens a new one after a backoff (1 s, 2 s, 4 s … 60 s, with jitter). */
  private reconnect(delayMs?: number): void {
    this.closeSocket();
    this.setState(this.stopped ? 'closed' : 'connecting');
    if (this.stopped || this.retryTimer) return;
    const backoff = Math.min(60_000, 1000 * 2 ** this.attempts++) * (0.75 + (this.opts.random ?? Math.random)() * 0.5);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) this.open(this.opts.url ?? HERMES_URL);
    }, delayMs ?? backoff);
  }
}
