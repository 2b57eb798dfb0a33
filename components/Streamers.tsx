import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { StreamerView } from '../lib/messages';
import { STRATEGIES, type BetSettings, type Strategy } from '../lib/points/predictions';
import type { StreamerPrefs } from '../lib/watch/scheduler';

export interface StreamersProps {
  list: () => Promise<StreamerView[]>;
  save: (login: string, change: { prefs?: Partial<StreamerPrefs>; bets?: Partial<BetSettings> | null; moveTo?: number }) => Promise<StreamerView[]>;
  importFollows: () => Promise<unknown>;
  /** The settings every channel has unless set on it. */
  defaults: StreamerPrefs;
}

const streamers = signal<StreamerView[]>([]);
const filter = signal('');
const dragging = signal<string | null>(null);
const note = signal('');

const COLUMNS: { key: keyof StreamerPrefs; label: string }[] = [
  { key: 'enabled', label: 'on' },
  { key: 'points', label: 'points' },
  { key: 'drops', label: 'drops' },
  { key: 'watchStreak', label: 'streak' },
  { key: 'raids', label: 'raids' },
  { key: 'predictions', label: 'bets' },
];

/** How many rows are shown at once; the filter finds the others. */
const SHOWN = 100;

/**
 * The watch order and each channel's own settings. Drag a row (or use its arrows, from the keyboard) to move it; the
 * order is the "your order" priority.
 */
export function Streamers({ list, save, importFollows, defaults }: StreamersProps) {
  useEffect(() => {
    list().then((l) => (streamers.value = l), () => {});
  }, [list]);

  const apply = (p: Promise<StreamerView[]>) => p.then((l) => (streamers.value = l), (e) => (note.value = `Not saved: ${e instanceof Error ? e.message : e}`));
  const all = streamers.value;
  const f = filter.value.trim().toLowerCase();
  const rows = all.map((s, index) => ({ s, index })).filter(({ s }) => !f || s.login.includes(f) || (s.displayName ?? '').toLowerCase().includes(f));

  return (
    <fieldset data-testid="streamers">
      <legend>Channels, in your order</legend>
      <p class="muted small">
        {all.length} channels. Drag to reorder (or use the arrows); ticks set a channel's own settings, the rest follow the defaults above.{' '}
        <button type="button" class="link" onClick={() => void importFollows().then(() => (note.value = 'Reading your follow list…'))} data-testid="import-follows">
          Import followed channels now
        </button>
      </p>
      <input type="search" placeholder="Filter" aria-label="Filter channels" value={filter.value} onInput={(e) => (filter.value = (e.currentTarget as HTMLInputElement).value)} />
      <table class="streamers">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">channel</th>
            {COLUMNS.map((c) => (
              <th scope="col" key={c.key}>
                {c.label}
              </th>
            ))}
            <th scope="col">strategy</th>
            <th scope="col">move</th>
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map(({ s, index }) => (
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
              <td class="muted">{index + 1}</td>
              <td>
                {s.displayName ?? s.login}
                {s.live && <span class="live">LIVE</span>}
              </td>
              {COLUMNS.map((c) => {
                const own = s.prefs[c.key];
                return (
                  <td key={c.key}>
                    <input
                      type="checkbox"
                      aria-label={`${s.login}: ${c.label}`}
                      checked={own ?? defaults[c.key]}
                      class={own === undefined ? 'default' : ''}
                      onChange={(e) => void apply(save(s.login, { prefs: { [c.key]: (e.currentTarget as HTMLInputElement).checked } }))}
                    />
                  </td>
                );
              })}
              <td>
                <select
                  aria-label={`${s.login}: bet strategy`}
                  value={s.bets.strategy ?? ''}
                  onChange={(e) => {
                    const v = (e.currentTarget as HTMLSelectElement).value as Strategy | '';
                    void apply(save(s.login, { bets: v ? { strategy: v } : null }));
                  }}
                >
                  <option value="">default</option>
                  {STRATEGIES.map((st) => (
                    <option key={st} value={st}>
                      {st}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <button type="button" aria-label={`Move ${s.login} up`} disabled={index === 0} onClick={() => void apply(save(s.login, { moveTo: index - 1 }))}>
                  ↑
                </button>
                <button type="button" aria-label={`Move ${s.login} down`} disabled={index === all.length - 1} onClick={() => void apply(save(s.login, { moveTo: index + 1 }))}>
                  ↓
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p class="muted small">{rows.length - SHOWN} more: filter to find them.</p>}
      {note.value && <p class="muted small">{note.value}</p>}
    </fieldset>
  );
}
