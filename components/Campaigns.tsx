import { useState } from 'preact/hooks';
import { t, uiLanguage, type MessageKey } from '../lib/i18n';
import { ineligibleLabel } from '../lib/labels';
import type { CampaignsView } from '../lib/messages/options';
import { BoxArt } from './GamePicker';
import { formatAgo, formatIn } from './format';
import { DROP_STATE_LABEL } from './Drops';

type Campaign = CampaignsView['campaigns'][number];
type Reward = CampaignsView['rewards'][number];
type Filter = 'all' | 'active' | 'upcoming' | 'mined' | 'not-mined';

const FILTERS: [Filter, MessageKey][] = [
  ['all', 'campaignsAll'],
  ['active', 'campaignsActive'],
  ['upcoming', 'campaignsUpcoming'],
  ['mined', 'campaignsMined'],
  ['not-mined', 'campaignsNotMined'],
];

const when = (ts: number) => new Date(ts).toLocaleString(uiLanguage(), { dateStyle: 'medium', timeStyle: 'short' });

const keep = (c: Campaign, state: Filter, game: string) =>
  (game === '' || c.game.name === game) &&
  (state === 'all' || (state === 'active' && c.state === 'active') || (state === 'upcoming' && c.state === 'upcoming') || (state === 'mined' && c.mined) || (state === 'not-mined' && !c.mined));

function CampaignCard({ c, view, now }: { c: Campaign; view: CampaignsView; now: number }) {
  const why = c.mined ? null : !view.dropsEnabled ? t('campaignDropsOff') : c.reason ? ineligibleLabel(c.reason) : null;
  return (
    <li class={`card campaign${c.mining ? ' mining' : ''}`} data-testid={`campaign-${c.id}`}>
      <div class="campaign-head">
        <BoxArt url={c.game.boxArtUrl} size={36} />
        <div class="grow">
          <div class="campaign-name">
            <span class="grow">
              {c.game.name}: {c.name}
            </span>
            {c.mining ? <span class="tag">{t('campaignMiningNow')}</span> : c.mined ? <span class="tag outline">{t('campaignWillMine')}</span> : <span class="tag outline muted">{t('campaignNotMined')}</span>}
          </div>
          <div class="muted small">
            {c.state === 'upcoming' ? t('campaignStarts', when(c.startAt), formatIn(c.startAt, now)) : t('campaignEnds', when(c.endAt), formatIn(c.endAt, now))}
            {' · '}
            {c.linked ? (
              t('campaignLinked')
            ) : c.linkUrl ? (
              <a href={c.linkUrl} target="_blank" rel="noreferrer">
                {t('linkAccount')}
              </a>
            ) : (
              t('campaignNotLinked')
            )}
          </div>
          {why && (
            <div class="small campaign-why" data-testid="campaign-why">
              {t('campaignWhyNot', why)}
            </div>
          )}
        </div>
      </div>
      <ul class="drop-list">
        {c.drops.map((d) => {
          const label = DROP_STATE_LABEL[d.state];
          const known = c.progressAt !== undefined || d.current > 0;
          const pct = Math.min(100, Math.round((d.current / Math.max(1, d.required)) * 100));
          return (
            <li key={d.id} class="drop">
              <div class="drop-line">
                <span>{d.name}</span>
                <span class="muted small">
                  {known ? t('dropProgress', d.current, d.required, Math.max(0, d.required - d.current)) : t('campaignDropMinutes', d.required)}
                  {label && ` · ${t(label)}`}
                </span>
              </div>
              {known && (
                <div class={`bar${d.state === 'claimed' || d.state === 'applied' ? ' done' : ''}`} role="progressbar" aria-valuenow={d.current} aria-valuemin={0} aria-valuemax={d.required} aria-label={d.name}>
                  <div class="bar-fill" style={{ width: `${pct}%` }} />
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </li>
  );
}

/** A reward campaign: who gives it, when it ends, what unlocks it and its link; Minert never mines it. */
function RewardCard({ r, now }: { r: Reward; now: number }) {
  const by = [...new Set([r.brand, r.game].filter((x): x is string => !!x))].join(' · ');
  const needs = [r.subsGoal > 0 && t('rewardCampaignSubs', r.subsGoal), r.minutesGoal > 0 && t('rewardCampaignMinutes', r.minutesGoal)].filter((x): x is string => !!x);
  const dates = r.state === 'upcoming' && r.startAt !== undefined ? t('campaignStarts', when(r.startAt), formatIn(r.startAt, now)) : r.endAt !== undefined ? t('campaignEnds', when(r.endAt), formatIn(r.endAt, now)) : null;
  return (
    <li class="card campaign" data-testid={`reward-${r.id}`}>
      <div class="campaign-head">
        <BoxArt url={r.imageUrl} size={36} />
        <div class="grow">
          <div class="campaign-name">
            <span class="grow">{by ? `${by}: ${r.name}` : r.name}</span>
            <span class="tag outline muted">{t('rewardCampaignNotMined')}</span>
          </div>
          <div class="muted small">{[dates, ...needs].filter(Boolean).join(' · ')}</div>
          {r.summary && <div class="small">{r.summary}</div>}
          {r.rewards.length > 0 && <div class="small">{t('rewardCampaignRewards', r.rewards.join(', '))}</div>}
          {r.url && (
            <a class="small" href={r.url} target="_blank" rel="noopener noreferrer">
              {t('rewardCampaignOpen')}
            </a>
          )}
        </div>
      </div>
    </li>
  );
}

/**
 * The campaign browser: every campaign active or to come, whether Minert mines it (or why not), the reward campaigns
 * (never mined, with their links), and the claims kept.
 */
export function Campaigns({ view, now }: { view: CampaignsView | null; now: number }) {
  const [state, setState] = useState<Filter>('all');
  const [game, setGame] = useState('');
  if (!view) return <p class="muted">{t('loading')}</p>;
  const games = [...new Set(view.campaigns.map((c) => c.game.name))].sort((a, b) => a.localeCompare(b));
  const shown = view.campaigns.filter((c) => keep(c, state, game));
  return (
    <section class="card" aria-labelledby="campaigns-title" data-testid="campaigns">
      <h2 id="campaigns-title">{t('sectionCampaigns')}</h2>
      <p class="hint">{view.readAt ? t('campaignsReadAt', formatAgo(view.readAt, now)) : t('campaignsNotRead')}</p>
      <div class="field-row">
        <div class="field">
          <label for="campaign-game">{t('campaignsGame')}</label>
          <select id="campaign-game" value={game} onChange={(e) => setGame(e.currentTarget.value)} data-testid="campaign-filter-game">
            <option value="">{t('campaignsAllGames')}</option>
            {games.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="campaign-state">{t('campaignsState')}</label>
          <select id="campaign-state" value={state} onChange={(e) => setState(e.currentTarget.value as Filter)} data-testid="campaign-filter-state">
            {FILTERS.map(([v, k]) => (
              <option key={v} value={v}>
                {t(k)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {shown.length === 0 ? (
        <p class="muted">{t('campaignsNone')}</p>
      ) : (
        <ul class="campaign-list" data-testid="campaign-list">
          {shown.map((c) => (
            <CampaignCard key={c.id} c={c} view={view} now={now} />
          ))}
        </ul>
      )}
      <h3>{t('rewardCampaignsTitle')}</h3>
      <p class="hint">{t('rewardCampaignsHint')}</p>
      {view.rewards.length === 0 ? (
        <p class="muted">{t('rewardCampaignsNone')}</p>
      ) : (
        <ul class="reward-list" data-testid="reward-list">
          {view.rewards.map((r) => (
            <RewardCard key={r.id} r={r} now={now} />
          ))}
        </ul>
      )}
      <h3>{t('campaignsHistory')}</h3>
      {view.history.length === 0 ? (
        <p class="muted">{t('campaignsNoHistory')}</p>
      ) : (
        <ul class="activity" data-testid="campaign-history">
          {view.history.map((h) => (
            <li key={`${h.dropName}-${h.claimedAt}`}>
              <span class="activity-time" title={when(h.claimedAt)}>
                {formatAgo(h.claimedAt, now)}
              </span>
              <span class="activity-message">
                {h.dropName} <span class="muted">({h.kind === 'applied' ? t('gameApplied', h.game) : h.game} · {h.campaignName})</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
