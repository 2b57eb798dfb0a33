import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { formatNumber, t, type MessageKey } from '../lib/i18n';
import type { StreamerView } from '../lib/messages/options';
import type { BetSettings } from '../lib/points/predictions';
import type { StreamerPrefs } from '../lib/watch/scheduler';
import { BetFields, readBets } from './BetFields';
import { errorText } from './format';

export interface StreamersProps {
  list: () => Promise<StreamerView[]>;
  save: (login: string, change: { prefs?: Partial<StreamerPrefs>; bets?: Partial<BetSettings> | null; moveTo?: number }) => Promise<StreamerView[]>;
  importFollows: () => Promise<unknown>;
  /** The settings every channel has unless set on it. */
  defaults: StreamerPrefs;
  betDefaults: BetSettings;
}

const streamers = signal<StreamerView[]>([]);
const filter = signal('');
const dragging = signal<string | null>(null);
/** The channel whose bet settings are open. */
const editing = signal<string | null>(null);
const note = signal('');

/** The switches of a channel, as columns; the header's short name and the full name for screen readers. */
const COLUMNS: { key: keyof StreamerPrefs; label: MessageKey; name: MessageKey }[] = [
  { key: 'enabled', label: 'colOn', name: 'prefEnabled' },
  { key: 'points', label: 'colPoints', name: 'prefPoints' },
  { key: 'bonus', label: 'colChests', name: 'prefBonus' },
  { key: 'drops', label: 'colDrops', name: 'prefDrops' },
  { key: 'watchStreak', label: 'colStreak', name: 'prefWatchStreak' },
  { key: 'raids', label: 'colRaids', name: 'prefRaids' },
  { key: 'moments', label: 'colMoments', name: 'prefMoments' },
  { key: 'predictions', label: 'colBets', name: 'prefPredictions' },
  { key: 'goals', label: 'colGoals', name: 'prefGoals' },
];

/** How many rows are shown at once; the filter finds the others. */
const SHOWN = 100;

/**
 * The watch order and each channel's own settings. Drag a row (or use its arrows, from the keyboard) to move it; the
 * order is the "your order" priority.
 */
export function Streamers({ list, save, importFollows, defaults, betDefaults }: StreamersProps) {
  useEffect(() => {
    note.value = '';
    list().then((l) => (streamers.value = l), () => {});
  }, [list]);

  const apply = (p: Promise<StreamerView[]>) =>
    p.then(
      (l) => ((streamers.value = l), (note.value = '')),
      (e) => (note.value = t('notSaved', errorText(e))),
    );
  const all = streamers.value;
  const f = filter.value.trim().toLowerCase();
  const rows = all.map((s, index) => ({ s, index })).filter(({ s }) => !f || s.login.includes(f) || (s.displayName ?? '').toLowerCase().includes(f));

  return (
    <section class="card" data-testid="streamers" aria-labelledby="streamers-title">
      <h2 id="streamers-title">{t('channelsTitle')}</h2>
      <p class="hint">{t('channelsHint', formatNumber(all.length))}</p>
      <div class="toolbar">
        <input type="search" placeholder={t('filter')} aria-label={t('filterChannels')} value={filter.value} onInput={(e) => (filter.value = (e.currentTarget as HTMLInputElement).value)} />
        <button type="button" onClick={() => void importFollows().then(() => (note.value = t('readingFollows')))} data-testid="import-follows">
          {t('importFollows')}
        </button>
      </div>
      <div class="table-wrap">
        <table class="streamers">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('colChannel')}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c.key} title={t(c.name)}>
                  {t(c.label)}
                </th>
              ))}
              <th scope="col">{t('colBetSettings')}</th>
              <th scope="col">{t('colMove')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN).map(({ s, index }) => {
              const name = s.displayName ?? s.login;
              const own = Object.keys(s.bets).length > 0;
              const open = editing.value === s.login;
              return [
                <tr
                  key={s.login}
                  draggable
                  data-testid={`streamer-${s.login}`}
                  class={dragging.value === s.login ? 'dragging' : ''}
                  onDragStart={() => (dragging.value = s.login)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.preventDefault();
                    const from = dragging.value;
                    dragging.value = null;
                    if (from && from !== s.login) void apply(save(from, { moveTo: index }));
                  }}
                >
                  <td class="muted num">{index + 1}</td>
                  <td class="name">
                    {name}
                    {s.live && <span class="live">{t('live')}</span>}
                  </td>
                  {COLUMNS.map((c) => {
                    const value = s.prefs[c.key];
                    return (
                      <td key={c.key}>
                        <input
                          type="checkbox"
                          aria-label={`${s.login}: ${t(c.name)}`}
                          checked={value ?? defaults[c.key] ?? false}
                          class={value === undefined ? 'default' : ''}
                          title={value === undefined ? t('followsDefault') : undefined}
                          onChange={(e) => void apply(save(s.login, { prefs: { [c.key]: (e.currentTarget as HTMLInputElement).checked } }))}
                        />
                      </td>
                    );
                  })}
                  <td>
                    <button
                      type="button"
                      class={`small${own ? ' own' : ''}`}
                      aria-expanded={open}
                      aria-controls={`bets-${s.login}`}
                      aria-label={t('betSettingsOf', s.login)}
                      onClick={() => (editing.value = open ? null : s.login)}
                    >
                      {own ? (s.bets.strategy ? t(`strategy_${s.bets.strategy}` as MessageKey) : t('ownSettings')) : t('defaultShort')} {open ? '▴' : '▾'}
                    </button>
                  </td>
                  <td class="move">
                    <button type="button" class="small" aria-label={t('moveUp', s.login)} disabled={index === 0} onClick={() => void apply(save(s.login, { moveTo: index - 1 }))}>
                      ↑
                    </button>
                    <button type="button" class="small" aria-label={t('moveDown', s.login)} disabled={index === all.length - 1} onClick={() => void apply(save(s.login, { moveTo: index + 1 }))}>
                      ↓
                    </button>
                  </td>
                </tr>,
                open && (
                  <tr key={`${s.login}-bets`} class="editor" id={`bets-${s.login}`}>
                    <td colSpan={COLUMNS.length + 4}>
                      <form
                        aria-label={t('betSettingsOf', s.login)}
                        onSubmit={(e) => {
                          e.preventDefault();
                          const bets = readBets(new FormData(e.currentTarget), true);
                          void apply(save(s.login, { bets: Object.keys(bets).length > 0 ? bets : null })).then(() => (note.value = t('savedFor', name)));
                        }}
                      >
                        <h3>{t('betSettingsTitle', name)}</h3>
                        <p class="hint">{t('betSettingsHint')}</p>
                        <BetFields key={JSON.stringify(s.bets)} v={s.bets} own={betDefaults} idPrefix={`bets-${s.login}`} />
                        <div class="actions">
                          <button type="submit" class="primary">
                            {t('saveFor', name)}
                          </button>
                          <button type="button" onClick={() => void apply(save(s.login, { bets: null })).then(() => (note.value = t('defaultsFor', name)))}>
                            {t('useDefaults')}
                          </button>
                        </div>
                      </form>
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN && <p class="hint">{t('moreChannels', formatNumber(rows.length - SHOWN))}</p>}
      {all.length === 0 && <p class="hint">{t('noChannels')}</p>}
      <p class="hint" role="status" data-testid="streamers-note">
        {note.value}
      </p>
    </section>
  );
}
