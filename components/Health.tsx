import { signal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { activityText } from '../lib/activity';
import { t, type MessageKey } from '../lib/i18n';
import type { HealthView } from '../lib/messages/options';
import { errorText, formatAgo, formatIn } from './format';

const view = signal<HealthView | null>(null);
const note = signal<{ text: string; error?: boolean } | null>(null);

/** An error kind as the viewer reads it (a kind with no text of its own shows as itself). */
const KIND: Record<string, MessageKey> = {
  'persisted-query-not-found': 'healthKindStale',
  integrity: 'healthKindIntegrity',
  network: 'healthKindNetwork',
  'logged-out': 'healthKindLoggedOut',
  throttled: 'healthKindThrottled',
  server: 'healthKindServer',
  timeout: 'healthKindTimeout',
  malformed: 'healthKindMalformed',
  gql: 'healthKindGql',
};
const PATH: Record<NonNullable<HealthView['claims']['path']>, MessageKey> = {
  activated: 'healthPathActivated',
  'page-token': 'healthPathPage',
  'session-only': 'healthPathSession',
};

/**
 * The Health tab: how Minert's line to Twitch is doing, operation by operation, and a "copy diagnostics" button whose
 * JSON (no token in it: the background never puts one in the view) goes into a bug report as it is.
 */
export function Health({ load, settings, now = Date.now }: { load: () => Promise<HealthView>; settings: () => Promise<unknown>; now?: () => number }) {
  useEffect(() => {
    void load().then((v) => (view.value = v), (e) => (note.value = { text: errorText(e), error: true }));
  }, [load]);
  const h = view.value;
  if (!h) return <section class="card" aria-labelledby="health-title"><h2 id="health-title">{t('sectionHealth')}</h2></section>;
  const at = now();
  const copy = async () => {
    const report = { diagnostics: h, settings: await settings(), userAgent: navigator.userAgent };
    try {
      await navigator.clipboard.writeText(JSON.stringify(report, null, 2));
      note.value = { text: t('healthCopied') };
    } catch (e) {
      note.value = { text: errorText(e), error: true };
    }
  };
  return (
    <section class="card" aria-labelledby="health-title" data-testid="health">
      <h2 id="health-title">{t('sectionHealth')}</h2>
      <ul class="health-lines">
        <li data-testid="health-reads">
          {h.reads.via === 'page' && h.reads.integrityExpiresAt ? t('healthReadsPage', formatIn(h.reads.integrityExpiresAt, at)) : t('healthReadsSession')}
          {h.reads.blocked.length > 0 && <strong> {t('wireReadsBlocked', h.reads.blocked.join(', '))}</strong>}
        </li>
        <li data-testid="health-claims">
          {h.claims.path ? t(PATH[h.claims.path]) : t('healthPathUnknown')}
          {h.claims.expiresAt !== undefined && ` · ${t('healthExpires', formatIn(h.claims.expiresAt, at))}`}
          {h.claims.blocked && <strong> {t('healthClaimsBlocked')}</strong>}
        </li>
        <li data-testid="health-heartbeat">
          {t('healthHeartbeat', h.heartbeat.minutesLastHour, h.heartbeat.creditsLastHour)}
          {h.heartbeat.transport && ` · ${t('healthRoute', h.heartbeat.transport)}`}
          {h.heartbeat.creditedAt !== undefined && ` · ${t('healthCredited', formatAgo(h.heartbeat.creditedAt, at))}`}
          {h.heartbeat.noneCredits && <strong> {t('healthNoneCredits')}</strong>}
        </li>
        <li>{t(h.realtime === 'open' ? 'healthRealtimeOpen' : 'healthRealtimeClosed')}</li>
        {h.blockedHosts.map((b) => (
          <li key={b.host} class="warn" data-testid="health-blocked">
            {t('wireBlockedHost', b.host)} ({b.error})
          </li>
        ))}
      </ul>
      {h.ops.length > 0 && (
        <table class="health-ops" data-testid="health-ops">
          <thead>
            <tr>
              <th scope="col">{t('healthOperation')}</th>
              <th scope="col">{t('healthResult')}</th>
              <th scope="col">{t('healthHash')}</th>
            </tr>
          </thead>
          <tbody>
            {h.ops.map((o) => (
              <tr key={o.name} class={o.ok ? '' : 'warn'}>
                <td>{o.name}</td>
                <td>
                  {o.ok ? t('healthOk') : o.kind && KIND[o.kind] ? t(KIND[o.kind]!) : (o.kind ?? t('healthFailed'))} · {formatAgo(o.at, at)}
                </td>
                <td>{o.source === 'learned' && o.learnedAt !== undefined ? t('healthHashLearned', new Date(o.learnedAt).toLocaleDateString()) : t('healthHashBuiltIn')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {h.recent.length > 0 && (
        <details>
          <summary>{t('healthRecent')}</summary>
          <ul class="health-lines small">
            {h.recent.slice(0, 12).map((e) => (
              <li key={`${e.ts}-${e.code}`} class={`activity-${e.level}`}>
                {formatAgo(e.ts, at)} · {activityText(e)}
              </li>
            ))}
          </ul>
        </details>
      )}
      <p class="row">
        <button type="button" onClick={() => void copy()} data-testid="copy-diagnostics">
          {t('healthCopy')}
        </button>
        <span class="muted small">
          {t('healthVersion', h.version)}
        </span>
        {note.value && (
          <span class={`status${note.value.error ? ' error' : ''}`} role="status" data-testid="health-status">
            {note.value.text}
          </span>
        )}
      </p>
    </section>
  );
}
