import type { MessageKey } from '../i18n';
import type { KvDraft, MINT_METHODS, MINT_REASONS } from '../store/kv';
import type { Campaign } from '../drops/types';
import type { PageHeaders } from '../twitch/integrity';
import type { ChannelRecord } from '../watch/channel';

/**
 * When Minert lets twitch.tv's own page run out of the viewer's sight to get an integrity token (issue 14 part 4):
 * a pure decision over the stored records and the time. The mechanism is the background's (background/page-runner.ts).
 */

/** A header set that runs out within this is refreshed (Minert stops using a token in its last minute). */
export const MINT_REFRESH_BEFORE_MS = 2 * 60_000;
/** At most one attempt this often, whatever happens (kept in the 'integrity-mint' record). */
export const MINT_EVERY_MS = 10 * 60_000;
/**
 * An attempt the worker died in (it never said how it ended) is tried again this soon, a few times: a killed worker
 * must not leave claims blocked for 10 minutes; an attempt that kills the worker every time still waits the 10.
 */
export const MINT_AFTER_INTERRUPTED_MS = 15_000;
export const MINT_INTERRUPTED_RETRIES = 3;

/**
 * Why a token was needed: reads Twitch refused for integrity, claims it refused, a claim waiting (a drop done, a
 * chest, a refused claim) with no path that passes, or the token Minert obtained before about to run out.
 */
export type MintReason = (typeof MINT_REASONS)[number];
export type MintMethod = (typeof MINT_METHODS)[number];

export interface MintInputs {
  /** The viewer's switch (settings.mintIntegrity). */
  enabled: boolean;
  /** Logged in to twitch.tv, and not paused. */
  active: boolean;
  /** The page's header set Minert holds, if any. */
  page: PageHeaders | null | undefined;
  /** Reads Twitch refused for integrity (WireHealth). */
  readsRefused: boolean;
  /** Claims go by the activation (its TV token needs no integrity). */
  activated: boolean;
  /** A claim Twitch refused for integrity, none worked since (the mutation state). */
  claimsRefused: boolean;
  /** A claim is waiting: a drop done, a chest offered, a refused claim to try again. */
  claimDue: boolean;
  /** Minert obtained a token itself before: it is kept alive, refreshed before it runs out. */
  mintedBefore: boolean;
  /** When the last attempt started (ms), if any. */
  lastAttemptAt: number | undefined;
  /** How many attempts in a row ended with their worker (the last one included), if it did. */
  interrupted?: number;
}

/** Whether the header set is good for more than the refresh margin. */
export function pageFresh(page: PageHeaders | null | undefined, now: number): boolean {
  return !!page && page.expiresAt - MINT_REFRESH_BEFORE_MS > now;
}

/** Why Minert should get a token now, or null: not needed, one fresh enough is held, or an attempt was made lately. */
export function mintDecision(i: MintInputs, now: number): MintReason | null {
  if (!i.enabled || !i.active || pageFresh(i.page, now)) return null;
  const gap = (i.interrupted ?? 0) > 0 && (i.interrupted ?? 0) <= MINT_INTERRUPTED_RETRIES ? MINT_AFTER_INTERRUPTED_MS : MINT_EVERY_MS;
  if (i.lastAttemptAt !== undefined && now - i.lastAttemptAt < gap && i.lastAttemptAt <= now) return null;
  if (i.readsRefused) return 'reads-refused';
  if (!i.activated && i.claimsRefused) return 'claims-refused';
  if (!i.activated && i.claimDue) return 'claim-due';
  if (i.mintedBefore && i.page) return 'expiring';
  return null;
}

/**
 * The decision at the end of a tick, over what it leaves behind (its draft, its writes included): the page's header
 * set, the mutation state, the claims to retry and the last attempt. The reads refused come summed up by the tick
 * (healthSummary): lib/engine/health.ts knows the operations, which the popup, loading this file for its texts, must not.
 */
export async function integrityNeed(
  kv: KvDraft,
  tick: Pick<MintInputs, 'enabled' | 'active' | 'readsRefused'> & { campaigns: Campaign[]; channels: Iterable<ChannelRecord> },
  now: number,
): Promise<MintReason | null> {
  const [page, state, retry, lastMint] = [await kv.get('integrity'), await kv.get('mutations'), await kv.get('claim-retry'), await kv.get('integrity-mint')];
  return mintDecision(
    {
      enabled: tick.enabled,
      active: tick.active,
      page,
      readsRefused: tick.readsRefused,
      activated: state?.path === 'activated',
      claimsRefused: !!state?.blocked,
      claimDue: claimWaiting(tick.campaigns, tick.channels, retry, now),
      mintedBefore: !!lastMint?.ok,
      lastAttemptAt: lastMint?.at,
      interrupted: lastMint?.running ? (lastMint.interrupted ?? 0) + 1 : 0,
    },
    now,
  );
}

/** A claim is waiting: a drop done and not claimed, a chest offered, a refused claim to try again. */
export function claimWaiting(campaigns: Campaign[], channels: Iterable<ChannelRecord>, retry: Record<string, number> | undefined, now: number): boolean {
  if (Object.keys(retry ?? {}).length > 0) return true;
  if (campaigns.some((c) => c.endAt > now && c.drops.some((d) => !d.claimed && d.currentMinutes >= d.requiredMinutes))) return true;
  for (const c of channels) if (c.availableClaimId) return true;
  return false;
}

/** The texts (message keys) of the reasons and ways, for the activity log and the popup. */
export const MINT_REASON_TEXT: Record<MintReason, MessageKey> = {
  'reads-refused': 'mintWhyReadsRefused',
  'claims-refused': 'mintWhyClaimsRefused',
  'claim-due': 'mintWhyClaimDue',
  expiring: 'mintWhyExpiring',
};
export const MINT_METHOD_TEXT: Record<MintMethod, MessageKey> = {
  offscreen: 'mintHowOffscreen',
  frame: 'mintHowFrame',
  tab: 'mintHowTab',
};
