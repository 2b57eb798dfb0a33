import type { WxtBrowser } from 'wxt/browser';
import { t } from '../../i18n';
import type { TickOutcome } from '../tick';

type Ran = Extract<TickOutcome, { ran: true }>;

/** The toolbar badge, from a tick's outcome: the drop being mined, in percent; "off" while paused; else nothing. */
export async function updateBadge(browser: WxtBrowser, outcome: Ran): Promise<void> {
  const { paused } = outcome.settings;
  const text = paused ? t('badgePaused') : outcome.dropPercent !== null ? t('badgeProgress', outcome.dropPercent) : '';
  await browser.action.setBadgeText({ text });
  await browser.action.setBadgeBackgroundColor({ color: paused ? '#777777' : '#9147ff' });
}

/** A browser notification per drop claimed and per prediction settled, unless the viewer turned each kind off. */
export async function announce(browser: WxtBrowser, outcome: Ran): Promise<void> {
  const { claims, settledBets: bets } = outcome;
  const { notifyDrops, notifyBets } = outcome.settings;
  const notify = (id: string, title: string, message: string) =>
    browser.notifications.create(id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
  for (const c of notifyDrops ? claims : []) {
    const title = t(c.kind === 'claimed' ? 'notifyDropClaimed' : 'notifyDropEarned');
    await notify(`minert-drop-${c.instanceId}`, title, t(c.kind === 'applied' ? 'notifyDropAppliedBody' : 'notifyDropBody', c.dropName, c.game));
  }
  for (const bet of notifyBets ? bets : []) {
    const net = (bet.pointsWon ?? 0) - bet.points;
    const title = t(bet.result === 'WIN' ? 'notifyBetWon' : bet.result === 'LOSE' ? 'notifyBetLost' : 'notifyBetRefunded');
    await notify(`minert-bet-${bet.eventId}`, title, t('notifyBetBody', bet.login, bet.title, `${net >= 0 ? '+' : ''}${net}`));
  }
}
