import { randomBytes } from 'node:crypto';
import type { SimClock } from './clock';

export interface SimUser {
  id: string;
  login: string;
  displayName: string;
  /** The OAuth token of the user's web session (the auth-token cookie). */
  token: string;
  /** The unique_id cookie of the user's browser. */
  deviceId: string;
}

export interface SimChannel {
  id: string;
  login: string;
  displayName: string;
  live: boolean;
  streamId: string | null;
  streamStartedAt: number | null;
  game: { id: string; name: string } | null;
  title: string;
  viewers: number;
  pointsEnabled: boolean;
  pointsName: string | null;
}

/** The simulated Twitch: users, channels, their streams and the points each user holds on each channel. */
export class World {
  readonly users = new Map<string, SimUser>();
  readonly channels = new Map<string, SimChannel>();
  private readonly balances = new Map<string, number>();
  private readonly claims = new Map<string, string>();
  private readonly multipliers = new Map<string, number[]>();
  private nextId = 100_000;

  constructor(readonly clock: SimClock) {}

  private id(): string {
    return String(this.nextId++);
  }

  addUser(login: string, opts: { token?: string; deviceId?: string } = {}): SimUser {
    const user: SimUser = {
      id: this.id(),
      login: login.toLowerCase(),
      displayName: login,
      token: opts.token ?? randomBytes(15).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 30),
      deviceId: opts.deviceId ?? randomBytes(16).toString('hex'),
    };
    this.users.set(user.login, user);
    return user;
  }

  addChannel(login: string, opts: Partial<Omit<SimChannel, 'id' | 'login'>> = {}): SimChannel {
    const channel: SimChannel = {
      id: this.id(),
      login: login.toLowerCase(),
      displayName: opts.displayName ?? login,
      live: false,
      streamId: null,
      streamStartedAt: null,
      game: opts.game ?? { id: '509658', name: 'Just Chatting' },
      title: opts.title ?? `${login} stream`,
      viewers: opts.viewers ?? 1234,
      pointsEnabled: opts.pointsEnabled ?? true,
      pointsName: opts.pointsName ?? null,
    };
    this.channels.set(channel.login, channel);
    if (opts.live) this.goLive(channel.login);
    return channel;
  }

  channel(login: string): SimChannel {
    const c = this.channels.get(login.toLowerCase());
    if (!c) throw new Error(`no such sim channel ${login}`);
    return c;
  }

  userByToken(token: string | null): SimUser | null {
    if (!token) return null;
    for (const u of this.users.values()) if (u.token === token) return u;
    return null;
  }

  goLive(login: string): void {
    const c = this.channel(login);
    c.live = true;
    c.streamId = this.id();
    c.streamStartedAt = this.clock.now();
  }

  goOffline(login: string): void {
    const c = this.channel(login);
    c.live = false;
    c.streamId = null;
    c.streamStartedAt = null;
  }

  private key(user: SimUser, channel: SimChannel): string {
    return `${user.id}:${channel.id}`;
  }

  balance(user: SimUser, channelLogin: string): number {
    return this.balances.get(this.key(user, this.channel(channelLogin))) ?? 0;
  }

  setBalance(user: SimUser, channelLogin: string, points: number): void {
    this.balances.set(this.key(user, this.channel(channelLogin)), points);
  }

  /** Puts a bonus chest up for the user on the channel; returns its claim id. */
  offerClaim(user: SimUser, channelLogin: string): string {
    const id = randomBytes(8).toString('hex');
    this.claims.set(this.key(user, this.channel(channelLogin)), id);
    return id;
  }

  availableClaim(user: SimUser, channelLogin: string): string | null {
    return this.claims.get(this.key(user, this.channel(channelLogin))) ?? null;
  }

  setMultipliers(user: SimUser, channelLogin: string, factors: number[]): void {
    this.multipliers.set(this.key(user, this.channel(channelLogin)), factors);
  }

  multipliersOf(user: SimUser, channelLogin: string): number[] {
    return this.multipliers.get(this.key(user, this.channel(channelLogin))) ?? [];
  }
}
