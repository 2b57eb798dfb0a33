import type { Settings } from '../../store/settings';
import type { ChannelRecord } from '../../store/schema';
import { parseRealtime, topicsFor, type RealtimeEvent } from '../../twitch/events';
import type { RealtimeClient, RealtimeOptions, RealtimeState } from '../../twitch/realtime';
import type { Logger } from '../../twitch/redact';
import { orderOf, prefsOf } from '../../watch/live';

/**
 * The socket's topics for the channels watched (and the viewer's): each one's raids, moments, stream and, where the
 * viewer bets, predictions; then the streams of the followed channels next in the watch order, so their going live
 * is told at once.
 */
export function socketTopics(settings: Settings, channels: Iterable<ChannelRecord>, userId: string, watched: string[]): string[] {
  const all = [...channels];
  const recs = [...new Set(watched)].map((l) => all.find((c) => c.login === l)).filter((c): c is ChannelRecord => !!c?.id);
  const ids = recs.map((c) => c.id!);
  const on = (pref: 'predictions' | 'goals') => new Set(recs.filter((c) => prefsOf(c, settings.streamerDefaults)[pref]).map((c) => c.id!));
  const next = all.filter((c) => c.followed && c.id && !ids.includes(c.id)).sort((a, b) => orderOf(a) - orderOf(b));
  return topicsFor(userId, ids, on('predictions'), next.map((c) => c.id!), on('goals'));
}

/**
 * The realtime socket as the background keeps it: opened for the logged-in session's token, retargeted after each
 * tick, closed when logged out. What it brings waits in the inbox for the next tick, which it asks for (`wake`).
 */
export class RealtimeLink {
  private socket: { client: RealtimeClient; token: string } | null = null;
  private inbox: RealtimeEvent[] = [];
  private openedAt: number | null = null;

  constructor(
    private readonly make: ((options: Omit<RealtimeOptions, 'clock' | 'logger'>) => RealtimeClient) | undefined,
    private readonly logger: Logger,
    private readonly wake: () => void,
    private readonly now: () => number,
  ) {}

  get status(): RealtimeState {
    return this.socket?.client.status ?? 'closed';
  }

  /** Since when the socket has been open without a break (undefined: closed). What it says is only known since then. */
  get openSince(): number | undefined {
    return this.status === 'open' ? (this.openedAt ?? undefined) : undefined;
  }

  /** Hands the events brought since the last tick to it; they wait for the next one if it did not run or failed. */
  async deliver<T extends { ran: boolean }>(tick: (inbox: RealtimeEvent[]) => Promise<T>): Promise<T> {
    const events = this.inbox;
    this.inbox = [];
    try {
      const out = await tick(events);
      if (!out.ran) this.inbox.unshift(...events);
      return out;
    } catch (e) {
      this.inbox.unshift(...events);
      throw e;
    }
  }

  /** Opens (or reopens for a new token) and points the socket at the topics; with no session, closes it. */
  follow(session: { token: string; topics: string[] } | null): void {
    if (!this.make || !session || (this.socket && this.socket.token !== session.token)) {
      this.socket?.client.stop();
      this.socket = null;
    }
    if (!this.make || !session) return;
    if (!this.socket) {
      const client = this.make({ token: session.token, onMessage: (topic, message) => this.receive(topic, message), onState: (s) => this.changed(s) });
      this.socket = { client, token: session.token };
      client.start();
    }
    this.socket.client.setTopics(session.topics);
  }

  /**
   * A socket that opens after a gap (a worker start, Firefox waking its event page, a reconnect) missed what was said
   * meanwhile: a tick catches up by reading it (lib/engine/look.ts).
   */
  private changed(state: RealtimeState): void {
    if (state !== 'open') {
      this.openedAt = null;
      return;
    }
    this.openedAt = this.now();
    this.wake();
  }

  private receive(topic: string, message: unknown): void {
    const event = parseRealtime(topic, message);
    if (event === undefined) return;
    if (event === null) {
      this.logger('warn', `realtime: a ${topic} message Minert could not read`);
      return;
    }
    this.inbox.push(event);
    this.wake();
  }
}
