import { WebSocket, type ClientOptions } from 'ws';
import type { Sim } from './server';

/**
 * A WebSocket class for Node tests that opens the real Twitch URLs (wss://hermes.twitch.tv/...) on the simulator,
 * as Chromium's host rules do for the extension: it connects to 127.0.0.1 with the twitch host as SNI and Host, and
 * trusts the simulator's certificate. Pass it as RealtimeOptions.WebSocket.
 */
export function simWebSocket(sim: Sim): typeof globalThis.WebSocket {
  class SimWebSocket extends WebSocket {
    constructor(url: string | URL) {
      const u = new URL(url);
      super(`wss://127.0.0.1:${sim.port}${u.pathname}${u.search}`, { headers: { Host: u.host }, ca: sim.cert, servername: u.hostname } as ClientOptions);
    }
  }
  return SimWebSocket as unknown as typeof globalThis.WebSocket;
}
