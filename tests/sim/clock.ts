/** The simulator's clock: real time plus an offset that tests move forward, or frozen at a set instant. */
export class SimClock {
  private offset = 0;
  private frozenAt: number | null = null;

  now(): number {
    return this.frozenAt ?? Date.now() + this.offset;
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offset += ms;
  }

  freeze(at = this.now()): void {
    this.frozenAt = at;
  }

  /** Makes a Clock (lib/clock) whose sleep advances simulated time at once: years of ticks run in seconds. */
  asClock(): { now(): number; sleep(ms: number): Promise<void> } {
    return { now: () => this.now(), sleep: async (ms) => this.advance(ms) };
  }
}

/** A sim-clock time as the ISO string Twitch's messages carry. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** An optional sim-clock time as ISO, null when not set. */
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
