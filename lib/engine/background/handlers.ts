import { z } from 'zod';
import type { Clock } from '../../clock';
import type { WxtBrowser } from 'wxt/browser';
import { requestSchema, type Request, type ResponseFor } from '../../messages';
import type { Db } from '../../store/db';
import { putChannels } from '../../store/channels';
import type { ChannelRecord } from '../../store/schema';
import { deleteKv, readKv, writeKv } from '../../store/kv';
import {
  getSession,
  getViewerContext,
  listBets,
  listDropClaims,
  pointsChangesSince,
  readActivity,
  sessionsEndedSince,
} from '../../store/repos';
import { DEFAULT_SETTINGS, getSettings, saveSettings, settingsSchema } from '../../store/settings';
import { describeError } from '../../twitch/errors';
import type { RealtimeState } from '../../twitch/realtime';
import type { Logger } from '../../twitch/redact';
import { isTwitchPageUrl } from '../../twitch/urls';
import type { Activation } from './activation';
import { recordContext, type PageInputs } from './page-inputs';
import { campaignsView } from './views/campaigns';
import { healthView } from './views/health';
import { popupView } from './views/popup';
import { DAY_MS, statsView } from './views/stats';
import { movedOrder, streamersView } from './views/streamers';

export type MessageSender = { id?: string; url?: string; tab?: { id?: number } };

/** What the handlers act through: the store, the clock, the tick queue, the alarm, the activation, the socket. */
export interface Host extends PageInputs {
  db: Db;
  clock: Clock;

  ensureAlarm(): Promise<void>;
  activation: Activation;
  realtime(): RealtimeState;
  /** The extension's version (the manifest's). */
  version: string;
  /** Webhook notifications: "send a test" from the options page (background/webhook.ts). */
  webhooks: { test(url: string): Promise<ResponseFor<'webhook-test'>> };
}

interface Handler<T extends Request['type']> {
  /** Open to content scripts on twitch.tv; every other request is for the extension's own pages only. */
  privileged: boolean;
  run(msg: Extract<Request, { type: T }>, host: Host, sender: MessageSender): Promise<ResponseFor<T> | { error: string }>;
}

/** One entry per request type (the type checker holds the table complete); each declares who may send it. */
export const HANDLERS: { [T in Request['type']]: Handler<T> } = {
  'channel-context': {
    privileged: false,
    async run(msg, host, sender) {
      if (!(sender.tab && isTwitchPageUrl(sender.url))) return { error: 'channel context must come from a twitch.tv tab' };
      await recordContext(host, { login: msg.login, live: msg.live, tabId: sender.tab.id, at: host.clock.now() });
      return { ok: true };
    },
  },
  'popup-state': {
    privileged: true,
    async run(msg, host) {
      if (msg.refresh) await host.tick('popup', msg.channel ? [msg.channel] : [], true);
      return popupState(host, msg.channel);
    },
  },
  'get-settings': { privileged: true, run: (_msg, host) => getSettings(host.db) },
  'save-settings': {
    privileged: true,
    async run(msg, host) {
      const saved = await saveSettings(host.db, msg.settings);
      await host.ensureAlarm();
      return saved;
    },
  },
  'import-settings': {
    privileged: true,
    async run(msg, host) {
      const parsed = settingsSchema.safeParse(msg.settings);
      if (!parsed.success) return { error: `not a Minert settings file: ${z.prettifyError(parsed.error)}` };
      await writeKv(host.db, 'settings', parsed.data);
      await host.ensureAlarm();
      return parsed.data;
    },
  },
  'reset-settings': {
    privileged: true,
    async run(_msg, host) {
      await writeKv(host.db, 'settings', DEFAULT_SETTINGS);
      await host.ensureAlarm();
      return DEFAULT_SETTINGS;
    },
  },
  stats: {
    privileged: true,
    async run(_msg, { db, clock }) {
      const now = clock.now();
      const [changes, sessions, bets, claims] = await Promise.all([
        pointsChangesSince(db, now - 7 * DAY_MS),
        sessionsEndedSince(db, now - 15 * DAY_MS),
        listBets(db, 1000),
        listDropClaims(db, 1000),
      ]);
      return statsView({ changes, sessions, bets, claims }, now);
    },
  },
  'list-streamers': { privileged: true, run: async (_msg, { db }) => streamersView(await db.getAll('channels')) },
  'save-streamer': {
    privileged: true,
    async run(msg, { db, clock }) {
      const list = streamersView(await db.getAll('channels'));
      const tx = db.transaction(['kv', 'channels'], 'readwrite');
      const store = tx.objectStore('channels');
      const rec = (await store.get(msg.login)) ?? { login: msg.login, live: null, updatedAt: clock.now() };
      // Bet settings are replaced whole: a field left out goes back to the default.
      const bets = msg.bets === undefined ? rec.bets : msg.bets === null || Object.keys(msg.bets).length === 0 ? undefined : msg.bets;
      const changed: ChannelRecord[] = [{ ...rec, prefs: msg.prefs ? { ...rec.prefs, ...msg.prefs } : rec.prefs, bets }];
      // Moving one renumbers the list in its current order: the viewer's own order from then on.
      if (msg.moveTo !== undefined) {
        for (const [i, l] of movedOrder(list, msg.login, msg.moveTo).entries()) {
          const r = l === msg.login ? changed[0]! : await store.get(l);
          if (r) changed.push({ ...r, order: i });
        }
      }
      await putChannels(tx, changed);
      await tx.done;
      return streamersView(await db.getAll('channels'));
    },
  },
  'import-follows': {
    privileged: true,
    async run(_msg, host) {
      await deleteKv(host.db, 'follows-synced');
      void host.tick('import-follows');
      return { ok: true };
    },
  },
  activate: { privileged: true, run: (_msg, host) => host.activation.start() },
  health: {
    privileged: true,
    async run(_msg, host) {
      const { db, clock } = host;
      const now = clock.now();
      const [session, health, mutations, page, device, credit, sessions, changes, recent] = await Promise.all([
        getSession(db),
        readKv(db, 'wire-health'),
        readKv(db, 'mutations'),
        readKv(db, 'integrity'),
        readKv(db, 'device-auth'),
        readKv(db, 'heartbeat-credit'),
        sessionsEndedSince(db, now - 60 * 60_000),
        pointsChangesSince(db, now - 60 * 60_000),
        readActivity(db, 50),
      ]);
      const records = { version: host.version, session, health, mutations, page, device, sessions, changes, credit, realtime: host.realtime(), recent: recent.entries };
      return healthView(records, now);
    },
  },
  campaigns: {
    privileged: true,
    async run(_msg, { db, clock }) {
      const [campaigns, rewards, settings, claims] = await Promise.all([readKv(db, 'campaigns'), readKv(db, 'reward-campaigns'), getSettings(db), listDropClaims(db, 200)]);
      return campaignsView({ campaigns: campaigns?.value ?? [], rewards: rewards?.value ?? [], readAt: campaigns?.at, drops: settings.drops, claims }, clock.now());
    },
  },
  'webhook-test': { privileged: true, run: (msg, host) => host.webhooks.test(msg.url) },
  'sign-out-activation': {
    privileged: true,
    async run(_msg, host) {
      await deleteKv(host.db, 'device-auth');
      await host.activation.cancel();
      void host.tick('signed-out');
      return { ok: true };
    },
  },
};

/** The popup's state from the stored records (views/popup.ts). */
export async function popupState(host: Host, activeChannel: string | null) {
  const { db, clock } = host;
  const now = clock.now();
  const [session, viewer, activity, plan, campaigns, claims, settings, bets, pending, channels, lastHour, mutations, health, activation, credit] = await Promise.all([
    getSession(db),
    getViewerContext(db),
    readActivity(db, 8),
    readKv(db, 'plan'),
    readKv(db, 'campaigns'),
    listDropClaims(db, 5),
    getSettings(db),
    listBets(db, 200),
    readKv(db, 'predictions'),
    db.getAll('channels'),
    pointsChangesSince(db, now - 60 * 60_000),
    readKv(db, 'mutations'),
    readKv(db, 'wire-health'),
    host.activation.pending(),
    readKv(db, 'heartbeat-credit'),
  ]);
  const [mint, streaks] = await Promise.all([readKv(db, 'integrity-mint'), readKv(db, 'streaks')]);
  return popupView(
    {
      session,
      viewer,
      activity: activity.entries,
      activitySkipped: activity.skipped,
      plan,
      campaigns: campaigns?.value ?? [],
      claims,
      settings,
      bets,
      pending: Object.values(pending ?? {}),
      channels: new Map(channels.map((c) => [c.login, c])),
      lastHour,
      mutations,
      health,
      credit,
      activation,
      realtime: host.realtime(),
      mint,
      streaks,
    },
    activeChannel,
    now,
  );
}

/**
 * Parses, authorises and answers one message by the table above. Closed by default: only the extension's own pages
 * may send a request unless its handler says otherwise; anything unknown or malformed gets an error answer.
 */
export async function handleMessage(host: Host, deps: { browser: WxtBrowser; logger: Logger }, raw: unknown, sender: MessageSender): Promise<unknown> {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) return { error: 'malformed message' };
  if (sender.id !== deps.browser.runtime.id) return { error: 'unknown sender' };
  const handler = HANDLERS[parsed.data.type] as { privileged: boolean; run: (m: unknown, h: Host, s: MessageSender) => Promise<unknown> };
  const fromExtensionPage = !!sender.url && sender.url.startsWith(deps.browser.runtime.getURL('/'));
  if (handler.privileged !== false && !fromExtensionPage) return { error: 'not allowed from this sender' };
  try {
    return await handler.run(parsed.data, host, sender);
  } catch (e) {
    deps.logger('error', `${parsed.data.type}: ${describeError(e)}`);
    return { error: describeError(e) };
  }
}
