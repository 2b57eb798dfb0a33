import type { Ineligible } from './drops/plan';
import type { NoBet } from './points/predictions';
import { formatNumber, t, type MessageKey } from './i18n';
import type { WatchReason } from './watch/scheduler';

/** Texts for the codes the domain returns, shared by the interface and the activity log. */

const REASON: Record<Exclude<WatchReason['rule'], 'RAID'>, MessageKey> = {
  STREAK: 'reasonStreak',
  DROPS: 'reasonDrops',
  ORDER: 'reasonOrder',
  SUBSCRIBED: 'reasonSubscribed',
  POINTS_ASCENDING: 'reasonPointsAscending',
  POINTS_DESCENDING: 'reasonPointsDescending',
  TAB: 'reasonTab',
};

/** Why a channel is watched: "watch streak", "raid from alpha". */
export function reasonLabel(r: WatchReason): string {
  return r.rule === 'RAID' ? t('reasonRaid', r.from ?? '?') : t(REASON[r.rule]);
}

const INELIGIBLE: Record<Ineligible, MessageKey> = {
  excluded: 'ineligibleExcluded',
  'not-listed': 'ineligibleNotListed',
  'not-started': 'ineligibleNotStarted',
  ended: 'ineligibleEnded',
  'not-linked': 'ineligibleNotLinked',
  'too-late': 'ineligibleTooLate',
  done: 'ineligibleDone',
};

/** Why a campaign is not mined. */
export function ineligibleLabel(reason: Ineligible): string {
  return t(INELIGIBLE[reason]);
}

/** The signs of a bet condition. */
export const WHERE_SIGN = { GT: '>', GTE: '≥', LT: '<', LTE: '≤' } as const;

/** Why no bet was placed: "balance below 1,000". */
export function noBetLabel(r: NoBet): string {
  switch (r.why) {
    case 'closed':
      return t('noBetClosed', t(`predictionStatus_${r.status}` as MessageKey));
    case 'balance':
      return t('noBetBalance', formatNumber(r.minimum));
    case 'no-outcome':
      return t('noBetNoOutcome', t(`strategy_${r.strategy}` as MessageKey));
    case 'filter':
      return t('noBetFilter', t(`filter_${r.filter.by}` as MessageKey), WHERE_SIGN[r.filter.where], formatNumber(r.filter.value), formatNumber(r.actual));
    case 'too-small':
      return t('noBetTooSmall', formatNumber(r.points), formatNumber(r.minimum));
  }
}
