import { activityText } from '../lib/activity-text';
import { t } from '../lib/i18n';
import type { PopupState } from '../lib/messages/popup';
import { formatAgo } from './format';

export function ActivityList({ entries, now, skipped = 0 }: { entries: PopupState['activity']; now: number; skipped?: number }) {
  if (entries.length === 0 && skipped === 0) return <p class="muted">{t('nothingYet')}</p>;
  return (
    <ul class="activity" data-testid="activity">
      {entries.map((e) => (
        <li key={`${e.ts}-${e.code}-${JSON.stringify(e.args)}`} class={`activity-${e.level}`}>
          <span class="activity-time">{formatAgo(e.ts, now)}</span>
          <span class="activity-message">
            {activityText(e)}
            {e.count > 1 && <span class="muted"> ×{e.count}</span>}
          </span>
        </li>
      ))}
      {skipped > 0 && (
        <li class="activity-warn" data-testid="activity-skipped">
          <span class="activity-message">{t('activityUnreadable', skipped)}</span>
        </li>
      )}
    </ul>
  );
}
