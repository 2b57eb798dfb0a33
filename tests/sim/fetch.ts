import { Agent, buildConnector, fetch as undiciFetch } from 'undici';
import type { Sim } from './server';

/**
 * A fetch for Node tests that sends requests for the real Twitch URLs (https://gql.twitch.tv/gql, ...) to the
 * simulator, as Chromium's --host-resolver-rules does for the extension: the TLS connection goes to 127.0.0.1 with
 * the twitch host as SNI, and the simulator's certificate is the one trusted.
 */
export function simFetch(sim: Sim): typeof globalThis.fetch {
  const connect = buildConnector({ ca: sim.cert });
  const agent = new Agent({
    connect: (options, callback) => connect({ ...options, hostname: '127.0.0.1', port: String(sim.port), servername: options.hostname }, callback),
  });
  return ((input: RequestInfo | URL, init?: RequestInit) =>
    undiciFetch(input as string, { ...(init as object), dispatcher: agent })) as unknown as typeof globalThis.fetch;
}
