import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * The tab in the address (`options.html#drops`): a reload stays on it, and each tab chosen is a step of the history,
 * so back and forward move between tabs. An unknown or empty hash is the first tab.
 */
export function useHashTab<T extends string>(ids: readonly T[]): [T, (id: T) => void] {
  const read = (): T => {
    const hash = decodeURIComponent(location.hash.replace(/^#/, '')) as T;
    return ids.includes(hash) ? hash : ids[0]!;
  };
  const [tab, setTab] = useState<T>(read);
  useEffect(() => {
    const onHash = () => setTab(read());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, [ids.join()]);
  const select = (id: T) => {
    setTab(id);
    if (location.hash !== `#${id}`) location.hash = id;
  };
  return [tab, select];
}

export interface TabItem<T extends string> {
  id: T;
  label: string;
}

/**
 * An accessible tab list (WAI-ARIA tabs, automatic activation): ←/→ (and Home/End) move to a tab and show it; only the
 * chosen tab is in the Tab order. Each tab controls the panel `panel-<id>` (see TabPanel).
 */
export function TabList<T extends string>({ tabs, selected, onSelect, label }: { tabs: TabItem<T>[]; selected: T; onSelect: (id: T) => void; label: string }) {
  const list = useRef<HTMLDivElement>(null);
  const onKey = (event: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = tabs[(to + tabs.length) % tabs.length]!;
    onSelect(next.id);
    list.current?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };
  return (
    <div class="tabs" role="tablist" aria-label={label} ref={list} onKeyDown={onKey} data-testid="tabs">
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={t.id === selected}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === selected ? 0 : -1}
          onClick={() => onSelect(t.id)}
          data-testid={`tab-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

/** A tab's panel: always rendered (its fields stay in the settings form), hidden when its tab is not the chosen one. */
export function TabPanel({ id, selected, children }: { id: string; selected: string; children: ComponentChildren }) {
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={id !== selected} tabIndex={-1} data-testid={`panel-${id}`}>
      {children}
    </div>
  );
}
