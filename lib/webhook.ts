import { z } from 'zod';
import { activityText, type ActivityText } from './activity';
import type { DropClaim } from './drops/types';
import { t } from './i18n';
import type { BetRecord } from './store/schema';

/**
 * Webhook notifications (opt-in): what happened, sent to a Discord webhook or to any HTTPS endpoint the viewer names.
 * This file is pure: the settings' schema, the events a tick's outcome holds, and each payload, written in the
 * viewer's language at the moment it is sent (nothing here is stored). The sender is lib/engine/background/webhook.ts.
 * A payload carries what happened (a drop, a bet, a route name) and never a token, a cookie or an id of the session.
 */

export const WEBHOOK_EVENTS = ['drop-claimed', 'bet-settled', 'claims-blocked', 'credit-stopped'] as const;
export type WebhookEventName = (typeof WEBHOOK_EVENTS)[number];

/** An https URL, with no user name or password in it (zod checks the form; the host is any but an empty one). */
export const webhookUrlSchema = z
  .url({ protocol: /^https$/, hostname: /^[a-z0-9.-]+$/i })
  .max(2000)
  .refine((u) => !/^https:\/\/[^/]*@/i.test(u), 'no credentials in the URL');

export const webhookSettingsSchema = z.object({
  /** Sending on or off (off by default); an empty URL sends nothing. */
  enabled: z.boolean(),
  url: z.union([z.literal(''), webhookUrlSchema]),
  /** Which events are sent. */
  events: z.object({ 'drop-claimed': z.boolean(), 'bet-settled': z.boolean(), 'claims-blocked': z.boolean(), 'credit-stopped': z.boolean() }),
});
export type WebhookSettings = z.infer<typeof webhookSettingsSchema>;

export const DEFAULT_WEBHOOK: WebhookSettings = {
  enabled: false,
  url: '',
  events: { 'drop-claimed': false, 'bet-settled': false, 'claims-blocked': false, 'credit-stopped': false },
};

/** Discord's own webhooks get Discord's body (`{content, embeds}`); any other URL the generic one (`{event, text, data}`). */
export function webhookKind(url: string): 'discord' | 'generic' {
  try {
    const u = new URL(url);
    return /^(discord\.com|discordapp\.com|(canary|ptb)\.discord\.com)$/.test(u.hostname) && u.pathname.startsWith('/api/webhooks/') ? 'discord' : 'generic';
  } catch {
    return 'generic';
  }
}

/** The host permission a URL needs (asked for by the options page, checked by the background): its origin, nothing wider. */
export function webhookOrigin(url: string): string {
  return `https://${new URL(url).host}/*`;
}

/** The host alone, to name a URL in the log (a Discord webhook's path holds its secret: never logged). */
export function webhookHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

/** One thing to tell: its name, its text as a message key with arguments, and its data (names and numbers only). */
export interface WebhookEvent {
  event: WebhookEventName | 'test';
  text: ActivityText[];
  data: Record<string, string | number | boolean | null>;
}

/** What a tick's outcome says that a webhook may tell. */
export interface WebhookSource {
  claims: DropClaim[];
  settledBets: BetRecord[];
  /** The tick's log lines: "claims newly blocked" and the credit watchdog's "no route credits" or "switched" are there. */
  activity: ActivityText[];
}

/** The events of a tick, in order, keeping only those the viewer switched on. */
export function webhookEvents(source: WebhookSource, on: WebhookSettings['events']): WebhookEvent[] {
  const out: WebhookEvent[] = [];
  for (const c of on['drop-claimed'] ? source.claims : []) {
    const applied = c.kind === 'applied';
    out.push({
      event: 'drop-claimed',
      text: [
        { code: applied ? 'notifyDropEarned' : 'notifyDropClaimed', args: [] },
        { code: applied ? 'notifyDropAppliedBody' : 'notifyDropBody', args: [c.dropName, c.game] },
      ],
      data: { drop: c.dropName, game: c.game, campaign: c.campaignName, kind: c.kind, at: c.claimedAt },
    });
  }
  for (const b of on['bet-settled'] ? source.settledBets : []) {
    const net = (b.pointsWon ?? 0) - b.points;
    const title = b.result === 'WIN' ? 'notifyBetWon' : b.result === 'LOSE' ? 'notifyBetLost' : 'notifyBetRefunded';
    out.push({
      event: 'bet-settled',
      text: [{ code: title, args: [] }, { code: 'notifyBetBody', args: [b.login, b.title, `${net >= 0 ? '+' : ''}${net}`] }],
      data: { channel: b.login, prediction: b.title, outcome: b.outcomeTitle, result: b.result ?? null, points: b.points, won: b.pointsWon ?? 0, net },
    });
  }
  for (const line of source.activity) {
    if (line.code === 'logClaimBlocked' && on['claims-blocked']) out.push({ event: 'claims-blocked', text: [line], data: {} });
    if ((line.code === 'logHeartbeatNone' || line.code === 'logHeartbeatSwitched') && on['credit-stopped']) {
      const [from, minutes, to] = line.args;
      const data: WebhookEvent['data'] = line.code === 'logHeartbeatNone' ? { reason: 'no-route' } : { reason: 'switched', from: String(from), minutes: Number(minutes), to: String(to) };
      out.push({ event: 'credit-stopped', text: [line], data });
    }
  }
  return out;
}

/** The event "send a test" sends. */
export const TEST_EVENT: WebhookEvent = { event: 'test', text: [{ code: 'webhookTestText', args: [] }], data: {} };

/** The request body for a URL: Discord's `{content}`, or `{event, text, data}`; the text in the viewer's language now. */
export function webhookPayload(url: string, e: WebhookEvent): Record<string, unknown> {
  const text = e.text.map(activityText).join(': ');
  if (webhookKind(url) === 'discord') return { content: `Minert: ${text}`.slice(0, 2000), allowed_mentions: { parse: [] } };
  return { event: e.event, text, data: e.data };
}

/** Names an event in the options page (for its switch). */
export function webhookEventLabel(e: WebhookEventName): string {
  const keys = { 'drop-claimed': 'webhookEventDrops', 'bet-settled': 'webhookEventBets', 'claims-blocked': 'webhookEventBlocked', 'credit-stopped': 'webhookEventCredit' } as const;
  return t(keys[e]);
}

/** The settings as "copy diagnostics" gives them to a bug report: the webhook URL cut to its host (its path is a secret). */
export function withoutWebhookSecret<S extends { webhook: WebhookSettings }>(s: S): S {
  return { ...s, webhook: { ...s.webhook, url: s.webhook.url ? `https://${webhookHost(s.webhook.url)}/…` : '' } };
}
