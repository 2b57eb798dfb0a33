import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { Sim } from './server';

/**
 * A fetch for Node tests that sends requests for the real Twitch URLs (https://gql.twitch.tv/gql, ...) to the
 * simulator, as Chromium's --host-resolver-rules does for the extension: the TLS connection goes to 127.0.0.1 with
 * the twitch host as SNI, and the simulator's certificate is the one trusted. A blocked host fails as a DNS block
 * makes it fail (spade.twitch.tv is on some lists: TDM#1099, #1148): the fetch rejects with undici's TypeError
 * "fetch failed", its cause a getaddrinfo ENOTFOUND.
 */
export function simFetch(sim: Sim, opts: { blockedHosts?: string[] } = {}): typeof globalThis.fetch {
  const blocked = new Set((opts.blockedHosts ?? []).map((h) => h.toLowerCase()));
  const connect = buildConnector({ ca: sim.cert });
  const agent = new Agent({
    connect: (options, callback) => {
      if (blocked.has(options.hostname.toLowerCase())) {
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${options.hostname}`), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: options.hostname });
        return callback(error, null);
      }
      return connect({ ...options, hostname: '127.0.0.1', port: String(sim.port), servername: options.hostname }, callback);
    },
  });
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
}
