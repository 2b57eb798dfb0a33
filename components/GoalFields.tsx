import { useState } from 'preact/hooks';
import { t } from '../lib/i18n';
import type { Settings } from '../lib/store/settings';
import { errorText } from './format';

export interface GoalFieldsProps {
  /** The stored settings (its `goals` rule and `streamerDefaults.goals`). */
  initial: Settings;
  save: (patch: Partial<Settings>) => Promise<unknown>;
}

/**
 * Community goals (lib/points/goals.ts): the default for every channel (off unless turned on; each channel can differ
 * in the channel list), the most Minert gives to one goal and the balance it always keeps. Saved on its own, apart
 * from the settings form: only `goals` and the defaults' `goals` switch are written.
 */
export function GoalFields({ initial, save }: GoalFieldsProps) {
  const [note, setNote] = useState<{ text: string; error?: boolean }>({ text: '' });
  const onSubmit = (e: Event) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const patch: Partial<Settings> = {
      goals: { maxPerGoal: Number(f.get('goalsMaxPerGoal')), keepBalance: Number(f.get('goalsKeepBalance')) },
      streamerDefaults: { ...initial.streamerDefaults, goals: f.get('goalsDefault') === 'on' },
    };
    void save(patch).then(
      () => setNote({ text: t('saved') }),
      (err: unknown) => setNote({ text: t('notSaved', errorText(err)), error: true }),
    );
  };
  return (
    <section class="card" aria-labelledby="goals-title" data-testid="goal-settings">
      <h2 id="goals-title">{t('sectionGoals')}</h2>
      <p class="hint">{t('sectionGoalsHint')}</p>
      <form onSubmit={onSubmit}>
        <label class="switch">
          <input type="checkbox" role="switch" name="goalsDefault" defaultChecked={initial.streamerDefaults.goals ?? false} data-testid="goals-default" />
          <span>{t('prefGoalsLong')}</span>
        </label>
        <div class="field-row">
          <div class="field">
            <label for="goalsMaxPerGoal">{t('goalsMaxPerGoal')}</label>
            <input id="goalsMaxPerGoal" name="goalsMaxPerGoal" type="number" min={0} step={1} required defaultValue={initial.goals.maxPerGoal} data-testid="goals-max" />
          </div>
          <div class="field">
            <label for="goalsKeepBalance">{t('goalsKeepBalance')}</label>
            <input id="goalsKeepBalance" name="goalsKeepBalance" type="number" min={0} step={1} required defaultValue={initial.goals.keepBalance} data-testid="goals-keep" />
          </div>
        </div>
        <button type="submit" data-testid="goals-save">
          {t('save')}
        </button>
        <span role="status" class={note.error ? 'error' : 'hint'}>
          {note.text}
        </span>
      </form>
    </section>
  );
}
