import { randomBytes } from 'node:crypto';
import type { SimUser, World } from './world';

/** The client ids of Twitch's own apps (shared/twitch-wire.md): web, TV, Android, mobile web. */
export const WEB_CLIENT_ID = 'kimne78kx3ncx6brgo4mv6wki5h1ko';
export const TV_CLIENT_ID = 'ue6666qo983tsx6so1t0vnawi233wa';
export const ANDROID_CLIENT_ID = 'kd1unb4b3q4t58fwlpcbzcbnm76a8fp';
export const KNOWN_CLIENT_IDS: ReadonlySet<string> = new Set([WEB_CLIENT_ID, TV_CLIENT_ID, ANDROID_CLIENT_ID, 'r8s4dac0uhzifbpu9sjdiwzctle17ff']);

/** The device-code login: where the viewer confirms, how long a code lives, how often it may be polled. */
const ACTIVATE_URL = 'https://www.twitch.tv/activate';
const DEVICE_CODE_TTL_SEC = 1800;
const POLL_INTERVAL_SEC = 5;
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

/** A random lowercase alphanumeric string, as Twitch's tokens are. */
export function randomToken(length: number): string {
  return randomBytes(length).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, length);
}

/** An OAuth token the sim knows: a web session's (the auth-token cookie) or one issued to a client. */
export interface SimToken {
  accessToken: string;
  /** The refresh token that replaces it; null for a web session's token, which has none. */
  refreshToken: string | null;
  /** The client id it was issued to: it works with that one only. */
  clientId: string;
  user: SimUser;
  scopes: string[];
  /** Sim-clock ms; null: never (a web session's token). */
  expiresAt: number | null;
  revoked: boolean;
}

/** What issueToken hands a test. */
export interface IssuedToken {
  accessToken: string;
  refreshToken: string;
  expiresAt: number;
}

/** A device-code login in progress: pending until the viewer approves or denies it, or it expires. */
interface DeviceLogin {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  lastPollAt: number | null;
  approvedBy: SimUser | null;
  denied: boolean;
}

/** A JSON answer of the id endpoints: its HTTP status and body. */
export interface JsonReply {
  status: number;
  value: unknown;
}

/** id.twitch.tv's error answer: the status repeated in the body with a message. */
const refuse = (message: string): JsonReply => ({ status: 400, value: { status: 400, message } });

/**
 * Who may do what: the OAuth tokens (web sessions' and issued ones, with their client id, scopes, expiry and
 * revocation) and the device-code login that issues them. Times are the sim clock's; World.deviceTokenTtlSec gives
 * the lifetime of issued tokens.
 */
export class Auth {
  private readonly tokens = new Map<string, SimToken>();
  /** The tokens by their refresh token, while it still works (until used or revoked). */
  private readonly byRefresh = new Map<string, SimToken>();
  private readonly logins = new Map<string, DeviceLogin>();

  constructor(private readonly world: World) {}

  private now(): number {
    return this.world.clock.now();
  }

  /** Registers a user's web session token: the web client id's, no scopes, never expiring. */
  addSession(user: SimUser): void {
    this.tokens.set(user.token, { accessToken: user.token, refreshToken: null, clientId: WEB_CLIENT_ID, user, scopes: [], expiresAt: null, revoked: false });
  }

  /** A new token pair for the user and client id, living expiresInSec (default world.deviceTokenTtlSec). */
  issue(user: SimUser, clientId: string, opts: { expiresInSec?: number; scopes?: string[] } = {}): SimToken & IssuedToken {
    const token: SimToken & IssuedToken = {
      accessToken: randomToken(30),
      refreshToken: randomToken(50),
      clientId,
      user,
      scopes: opts.scopes ?? [],
      expiresAt: this.now() + (opts.expiresInSec ?? this.world.deviceTokenTtlSec) * 1000,
      revoked: false,
    };
    this.tokens.set(token.accessToken, token);
    this.byRefresh.set(token.refreshToken, token);
    return token;
  }

  /** Revokes the token and its refresh token. */
  revoke(accessToken: string): void {
    const token = this.tokens.get(accessToken);
    if (!token) return;
    token.revoked = true;
    if (token.refreshToken) this.byRefresh.delete(token.refreshToken);
  }

  /** The token if the sim knows it, it is not revoked and not expired; else null. */
  valid(accessToken: string | null): SimToken | null {
    const token = accessToken ? this.tokens.get(accessToken) : undefined;
    if (!token || token.revoked || (token.expiresAt !== null && this.now() >= token.expiresAt)) return null;
    return token;
  }

  /** GET id.twitch.tv/oauth2/validate: the token's client id, user, scopes and seconds left (0: never expires). */
  validate(accessToken: string | null): JsonReply {
    const t = this.valid(accessToken);
    if (!t) return { status: 401, value: { status: 401, message: 'invalid access token' } };
    const expiresIn = t.expiresAt === null ? 0 : Math.floor((t.expiresAt - this.now()) / 1000);
    return { status: 200, value: { client_id: t.clientId, login: t.user.login, scopes: t.scopes, user_id: t.user.id, expires_in: expiresIn } };
  }

  /**
   * POST id.twitch.tv/oauth2/device (form: client_id, scopes): a new device-code login for a known client id. The
   * Android app's is refused since 2026-09-18 (TDM#1165: the answer has no device_code; its tokens issued before
   * keep working). verification_uri already names the code: a client opens it as it is.
   */
  startDevice(form: URLSearchParams): JsonReply {
    const clientId = form.get('client_id') ?? '';
    if (!KNOWN_CLIENT_IDS.has(clientId) || clientId === ANDROID_CLIENT_ID) return refuse('invalid client');
    const login: DeviceLogin = {
      deviceCode: randomToken(40),
      userCode: Array.from(randomBytes(8), (b) => String.fromCharCode(65 + (b % 26))).join(''),
      clientId,
      scopes: (form.get('scopes') ?? '').split(' ').filter(Boolean),
      expiresAt: this.now() + DEVICE_CODE_TTL_SEC * 1000,
      lastPollAt: null,
      approvedBy: null,
      denied: false,
    };
    this.logins.set(login.deviceCode, login);
    return {
      status: 200,
      value: {
        device_code: login.deviceCode,
        user_code: login.userCode,
        verification_uri: `${ACTIVATE_URL}?device-code=${login.userCode}`,
        expires_in: DEVICE_CODE_TTL_SEC,
        interval: POLL_INTERVAL_SEC,
      },
    };
  }

  /** The login waiting for the viewer under this user code (any case), if it has not expired. */
  private pending(userCode: string): DeviceLogin | undefined {
    const code = userCode.trim().toUpperCase();
    return [...this.logins.values()].find((l) => l.userCode === code && !l.approvedBy && !l.denied && this.now() < l.expiresAt);
  }

  /** The viewer approves the login (what the activate page's button does); false when no such code waits. */
  approve(userCode: string, user: SimUser): boolean {
    const login = this.pending(userCode);
    if (login) login.approvedBy = user;
    return !!login;
  }

  /** The viewer denies the login; false when no such code waits. */
  deny(userCode: string): boolean {
    const login = this.pending(userCode);
    if (login) login.denied = true;
    return !!login;
  }

  /** POST id.twitch.tv/oauth2/token: a device-code poll or a refresh, by grant_type. */
  grant(form: URLSearchParams): JsonReply {
    const clientId = form.get('client_id') ?? '';
    if (!KNOWN_CLIENT_IDS.has(clientId)) return refuse('invalid client');
    switch (form.get('grant_type')) {
      case DEVICE_GRANT:
        return this.poll(clientId, form.get('device_code') ?? '');
      case 'refresh_token':
        return this.refresh(clientId, form.get('refresh_token') ?? '');
      default:
        return refuse('unsupported_grant_type');
    }
  }

  /**
   * One poll of a device code: expired_token after its lifetime, slow_down when polled again within the interval,
   * access_denied, authorization_pending, or (once) the tokens of the approving user for the code's client id.
   */
  private poll(clientId: string, deviceCode: string): JsonReply {
    const login = this.logins.get(deviceCode);
    if (!login || login.clientId !== clientId) return refuse('invalid device code');
    const now = this.now();
    if (now >= login.expiresAt) return refuse('expired_token');
    const last = login.lastPollAt;
    login.lastPollAt = now;
    if (last !== null && now - last < POLL_INTERVAL_SEC * 1000) return refuse('slow_down');
    if (login.denied) return refuse('access_denied');
    if (!login.approvedBy) return refuse('authorization_pending');
    this.logins.delete(deviceCode);
    return this.tokenAnswer(this.issue(login.approvedBy, clientId, { scopes: login.scopes }));
  }

  /** A new token pair for a working refresh token of the client; the old refresh token stops working. */
  private refresh(clientId: string, refreshToken: string): JsonReply {
    const old = this.byRefresh.get(refreshToken);
    if (!old || old.clientId !== clientId) return refuse('Invalid refresh token');
    this.byRefresh.delete(refreshToken);
    return this.tokenAnswer(this.issue(old.user, clientId, { scopes: old.scopes }));
  }

  /** The token endpoint's answer; without expires_in under wire.deviceTokenWithoutExpiry (validate still has it). */
  private tokenAnswer(t: IssuedToken & { scopes: string[] }): JsonReply {
    const expiresIn = this.world.wire.deviceTokenWithoutExpiry ? {} : { expires_in: Math.round((t.expiresAt - this.now()) / 1000) };
    return { status: 200, value: { access_token: t.accessToken, refresh_token: t.refreshToken, ...expiresIn, scope: t.scopes, token_type: 'bearer' } };
  }
}
