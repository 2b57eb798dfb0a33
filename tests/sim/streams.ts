import type { SimChannel, World } from './world';

/** A live interval on the sim clock, in ms: live from startAt until (not including) endAt. */
interface Interval {
  startAt: number;
  endAt: number;
}

/** The channels' streams: started and ended by hand, or by schedule on the sim clock; each start and end is published. */
export class Streams {
  private readonly schedules = new Map<SimChannel, Interval[]>();
  /** The interval each scheduled channel is live in, as of the last sync. */
  private readonly airing = new Map<SimChannel, Interval>();

  constructor(private readonly world: World) {}

  /** Starts a new stream (a new stream id), published as stream-up. */
  goLive(c: SimChannel, startedAt: number): void {
    c.live = true;
    c.streamId = this.world.newId();
    c.streamStartedAt = startedAt;
    this.world.publish(`video-playback-by-id.${c.id}`, { type: 'stream-up', server_time: this.world.clock.now() / 1000, play_delay: 0 });
  }

  /** Ends the stream; a live channel's end is published as stream-down. */
  goOffline(c: SimChannel): void {
    if (c.live) this.world.publish(`video-playback-by-id.${c.id}`, { type: 'stream-down', server_time: this.world.clock.now() / 1000 });
    c.live = false;
    c.streamId = null;
    c.streamStartedAt = null;
  }

  schedule(c: SimChannel, startAt: number, endAt: number): void {
    if (endAt <= startAt) throw new Error(`empty stream interval for ${c.login}`);
    this.schedules.set(c, [...(this.schedules.get(c) ?? []), { startAt, endAt }]);
  }

  /**
   * Applies the schedules at the clock's now: a scheduled channel inside an interval is live, with a new stream
   * (started at the interval's start) when the interval is a new one; outside them it is offline. A scheduled
   * channel follows its schedule only: sync undoes a goLive outside its intervals, or a goOffline inside one.
   */
  sync(): void {
    const now = this.world.clock.now();
    for (const [c, intervals] of this.schedules) {
      const current = intervals.find((i) => i.startAt <= now && now < i.endAt);
      if (!current) {
        this.goOffline(c);
        this.airing.delete(c);
      } else if (current !== this.airing.get(c) || !c.live) {
        this.goLive(c, current.startAt);
        this.airing.set(c, current);
      }
    }
  }
}
