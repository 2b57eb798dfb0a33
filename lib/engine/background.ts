import type { WxtBrowser } from 'wxt/browser';
import type { Clock } from '../clock';
import { t } from '../i18n';
import { PRIVILEGED, requestSchema, type PopupState, type Request, type Stats, type StreamerView } from '../messages';
import type { Db } from '../store/db';
import { z } from 'zod';
import {
  appendActivity,
  DEFAULT_SETTINGS,
  getChannel,
  getSession,
  getSettings,
  getViewerContext,
  listActivity,
  listBets,
  listDropClaims,
  saveSettings,
  settingsSchema,
  type ViewerContext,
} from '../store/repos';
import { validateToken } from '../twitch/auth';
import { AUTH_COOKIE, GQL_URL, TWITCH_ORIGIN, WEB_CLIENT_ID } from '../twitch/constants';
import type { DeviceAuth } from '../twitch/credentials';
import { pollDeviceToken, startDeviceFlow } from '../twitch/device';
import { pageHeadersFrom, pageHeadersSchema } from '../twitch/integrity';
import type { BetRecord, ChannelRecord } from '../store/schema';
import type { MutationState } from './auth';
import { healthSummary, type WireHealth } from './health';
import type { PendingPrediction } from './points';
import { parseRealtime, topicsFor, type RealtimeEvent } from '../twitch/events';
import type { RealtimeClient, RealtimeOptions } from '../twitch/realtime';
import { orderOf, prefsOf } from '../watch/live';
import { closesAt, type BetSettings } from '../points/predictions';
import type { StreamerPrefs } from '../watch/scheduler';
import { describeError } from '../twitch/errors';
import type { Transport } from '../twitch/http';
import type { Logger } from '../twitch/redact';
import { isTwitchPageUrl } from '../twitch/urls';
import { campaignsToMine, dropState, eligibility } from '../drops/plan';
import type { Campaign, DropClaim } from '../drops/types';
import type { WatchPlan } from '../watch/scheduler';
import { runTick, type TickOutcome } from './tick';

export const TICK_ALARM = 'minert-tick';

/**
 * The socket's topics for the channels watched (and the viewer's): each one's raids, moments, stream and, where the
 * viewer bets, predictions; then the streams of the followed channels next in the watch order, so their going live
 * is told at once.
 */
export async function socketTopics(db: Db, userId: string, watched: string[]): Promise<string[]> {
  const settings = await getSettings(db);
  const all = await db.getAll('channels');
  const recs = [...new Set(watched)].map((l) => all.find((c) => c.login === l)).filter((c): c is ChannelRecord => !!c?.id);
  const ids = recs.map((c) => c.id!);
  const betting = new Set(recs.filter((c) => prefsOf(c, settings.streamerDefaults).predictions).map((c) => c.id!));
  const next = all.filter((c) => c.followed && c.id && !ids.includes(c.id)).sort((a, b) => orderOf(a) - orderOf(b));
  return topicsFor(userId, ids, betting, next.map((c) => c.id!));
}
/** The tick period while watching: half the heartbeat period, and the shortest alarm Chrome allows. */
export const WATCH_TICK_SECONDS = 30;

export interface BackgroundDeps {
  browser: WxtBrowser;
  db: Db;
  clock: Clock;
  transport: Transport;
  logger: Logger;
  /** Makes the realtime client; absent: no socket, everything by polling. */
  realtime?: (options: Omit<RealtimeOptions, 'clock' | 'logger'>) => RealtimeClient;
}

type MessageSender = { id?: string; url?: string; tab?: { id?: number } };

/** The background's behaviour, apart from the entrypoint that wires it to the browser's events. */
export class Background {
  private queue: Promise<unknown> = Promise.resolve();
  private ticks = 0;
  private socket: { client: RealtimeClient; token: string } | null = null;
  /** Realtime events waiting for the next tick. */
  private inbox: RealtimeEvent[] = [];
  private soon: ReturnType<typeof setTimeout> | null = null;
  private activation: { userCode: string; verificationUri: string; expiresAt: number } | null = null;
  /** This start of the worker: the browser runs one at a time, so a lock held by another one was left by a dead one. */
  private readonly instance = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

  constructor(private readonly deps: BackgroundDeps) {}

  /**
   * Creates or updates the periodic alarm: every 30 s (Chrome's minimum) while Minert sends heartbeats, so each
   * watched channel gets one a minute; otherwise at the settings' pace.
   */
  async ensureAlarm(): Promise<void> {
    const { db } = this.deps;
    const [{ tickSeconds }, plan] = await Promise.all([getSettings(db), db.get('kv', 'plan') as Promise<WatchPlan | undefined>]);
    const watching = !!plan && plan.slots.some((l) => l !== plan.passive);
    const periodInMinutes = (watching ? WATCH_TICK_SECONDS : Math.max(WATCH_TICK_SECONDS, tickSeconds)) / 60;
    const existing = await this.deps.browser.alarms.get(TICK_ALARM);
    if (existing?.periodInMinutes !== periodInMinutes) {
      await this.deps.browser.alarms.create(TICK_ALARM, { periodInMinutes, delayInMinutes: periodInMinutes });
    }
  }

  /** Runs a tick after any tick this context already runs; the IndexedDB lease guards other contexts. */
  tick(reason: string, channels?: string[], retryFailed = false): Promise<TickOutcome> {
    const run = this.queue.then(() => {
      const inbox = this.inbox;
      this.inbox = [];
      return runTick(
        {
          db: this.deps.db,
          clock: this.deps.clock,
          transport: this.deps.transport,
          readCookie: (name) => this.readCookie(name),
          owner: `${reason}-${++this.ticks}-${Math.random().toString(36).slice(2, 8)}`,
          instance: this.instance,
        },
        { reason, channels, retryFailed, inbox, realtimeOpen: this.socket?.client.status === 'open' },
      );
    });
    // After each tick: the alarm follows what the tick decided (watching or idle), the socket follows the watched
    // channels, a bet due before the next alarm gets a timer, and claims are announced.
    this.queue = run
      .then(async (outcome) => {
        await this.ensureAlarm();
        if (!outcome.ran) return;
        await this.syncRealtime(outcome);
        if (outcome.nextBetAt !== null) this.wakeAt(outcome.nextBetAt, 'bet');
        await this.updateBadge();
        await this.announce(outcome.claims, outcome.settledBets);
      })
      .catch((e) => this.deps.logger('error', `tick failed: ${describeError(e)}`));
    return run;
  }

  /** The toolbar badge: the drop being mined, in percent; "off" while paused; nothing otherwise. */
  private async updateBadge(): Promise<void> {
    const { db, clock, browser } = this.deps;
    const settings = await getSettings(db);
    let text = '';
    if (settings.paused) text = t('badgePaused');
    else {
      const campaigns = ((await db.get('kv', 'campaigns')) as { value: Campaign[] } | undefined)?.value ?? [];
      const mining = campaignsToMine(campaigns, settings.drops, clock.now())[0];
      const e = mining ? eligibility(mining, settings.drops, clock.now()) : null;
      const plan = (await db.get('kv', 'plan')) as WatchPlan | undefined;
      if (e?.ok && plan?.dropsChannel) text = t('badgeProgress', Math.floor((e.next.currentMinutes / e.next.requiredMinutes) * 100));
    }
    await browser.action.setBadgeText({ text });
    await browser.action.setBadgeBackgroundColor({ color: settings.paused ? '#777777' : '#9147ff' });
  }

  /** A tick at a given time, when that comes before the next alarm (the worker is awake, the socket keeps it so). */
  private wakeAt(at: number, reason: string): void {
    const delay = Math.max(0, at - this.deps.clock.now());
    if (delay > WATCH_TICK_SECONDS * 1000 || this.soon) return;
    this.soon = setTimeout(() => {
      this.soon = null;
      void this.tick(reason);
    }, delay);
  }

  /** Opens, retargets or closes the realtime socket after a tick. */
  private async syncRealtime(outcome: Extract<TickOutcome, { ran: true }>): Promise<void> {
    const make = this.deps.realtime;
    const token = await this.readCookie(AUTH_COOKIE);
    if (!make || outcome.session.status !== 'logged-in' || !outcome.session.userId || !token) {
      this.socket?.client.stop();
      this.socket = null;
      return;
    }
    if (this.socket && this.socket.token !== token) {
      this.socket.client.stop();
      this.socket = null;
    }
    if (!this.socket) {
      const client = make({
        token,
        onMessage: (topic, message) => this.onRealtime(topic, message),
      });
      this.socket = { client, token };
      client.start();
    }
    const viewer = (await getViewerContext(this.deps.db))?.login;
    this.socket.client.setTopics(await socketTopics(this.deps.db, outcome.session.userId, [...(outcome.plan?.slots ?? []), ...(viewer ? [viewer] : [])]));
  }

  private onRealtime(topic: string, message: unknown): void {
    const event = parseRealtime(topic, message);
    if (event === undefined) return;
    if (event === null) {
      this.deps.logger('warn', `realtime: a ${topic} message Minert could not read`);
      return;
    }
    this.inbox.push(event);
    this.wakeAt(this.deps.clock.now() + 250, 'realtime');
  }

  /** A browser notification per drop claimed and per prediction settled, unless the viewer turned each kind off. */
  private async announce(claims: DropClaim[], bets: BetRecord[]): Promise<void> {
    if (claims.length + bets.length === 0) return;
    const { notifyDrops, notifyBets } = await getSettings(this.deps.db);
    const notify = (id: string, title: string, message: string) =>
      this.deps.browser.notifications.create(id, { type: 'basic', iconUrl: this.deps.browser.runtime.getURL('/icon/128.png'), title, message });
    for (const c of notifyDrops ? claims : []) {
      const title = t(c.kind === 'claimed' ? 'notifyDropClaimed' : 'notifyDropEarned');
      await notify(`minert-drop-${c.instanceId}`, title, t(c.kind === 'applied' ? 'notifyDropAppliedBody' : 'notifyDropBody', c.dropName, c.game));
    }
    for (const bet of notifyBets ? bets : []) {
      const net = (bet.pointsWon ?? 0) - bet.points;
      const title = t(bet.result === 'WIN' ? 'notifyBetWon' : bet.result === 'LOSE' ? 'notifyBetLost' : 'notifyBetRefunded');
      await notify(`minert-bet-${bet.eventId}`, title, t('notifyBetBody', bet.login, bet.title, `${net >= 0 ? '+' : ''}${net}`));
    }
  }

  private async readCookie(name: string): Promise<string | null> {
    const cookie = await this.deps.browser.cookies.get({ url: `${TWITCH_ORIGIN}/`, name });
    return cookie?.value ?? null;
  }

  /** Parses, authorises and answers one message. Unknown or unauthorised messages get an error answer. */
  async handleMessage(raw: unknown, sender: MessageSender): Promise<unknown> {
    const parsed = requestSchema.safeParse(raw);
    if (!parsed.success) return { error: 'malformed message' };
    const msg = parsed.data;
    if (sender.id !== this.deps.browser.runtime.id) return { error: 'unknown sender' };
    const fromExtensionPage = !!sender.url && sender.url.startsWith(this.deps.browser.runtime.getURL('/'));
    if (PRIVILEGED.has(msg.type) && !fromExtensionPage) return { error: 'not allowed from this sender' };
    if (msg.type === 'channel-context' && !(sender.tab && isTwitchPageUrl(sender.url))) return { error: 'channel context must come from a twitch.tv tab' };
    try {
      return await this.answer(msg, sender);
    } catch (e) {
      this.deps.logger('error', `${msg.type}: ${describeError(e)}`);
      return { error: describeError(e) };
    }
  }

  private async answer(msg: Request, sender: MessageSender): Promise<unknown> {
    const { db } = this.deps;
    switch (msg.type) {
      case 'channel-context':
        await this.recordContext({ login: msg.login, live: msg.live, tabId: sender.tab?.id, at: this.deps.clock.now() });
        return { ok: true };
      case 'popup-state':
        if (msg.refresh) await this.tick('popup', msg.channel ? [msg.channel] : [], true);
        return this.popupState(msg.channel);
      case 'get-settings':
        return getSettings(db);
      case 'save-settings': {
        const saved = await saveSettings(db, msg.settings);
        await this.ensureAlarm();
        return saved;
      }
      case 'import-settings': {
        const parsed = settingsSchema.safeParse(msg.settings);
        if (!parsed.success) return { error: `not a Minert settings file: ${z.prettifyError(parsed.error)}` };
        await db.put('kv', parsed.data, 'settings');
        await this.ensureAlarm();
        return parsed.data;
      }
      case 'reset-settings':
        await db.put('kv', DEFAULT_SETTINGS, 'settings');
        await this.ensureAlarm();
        return DEFAULT_SETTINGS;
      case 'stats':
        return this.stats();
      case 'list-streamers':
        return this.streamers();
      case 'save-streamer':
        return this.saveStreamer(msg.login, { prefs: msg.prefs, bets: msg.bets }, msg.moveTo);
      case 'import-follows':
        await db.delete('kv', 'follows-synced');
        void this.tick('import-follows');
        return { ok: true };
      case 'activate':
        return this.activate();
      case 'sign-out-activation':
        await db.delete('kv', 'device-auth');
        this.activation = null;
        void this.tick('signed-out');
        return { ok: true };
    }
  }

  /**
   * One-click activation: starts the device-code login, opens twitch.tv's activation page with the code filled in
   * (the viewer is logged in there and confirms), and polls for the token while the worker is awake.
   */
  private async activate(): Promise<{ userCode: string; verificationUri: string; expiresAt: number }> {
    const { clock, transport, browser, db } = this.deps;
    const code = await startDeviceFlow(transport, clock.now());
    this.activation = { userCode: code.userCode, verificationUri: code.verificationUri, expiresAt: code.expiresAt };
    // Twitch's verification_uri already names the code (?device-code=): opened as given.
    await browser.tabs.create({ url: code.verificationUri });
    let interval = code.intervalMs;
    const poll = async (): Promise<void> => {
      if (this.activation?.userCode !== code.userCode) return; // cancelled or replaced
      try {
        const r = await pollDeviceToken(transport, code, clock.now());
        if (r.state === 'pending' || r.state === 'slow-down') {
          if (r.state === 'slow-down') interval += 5_000;
          setTimeout(() => void poll(), interval);
          return;
        }
        this.activation = null;
        if (r.state !== 'done') {
          await this.note('warn', t(r.state === 'denied' ? 'logActivationDenied' : 'logActivationExpired'));
          return;
        }
        const v = await validateToken(transport, r.tokens.accessToken);
        const session = await getSession(db);
        if (session.userId && v.userId !== session.userId) {
          await this.note('warn', t('logActivationNotKept', v.login, session.login ?? ''));
          return;
        }
        await db.put('kv', { ...r.tokens, userId: v.userId, login: v.login, validatedAt: clock.now() } satisfies DeviceAuth, 'device-auth');
        await this.note('info', t('logActivated', v.login));
        void this.tick('activated');
      } catch (e) {
        this.activation = null;
        await this.note('error', t('logActivationFailed', describeError(e)));
      }
    };
    setTimeout(() => void poll(), interval);
    return this.activation;
  }

  private async note(level: 'info' | 'warn' | 'error', message: string): Promise<void> {
    const tx = this.deps.db.transaction('activity', 'readwrite');
    await appendActivity(tx.store, { kind: 'auth', level, message }, this.deps.clock.now());
    await tx.done;
  }

  /**
   * Sees the twitch.tv page's own GQL requests (not Minert's): one that carries an integrity token gives Minert a
   * way to make claims. Kept with its device id until it expires; a blocked claim is retried at once.
   */
  async observeRequest(details: { url: string; tabId: number; requestHeaders?: { name: string; value?: string }[] }): Promise<void> {
    if (details.tabId < 0 || !details.url.startsWith(GQL_URL) || !details.requestHeaders) return;
    const page = pageHeadersFrom(details.requestHeaders, this.deps.clock.now());
    if (!page || page.clientId !== WEB_CLIENT_ID) return;
    const { db } = this.deps;
    const known = pageHeadersSchema.safeParse(await db.get('kv', 'integrity')).data;
    if (known?.integrity === page.integrity && known.sessionId === page.sessionId) return;
    await db.put('kv', page, 'integrity');
    // Reads Twitch refused for integrity (campaign discovery, 2026-08) are asked again at once, and so are claims.
    const blockedReads = healthSummary((await db.get('kv', 'wire-health')) as WireHealth | undefined).readsBlocked.length > 0;
    const state = (await db.get('kv', 'mutations')) as MutationState | undefined;
    if (blockedReads || !state || state.blocked || state.path === 'session-only') void this.tick('integrity');
  }

  /** Keeps the channel the viewer is on; a new channel is looked at right away. */
  async recordContext(ctx: ViewerContext): Promise<void> {
    const { db } = this.deps;
    const tx = db.transaction(['kv', 'channels'], 'readwrite');
    const previous = (await tx.objectStore('kv').get('viewer')) as ViewerContext | undefined;
    await tx.objectStore('kv').put(ctx, 'viewer');
    if (ctx.login && ctx.live !== null) {
      const rec = await tx.objectStore('channels').get(ctx.login);
      await tx.objectStore('channels').put({ ...rec, login: ctx.login, live: ctx.live, liveSource: 'page', updatedAt: ctx.at });
    }
    await tx.done;
    if (ctx.login && ctx.login !== previous?.login) void this.tick('channel-context');
  }

  /** The figures behind the options page's charts, from the stored histories. */
  private async stats(): Promise<Stats> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const DAY = 24 * 60 * 60_000;
    const changes = await db.getAllFromIndex('pointsHistory', 'at', IDBKeyRange.lowerBound(now - 7 * DAY));
    const byLogin = new Map<string, [number, number][]>();
    for (const c of changes) byLogin.set(c.login, [...(byLogin.get(c.login) ?? []), [c.at, c.balance]]);
    const balances = [...byLogin.entries()]
      .sort((a, b) => b[1].length - a[1].length)
      .slice(0, 4)
      .map(([login, points]) => ({ login, points }));
    const sessions = await db.getAllFromIndex('watchSessions', 'end', IDBKeyRange.lowerBound(now - 14 * DAY));
    const minutesPerDay = Array.from({ length: 14 }, (_, i) => {
      const start = new Date(now - (13 - i) * DAY);
      start.setHours(0, 0, 0, 0);
      const day = start.toISOString().slice(0, 10);
      const minutes = sessions.filter((s) => new Date(s.end).toISOString().slice(0, 10) === day).reduce((sum, s) => sum + s.minutes, 0);
      return { day, minutes: Math.round(minutes) };
    });
    const bets = (await listBets(db, 1000)).filter((b) => b.result);
    const claims = await listDropClaims(db, 1000);
    const perGame = new Map<string, number>();
    for (const c of claims) perGame.set(c.game, (perGame.get(c.game) ?? 0) + 1);
    return {
      balances,
      minutesPerDay,
      bets: {
        won: bets.filter((b) => b.result === 'WIN').length,
        lost: bets.filter((b) => b.result === 'LOSE').length,
        refunded: bets.filter((b) => b.result === 'REFUND').length,
        net: bets.reduce((sum, b) => sum + (b.pointsWon ?? 0) - b.points, 0),
      },
      dropsPerGame: [...perGame.entries()].map(([game, count]) => ({ game, count })).sort((a, b) => b.count - a.count),
    };
  }

  /** The channels Minert may watch (followed, or given settings), in the watch order. */
  private async streamers(): Promise<StreamerView[]> {
    const all = (await this.deps.db.getAll('channels')).filter((c) => c.followed || c.prefs || c.order !== undefined);
    all.sort((a, b) => orderOf(a) - orderOf(b) || a.login.localeCompare(b.login));
    return all.map((c) => ({ login: c.login, displayName: c.displayName, live: c.live, prefs: c.prefs ?? {}, bets: c.bets ?? {} }));
  }

  /**
   * One channel's own settings, and its place in the watch order: moving one renumbers the list in its current order
   * (the viewer's own order from then on; the follow list's order no longer changes it).
   */
  private async saveStreamer(
    login: string,
    change: { prefs?: Partial<StreamerPrefs>; bets?: Partial<BetSettings> | null },
    moveTo: number | undefined,
  ): Promise<StreamerView[]> {
    const { db, clock } = this.deps;
    const list = await this.streamers();
    const tx = db.transaction('channels', 'readwrite');
    const rec = (await tx.store.get(login)) ?? { login, live: null, updatedAt: clock.now() };
    // Bet settings are replaced whole: a field left out goes back to the default.
    const bets = change.bets === undefined ? rec.bets : change.bets === null || Object.keys(change.bets).length === 0 ? undefined : change.bets;
    await tx.store.put({ ...rec, prefs: change.prefs ? { ...rec.prefs, ...change.prefs } : rec.prefs, bets });
    if (moveTo !== undefined) {
      const order = list.map((s) => s.login).filter((l) => l !== login);
      order.splice(Math.min(moveTo, order.length), 0, login);
      for (const [i, l] of order.entries()) {
        const r = await tx.store.get(l);
        if (r) await tx.store.put({ ...r, order: i });
      }
    }
    await tx.done;
    return this.streamers();
  }

  /** The viewer closed the tab that last reported a channel: nobody is watching it any more. */
  async tabClosed(tabId: number): Promise<void> {
    const viewer = await getViewerContext(this.deps.db);
    if (viewer?.tabId === tabId) await this.deps.db.put('kv', { login: null, live: null, at: this.deps.clock.now() } satisfies ViewerContext, 'viewer');
  }

  async popupState(activeChannel: string | null): Promise<PopupState> {
    const { db } = this.deps;
    const [session, viewer, activity, plan, campaigns, history, settings, bets] = await Promise.all([
      getSession(db),
      getViewerContext(db),
      listActivity(db, 8),
      db.get('kv', 'plan') as Promise<WatchPlan | undefined>,
      db.get('kv', 'campaigns') as Promise<{ value: Campaign[] } | undefined>,
      listDropClaims(db, 5),
      getSettings(db),
      listBets(db, 200),
    ]);
    const login = activeChannel ?? viewer?.login ?? null;
    let channel: PopupState['channel'] = null;
    if (login) {
      const rec = await getChannel(db, login);
      channel = {
        login,
        displayName: rec?.displayName,
        balance: rec?.balance,
        live: rec?.live ?? null,
        multiplier: rec?.multiplier,
        updatedAt: rec?.pointsUpdatedAt,
        source: activeChannel ? 'active-tab' : 'last-seen',
      };
    }
    const now = this.deps.clock.now();
    const lastHour = await db.getAllFromIndex('pointsHistory', 'at', IDBKeyRange.lowerBound(now - 60 * 60_000));
    const gain = (login: string) => lastHour.filter((c) => c.login === login && c.delta > 0 && c.reason !== 'PREDICTION').reduce((sum, c) => sum + c.delta, 0);
    const watching: PopupState['watching'] = [];
    for (const l of session.status === 'logged-in' ? (plan?.slots ?? []) : []) {
      const rec = await getChannel(db, l);
      watching.push({
        login: l,
        displayName: rec?.displayName,
        // (A plan stored by an older version has its reasons as text: shown as the viewer's order until the next tick.)
        reason: typeof plan!.reasons[l] === 'object' ? plan!.reasons[l]! : { rule: 'ORDER' },
        passive: l === plan!.passive,
        drops: l === plan!.dropsChannel,
        balance: rec?.balance,
        streamMinutes: rec?.streamMinutes,
        hourGain: gain(l),
      });
    }
    const mine = campaignsToMine(campaigns?.value ?? [], settings.drops, now);
    const shown = [...mine, ...(campaigns?.value ?? []).filter((c) => !mine.includes(c) && c.endAt > now)].slice(0, 6);
    const drops: PopupState['drops'] = {
      campaigns: shown.map((c) => {
        const e = eligibility(c, settings.drops, now);
        return {
          id: c.id,
          name: c.name,
          game: c.game.name,
          endAt: c.endAt,
          mining: c === mine[0],
          note: e.ok ? undefined : e.reason,
          linkUrl: c.linked ? undefined : c.linkUrl,
          drops: c.drops.map((d) => ({ name: d.name, current: d.currentMinutes, required: d.requiredMinutes, state: dropState(d, c, now) })),
        };
      }),
      history: history.map(({ dropName, game, claimedAt, kind }) => ({ dropName, game, claimedAt, kind })),
    };
    const settled = bets.filter((b) => b.status === 'placed' && b.result);
    const pending = Object.values(((await db.get('kv', 'predictions')) ?? {}) as Record<string, PendingPrediction>);
    const predictions: PopupState['predictions'] = {
      open: pending
        .filter((p) => !p.done)
        .map((p) => ({ login: p.login, title: p.event.title, betAt: p.betAt, closesAt: closesAt(p.event) }))
        .filter((p) => p.closesAt > now)
        .sort((a, b) => a.betAt - b.betAt),
      recent: bets.slice(0, 5).map((b) => ({
        login: b.login,
        title: b.title,
        outcomeTitle: b.outcomeTitle,
        points: b.points,
        status: b.status,
        result: b.result,
        net: b.result ? (b.pointsWon ?? 0) - b.points : undefined,
      })),
      won: settled.filter((b) => b.result === 'WIN').length,
      lost: settled.filter((b) => b.result === 'LOSE').length,
      net: settled.reduce((sum, b) => sum + (b.pointsWon ?? 0) - b.points, 0),
    };
    const m = (await db.get('kv', 'mutations')) as MutationState | undefined;
    const wire = healthSummary((await db.get('kv', 'wire-health')) as WireHealth | undefined);
    return {
      session: { status: session.status, login: session.login, error: session.error, checkedAt: session.checkedAt },
      channel,
      watching,
      drops,
      predictions,
      mutations: {
        path: m?.path ?? 'session-only',
        blocked: m?.blocked ?? false,
        integrityExpiresAt: m?.integrityExpiresAt,
        activatedAs: m?.activatedAs,
        activation: this.activation && this.activation.expiresAt > now ? this.activation : null,
      },
      wire,
      paused: settings.paused,
      realtime: this.socket?.client.status ?? 'closed',
      activity: activity.map(({ ts, kind, level, message, count }) => ({ ts, kind, level, message, count })),
    };
  }
}
