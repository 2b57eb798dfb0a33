import { t } from '../lib/i18n';
import type { PopupState } from '../lib/messages/popup';
import { formatIn } from './format';
import { Tx } from './Tx';

/**
 * How claims and bets reach Twitch. When they cannot (Twitch wants an integrity token), says so and offers the two
 * ways out: open twitch.tv in a tab, or activate Minert once.
 */
export function ClaimsPath({ m, now, onActivate }: { m: PopupState['mutations']; now: number; onActivate: () => void }) {
  if (m.activation) {
    return (
      <section class="notice" data-testid="activation" role="status">
        <Tx k="activationCode" args={[<strong class="code">{m.activation.userCode}</strong>]} />
      </section>
    );
  }
  if (m.path === 'activated') {
    return (
      <p class="muted small" data-testid="claims-path">
        {m.activatedAs ? t('claimsActivatedAs', m.activatedAs) : t('claimsActivated')}
      </p>
    );
  }
  if (m.path === 'page-token' && !m.blocked) {
    const activateButton = (
      <button type="button" class="link" onClick={onActivate}>
        {t('activate')}
      </button>
    );
    return (
      <p class="muted small" data-testid="claims-path">
        {m.integrityExpiresAt ? (
          <Tx k="claimsThroughTabFor" args={[formatIn(m.integrityExpiresAt, now), activateButton]} />
        ) : (
          <Tx k="claimsThroughTab" args={[activateButton]} />
        )}
      </p>
    );
  }
  return (
    <section class={m.blocked ? 'notice warn' : 'notice'} data-testid="claims-path">
      <Tx
        k={m.blocked ? 'claimsBlocked' : 'claimsNeedStep'}
        args={[
          <a href="https://www.twitch.tv/" target="_blank" rel="noreferrer">
            twitch.tv
          </a>,
          <button type="button" onClick={onActivate} data-testid="activate">
            {t('activateMinert')}
          </button>,
        ]}
      />
    </section>
  );
}
