import { t, type MessageKey } from '../lib/i18n';
import { ineligibleLabel } from '../lib/labels';
import type { PopupState } from '../lib/messages/popup';
import { formatAgo, formatIn } from './format';

/** A drop's state as the popup and the Campaigns tab say it. */
export const DROP_STATE_LABEL: Record<string, MessageKey> = {
  claimed: 'dropClaimed',
  applied: 'dropApplied',
  claimable: 'dropClaiming',
  locked: 'dropLocked',
  'sub-only': 'dropSubOnly',
  upcoming: 'dropUpcoming',
  expired: 'dropExpired',
};

function DropBar({ d }: { d: PopupState['drops']['campaigns'][number]['drops'][number] }) {
  const pct = Math.min(100, Math.round((d.current / Math.max(1, d.required)) * 100));
  const label = DROP_STATE_LABEL[d.state];
  return (
    <li class="drop">
      <div class="drop-line">
        <span>{d.name}</span>
        <span class="muted small">{label ? t(label) : t('dropProgress', d.current, d.required, d.required - d.current)}</span>
      </div>
      <div class={`bar${d.state === 'claimed' || d.state === 'applied' ? ' done' : ''}`} role="progressbar" aria-valuenow={d.current} aria-valuemin={0} aria-valuemax={d.required} aria-label={d.name}>
        <div class="bar-fill" style={{ width: `${pct}%` }} />
      </div>
    </li>
  );
}

export function Drops({ drops, now }: { drops: PopupState['drops']; now: number }) {
  if (drops.campaigns.length === 0 && drops.history.length === 0) return null;
  return (
    <section data-testid="drops">
      <h2>{t('drops')}</h2>
      {drops.campaigns.map((c) => (
        <div key={c.id} class={`card campaign${c.mining ? ' mining' : ''}`}>
          <div class="campaign-name">
            <span class="grow">
              {c.game}: {c.name}
            </span>
            {c.mining && <span class="tag">{t('mining')}</span>}
          </div>
          <div class="muted small">
            {t('endsIn', formatIn(c.endAt, now))}
            {c.note && (
              <>
                {' · '}
                {ineligibleLabel(c.note)}
                {c.linkUrl && (
                  <>
                    {' · '}
                    <a href={c.linkUrl} target="_blank" rel="noreferrer">
                      {t('linkAccount')}
                    </a>
                  </>
                )}
              </>
            )}
          </div>
          <ul class="drop-list">
            {c.drops.map((d) => (
              <DropBar key={d.name} d={d} />
            ))}
          </ul>
        </div>
      ))}
      {drops.history.length > 0 && (
        <>
          <h2>{t('claimed')}</h2>
          <ul class="activity" data-testid="drop-history">
            {drops.history.map((h) => (
              <li key={`${h.dropName}-${h.claimedAt}`}>
                <span class="activity-time">{formatAgo(h.claimedAt, now)}</span>
                <span class="activity-message">
                  {h.dropName} <span class="muted">({h.kind === 'applied' ? t('gameApplied', h.game) : h.game})</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
