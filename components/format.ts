/** Points as Twitch shows them in full (12,450); millions shortened (1.2M). */
export function formatPoints(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  return n.toLocaleString('en-US');
}

export function formatAgo(ts: number, now: number): string {
  const s = Math.max(0, Math.round((now - ts) / 1000));
  if (s < 60) return `${s}s ago`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m}m ago`;
  const h = Math.round(m / 60);
  if (h < 48) return `${h}h ago`;
  return `${Math.round(h / 24)}d ago`;
}

/** A change of points with its sign: +120, -40. */
export function signed(n: number): string {
  return `${n >= 0 ? '+' : '-'}${Math.abs(n).toLocaleString('en-US')}`;
}

/** Time until `ts`: "45m", "3h", "2d". */
export function formatIn(ts: number, now: number): string {
  return formatAgo(now, ts).replace(' ago', '');
}
