import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import type { Settings } from '../lib/store/repos';

export interface OptionsProps {
  load: () => Promise<Settings>;
  save: (patch: Partial<Settings>) => Promise<Settings>;
}

const settings = signal<Settings | null>(null);
const status = signal<string>('');

export function Options({ load, save }: OptionsProps) {
  useEffect(() => {
    load().then((s) => (settings.value = s), (e) => (status.value = `Could not load settings: ${e}`));
  }, [load]);

  const s = settings.value;
  if (!s) return <main class="options"><p class="muted">Loading…</p>{status.value && <p class="error">{status.value}</p>}</main>;

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const tickSeconds = Number(new FormData(form).get('tickSeconds'));
    try {
      settings.value = await save({ tickSeconds });
      status.value = 'Saved.';
    } catch (e) {
      status.value = `Not saved: ${e instanceof Error ? e.message : e}`;
    }
  };

  return (
    <main class="options">
      <h1>Minert settings</h1>
      <form onSubmit={onSubmit}>
        <label>
          Check Twitch every{' '}
          <input name="tickSeconds" type="number" min={30} max={3600} step={1} value={s.tickSeconds} data-testid="tick-seconds" /> seconds
        </label>
        <p class="muted small">At least 30 seconds (the browser's limit). Longer saves battery and bandwidth.</p>
        <button type="submit">Save</button>
        <span class="status" data-testid="status">{status.value}</span>
      </form>
    </main>
  );
}
