import type { PopupState } from '../lib/messages';
import { formatAgo, formatIn } from './format';

const STATE_LABEL: Record<string, string> = {
  claimed: 'claimed',
  applied: 'earned (applied by Twitch)',
  claimable: 'claiming…',
  locked: 'after the previous drop',
  upcoming: 'not started',
  expired: 'expired',
};

function DropBar({ d }: { d: PopupState['drops']['campaigns'][number]['drops'][number] }) {
  const pct = Math.min(100, Math.round((d.current / Math.max(1, d.required)) * 100));
  return (
    <li class="drop">
      <div class="drop-line">
        <span>{d.name}</span>
        <span class="muted small">
          {STATE_LABEL[d.state] ?? `${d.current}/${d.required} min · ${d.required - d.current} to go`}
        </span>
      </div>
      <div class="bar" role="progressbar" aria-valuenow={d.current} aria-valuemin={0} aria-valuemax={d.required} aria-label={d.name}>
        <div class="bar-fill" style={{ width: `${pct}%` }} />
      </div>
    </li>
  );
}

export function Drops({ drops, now }: { drops: PopupState['drops']; now: number }) {
  if (drops.campaigns.length === 0 && drops.history.length === 0) return null;
  return (
    <section data-testid="drops">
      <h2>Drops</h2>
      {drops.campaigns.map((c) => (
        <div key={c.id} class={`campaign${c.mining ? ' mining' : ''}`}>
          <div class="campaign-name">
            {c.game}: {c.name}
            {c.mining && <span class="tag">mining</span>}
          </div>
          <div class="muted small">ends in {formatIn(c.endAt, now)}</div>
          {c.note && (
            <div class="muted small">
              {c.note}
              {c.linkUrl && (
                <>
                  {' · '}
                  <a href={c.linkUrl} target="_blank" rel="noreferrer">
                    link your account
                  </a>
                </>
              )}
            </div>
          )}
          <ul class="drop-list">
            {c.drops.map((d) => (
              <DropBar key={d.name} d={d} />
            ))}
          </ul>
        </div>
      ))}
      {drops.history.length > 0 && (
        <>
          <h2>Claimed</h2>
          <ul class="activity" data-testid="drop-history">
            {drops.history.map((h) => (
              <li key={`${h.dropName}-${h.claimedAt}`}>
                <span class="activity-time">{formatAgo(h.claimedAt, now)}</span>
                <span class="activity-message">
                  {h.dropName} <span class="muted">({h.game}{h.kind === 'applied' ? ', applied by Twitch' : ''})</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
