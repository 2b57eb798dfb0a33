import type { Clock } from '../clock';

/**
 * Client-side rate limit: a token bucket. `take()` resolves when a request may go out.
 * Twitch answers 429 past its own limits; staying under them keeps the session unflagged.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly clock: Clock,
    // A watching tick sends about ten requests at once (two channels' playlists and beacons, a GQL batch).
    private readonly capacity = 20,
    private readonly refillPerSecond = 2,
  ) {
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Waits for a token. Callers are served in order. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForToken());
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Empties the bucket, e.g. after a 429, so the next requests wait a full refill. */
  drain(): void {
    this.refill();
    this.tokens = 0;
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
  }

  private async waitForToken(): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000));
    }
  }
}
