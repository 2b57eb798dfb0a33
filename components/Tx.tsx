import type { ComponentChildren } from 'preact';
import { t, type MessageKey } from '../lib/i18n';

/**
 * A message whose placeholders are elements (a link, a bold name), in the order the language puts them:
 * `<Tx k="loggedInAs" args={[<strong>viewer</strong>]} />`.
 */
export function Tx({ k, args }: { k: MessageKey; args: ComponentChildren[] }) {
  const parts = t(k, ...args.map((_, i) => `\u0001${i}\u0001`)).split(/\u0001(\d+)\u0001/);
  return <>{parts.map((p, i) => (i % 2 === 1 ? args[Number(p)] : p))}</>;
}
