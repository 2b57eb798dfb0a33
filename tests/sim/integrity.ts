import { createHash, createHmac, randomBytes } from 'node:crypto';
import { WEB_CLIENT_ID } from './auth';
import { iso } from './clock';
import type { PageSession, SimUser, World } from './world';

/**
 * Twitch's integrity check, as the simulator plays it (shared/twitch-wire.md, "Integrity"). POST
 * gql.twitch.tv/integrity mints a token bound to the request's Client-Id + X-Device-Id + Client-Session-Id (LURK
 * twitchIntegrity.ts: the trio is replayed together), and to Client-Version under wire.bindClientVersion (RAK replays
 * it). Only twitch.tv's page mints a good one: Kasada's proof of work is modelled as a challenge (x-kpsdk-ct) served
 * in the page, answered (x-kpsdk-cd) with the SHA-256 hex of `<challenge>:<device id>`. Without a valid proof the
 * token says is_bad_bot "true" and never passes.
 */

/** The headers a token is bound to, as the minting request sent them. */
export interface IntegrityBinding {
  clientId: string;
  deviceId: string;
  sessionId: string;
  clientVersion: string;
}

/** Why a request failed the check; tests assert on it (World.integrityRefusals). */
export type IntegrityRefusal = 'missing' | 'unknown' | 'expired' | 'bad-bot' | 'client-id' | 'device-id' | 'session-id' | 'client-version';

interface Grant extends IntegrityBinding {
  expiresAt: number;
  badBot: boolean;
}

/** What POST /integrity answers: the token, its expiration in ms, and a request id. */
export interface IntegrityAnswer {
  token: string;
  expiration: number;
  request_id: string;
}

/** A page's challenge lives this long, in sim-clock ms, and answers once. */
const CHALLENGE_TTL_MS = 5 * 60_000;

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/** The proof a page computes for a challenge on a device (what its script does with crypto.subtle). */
export const kasadaProof = (challenge: string, deviceId: string): string => createHash('sha256').update(`${challenge}:${deviceId}`).digest('hex');

export class Integrity {
  private readonly secret = randomBytes(32);
  private readonly grants = new Map<string, Grant>();
  private readonly challenges = new Map<string, number>();
  /** How many POSTs gql.twitch.tv/integrity received. */
  requests = 0;

  constructor(private readonly world: World) {}

  private now(): number {
    return this.world.clock.now();
  }

  /** A new challenge for a page to answer (pages.ts puts it in the page's script); expired ones are forgotten. */
  challenge(): string {
    for (const [old, expiresAt] of this.challenges) if (this.now() >= expiresAt) this.challenges.delete(old);
    const ct = randomBytes(24).toString('base64url');
    this.challenges.set(ct, this.now() + CHALLENGE_TTL_MS);
    return ct;
  }

  /** Whether the proof answers a challenge the sim served, unexpired and unused, for this device; uses it up. */
  proofValid(ct: string | undefined, cd: string | undefined, deviceId: string): boolean {
    const expiresAt = ct === undefined ? undefined : this.challenges.get(ct);
    if (expiresAt === undefined) return false;
    this.challenges.delete(ct!);
    return this.now() < expiresAt && cd === kasadaProof(ct!, deviceId);
  }

  /** A token bound to the headers, in the world's format, valid world.integrityTtlSec. */
  mint(binding: IntegrityBinding, userId: string | null, badBot: boolean): IntegrityAnswer {
    const now = this.now();
    const expiration = now + this.world.integrityTtlSec * 1000;
    const claims = { client_id: binding.clientId, device_id: binding.deviceId, session_id: binding.sessionId, user_id: userId, is_bad_bot: String(badBot) };
    let token: string;
    if (this.world.wire.integrityFormat === 'jwt') {
      const payload = { ...claims, exp: Math.floor(expiration / 1000), iat: Math.floor(now / 1000) };
      const signed = `${b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
      token = `${signed}.${createHmac('sha256', this.secret).update(signed).digest('base64url')}`;
    } else {
      // PASETO v4.public: the JSON payload and its 64-byte signature, base64url together.
      const payload = Buffer.from(JSON.stringify({ ...claims, exp: iso(expiration), iat: iso(now) }));
      token = `v4.public.${b64url(Buffer.concat([payload, createHmac('sha512', this.secret).update(payload).digest()]))}`;
    }
    this.grants.set(token, { ...binding, expiresAt: expiration, badBot });
    return { token, expiration, request_id: randomBytes(16).toString('hex') };
  }

  /**
   * What twitch.tv's page holds once its script ran for the user: a new session id, the build id, and a good token
   * (minted with the page's proof) bound to them and the user's device: the headers it sends.
   */
  pageSession(user: SimUser): PageSession {
    const binding = { clientId: WEB_CLIENT_ID, deviceId: user.deviceId, sessionId: randomBytes(8).toString('hex'), clientVersion: this.world.buildId };
    const { token, expiration } = this.mint(binding, user.id, false);
    return {
      headers: {
        'Client-Id': binding.clientId,
        'X-Device-Id': binding.deviceId,
        'Client-Session-Id': binding.sessionId,
        'Client-Version': binding.clientVersion,
        'Client-Integrity': token,
      },
      expiresAt: expiration,
    };
  }

  /** Null when the token passes for a request with these headers, else why not. */
  check(token: string | undefined, sent: Partial<IntegrityBinding>): IntegrityRefusal | null {
    if (!token) return 'missing';
    const grant = this.grants.get(token);
    if (!grant) return 'unknown';
    if (this.now() >= grant.expiresAt) return 'expired';
    if (grant.badBot) return 'bad-bot';
    if (sent.clientId !== grant.clientId) return 'client-id';
    if (sent.deviceId !== grant.deviceId) return 'device-id';
    if (sent.sessionId !== grant.sessionId) return 'session-id';
    if (this.world.wire.bindClientVersion && sent.clientVersion !== grant.clientVersion) return 'client-version';
    return null;
  }
}
