import { signal } from '@preact/signals';
import { useEffect, useLayoutEffect } from 'preact/hooks';
import { formatNumber, t } from '../lib/i18n';
import { reasonLabel } from '../lib/labels';
import type { PopupState } from '../lib/messages/popup';
import { ActivityList } from './ActivityList';
import { ClaimsPath } from './ClaimsPath';
import { MintLine } from './MintLine';
import { Drops } from './Drops';
import { errorText, formatAgo, formatIn, formatPoints, signed } from './format';
import { Tx } from './Tx';
import { StreakLines } from './StreakLines';

export interface PopupProps {
  /** Asks the background for the state; `refresh` makes it look at Twitch first. */
  load: (refresh: boolean) => Promise<PopupState>;
  /** Pauses or resumes Minert. */
  setPaused: (paused: boolean) => Promise<unknown>;
  /** Starts the one-click activation. */
  activate: () => Promise<unknown>;
  /** Opens the options page. */
  openOptions?: () => void;
  /** The state shown when the popup was last open: on screen until the first answer (none: "loading"). */
  last?: PopupState | null;
  now?: () => number;
}

/** How often an open popup shows the stored state again. */
const LIVE_UPDATE_MS = 3_000;

const state = signal<PopupState | null>(null);
const error = signal<string | null>(null);
// The popup opens refreshing: its first answers are on their way.
const refreshing = signal(true);

export function Popup({ load, activate, setPaused, openOptions, last = null, now = Date.now }: PopupProps) {
  useEffect(() => {
    let live = true;
    const fetchState = async (refresh: boolean) => {
      try {
        const s = await load(refresh);
        if (live) {
          state.value = s;
          error.value = null;
        }
      } catch (e) {
        if (live) error.value = errorText(e);
      }
    };
    refreshing.value = true;
    void fetchState(false)
      .then(() => fetchState(true))
      .finally(() => (refreshing.value = false));
    // Live while open: the stored state again every few seconds (a read of IndexedDB, no request to Twitch).
    const timer = setInterval(() => void fetchState(false), LIVE_UPDATE_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [load]);

  const s = state.value ?? last;
  // `npm run bench` reads these marks: the first state rendered (in the page, before the browser paints it; the bench
  // reads the paint apart), and the background's first answer rendered (later when the state last shown came first).
  const shown = s !== null;
  const answered = state.value !== null;
  useLayoutEffect(() => {
    if (shown) markOnce('minert-first-render');
    if (answered) markOnce('minert-first-answer');
  }, [shown, answered]);
  const loggedIn = s?.session.status === 'logged-in';
  return (
    <main class="popup">
      <header class="topbar">
        <h1>
          <img src="/icon/32.png" alt="" width={20} height={20} />
          Minert
        </h1>
        {refreshing.value ? (
          <span class="pill" data-testid="refreshing" role="status">
            {t('updating')}
          </span>
        ) : (
          loggedIn && (
            <span class={`pill ${s.paused ? 'paused' : s.realtime === 'open' ? 'ok' : ''}`} title={t('realtimeHint')}>
              {s.paused ? t('paused') : s.realtime === 'open' ? t('liveUpdates') : t('polling')}
            </span>
          )
        )}
        <span class="spacer" />
        {loggedIn && (
          <button
            type="button"
            class="pause"
            aria-pressed={s.paused}
            data-testid="pause"
            onClick={() => void setPaused(!s.paused).then(() => load(true)).then((next) => (state.value = next))}
          >
            {s.paused ? t('resume') : t('pause')}
          </button>
        )}
        {openOptions && (
          <button type="button" class="icon" onClick={openOptions} aria-label={t('openSettings')} title={t('openSettings')}>
            ⚙
          </button>
        )}
      </header>
      {error.value && (
        <p class="error" role="alert">
          {error.value}
        </p>
      )}
      {!s ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <Body
          s={s}
          now={now()}
          onActivate={() =>
            void activate().then(
              () => load(false).then((next) => (state.value = next)),
              (e) => (error.value = t('activationFailed', errorText(e))),
            )
          }
        />
      )}
    </main>
  );
}

function markOnce(name: string) {
  if (performance.getEntriesByName(name).length === 0) performance.mark(name);
}

function Session({ s }: { s: PopupState['session'] }) {
  switch (s.status) {
    case 'logged-in':
      return (
        <p class="session">
          <Tx k="loggedInAs" args={[<strong data-testid="login">{s.login}</strong>]} />
        </p>
      );
    case 'error':
      return <p class="warn">{s.login ? t('sessionErrorSeen', s.login, s.error ?? '') : t('sessionError', s.error ?? '')}</p>;
    case 'unknown':
      return <p class="muted">{t('checkingSession')}</p>;
    default:
      return (
        <p class="notice warn" data-testid="logged-out">
          <Tx
            k="loggedOut"
            args={[
              <a href="https://www.twitch.tv/login" target="_blank" rel="noreferrer">
                {t('logInLink')}
              </a>,
            ]}
          />
        </p>
      );
  }
}

function Channel({ c, loggedIn, now }: { c: NonNullable<PopupState['channel']>; loggedIn: boolean; now: number }) {
  return (
    <section class="card channel" data-testid="channel" aria-label={t('channelSection')}>
      <div class="channel-name">
        {c.displayName ?? c.login}
        {c.live === true && <span class="live">{t('live')}</span>}
        {c.source === 'last-seen' && <span class="muted small"> {t('lastChannel')}</span>}
      </div>
      {c.balance !== undefined ? (
        <div class="balance" data-testid="balance">
          {formatPoints(c.balance)} <span class="muted unit">{t('channelPoints')}</span>
          {c.multiplier !== undefined && c.multiplier > 1 && <span class="mult"> ×{c.multiplier}</span>}
        </div>
      ) : (
        <div class="muted">{loggedIn ? t('balanceUnknown') : t('logInForPoints')}</div>
      )}
      {c.updatedAt !== undefined && <div class="muted small">{t('asOf', formatAgo(c.updatedAt, now))}</div>}
    </section>
  );
}

function Watching({ watching }: { watching: PopupState['watching'] }) {
  return (
    <section data-testid="watching">
      <h2>{t('watching')}</h2>
      {watching.length === 0 ? (
        <p class="muted">{t('watchingNothing')}</p>
      ) : (
        <ul class="rows">
          {watching.map((w) => (
            <li key={w.login}>
              <span class="avatar" aria-hidden="true">
                {(w.displayName ?? w.login).slice(0, 1).toUpperCase()}
              </span>
              <span class="grow">
                <span class="watch-name">{w.displayName ?? w.login}</span>
                {w.drops && <span class="tag">{t('tagDrops')}</span>}
                <span class="muted small block">{reasonLabel(w.reason)}</span>
              </span>
              {w.balance !== undefined && (
                <span class="watch-points" title={t('balanceHint')}>
                  {formatPoints(w.balance)}
                  {w.hourGain > 0 && <span class="gain block">{t('perHour', signed(w.hourGain))}</span>}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Predictions({ p, now }: { p: PopupState['predictions']; now: number }) {
  if (p.open.length + p.recent.length === 0) return null;
  return (
    <section data-testid="predictions">
      <h2>
        {t('predictions')} <span class="muted small">{t('predictionsSummary', p.won, p.lost, signed(p.net))}</span>
      </h2>
      <ul class="rows">
        {p.open.map((o) => (
          <li key={`open-${o.login}-${o.title}`} data-testid="prediction-open">
            <span class="grow">
              <strong>{o.login}</strong>: {o.title}
              <span class="muted small block">{o.betAt > now ? t('betIn', formatIn(o.betAt, now), formatIn(o.closesAt, now)) : t('betNow')}</span>
            </span>
            <span class="tag outline">{t('open')}</span>
          </li>
        ))}
        {p.recent.map((b) => (
          <li key={`${b.login}-${b.title}`}>
            <span class="grow">
              <strong>{b.login}</strong>: {t('betOn', formatNumber(b.points), b.outcomeTitle)}
              <span class="muted small block">{b.title}</span>
            </span>
            {b.status === 'refused' ? (
              <span class="tag warn">{t('refused')}</span>
            ) : b.result ? (
              <span class={`tag ${b.result === 'WIN' ? 'won' : b.result === 'LOSE' ? 'lost' : 'outline'}`}>
                {t(b.result === 'WIN' ? 'won' : b.result === 'LOSE' ? 'lost' : 'refunded')} {b.net !== undefined && signed(b.net)}
              </span>
            ) : (
              <span class="tag outline">{t('placed')}</span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Why Minert cannot do its work, said plainly: never a silent "nothing to do". */
function Wire({ w }: { w: PopupState['wire'] }) {
  const lines = [
    ...w.blockedHosts.map((h) => t('wireBlockedHost', h)),
    ...(w.readsBlocked.length > 0 ? [t('wireReadsBlocked', w.readsBlocked.join(', '))] : []),
    ...(w.stale.length > 0 ? [t('wireStale', w.stale.join(', '))] : []),
  ];
  if (lines.length === 0) return null;
  return (
    <section class="notice warn" role="status" data-testid="wire">
      {lines.map((l) => (
        <p key={l}>{l}</p>
      ))}
    </section>
  );
}

/** The credit watchdog's word: minutes go by another route since Twitch stopped crediting one, or no route credits. */
function Heartbeat({ h, now }: { h: NonNullable<PopupState['heartbeat']>; now: number }) {
  return (
    <section class={`notice${h.none ? ' warn' : ''}`} role="status" data-testid="heartbeat">
      <p>{h.none ? t('popupHeartbeatNone', h.failed.join(', ')) : t('popupHeartbeatSwitched', h.route, h.failed.join(', '), formatAgo(h.since, now))}</p>
    </section>
  );
}

function Body({ s, now, onActivate }: { s: PopupState; now: number; onActivate: () => void }) {
  const loggedIn = s.session.status === 'logged-in';
  return (
    <>
      <section data-testid="session">
        <Session s={s.session} />
      </section>
      {loggedIn && <Wire w={s.wire} />}
      {loggedIn && s.heartbeat && <Heartbeat h={s.heartbeat} now={now} />}
      {loggedIn && <ClaimsPath m={s.mutations} now={now} onActivate={onActivate} />}
      {loggedIn && s.mutations.minted && <MintLine m={s.mutations.minted} now={now} />}
      {s.channel && <Channel c={s.channel} loggedIn={loggedIn} now={now} />}
      {loggedIn && <Watching watching={s.watching} />}
      {loggedIn && <StreakLines streaks={s.streaks} now={now} />}
      {loggedIn && <Drops drops={s.drops} now={now} />}
      <Predictions p={s.predictions} now={now} />
      <section>
        <h2>{t('activity')}</h2>
        <ActivityList entries={s.activity} now={now} skipped={s.activitySkipped} />
      </section>
    </>
  );
}
