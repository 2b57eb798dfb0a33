import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Settings } from '../lib/store/repos';
import { STRATEGIES, type BetSettings, type Strategy } from '../lib/points/predictions';
import { PRIORITIES, type Priority } from '../lib/watch/scheduler';
import type { Stats } from '../lib/messages';
import { Charts } from './Charts';
import { Streamers, type StreamersProps } from './Streamers';

export interface OptionsProps {
  load: () => Promise<Settings>;
  save: (patch: Partial<Settings>) => Promise<Settings>;
  /** How claims reach Twitch (activated or not), and the activation controls. */
  claims: () => Promise<{ path: string; activatedAs?: string }>;
  activate: () => Promise<unknown>;
  signOut: () => Promise<unknown>;
  /** Replaces the settings with a file's (the background validates it), or with the defaults. */
  importSettings: (data: unknown) => Promise<Settings>;
  reset: () => Promise<Settings>;
  streamers: Omit<StreamersProps, 'defaults'>;
  stats: () => Promise<Stats>;
}

const claimsPath = signal<{ path: string; activatedAs?: string } | null>(null);

const settings = signal<Settings | null>(null);
const status = signal<string>('');

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the form into a settings patch; the background validates it again. */
function patchFrom(form: HTMLFormElement, current: Settings): Partial<Settings> {
  const f = new FormData(form);
  const on = (name: string) => f.get(name) === 'on';
  const priorities = lines(f.get('priorities')).map((p) => p.toUpperCase());
  const unknown = priorities.filter((p) => !(PRIORITIES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new Error(`unknown priority ${unknown.join(', ')} (known: ${PRIORITIES.join(', ')})`);
  return {
    tickSeconds: Number(f.get('tickSeconds')),
    watchFollowed: on('watchFollowed'),
    priorities: priorities as Priority[],
    oneChannelWhileDrops: on('oneChannelWhileDrops'),
    heartbeat: f.get('heartbeat') === 'spade-only' ? 'spade-only' : 'playlist-and-spade',
    drops: { enabled: on('dropsEnabled'), games: lines(f.get('games')), exclude: lines(f.get('exclude')), mineTwitchApplied: on('mineTwitchApplied') },
    notifyDrops: on('notifyDrops'),
    streamerDefaults: {
      ...current.streamerDefaults,
      points: on('points'),
      watchStreak: on('watchStreak'),
      raids: on('raids'),
      predictions: on('predictions'),
    },
    bets: {
      ...current.bets,
      strategy: String(f.get('strategy')) as Strategy,
      percentage: Number(f.get('percentage')),
      maxPoints: Number(f.get('maxPoints')),
      minimumPoints: Number(f.get('minimumPoints')),
      stealthMode: on('stealthMode'),
      delayMode: String(f.get('delayMode')) as BetSettings['delayMode'],
      delay: Number(f.get('delay')),
    },
  };
}

/** The settings as a file to keep: settings only, never a token. */
function exportSettings(s: Settings): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([JSON.stringify({ minert: 1, ...s }, null, 2)], { type: 'application/json' }));
  a.download = 'minert-settings.json';
  a.click();
  URL.revokeObjectURL(a.href);
}

export function Options({ load, save, claims, activate, signOut, importSettings, reset, streamers, stats }: OptionsProps) {
  useEffect(() => {
    load().then((s) => (settings.value = s), (e) => (status.value = `Could not load settings: ${e}`));
    claims().then((c) => (claimsPath.value = c), () => {});
  }, [load, claims]);

  const s = settings.value;
  if (!s) return <main class="options"><p class="muted">Loading…</p>{status.value && <p class="error">{status.value}</p>}</main>;

  const onImport = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      status.value = 'Not imported: the file is not JSON. Nothing was changed.';
      return;
    }
    try {
      settings.value = await importSettings(data);
      status.value = 'Imported.';
    } catch (e) {
      status.value = `Not imported: ${e instanceof Error ? e.message : e}. Nothing was changed.`;
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    try {
      settings.value = await save(patchFrom(event.currentTarget as HTMLFormElement, s));
      status.value = 'Saved.';
    } catch (e) {
      status.value = `Not saved: ${e instanceof Error ? e.message : e}`;
    }
  };

  return (
    <main class="options">
      <h1>Minert settings</h1>
      <Charts load={stats} />
      <form onSubmit={onSubmit}>
        <fieldset>
          <legend>Watching</legend>
          <label>
            <input type="checkbox" name="watchFollowed" checked={s.watchFollowed} data-testid="watch-followed" /> Watch the channels I follow for their points
          </label>
          <label>
            Priorities, in order{' '}
            <input name="priorities" value={s.priorities.join(', ')} size={40} data-testid="priorities" />
          </label>
          <p class="muted small">Any of {PRIORITIES.join(', ')}. Free slots always go to a live channel in your follow order.</p>
          <label>
            <input type="checkbox" name="oneChannelWhileDrops" checked={s.oneChannelWhileDrops} /> While a drop is mined, watch only its channel
          </label>
          <label>
            Heartbeat{' '}
            <select name="heartbeat" value={s.heartbeat}>
              <option value="playlist-and-spade">as the web player does now (playlist + beacon)</option>
              <option value="spade-only">beacon only (older)</option>
            </select>
          </label>
          <label>
            Look around every{' '}
            <input name="tickSeconds" type="number" min={30} max={3600} step={1} value={s.tickSeconds} data-testid="tick-seconds" /> seconds when
            nothing is watched
          </label>
          <p class="muted small">At least 30 seconds (the browser's limit). While watching, Minert wakes every 30 seconds.</p>
        </fieldset>
        <fieldset>
          <legend>Drops</legend>
          <label>
            <input type="checkbox" name="dropsEnabled" checked={s.drops.enabled} data-testid="drops-enabled" /> Mine drops
          </label>
          <label class="block">
            Games to mine, best first (one per line; empty: every game)
            <textarea name="games" rows={3} value={s.drops.games.join('\n')} data-testid="drop-games" />
          </label>
          <label class="block">
            Games never to mine
            <textarea name="exclude" rows={2} value={s.drops.exclude.join('\n')} />
          </label>
          <label>
            <input type="checkbox" name="mineTwitchApplied" checked={s.drops.mineTwitchApplied} /> Also mine badge and emote drops (Twitch applies them itself)
          </label>
          <label>
            <input type="checkbox" name="notifyDrops" checked={s.notifyDrops} /> Notify me when a drop is claimed
          </label>
        </fieldset>
        <fieldset>
          <legend>Channel points (every channel, unless set per channel)</legend>
          <label>
            <input type="checkbox" name="points" checked={s.streamerDefaults.points} /> Watch for points (bonus chests are claimed on every watched channel)
          </label>
          <label>
            <input type="checkbox" name="watchStreak" checked={s.streamerDefaults.watchStreak} /> Keep watch streaks
          </label>
          <label>
            <input type="checkbox" name="raids" checked={s.streamerDefaults.raids} /> Join and follow raids
          </label>
          <label>
            <input type="checkbox" name="predictions" checked={s.streamerDefaults.predictions} data-testid="predictions" /> Bet on predictions
          </label>
          <label>
            Strategy{' '}
            <select name="strategy" value={s.bets.strategy} data-testid="strategy">
              {STRATEGIES.map((st) => (
                <option key={st} value={st}>
                  {st}
                </option>
              ))}
            </select>
          </label>
          <label>
            Bet <input name="percentage" type="number" min={0} max={100} step="any" value={s.bets.percentage} data-testid="percentage" /> % of the balance, at most{' '}
            <input name="maxPoints" type="number" min={10} step={1} value={s.bets.maxPoints} /> points, never below a balance of{' '}
            <input name="minimumPoints" type="number" min={0} step={1} value={s.bets.minimumPoints} />
          </label>
          <label>
            When{' '}
            <select name="delayMode" value={s.bets.delayMode}>
              <option value="FROM_END">seconds before the end</option>
              <option value="FROM_START">seconds after the start</option>
              <option value="PERCENTAGE">fraction of the window</option>
            </select>{' '}
            <input name="delay" type="number" min={0} step="any" value={s.bets.delay} />
          </label>
          <label>
            <input type="checkbox" name="stealthMode" checked={s.bets.stealthMode} /> Stealth: never the top bettor of an outcome
          </label>
        </fieldset>
        <Streamers {...streamers} defaults={s.streamerDefaults} />
        <fieldset data-testid="activation-settings">
          <legend>Claims and bets</legend>
          {claimsPath.value?.path === 'activated' ? (
            <p>
              Activated as <strong>{claimsPath.value.activatedAs}</strong>: claims and bets work with no twitch.tv tab.{' '}
              <button type="button" onClick={() => void signOut().then(() => (claimsPath.value = { path: 'session-only' }))} data-testid="sign-out">
                Sign out of the activation
              </button>
            </p>
          ) : (
            <p>
              Twitch checks claims and bets with an integrity token: Minert uses the one your twitch.tv tab has, or, once
              activated, its own login (you confirm a code on twitch.tv).{' '}
              <button type="button" onClick={() => void activate().then(() => (status.value = 'Confirm the code on the twitch.tv page that opened.'))} data-testid="activate">
                Activate
              </button>
            </p>
          )}
        </fieldset>
        <button type="submit">Save</button>{' '}
        <button type="button" onClick={() => exportSettings(s)} data-testid="export">
          Export
        </button>{' '}
        <label class="file">
          Import… <input type="file" accept="application/json,.json" data-testid="import" onChange={(e) => void onImport(e)} />
        </label>{' '}
        <button
          type="button"
          data-testid="reset"
          onClick={() => {
            if (confirm('Reset every setting to its default?')) void reset().then((next) => ((settings.value = next), (status.value = 'Reset to the defaults.')));
          }}
        >
          Reset
        </button>
        <span class="status" data-testid="status">{status.value}</span>
      </form>
    </main>
  );
}
