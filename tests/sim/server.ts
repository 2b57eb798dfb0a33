import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { KNOWN_CLIENT_IDS, type JsonReply, type SimToken } from './auth';
import { makeCert } from './cert';
import { SimClock } from './clock';
import { Faults, type FaultKind, type FaultRule } from './faults';
import { answerItem, integrityFailure, itemName, type GqlRequestItem } from './gql';
import { cookie, cookieOf, headerOf, hostOf, readBody, tokenOf } from './http';
import type { IntegrityBinding } from './integrity';
import { activatePage, activateResultPage, channelPage, dropsPage, homePage, loginPage, notFoundPage, PAGE_HEADERS, SETTINGS_HOST, SETTINGS_JS, SETTINGS_PATH } from './pages';
import { HERMES_HOST, HERMES_PATH, Realtime } from './realtime';
import { SPADE_HOST, SPADE_PATH } from './watch';
import { World } from './world';

/** One request the simulator saw; tests assert on hosts, headers and operations. */
export interface SimRequest {
  at: number;
  host: string;
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  operations: string[];
  bytesIn: number;
  bytesOut: number;
  status: number;
}

/** Not Twitch: a receiver for the webhook tests. One POST to discord.com/api/webhooks/…, answered 204. */
export interface SimWebhook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The body, parsed as JSON (null when empty). */
  body: unknown;
}

export interface Sim {
  port: number;
  cert: string;
  clock: SimClock;
  world: World;
  faults: Faults;
  /** The realtime socket (Hermes) and its test controls. */
  realtime: Realtime;
  requests: SimRequest[];
  /** What the webhook receiver got (SimWebhook), in order. */
  webhooks: SimWebhook[];
  /** Chromium's --host-resolver-rules that send a browser's twitch traffic (twitch.tv, twitchcdn.net) here. */
  resolverRules: string;
  /** The same, with the blocked hosts failing as a DNS block does (~NOTFOUND): spade.twitch.tv is on some lists (TDM#1099, #1148). */
  resolverRulesFor(opts: { blocked?: string[] }): string;
  close(): Promise<void>;
}

const GQL_HOST = 'gql.twitch.tv';
/** The headers twitch.tv's page sends to the GQL host cross-origin (Kasada's on /integrity), which its preflight must allow. */
const GQL_ALLOW_HEADERS =
  'authorization, client-id, x-device-id, client-integrity, client-session-id, client-version, content-type, x-kpsdk-ct, x-kpsdk-cd';
/** The hosts the simulator plays, for Chromium's resolver. */
const SIM_HOSTS = ['*.twitch.tv', 'twitch.tv', '*.twitchcdn.net'];

/** The HTTP status a realtime upgrade fails with under a fault of each kind. */
const UPGRADE_FAULTS: Partial<Record<FaultKind, number>> = { 'http-500': 500, 'http-503': 503, 'http-429': 429, 'http-401': 401 };

/** The headers an integrity token is bound to, as the request sends them (absent: empty). */
const bindingOf = (req: IncomingMessage, clientId: string): IntegrityBinding => ({
  clientId,
  deviceId: headerOf(req, 'x-device-id') ?? '',
  sessionId: headerOf(req, 'client-session-id') ?? '',
  clientVersion: headerOf(req, 'client-version') ?? '',
});

/** Starts the Twitch simulator on 127.0.0.1 (a free port unless given). */
export async function startSim(opts: { port?: number; world?: (w: World) => void } = {}): Promise<Sim> {
  const { key, cert } = makeCert();
  const clock = new SimClock();
  const world = new World(clock);
  const faults = new Faults();
  const realtime = new Realtime(world);
  world.publish = (topic, message) => realtime.publish(topic, message);
  const requests: SimRequest[] = [];
  const webhooks: SimWebhook[] = [];
  opts.world?.(world);
  const held = new Set<ServerResponse>();

  const server: Server = createServer({ key, cert }, (req, res) => {
    void handle(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`simulator error: ${e instanceof Error ? e.stack : e}`);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    world.sync();
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', `https://${host}`);
    const body = req.method === 'POST' ? await readBody(req) : '';
    const record: SimRequest = {
      at: clock.now(), host, method: req.method ?? 'GET', path: url.pathname, headers: req.headers,
      operations: [], bytesIn: Buffer.byteLength(body), bytesOut: 0, status: 0,
    };
    requests.push(record);
    // The GQL host answers twitch.tv's page (and any origin) by name, as Twitch does; other hosts answer any origin.
    const cors =
      host === GQL_HOST
        ? { 'access-control-allow-origin': headerOf(req, 'origin') ?? 'https://www.twitch.tv', vary: 'Origin' }
        : { 'access-control-allow-origin': '*' };
    const send = (status: number, payload: string | Buffer, headers: Record<string, string | string[]> = {}) => {
      record.status = status;
      record.bytesOut = Buffer.byteLength(payload);
      res.writeHead(status, { ...cors, ...headers });
      res.end(payload);
    };
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      send(status, JSON.stringify(value), { 'content-type': 'application/json', ...headers });
    const jsonReply = (r: JsonReply) => json(r.status, r.value);
    const page = (status: number, html: string) => send(status, html, PAGE_HEADERS);

    /** Applies an HTTP-level fault; true when the request was answered by it. */
    const httpFault = (rule: FaultRule | null): boolean => {
      if (!rule) return false;
      switch (rule.kind) {
        case 'http-500':
        case 'http-503':
          send(rule.kind === 'http-500' ? 500 : 503, '<html><body>upstream error</body></html>', { 'content-type': 'text/html' });
          return true;
        case 'http-429':
          json(429, { error: 'Too Many Requests', status: 429, message: 'rate limited' }, { 'retry-after': String(rule.retryAfterSeconds ?? 1) });
          return true;
        case 'http-401':
          json(401, { error: 'Unauthorized', status: 401, message: 'invalid access token' });
          return true;
        case 'timeout':
          record.status = -1;
          held.add(res);
          res.on('close', () => held.delete(res));
          return true;
        case 'malformed-json':
          send(200, '{"data": {"community": ', { 'content-type': 'application/json' });
          return true;
        default:
          return false;
      }
    };

    /**
     * The caller of the GQL host: a known client id, and the token if one is sent. Twitch refuses a token that is
     * unknown, expired or revoked, and one issued to another client id; null when the request was answered so.
     */
    const caller = (): { clientId: string; token: SimToken | null } | null => {
      const clientId = headerOf(req, 'client-id');
      if (clientId === undefined || !KNOWN_CLIENT_IDS.has(clientId)) {
        json(400, { error: 'Bad Request', status: 400, message: 'The "Client-ID" header is missing from the request.' });
        return null;
      }
      const sent = tokenOf(req);
      const token = world.auth.valid(sent);
      if (sent && token?.clientId !== clientId) {
        json(401, { error: 'Unauthorized', status: 401, message: 'The OAuth token is invalid.' });
        return null;
      }
      return { clientId, token };
    };

    if (req.method === 'OPTIONS') {
      if (host === GQL_HOST && (url.pathname === '/gql' || url.pathname === '/integrity')) {
        return send(204, '', { 'access-control-allow-headers': GQL_ALLOW_HEADERS, 'access-control-allow-methods': 'POST, OPTIONS' });
      }
      return send(204, '', { 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST, OPTIONS' });
    }

    if (host === 'id.twitch.tv' && url.pathname === '/oauth2/validate') {
      record.operations.push('validate');
      if (httpFault(faults.take('validate'))) return;
      return jsonReply(world.auth.validate(tokenOf(req)));
    }

    // The device-code login: a code for the viewer to confirm at twitch.tv/activate, then polls for the tokens.
    const oauth = host === 'id.twitch.tv' && req.method === 'POST' ? /^\/oauth2\/(device|token)$/.exec(url.pathname)?.[1] : undefined;
    if (oauth) {
      record.operations.push(oauth);
      if (httpFault(faults.take(oauth))) return;
      const form = new URLSearchParams(body);
      return jsonReply(oauth === 'device' ? world.auth.startDevice(form) : world.auth.grant(form));
    }

    // An integrity token bound to the request's headers; a bad bot's without the page's Kasada proof.
    if (host === GQL_HOST && url.pathname === '/integrity' && req.method === 'POST') {
      world.integrity.requests += 1;
      record.operations.push('integrity');
      if (httpFault(faults.take('integrity'))) return;
      const who = caller();
      if (!who) return;
      const binding = bindingOf(req, who.clientId);
      if (!binding.deviceId) return json(400, { error: 'Bad Request', status: 400, message: 'The "X-Device-Id" header is missing from the request.' });
      const proven = world.integrity.proofValid(headerOf(req, 'x-kpsdk-ct'), headerOf(req, 'x-kpsdk-cd'), binding.deviceId);
      return json(200, world.integrity.mint(binding, who.token?.user.id ?? null, !proven));
    }

    if (host === GQL_HOST && url.pathname === '/gql' && req.method === 'POST') {
      const who = caller();
      if (!who) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        return json(400, { error: 'Bad Request', status: 400, message: 'invalid JSON body' });
      }
      const items = (Array.isArray(parsed) ? parsed : [parsed]) as GqlRequestItem[];
      record.operations = items.map(itemName);
      const ctx = { world, user: who.token?.user ?? null, clientId: who.clientId };
      const refusal = world.integrity.check(headerOf(req, 'client-integrity'), bindingOf(req, who.clientId));
      // An HTTP-level fault on any operation fails the whole request, as it would on Twitch.
      const ruleByItem = record.operations.map((name) => faults.take(name));
      for (const rule of ruleByItem) if (httpFault(rule)) return;
      const answers = items.map((item, i) => {
        const name = record.operations[i]!;
        switch (ruleByItem[i]?.kind) {
          case 'integrity':
            return integrityFailure(name);
          case 'service-error':
            return { errors: [{ message: 'service error', path: [] }], data: null };
          case 'pqnf':
            return { errors: [{ message: 'PersistedQueryNotFound' }] };
          case 'bad-shape':
            return { data: { community: { id: 42, channel: 'not an object' }, user: { stream: 7 } } };
          default:
            return answerItem(item, ctx, refusal);
        }
      });
      return json(200, Array.isArray(parsed) ? answers : answers[0]);
    }

    if (host === 'www.twitch.tv' || host === 'twitch.tv') {
      if (url.pathname === '/sim/login') {
        const user = world.users.get((url.searchParams.get('user') ?? '').toLowerCase());
        if (!user) return page(404, notFoundPage(world));
        return send(302, '', {
          location: url.searchParams.get('next') ?? '/',
          'set-cookie': [cookie('auth-token', user.token, 86400 * 30), cookie('unique_id', user.deviceId, 86400 * 365), cookie('login', user.login, 86400 * 30)],
        });
      }
      // The activate page's buttons: the logged-in viewer approves or denies the device-code login.
      if (url.pathname === '/sim/activate' && req.method === 'POST') {
        record.operations.push('activate');
        const viewer = world.userByToken(cookieOf(req, 'auth-token'));
        if (!viewer) return page(401, activateResultPage(world, 'Log in to activate a device.'));
        const form = new URLSearchParams(body);
        const code = form.get('user_code') ?? '';
        const deny = form.get('action') === 'deny';
        const done = deny ? world.denyDevice(code) : world.approveDevice(code, viewer);
        if (!done) return page(400, activateResultPage(world, 'This code is not valid or has expired.'));
        return page(200, activateResultPage(world, deny ? 'Device denied.' : 'Device activated: you may return to it.'));
      }
      if (url.pathname === '/sim/logout') {
        return send(302, '', { location: '/', 'set-cookie': ['auth-token', 'login'].map((n) => cookie(n, '', 0)) });
      }
      if (url.pathname === '/favicon.ico') return send(204, '');
      record.operations.push('page');
      if (httpFault(faults.take('page'))) return;
      if (url.pathname === '/') return page(200, homePage(world));
      if (url.pathname === '/login') return page(200, loginPage(world));
      if (url.pathname === '/drops/inventory' || url.pathname === '/drops/campaigns') return page(200, dropsPage(world, url.pathname));
      if (url.pathname === '/activate') {
        return page(200, activatePage(world, world.userByToken(cookieOf(req, 'auth-token')), url.searchParams.get('device-code') ?? ''));
      }
      const channel = world.channels.get(url.pathname.split('/')[1]?.toLowerCase() ?? '');
      return channel ? page(200, channelPage(world, channel)) : page(404, notFoundPage(world));
    }

    if (host === SETTINGS_HOST && url.pathname === SETTINGS_PATH) {
      record.operations.push('settings');
      if (httpFault(faults.take('settings'))) return;
      return send(200, SETTINGS_JS, { 'content-type': 'text/javascript; charset=utf-8' });
    }

    if (host === SPADE_HOST && url.pathname === SPADE_PATH && req.method === 'POST') {
      record.operations.push('spade');
      if (httpFault(faults.take('spade'))) return;
      const status = world.watch.spade(body);
      return status === 204 ? send(204, '') : send(status, 'bad spade payload', { 'content-type': 'text/plain' });
    }

    // Not Twitch: a receiver for the webhook tests (a browser that sends discord.com here, as the Firefox harness does).
    if (host === 'discord.com' && url.pathname.startsWith('/api/webhooks/') && req.method === 'POST') {
      record.operations.push('webhook');
      webhooks.push({ path: url.pathname, headers: req.headers, body: body ? (JSON.parse(body) as unknown) : null });
      return send(204, '');
    }

    send(404, `the simulator does not play ${host}${url.pathname}`, { 'content-type': 'text/plain' });
  }

  /** WebSocket upgrades: the realtime socket at hermes.twitch.tv/v1 (failed by a "hermes" fault); any other is cut. */
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const host = hostOf(req);
    const url = new URL(req.url ?? '/', `https://${host}`);
    if (host !== HERMES_HOST || url.pathname !== HERMES_PATH) {
      socket.destroy();
      return;
    }
    const record: SimRequest = {
      at: clock.now(), host, method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, headers: req.headers,
      operations: ['hermes'], bytesIn: 0, bytesOut: 0, status: 101,
    };
    requests.push(record);
    const rule = faults.take('hermes');
    const status = rule ? UPGRADE_FAULTS[rule.kind] : undefined;
    if (status) {
      record.status = status;
      socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    realtime.upgrade(req, socket, head);
  });

  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  // Chromium applies the first rule that matches: the blocked hosts come first.
  const resolverRulesFor = ({ blocked = [] }: { blocked?: string[] }) =>
    [...blocked.map((h) => `MAP ${h} ~NOTFOUND`), ...SIM_HOSTS.map((h) => `MAP ${h} 127.0.0.1:${port}`)].join(', ');
  return {
    port,
    cert,
    clock,
    world,
    faults,
    realtime,
    requests,
    webhooks,
    resolverRules: resolverRulesFor({}),
    resolverRulesFor,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        realtime.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
