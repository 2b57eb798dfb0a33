import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';

export interface KnownGame {
  name: string;
  boxArtUrl?: string;
}

const norm = (s: string) => s.trim().toLowerCase();

/** A game's box art, when the campaign gave one (hidden if it does not load). */
export function BoxArt({ url, size = 24 }: { url?: string; size?: number }) {
  if (!url) return <span class="box-art none" aria-hidden="true" style={{ width: `${size}px`, height: `${Math.round(size * 1.33)}px` }} />;
  const src = url.replace('{width}', String(size * 2)).replace('{height}', String(Math.round(size * 2 * 1.33)));
  return <img class="box-art" src={src} alt="" width={size} height={Math.round(size * 1.33)} loading="lazy" onError={(e) => ((e.currentTarget as HTMLImageElement).style.visibility = 'hidden')} />;
}

/**
 * An ordered list of games, chosen among the games of the known campaigns (searchable, with their box art) or typed;
 * reordered with its arrow buttons (keyboard) or by dragging. A hidden field carries the list to the settings form,
 * one game a line.
 */
export function GamePicker(p: { id: string; name: string; label: string; hint?: string; initial: string[]; known: KnownGame[]; testid: string }) {
  const [list, setList] = useState(p.initial);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [dragged, setDragged] = useState<number | null>(null);
  const [note, setNote] = useState('');

  const art = (name: string) => p.known.find((g) => norm(g.name) === norm(name))?.boxArtUrl;
  const q = norm(query);
  const matches = p.known.filter((g) => !list.some((l) => norm(l) === norm(g.name)) && norm(g.name).includes(q)).slice(0, 8);
  // A game Minert does not know (no campaign now) can be typed in whole.
  const typed = query.trim() && !p.known.some((g) => norm(g.name) === q) && !list.some((l) => norm(l) === q) ? query.trim() : null;
  const options: { name: string; boxArtUrl?: string; typed?: boolean }[] = [...matches, ...(typed ? [{ name: typed, typed: true }] : [])];
  const shown = open && options.length > 0;
  const listboxId = `${p.id}-options`;

  const add = (name: string) => {
    const game = name.trim();
    if (!game || list.some((l) => norm(l) === norm(game))) return;
    setList([...list, game]);
    setQuery('');
    setActive(0);
    setNote(t('gameAdded', game));
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= list.length || from === to) return;
    const next = [...list];
    const [g] = next.splice(from, 1);
    next.splice(to, 0, g!);
    setList(next);
    setNote(t('gameMoved', g!, to + 1));
  };
  const remove = (i: number) => {
    setNote(t('gameRemoved', list[i]!));
    setList(list.filter((_, j) => j !== i));
  };

  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setOpen(true);
      if (options.length) setActive((active + (event.key === 'ArrowDown' ? 1 : -1) + options.length) % options.length);
    } else if (event.key === 'Enter') {
      // Enter adds the game (never submits the settings form).
      event.preventDefault();
      const chosen = shown ? options[Math.min(active, options.length - 1)] : undefined;
      add(chosen?.name ?? query);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  return (
    <div class="field game-picker" role="group" aria-labelledby={`${p.id}-label`}>
      <label id={`${p.id}-label`} for={p.id}>
        {p.label}
      </label>
      <input type="hidden" name={p.name} value={list.join('\n')} data-testid={p.testid} />
      {list.length > 0 && (
        <ol class="game-list" data-testid={`${p.testid}-list`}>
          {list.map((g, i) => (
            <li
              key={g}
              draggable
              class={dragged === i ? 'dragging' : ''}
              onDragStart={(e) => (setDragged(i), e.dataTransfer?.setData('text/plain', g))}
              onDragOver={(e) => e.preventDefault()}
              onDrop={(e) => (e.preventDefault(), dragged !== null && move(dragged, i), setDragged(null))}
              onDragEnd={() => setDragged(null)}
              data-testid={`${p.testid}-game`}
            >
              <BoxArt url={art(g)} size={18} />
              <span class="grow">{g}</span>
              <span class="move">
                <button type="button" class="small" aria-label={t('gameUp', g)} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  ↑
                </button>
                <button type="button" class="small" aria-label={t('gameDown', g)} disabled={i === list.length - 1} onClick={() => move(i, i + 1)}>
                  ↓
                </button>
                <button type="button" class="small" aria-label={t('gameRemove', g)} onClick={() => remove(i)}>
                  ×
                </button>
              </span>
            </li>
          ))}
        </ol>
      )}
      <div class="combo">
        <input
          id={p.id}
          type="text"
          role="combobox"
          autoComplete="off"
          aria-autocomplete="list"
          aria-expanded={shown}
          aria-controls={listboxId}
          aria-activedescendant={shown ? `${p.id}-option-${Math.min(active, options.length - 1)}` : undefined}
          aria-describedby={p.hint ? `${p.id}-hint` : undefined}
          placeholder={t('gameSearch')}
          value={query}
          onInput={(e) => (setQuery(e.currentTarget.value), setOpen(true), setActive(0))}
          onFocus={() => setOpen(true)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKey}
          data-testid={`${p.testid}-input`}
        />
        <button type="button" onClick={() => add(query)} disabled={!query.trim()} data-testid={`${p.testid}-add`}>
          {t('gameAdd')}
        </button>
        {shown && (
          <ul class="combo-options card" role="listbox" id={listboxId} aria-label={p.label}>
            {options.map((g, i) => (
              <li
                key={g.name}
                id={`${p.id}-option-${i}`}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => add(g.name)}
              >
                {g.typed ? (
                  <span>{t('gameAddTyped', g.name)}</span>
                ) : (
                  <>
                    <BoxArt url={g.boxArtUrl} size={18} />
                    <span>{g.name}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {p.hint && (
        <p class="hint" id={`${p.id}-hint`}>
          {p.hint}
        </p>
      )}
      <span class="visually-hidden" role="status">
        {note}
      </span>
    </div>
  );
}
