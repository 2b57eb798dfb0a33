import type { Ineligible } from './drops/plan';
import type { NoBet, Strategy } from './points/predictions';
import { activityText, type ActivityText } from './activity-text';
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

/** Why a channel is watched, as a code with its arguments (kept in the activity log). */
export function reasonText(r: WatchReason): ActivityText {
  return r.rule === 'RAID' ? { code: 'reasonRaid', args: [r.from ?? '?'] } : { code: REASON[r.rule], args: [] };
}

/** Why a channel is watched: "watch streak", "raid from alpha". */
export function reasonLabel(r: WatchReason): string {
  return activityText(reasonText(r));
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

/** A betting strategy's name, as a code (kept in the activity log). */
export function strategyText(strategy: Strategy): ActivityText {
  return { code: `strategy_${strategy}` as MessageKey, args: [] };
}

/** Why no bet was placed, as a code with its arguments (kept in the activity log). */
export function noBetText(r: NoBet): ActivityText {
  switch (r.why) {
    case 'closed':
      return { code: 'noBetClosed', args: [{ code: `predictionStatus_${r.status}` as MessageKey, args: [] }] };
    case 'balance':
      return { code: 'noBetBalance', args: [r.minimum] };
    case 'no-outcome':
      return { code: 'noBetNoOutcome', args: [strategyText(r.strategy)] };
    case 'filter':
      return { code: 'noBetFilter', args: [{ code: `filter_${r.filter.by}` as MessageKey, args: [] }, WHERE_SIGN[r.filter.where], r.filter.value, r.actual] };
    case 'too-small':
      return { code: 'noBetTooSmall', args: [r.points, r.minimum] };
  }
}

/** Why no bet was placed: "balance below 1,000". */
export function noBetLabel(r: NoBet): string {
  return activityText(noBetText(r));
}
