import { formatNumber, t, type MessageKey } from './i18n';

/**
 * The activity log keeps what happened as a message key with its arguments, never as text: the interface shows it in
 * the viewer's language of the moment. An argument is a name or a number as it is (a number is written the way the
 * language writes numbers when shown), a text of its own (a reason, a strategy: shown translated too), or a list.
 * No zod here (the stored shape is lib/activity.ts): the popup shows log lines before it loads any schema.
 */
export interface ActivityText {
  code: MessageKey;
  args: ActivityArg[];
}

export type ActivityArg = string | number | ActivityText | { list: ActivityArg[] };

function argText(a: ActivityArg): string {
  if (typeof a === 'string') return a;
  if (typeof a === 'number') return formatNumber(a);
  if ('list' in a) return a.list.map(argText).join(', ');
  return activityText(a);
}

/** The text of a log line (or of one of its arguments) in the viewer's language, its arguments shown in turn. */
export function activityText(x: ActivityText): string {
  return t(x.code, ...x.args.map(argText));
}

/** Whether two log lines say the same thing (repeats are folded into one). */
export function sameText(a: ActivityText, b: ActivityText): boolean {
  return a.code === b.code && JSON.stringify(a.args) === JSON.stringify(b.args);
}
