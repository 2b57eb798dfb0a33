import type { WireHealth } from '../store/kv';
import type { TwitchError, TwitchErrorKind } from '../twitch/errors';
import type { Via } from '../twitch/hashes';
import type { Transport } from '../twitch/http';
import { isMutation } from '../twitch/ops';

/**
 * How Minert's line to Twitch is doing (WireHealth, kept under the 'wire-health' key) and what the popup says of it.
 * The viewer always sees why something does not happen.
 */

export const EMPTY_HEALTH: WireHealth = { ops: {}, blockedHosts: {} };

/** Collects one tick's outcomes: the GQL clients report to `observe`; the transport's reach is read at the end. */
export class HealthRecorder {
  private readonly ops: WireHealth['ops'] = {};

  constructor(private readonly now: number) {}

  readonly observe = (operation: string, error: TwitchError | null, via?: Via): void => {
    // Where the name Twitch was asked by came from: the release (its hash, or its raw document) or the page.
    const from = !via ? {} : via.source === 'learned' && via.learnedAt !== undefined ? { source: 'learned' as const, learnedAt: via.learnedAt } : { source: 'built-in' as const };
    this.ops[operation] = error ? { at: this.now, ok: false, kind: error.kind, ...from } : { at: this.now, ok: true, ...from };
  };

  /** The previous health with this tick's news on top. */
  merge(previous: WireHealth | undefined, transport: Transport): WireHealth {
    const blockedHosts = { ...previous?.blockedHosts };
    for (const [host, r] of transport.reach) {
      if (r.at < this.now) continue; // not asked this tick
      if (r.ok) delete blockedHosts[host];
      else blockedHosts[host] = { at: r.at, error: r.error ?? 'unreachable' };
    }
    return { ops: { ...previous?.ops, ...this.ops }, blockedHosts };
  }
}

/** What the popup says of the health: retired hashes, reads refused for integrity, unreachable hosts. */
export function healthSummary(h: WireHealth | undefined): { stale: string[]; readsBlocked: string[]; blockedHosts: string[] } {
  const failing = (kind: TwitchErrorKind) => Object.entries(h?.ops ?? {}).filter(([, o]) => !o.ok && o.kind === kind).map(([name]) => name);
  return {
    stale: failing('persisted-query-not-found'),
    readsBlocked: failing('integrity').filter((name) => !isMutation(name)),
    blockedHosts: Object.keys(h?.blockedHosts ?? {}),
  };
}
