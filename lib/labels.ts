import type { Ineligible } from './drops/plan';
import { t, type MessageKey } from './i18n';
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
