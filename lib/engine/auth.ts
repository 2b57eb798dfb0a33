import type { KvDraft, MutationState } from '../store/kv';
import type { ActivityText } from '../activity';
import type { NewActivity, SessionState } from '../store/repos';
import { validateToken } from '../twitch/auth';
import { mutationSession, readSession, REFRESH_BEFORE_MS, type DeviceAuth, type MutationPath } from '../twitch/credentials';
import { refreshDeviceToken } from '../twitch/device';
import { describeError, isTwitchError, type TwitchError } from '../twitch/errors';
import { GqlClient } from '../twitch/gql';
import { HashBook, type Via } from '../twitch/hashes';
import type { Transport } from '../twitch/http';
import { integrityUsable, type PageHeaders } from '../twitch/integrity';
import { isMutation } from '../twitch/ops';
import { HealthRecorder } from './health';
import { VALIDATE_EVERY_MS } from './session';

/** While mutations are blocked on the same path, a refused claim is tried again this often (not every tick). */
export const BLOCKED_RETRY_MS = 5 * 60_000;

/**
 * Keeps the activation's token alive: refreshed before it expires, validated hourly (a revoked token is noticed),
 * dropped when Twitch refuses it for good. Never used for another account than the one logged in to twitch.tv.
 */
async function keepDevice(device: DeviceAuth, userId: string, transport: Transport, kv: KvDraft, activity: NewActivity[], now: number): Promise<DeviceAuth | null> {
  if (device.userId !== userId) {
    activity.push({ kind: 'auth', level: 'warn', code: 'logActivationNotUsed', args: [device.login] });
    return null;
  }
  const drop = (why: ActivityText) => {
    kv.set('device-auth', null);
    activity.push({ kind: 'auth', level: 'warn', code: 'logActivationEnded', args: [why] });
    return null;
  };
  try {
    let next = device;
    if (device.expiresAt - now < REFRESH_BEFORE_MS) {
      next = { ...(await refreshDeviceToken(transport, device, now)), userId: device.userId, login: device.login, validatedAt: now };
    } else if (now - device.validatedAt >= VALIDATE_EVERY_MS) {
      const v = await validateToken(transport, device.accessToken);
      if (v.userId !== device.userId || v.clientId !== device.clientId) return drop({ code: 'logActivationEndedOtherOwner', args: [] });
      next = { ...device, validatedAt: now, scopes: v.scopes };
    }
    if (next !== device) kv.set('device-auth', next);
    return next;
  } catch (e) {
    if (isTwitchError(e, 'logged-out')) {
      // A refused access token may still refresh; a refused refresh token is the end.
      if (device.expiresAt - now >= REFRESH_BEFORE_MS) {
        return keepDevice({ ...device, expiresAt: now }, userId, transport, kv, activity, now);
      }
      return drop({ code: 'logActivationEndedRevoked', args: [] });
    }
    activity.push({ kind: 'auth', level: 'error', code: 'logActivationCheckFailed', args: [describeError(e)] });
    return device;
  }
}

export interface MutationClient {
  gql: GqlClient;
  path: MutationPath;
  /** Whether a claim Twitch refused before may be tried now: a path opened, or a while has passed. */
  mayRetry: boolean;
  /** After the tick's work: the new state, and whether a better path just opened (pending claims to retry). */
  settle(): { state: MutationState; improved: boolean };
}

/** The GQL client for this tick's mutations, on the best path available, watching what Twitch answers. */
export async function mutationClient(
  transport: Transport,
  web: { token: string; deviceId?: string },
  userId: string,
  kv: KvDraft,
  activity: NewActivity[],
  now: number,
  page: PageHeaders | null,
  observe?: (operation: string, error: TwitchError | null, via?: Via) => void,
  /** The hashes learned from the page (lib/twitch/hashes.ts), shared with the reads' client. */
  hashes?: HashBook,
): Promise<MutationClient> {
  const [stored, previous] = await Promise.all([kv.get('device-auth'), kv.get('mutations')]);
  const device = stored ? await keepDevice(stored, userId, transport, kv, activity, now) : null;
  const { session, path } = mutationSession(web, userId, page, device, now);
  let failed: TwitchError | null = null;
  let worked = false;
  const gql = new GqlClient(transport, session, undefined, (operation, error, via) => {
    observe?.(operation, error, via);
    if (!isMutation(operation)) return;
    if (!error) worked = true;
    else if (error.kind === 'integrity') failed = error;
  }, hashes);
  const stillBlocked = !!previous?.blocked && previous.path === path;
  const mayRetry = !stillBlocked || now - (previous.retriedAt ?? 0) >= BLOCKED_RETRY_MS;
  return {
    gql,
    path,
    mayRetry,
    settle() {
      const changed = previous?.path !== path;
      const blocked = worked ? false : failed ? true : changed ? false : (previous?.blocked ?? false);
      if (blocked && !previous?.blocked) {
        activity.push({ kind: 'auth', level: 'warn', code: 'logClaimBlocked', args: [] });
      }
      const state: MutationState = {
        path,
        blocked,
        at: now,
        integrityExpiresAt: path === 'page-token' ? page?.expiresAt : undefined,
        activatedAs: path === 'activated' ? device?.login : undefined,
        retriedAt: blocked ? (stillBlocked && !mayRetry ? previous.retriedAt : now) : undefined,
      };
      const rank: Record<MutationPath, number> = { 'session-only': 0, 'page-token': 1, activated: 2 };
      const improved = !!previous && (rank[path] > rank[previous.path] || (previous.blocked && !blocked));
      return { state, improved };
    },
  };
}

/**
 * The tick's clients: reads on the twitch.tv session (with the page's header set while it is good, and the hashes
 * learned from the page when Twitch no longer knows a built-in one), mutations on the best path that passes
 * integrity (mutationClient, above). `settle` writes what they learned and says whether an answered read proved the
 * session (as well as id.twitch.tv's validate would; a refused one asks it again; null: no read said).
 */
export async function connect(
  transport: Transport,
  version: string,
  session: SessionState & { userId: string },
  web: { token: string; deviceId?: string },
  kv: KvDraft,
  activity: NewActivity[],
  now: number,
) {
  const health = new HealthRecorder(now);
  // The twitch.tv page's header set with its integrity token, if one was seen (an old shape reads as none).
  const page = (await kv.get('integrity')) ?? null;
  let proven: boolean | null = null;
  const hashes = new HashBook((await kv.get('learned-hashes')) ?? {}, version, now);
  const gql = new GqlClient(transport, readSession({ ...web, clientId: session.clientId }, page, now), undefined, (operation, error, via) => {
    health.observe(operation, error, via);
    if (!error) proven ??= true;
    else if (error.kind === 'logged-out') proven = false;
  }, hashes);
  const mutations = await mutationClient(transport, web, session.userId, kv, activity, now, page, health.observe, hashes);
  const clients = {
    gql,
    gqlMut: mutations.gql,
    inventoryGql: mutations.path === 'activated' && !integrityUsable(page, now) ? mutations.gql : gql,
    mayRetry: mutations.mayRetry,
    pageSeenAt: page?.seenAt,
    hashesLearnedAt: hashes.learnedAt,
  };
  const settle = async (): Promise<boolean | null> => {
    // Did mutations work? A path that just opened (activation, a fresh page token) retries refused drop claims now.
    const settled = mutations.settle();
    kv.set('mutations', settled.state);
    if (settled.improved) kv.set('claim-retry', null);
    kv.set('wire-health', health.merge(await kv.get('wire-health'), transport));
    const learned = hashes.result();
    if (learned) kv.set('learned-hashes', learned);
    for (const w of hashes.newlyWorking()) activity.push({ kind: 'tick', code: 'logHashLearned', args: [w.operation] });
    return proven;
  };
  return { clients, settle };
}
