import { t } from '../lib/i18n';
import { MINT_REASON_TEXT } from '../lib/engine/mint';
import type { PopupState } from '../lib/messages/popup';
import { formatAgo } from './format';

/** When and why Minert last ran twitch.tv's page out of sight for an integrity token, and whether it worked. */
export function MintLine({ m, now }: { m: NonNullable<PopupState['mutations']['minted']>; now: number }) {
  return (
    <p class={m.ok ? 'muted small' : 'small warn'} data-testid="integrity-minted">
      {t(m.ok ? 'mintedLine' : 'mintFailedLine', formatAgo(m.at, now), t(MINT_REASON_TEXT[m.reason]))}
    </p>
  );
}
