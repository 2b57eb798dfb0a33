import type { PopupState } from '../lib/messages';
import { formatIn } from './format';

/**
 * How claims and bets reach Twitch. When they cannot (Twitch wants an integrity token), says so and offers the two
 * ways out: open twitch.tv in a tab, or activate Minert once.
 */
export function ClaimsPath({ m, now, onActivate }: { m: PopupState['mutations']; now: number; onActivate: () => void }) {
  if (m.activation) {
    return (
      <section class="notice" data-testid="activation">
        Confirm the code <strong class="code">{m.activation.userCode}</strong> on the twitch.tv page that opened, then
        Minert claims without twitch.tv open.
      </section>
    );
  }
  if (m.path === 'activated') {
    return (
      <p class="muted small" data-testid="claims-path">
        Claims and bets: activated{m.activatedAs ? ` as ${m.activatedAs}` : ''}.
      </p>
    );
  }
  if (m.path === 'page-token' && !m.blocked) {
    return (
      <p class="muted small" data-testid="claims-path">
        Claims and bets: through your twitch.tv tab{m.integrityExpiresAt ? `, good for ${formatIn(m.integrityExpiresAt, now)}` : ''}.{' '}
        <button type="button" class="link" onClick={onActivate}>
          Activate
        </button>{' '}
        to claim without it.
      </p>
    );
  }
  return (
    <section class={m.blocked ? 'notice warn' : 'notice'} data-testid="claims-path">
      {m.blocked ? 'Twitch refused a claim (failed integrity check). ' : 'Claims and bets need one more step. '}
      Open{' '}
      <a href="https://www.twitch.tv/" target="_blank" rel="noreferrer">
        twitch.tv
      </a>{' '}
      in a tab, or{' '}
      <button type="button" onClick={onActivate} data-testid="activate">
        Activate Minert
      </button>{' '}
      once (you confirm a code on twitch.tv). Nothing waiting is lost: it is claimed as soon as one works.
    </section>
  );
}
