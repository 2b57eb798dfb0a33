import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { PopupState } from '../lib/messages';
import { ActivityList } from './ActivityList';
import { ClaimsPath } from './ClaimsPath';
import { Drops } from './Drops';
import { formatAgo, formatPoints, signed } from './format';

export interface PopupProps {
  /** Asks the background for the state; `refresh` makes it look at Twitch first. */
  load: (refresh: boolean) => Promise<PopupState>;
  /** Pauses or resumes Minert. */
  setPaused: (paused: boolean) => Promise<unknown>;
  /** Starts the one-click activation. */
  activate: () => Promise<unknown>;
  now?: () => number;
}

/** How often an open popup shows the stored state again. */
const LIVE_UPDATE_MS = 3_000;

const state = signal<PopupState | null>(null);
const error = signal<string | null>(null);
const refreshing = signal(false);

export function Popup({ load, activate, setPaused, now = Date.now }: PopupProps) {
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
        if (live) error.value = e instanceof Error ? e.message : String(e);
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

  const s = state.value;
  return (
    <main class="popup">
      <header>
        <h1>Minert</h1>
        {s?.session.status === 'logged-in' && (
          <button
            type="button"
            class="pause"
            aria-pressed={s.paused}
            data-testid="pause"
            onClick={() => void setPaused(!s.paused).then(() => load(true)).then((next) => (state.value = next))}
          >
            {s.paused ? 'Resume' : 'Pause'}
          </button>
        )}
        {refreshing.value ? (
          <span class="muted" data-testid="refreshing">updating…</span>
        ) : (
          s?.session.status === 'logged-in' && <span class="muted small" title="The realtime socket brings chests, raids and predictions at once; without it Minert polls.">{s.realtime === 'open' ? 'live updates' : 'polling'}</span>
        )}
      </header>
      {error.value && <p class="error">{error.value}</p>}
      {!s ? (
        <p class="muted">Loading…</p>
      ) : (
        <Body
          s={s}
          now={now()}
          onActivate={() =>
            void activate().then(
              () => load(false).then((next) => (state.value = next)),
              (e) => (error.value = `Activation did not start: ${e instanceof Error ? e.message : e}`),
            )
          }
        />
      )}
    </main>
  );
}

function Body({ s, now, onActivate }: { s: PopupState; now: number; onActivate: () => void }) {
  return (
    <>
      <section data-testid="session">
        {s.session.status === 'logged-in' ? (
          <p>
            Logged in as <strong data-testid="login">{s.session.login}</strong>
          </p>
        ) : s.session.status === 'error' ? (
          <p class="warn">
            Twitch did not answer{s.session.login ? ` (last seen as ${s.session.login})` : ''}: {s.session.error}
          </p>
        ) : s.session.status === 'unknown' ? (
          <p class="muted">Checking your twitch.tv session…</p>
        ) : (
          <p class="warn" data-testid="logged-out">
            Not logged in.{' '}
            <a href="https://www.twitch.tv/login" target="_blank" rel="noreferrer">
              Log in to twitch.tv
            </a>{' '}
            in this browser and Minert will use that session.
          </p>
        )}
      </section>
      {s.session.status === 'logged-in' && <ClaimsPath m={s.mutations} now={now} onActivate={onActivate} />}
      {s.channel && (
        <section class="channel" data-testid="channel">
          <div class="channel-name">
            {s.channel.displayName ?? s.channel.login}
            {s.channel.live === true && <span class="live">LIVE</span>}
            {s.channel.source === 'last-seen' && <span class="muted"> (last channel you were on)</span>}
          </div>
          {s.channel.balance !== undefined ? (
            <div class="balance" data-testid="balance">
              {formatPoints(s.channel.balance)} <span class="muted">channel points</span>
              {s.channel.multiplier !== undefined && s.channel.multiplier > 1 && <span class="mult"> ×{s.channel.multiplier}</span>}
            </div>
          ) : (
            <div class="muted">{s.session.status === 'logged-in' ? 'Balance not known yet' : 'Log in to see your points'}</div>
          )}
          {s.channel.updatedAt !== undefined && <div class="muted small">as of {formatAgo(s.channel.updatedAt, now)}</div>}
        </section>
      )}
      {s.session.status === 'logged-in' && (
        <section data-testid="watching">
          <h2>Watching</h2>
          {s.watching.length === 0 ? (
            <p class="muted">Nothing: no channel you follow is live.</p>
          ) : (
            <ul class="watching">
              {s.watching.map((w) => (
                <li key={w.login}>
                  <span class="watch-name">{w.displayName ?? w.login}</span>
                  <span class="muted"> · {w.passive ? 'in your tab' : w.reason}</span>
                  {w.drops && <span class="tag">drops</span>}
                  {w.balance !== undefined && (
                    <span class="watch-points" title="Balance, and points gained in the last hour">
                      {formatPoints(w.balance)}
                      {w.hourGain > 0 && <span class="gain"> {signed(w.hourGain)}/h</span>}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {s.session.status === 'logged-in' && <Drops drops={s.drops} now={now} />}
      {s.predictions.recent.length > 0 && (
        <section data-testid="predictions">
          <h2>
            Predictions{' '}
            <span class="muted small">
              {s.predictions.won} won · {s.predictions.lost} lost · net {signed(s.predictions.net)}
            </span>
          </h2>
          <ul class="activity">
            {s.predictions.recent.map((b) => (
              <li key={`${b.login}-${b.title}`}>
                <span class="activity-message">
                  {b.login}: {b.points.toLocaleString('en-US')} on “{b.outcomeTitle}” <span class="muted">({b.title})</span>{' '}
                  {b.status === 'refused' ? <span class="warn">refused</span> : b.result ? <span class={b.result === 'LOSE' ? 'warn' : ''}>{b.result.toLowerCase()} {b.net !== undefined && signed(b.net)}</span> : <span class="muted">open</span>}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h2>Activity</h2>
        <ActivityList entries={s.activity} now={now} />
      </section>
    </>
  );
}
