import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { WEB_CLIENT_ID } from './auth';
import { iso } from './clock';
import type { SimUser, World } from './world';

/** Where the web client opens its realtime socket (Hermes): wss://hermes.twitch.tv/v1?clientId=<client id>. */
export const HERMES_HOST = 'hermes.twitch.tv';
export const HERMES_PATH = '/v1';
const HERMES_URL = `wss://${HERMES_HOST}${HERMES_PATH}`;
/** The close code and reason of a socket opened on a reconnect frame's URL (RAK 1b2768e0, 2025-08-28). */
const INVALID_CHALLENGE = { code: 4122, reason: 'invalid challenge' } as const;
/** Subscriptions one socket may hold, as PubSub allowed topics. */
const MAX_SUBSCRIPTIONS = 50;

/** One open socket: its session id, the user it authenticated as, and its subscriptions (id -> topic). */
interface Session {
  ws: WebSocket;
  id: string;
  user: SimUser | null;
  subscriptions: Map<string, string>;
  keepalive: ReturnType<typeof setInterval>;
}

/** A client message, as far as the simulator reads it. */
interface Request {
  id?: unknown;
  type?: unknown;
  authenticate?: { token?: unknown };
  subscribe?: { id?: unknown; pubsub?: { topic?: unknown } };
}

function parse(data: RawData): Request | null {
  try {
    const value: unknown = JSON.parse(String(data));
    return value && typeof value === 'object' ? (value as Request) : null;
  } catch {
    return null;
  }
}

/**
 * A user topic (a name with a "user" word: community-points-user-v1, predictions-user-v1, user-drop-events) is
 * its owner's alone: the user id after the last dot must be the subscriber's.
 */
function forbidden(topic: string, user: SimUser): boolean {
  const dot = topic.lastIndexOf('.');
  const name = dot < 0 ? topic : topic.slice(0, dot);
  return /(^|-)user(-|$)/.test(name) && topic.slice(dot + 1) !== user.id;
}

/**
 * Hermes, the realtime socket: JSON messages carrying PubSub topics. The server welcomes each socket with its
 * keepalive interval and sends a keepalive that often (in real time); the client authenticates with its token,
 * subscribes to topics, and receives a notification for each message published on them. Tests drive it through
 * the controls below (sim.realtime).
 */
export class Realtime {
  /** The keepalive interval, in seconds, of sockets opened from now on. */
  keepaliveSec = 10;
  /** How many keepalive intervals have passed on the sockets, keepalives sent or (silenced) held back: tests wait on it. */
  keepaliveTicks = 0;
  /** How many notifications were sent on open sockets: a test waits until its client heard as many. */
  notifications = 0;
  private silent = false;
  private readonly sessions = new Set<Session>();
  private readonly server = new WebSocketServer({ noServer: true });

  constructor(private readonly world: World) {}

  /**
   * Takes over an HTTP upgrade request the server routed here. A socket opened on the URL a reconnect frame gave
   * (its `challenge` query) is closed at once with 4122 "invalid challenge": only the default URL works.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const challenged = new URL(req.url ?? '/', HERMES_URL).searchParams.has('challenge');
    this.server.handleUpgrade(req, socket, head, (ws) => (challenged ? ws.close(INVALID_CHALLENGE.code, INVALID_CHALLENGE.reason) : this.open(ws)));
  }

  private open(ws: WebSocket): void {
    const session: Session = {
      ws,
      id: randomUUID().replace(/-/g, ''),
      user: null,
      subscriptions: new Map(),
      keepalive: setInterval(() => {
        this.keepaliveTicks += 1;
        if (!this.silent) this.send(session, 'keepalive');
      }, this.keepaliveSec * 1000),
    };
    this.sessions.add(session);
    ws.on('message', (data) => this.receive(session, data));
    ws.on('close', () => {
      clearInterval(session.keepalive);
      this.sessions.delete(session);
    });
    // A broken frame or connection closes the socket, which 'close' handles; the listener keeps it from throwing.
    ws.on('error', () => undefined);
    this.send(session, 'welcome', {
      welcome: { keepaliveSec: this.keepaliveSec, recoveryUrl: `${HERMES_URL}?recover=${session.id}`, sessionId: session.id },
    });
  }

  private send(session: Session, type: string, body: object = {}): void {
    if (session.ws.readyState !== WebSocket.OPEN) return;
    if (type === 'notification') this.notifications += 1;
    session.ws.send(JSON.stringify({ id: randomUUID(), type, timestamp: iso(this.world.clock.now()), ...body }));
  }

  /** Answers authenticate and subscribe; anything else is a protocol error that closes the socket. */
  private receive(session: Session, data: RawData): void {
    const request = parse(data);
    if (request?.type === 'authenticate') this.authenticate(session, request);
    else if (request?.type === 'subscribe') this.subscribe(session, request);
    else session.ws.close(1008, 'unsupported message');
  }

  /** A known user's token authenticates the socket; any other is refused and the socket closed. */
  private authenticate(session: Session, request: Request): void {
    const token = request.authenticate?.token;
    const user = this.world.userByToken(typeof token === 'string' ? token : null);
    if (user) {
      session.user = user;
      this.send(session, 'authenticateResponse', { parentId: request.id, authenticateResponse: { result: 'ok' } });
      return;
    }
    this.send(session, 'authenticateResponse', {
      parentId: request.id,
      authenticateResponse: { result: 'error', error: 'invalid token', errorCode: 'unauthorized' },
    });
    session.ws.close();
  }

  /** Subscribes the socket to a topic: authenticated first, at most 50 subscriptions, only the user's own user topics. */
  private subscribe(session: Session, request: Request): void {
    const id = request.subscribe?.id;
    const topic = request.subscribe?.pubsub?.topic;
    const refuse = (errorCode: string, error: string) =>
      this.send(session, 'subscribeResponse', { parentId: request.id, subscribeResponse: { result: 'error', error, errorCode, subscription: { id } } });
    if (typeof id !== 'string' || typeof topic !== 'string' || !topic) return refuse('bad_request', 'subscription id and topic required');
    if (!session.user) return refuse('unauthenticated', 'authenticate first');
    if (session.subscriptions.size >= MAX_SUBSCRIPTIONS) return refuse('too_many_subscriptions', `at most ${MAX_SUBSCRIPTIONS} subscriptions`);
    if (forbidden(topic, session.user)) return refuse('forbidden', 'not your topic');
    session.subscriptions.set(id, topic);
    this.send(session, 'subscribeResponse', { parentId: request.id, subscribeResponse: { result: 'ok', subscription: { id } } });
  }

  /** Sends a PubSub message (as a JSON string) to every subscription to the topic; nothing while silenced. */
  publish(topic: string, message: object): void {
    if (this.silent) return;
    const pubsub = JSON.stringify(message);
    for (const session of this.sessions) {
      for (const [id, t] of session.subscriptions) {
        if (t === topic) this.send(session, 'notification', { notification: { subscription: { id }, type: 'pubsub', pubsub } });
      }
    }
  }

  /** How many sockets are open. */
  connections(): number {
    return [...this.sessions].filter((s) => s.ws.readyState === WebSocket.OPEN).length;
  }

  /** The topics subscribed, across all open sockets (a topic once per subscription). */
  subscriptions(): string[] {
    return [...this.sessions].filter((s) => s.ws.readyState === WebSocket.OPEN).flatMap((s) => [...s.subscriptions.values()]);
  }

  /** Cuts every socket without a close frame, as a network loss does. */
  dropAll(): void {
    for (const session of this.sessions) session.ws.terminate();
  }

  /**
   * Asks every socket to reconnect: with no URL under wire.hermesEmptyReconnect (`reconnect: {}`,
   * samples/HermesFrame.3.json), else with a URL carrying a challenge that fails when followed (see upgrade).
   */
  sendReconnect(): void {
    for (const session of this.sessions) {
      const url = `${HERMES_URL}?clientId=${WEB_CLIENT_ID}&challenge=${randomBytes(12).toString('hex')}`;
      this.send(session, 'reconnect', { reconnect: this.world.wire.hermesEmptyReconnect ? {} : { url } });
    }
  }

  /** Stops (true) or resumes (false) keepalives and notifications: a socket gone stale without closing. */
  silence(on: boolean): void {
    this.silent = on;
  }

  /** Ends every socket and its keepalives (sim.close). */
  close(): void {
    for (const session of this.sessions) {
      clearInterval(session.keepalive);
      session.ws.terminate();
    }
    this.server.close();
  }
}
