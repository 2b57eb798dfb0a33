import type { ChannelRecord } from '../watch/channel';

/** A balance older than this is looked up again when the viewer is on that channel. */
export const BALANCE_MAX_AGE_MS = 5 * 60_000;

/**
 * Which of the wanted channels need a fresh look at their points: never looked at, or looked at longer ago than
 * maxAgeMs. `force` channels (the popup just asked about them) are refreshed once they are a minute old.
 */
export function channelsToRefresh(
  wanted: string[],
  known: ReadonlyMap<string, ChannelRecord>,
  now: number,
  options: { force?: string[]; maxAgeMs?: number } = {},
): string[] {
  const maxAge = options.maxAgeMs ?? BALANCE_MAX_AGE_MS;
  const forced = new Set((options.force ?? []).map((l) => l.toLowerCase()));
  const out: string[] = [];
  for (const login of new Set([...wanted, ...forced].map((l) => l.toLowerCase()))) {
    const rec = known.get(login);
    const age = rec?.pointsUpdatedAt === undefined ? Infinity : now - rec.pointsUpdatedAt;
    if (age > maxAge || (forced.has(login) && age > 60_000)) out.push(login);
  }
  return out;
}
