import { t } from '../lib/i18n';
import type { PopupState } from '../lib/messages';
import { formatAgo } from './format';

export function ActivityList({ entries, now }: { entries: PopupState['activity']; now: number }) {
  if (entries.length === 0) return <p class="muted">{t('nothingYet')}</p>;
  return (
    <ul class="activity" data-testid="activity">
      {entries.map((e) => (
        <li key={`${e.ts}-${e.message}`} class={`activity-${e.level}`}>
          <span class="activity-time">{formatAgo(e.ts, now)}</span>
          <span class="activity-message">
            {e.message}
            {e.count > 1 && <span class="muted"> ×{e.count}</span>}
          </span>
        </li>
      ))}
    </ul>
  );
}
