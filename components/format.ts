import { formatNumber, t } from '../lib/i18n';

/** An error as a line of text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Points as Twitch shows them in full (12,450); millions shortened (1.2M). */
export function formatPoints(n: number): string {
  if (n >= 1_000_000) return t('millions', formatNumber(n / 1_000_000, { maximumFractionDigits: n >= 10_000_000 ? 0 : 1 }));
  return formatNumber(n);
}

/** A span of time, short: "45s", "12m", "3h", "2d". */
export function formatSpan(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('spanSeconds', s);
  const m = Math.round(s / 60);
  if (m < 60) return t('spanMinutes', m);
  const h = Math.round(m / 60);
  if (h < 48) return t('spanHours', h);
  return t('spanDays', Math.round(h / 24));
}

export function formatAgo(ts: number, now: number): string {
  return t('ago', formatSpan(now - ts));
}

/** A change of points with its sign: +120, -40. */
export function signed(n: number): string {
  return `${n >= 0 ? '+' : '-'}${formatNumber(Math.abs(n))}`;
}

/** Time until `ts`: "45m", "3h", "2d". */
export function formatIn(ts: number, now: number): string {
  return formatSpan(ts - now);
}
