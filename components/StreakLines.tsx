import { t } from '../lib/i18n';
import type { PopupState } from '../lib/messages/popup';
import { formatAgo, formatIn } from './format';

type Line = NonNullable<PopupState['streaks']>[number];

function text(s: Line, now: number): string {
  const name = s.displayName ?? s.login;
  const length = String(s.length ?? 0);
  const replay = s.by === 'vod' ? t('streakByVod') : t('streakByClip');
  switch (s.state) {
    case 'recovering':
      return t('streakRecovering', name, length, replay, formatIn(s.at, now));
    case 'at-risk':
      return t('streakAtRisk', name, length, formatIn(s.at, now));
    case 'recovered':
      return t('streakRecovered', name, length, replay, formatAgo(s.at, now));
    case 'lost':
      return t('streakLost', name, formatAgo(s.at, now));
  }
}

/** Watch streaks missed: being saved by a replay, waiting for one, or saved or lost in the last day. */
export function StreakLines({ streaks, now }: { streaks: PopupState['streaks']; now: number }) {
  if (!streaks || streaks.length === 0) return null;
  return (
    <section data-testid="streaks">
      <h2>{t('streaksTitle')}</h2>
      <ul class="activity">
        {streaks.map((s) => (
          <li key={s.login} class={s.state === 'lost' ? 'warn' : undefined} data-state={s.state}>
            {text(s, now)}
          </li>
        ))}
      </ul>
    </section>
  );
}
