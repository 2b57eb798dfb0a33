import { signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { t, type MessageKey } from '../lib/i18n';
import type { CampaignsView, Stats } from '../lib/messages/options';
import type { Settings } from '../lib/store/settings';
import { PRIORITIES, type Priority } from '../lib/watch/scheduler';
import { BetFields, readBets } from './BetFields';
import { Campaigns } from './Campaigns';
import { Charts } from './Charts';
import { GamePicker } from './GamePicker';
import { GoalFields } from './GoalFields';
import { TabList, TabPanel, useHashTab } from './Tabs';
import { errorText } from './format';
import { Streamers, type StreamersProps } from './Streamers';
import { Tx } from './Tx';
import { Webhooks } from './Webhooks';

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
  streamers: Omit<StreamersProps, 'defaults' | 'betDefaults'>;
  stats: () => Promise<Stats>;
  /** The campaigns known (the Campaigns tab, and the games offered by the game pickers). */
  campaigns?: () => Promise<CampaignsView>;
  /** The Health tab's content. */
  health?: ComponentChildren;
  now?: () => number;
}

/** The tabs of the page, in order; the address keeps the one shown (options.html#drops). */
const TABS = ['watching', 'drops', 'campaigns', 'points', 'channels', 'charts', 'claims', 'health'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = {
  watching: 'tabWatching',
  drops: 'tabDrops',
  campaigns: 'tabCampaigns',
  points: 'tabPoints',
  channels: 'tabChannels',
  charts: 'tabCharts',
  claims: 'tabClaims',
  health: 'tabHealth',
};

const claimsPath = signal<{ path: string; activatedAs?: string } | null>(null);
const campaignsView = signal<CampaignsView | null>(null);

const settings = signal<Settings | null>(null);
const status = signal<{ text: string; error?: boolean }>({ text: '' });

const lines = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
/** A game picker's field: one game a line (a game's name may hold a comma). */
const games = (v: FormDataEntryValue | null) =>
  String(v ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);

/** Reads the form into a settings patch; the background validates it again. */
function patchFrom(form: HTMLFormElement, current: Settings): Partial<Settings> {
  const f = new FormData(form);
  const on = (name: string) => f.get(name) === 'on';
  return {
    tickSeconds: Number(f.get('tickSeconds')),
    watchFollowed: on('watchFollowed'),
    priorities: lines(f.get('priorities')) as Priority[],
    oneChannelWhileDrops: on('oneChannelWhileDrops'),
    drops: { enabled: on('dropsEnabled'), games: games(f.get('games')), exclude: games(f.get('exclude')), mineTwitchApplied: on('mineTwitchApplied') },
    notifyDrops: on('notifyDrops'),
    notifyBets: on('notifyBets'),
    mintIntegrity: on('mintIntegrity'),
    streamerDefaults: {
      ...current.streamerDefaults,
      points: on('points'),
      bonus: on('bonus'),
      watchStreak: on('watchStreak'),
      raids: on('raids'),
      moments: on('moments'),
      predictions: on('predictions'),
    },
    bets: { ...current.bets, ...readBets(f, false) },
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

const RULES: Record<Priority, { name: MessageKey; hint: MessageKey }> = {
  STREAK: { name: 'ruleStreak', hint: 'ruleStreakHint' },
  DROPS: { name: 'ruleDrops', hint: 'ruleDropsHint' },
  ORDER: { name: 'ruleOrder', hint: 'ruleOrderHint' },
  SUBSCRIBED: { name: 'ruleSubscribed', hint: 'ruleSubscribedHint' },
  POINTS_ASCENDING: { name: 'rulePointsAscending', hint: 'rulePointsAscendingHint' },
  POINTS_DESCENDING: { name: 'rulePointsDescending', hint: 'rulePointsDescendingHint' },
};

/** The priority rules: the ones in use, in order, then the others. A hidden field carries them to the form. */
function PriorityList({ initial }: { initial: Priority[] }) {
  const [chosen, setChosen] = useState(initial);
  const order = [...chosen, ...PRIORITIES.filter((p) => !chosen.includes(p))];
  const move = (p: Priority, by: number) => {
    const i = chosen.indexOf(p);
    const next = chosen.filter((x) => x !== p);
    next.splice(Math.max(0, Math.min(next.length, i + by)), 0, p);
    setChosen(next);
  };
  return (
    <div class="field" role="group" aria-labelledby="priorities-label">
      <span id="priorities-label" class="label">
        {t('priorities')}
      </span>
      <input type="hidden" name="priorities" value={chosen.join(', ')} data-testid="priorities" />
      <ol class="priorities">
        {order.map((p) => {
          const used = chosen.includes(p);
          const i = chosen.indexOf(p);
          return (
            <li key={p} class={used ? '' : 'unused'} data-testid={`rule-${p}`}>
              <label class="grow">
                <input type="checkbox" checked={used} onChange={() => setChosen(used ? chosen.filter((x) => x !== p) : [...chosen, p])} />
                <span>
                  <strong>{t(RULES[p].name)}</strong>
                  <span class="hint block">{t(RULES[p].hint)}</span>
                </span>
              </label>
              {used && (
                <span class="move">
                  <button type="button" class="small" aria-label={t('ruleUp', t(RULES[p].name))} disabled={i === 0} onClick={() => move(p, -1)}>
                    ↑
                  </button>
                  <button type="button" class="small" aria-label={t('ruleDown', t(RULES[p].name))} disabled={i === chosen.length - 1} onClick={() => move(p, 1)}>
                    ↓
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ol>
      <p class="hint">{t('prioritiesHint')}</p>
    </div>
  );
}

/** A labelled switch for a form field. */
function Switch({ name, checked, label, hint, testid }: { name: string; checked: boolean; label: MessageKey; hint?: MessageKey; testid?: string }) {
  return (
    <label class="switch">
      <input type="checkbox" role="switch" name={name} defaultChecked={checked} data-testid={testid} />
      <span>
        {t(label)}
        {hint && <span class="hint block">{t(hint)}</span>}
      </span>
    </label>
  );
}

export function Options({ load, save, claims, activate, signOut, importSettings, reset, streamers, stats, campaigns, health, now = Date.now }: OptionsProps) {
  const [tab, setTab] = useHashTab(TABS);
  useEffect(() => {
    status.value = { text: '' };
    load().then((s) => (settings.value = s), (e) => (status.value = { text: t('notLoaded', errorText(e)), error: true }));
    claims().then((c) => (claimsPath.value = c), () => {});
    campaignsView.value = null;
    campaigns?.().then((v) => (campaignsView.value = v), () => {});
  }, [load, claims, campaigns]);

  const s = settings.value;
  if (!s) {
    return (
      <main class="options">
        <p class="muted">{t('loading')}</p>
        {status.value.text && <p class="error">{status.value.text}</p>}
      </main>
    );
  }

  const onImport = async (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      status.value = { text: t('importNotJson'), error: true };
      return;
    }
    try {
      settings.value = await importSettings(data);
      status.value = { text: t('imported') };
    } catch (e) {
      status.value = { text: t('notImported', errorText(e)), error: true };
    }
  };

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    try {
      settings.value = await save(patchFrom(event.currentTarget as HTMLFormElement, s));
      status.value = { text: t('saved') };
    } catch (e) {
      status.value = { text: t('notSaved', errorText(e)), error: true };
    }
  };

  // A field refused on save may be on another tab: show that tab, then the browser's message.
  const onInvalid = (event: Event) => {
    const field = event.target as HTMLInputElement;
    const panel = field.closest('[role="tabpanel"]');
    const id = panel?.id.replace(/^panel-/, '') as Tab | undefined;
    if (!id || id === tab || !TABS.includes(id)) return;
    setTab(id);
    setTimeout(() => field.reportValidity());
  };
  const known = [...new Map((campaignsView.value?.campaigns ?? []).map((c) => [c.game.name, c.game])).values()].sort((a, b) => a.name.localeCompare(b.name));

  // The form's fields take their values again after an import or a reset.
  const formKey = JSON.stringify(s);
  return (
    <main class="options">
      <header class="page-head">
        <img src="/icon/48.png" alt="" width={32} height={32} />
        <div>
          <h1>{t('settingsTitle')}</h1>
          <p class="hint">{t('settingsSubtitle')}</p>
        </div>
      </header>
      <TabList tabs={TABS.filter((id) => (id !== 'health' || health) && (id !== 'campaigns' || campaigns)).map((id) => ({ id, label: t(TAB_LABEL[id]) }))} selected={tab} onSelect={setTab} label={t('settingsTitle')} />
      <form id="settings" key={formKey} onSubmit={onSubmit} onInvalidCapture={onInvalid}>
        <TabPanel id="watching" selected={tab}>
          <section class="card" aria-labelledby="watching-title">
            <h2 id="watching-title">{t('sectionWatching')}</h2>
            <Switch name="watchFollowed" checked={s.watchFollowed} label="watchFollowed" hint="watchFollowedHint" testid="watch-followed" />
            <PriorityList initial={s.priorities} />
            <Switch name="oneChannelWhileDrops" checked={s.oneChannelWhileDrops} label="oneChannelWhileDrops" hint="oneChannelWhileDropsHint" />
            <div class="field-row">
              <div class="field">
                <label for="tickSeconds">{t('tickSeconds')}</label>
                <input id="tickSeconds" name="tickSeconds" type="number" min={30} max={3600} step={1} defaultValue={s.tickSeconds} data-testid="tick-seconds" aria-describedby="tick-hint" />
              </div>
            </div>
            <p class="hint" id="tick-hint">
              {t('tickHint')}
            </p>
          </section>

          <section class="card" aria-labelledby="notify-title">
            <h2 id="notify-title">{t('sectionNotifications')}</h2>
            <div class="switch-grid">
              <Switch name="notifyDrops" checked={s.notifyDrops} label="notifyDropsSetting" />
              <Switch name="notifyBets" checked={s.notifyBets} label="notifyBetsSetting" />
            </div>
          </section>
        </TabPanel>
        <TabPanel id="drops" selected={tab}>
          <section class="card" aria-labelledby="drops-title">
            <h2 id="drops-title">{t('sectionDrops')}</h2>
            <Switch name="dropsEnabled" checked={s.drops.enabled} label="dropsEnabled" testid="drops-enabled" />
            <div class="field-row">
              <GamePicker id="games" name="games" label={t('dropGames')} hint={t('dropGamesHint')} initial={s.drops.games} known={known} testid="drop-games" />
              <GamePicker id="exclude" name="exclude" label={t('dropExclude')} initial={s.drops.exclude} known={known} testid="drop-exclude" />
            </div>
            <Switch name="mineTwitchApplied" checked={s.drops.mineTwitchApplied} label="mineTwitchApplied" />
          </section>
        </TabPanel>
        <TabPanel id="points" selected={tab}>
          <section class="card" aria-labelledby="points-title">
            <h2 id="points-title">{t('sectionPoints')}</h2>
            <p class="hint">{t('sectionPointsHint')}</p>
            <div class="switch-grid">
              <Switch name="points" checked={s.streamerDefaults.points} label="prefPointsLong" />
              <Switch name="bonus" checked={s.streamerDefaults.bonus} label="prefBonusLong" />
              <Switch name="watchStreak" checked={s.streamerDefaults.watchStreak} label="prefWatchStreakLong" hint="prefWatchStreakHint" />
              <Switch name="raids" checked={s.streamerDefaults.raids} label="prefRaidsLong" />
              <Switch name="moments" checked={s.streamerDefaults.moments} label="prefMomentsLong" />
              <Switch name="predictions" checked={s.streamerDefaults.predictions} label="prefPredictionsLong" testid="predictions" />
            </div>
          </section>

          <section class="card" aria-labelledby="bets-title">
            <h2 id="bets-title">{t('sectionBets')}</h2>
            <p class="hint">{t('sectionBetsHint')}</p>
            <BetFields v={s.bets} idPrefix="bets" />
          </section>
        </TabPanel>
      </form>
      {tab === 'watching' && <Webhooks key={formKey} initial={s.webhook} save={(p) => save(p).then((next) => (settings.value = { ...s, webhook: next.webhook }))} />}
      {tab === 'points' && <GoalFields key={formKey} initial={s} save={(p) => save(p).then((next) => (settings.value = { ...s, goals: next.goals, streamerDefaults: next.streamerDefaults }))} />}

      <TabPanel id="campaigns" selected={tab}>
        <Campaigns view={campaignsView.value} now={now()} />
      </TabPanel>
      <TabPanel id="channels" selected={tab}>
        <Streamers {...streamers} defaults={s.streamerDefaults} betDefaults={s.bets} />
      </TabPanel>
      <TabPanel id="charts" selected={tab}>
        <Charts load={stats} />
      </TabPanel>
      <TabPanel id="claims" selected={tab}>
        <section class="card" data-testid="activation-settings" aria-labelledby="claims-title">
          <h2 id="claims-title">{t('sectionClaims')}</h2>
          {/* Part of the settings form (form="settings"), shown here beside how claims reach Twitch. */}
          <label class="switch" key={formKey}>
            <input type="checkbox" role="switch" name="mintIntegrity" form="settings" defaultChecked={s.mintIntegrity} data-testid="mint-integrity" />
            <span>{t('mintIntegritySetting')}</span>
          </label>
          {claimsPath.value?.path === 'activated' ? (
            <p>
              <Tx k="activatedAs" args={[<strong>{claimsPath.value.activatedAs}</strong>]} />{' '}
              <button type="button" onClick={() => void signOut().then(() => (claimsPath.value = { path: 'session-only' }))} data-testid="sign-out">
                {t('signOutActivation')}
              </button>
            </p>
          ) : (
            <p>
              {t('activationExplained')}{' '}
              <button type="button" onClick={() => void activate().then(() => (status.value = { text: t('confirmCode') }))} data-testid="activate">
                {t('activate')}
              </button>
            </p>
          )}
        </section>

        <section class="card" aria-labelledby="backup-title">
          <h2 id="backup-title">{t('sectionBackup')}</h2>
          <p class="hint">{t('backupHint')}</p>
          <div class="actions">
            <button type="button" onClick={() => exportSettings(s)} data-testid="export">
              {t('export')}
            </button>
            <label class="button">
              {t('import')}
              <input type="file" accept="application/json,.json" data-testid="import" onChange={(e) => void onImport(e)} />
            </label>
            <button
              type="button"
              class="danger"
              data-testid="reset"
              onClick={() => {
                if (confirm(t('resetConfirm'))) void reset().then((next) => ((settings.value = next), (status.value = { text: t('resetDone') })));
              }}
            >
              {t('reset')}
            </button>
          </div>
        </section>
      </TabPanel>
      <TabPanel id="health" selected={tab}>
        {health}
      </TabPanel>

      <footer class="save-bar">
        <button type="submit" form="settings" class="primary">
          {t('save')}
        </button>
        <span class={`status${status.value.error ? ' error' : ''}`} data-testid="status" role="status">
          {status.value.text}
        </span>
      </footer>
    </main>
  );
}
