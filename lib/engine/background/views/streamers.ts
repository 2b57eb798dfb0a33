import type { StreamerView } from '../../../messages/options';
import type { ChannelRecord } from '../../../store/schema';
import { orderOf } from '../../../watch/live';

/** The channels Minert may watch (followed, or given settings), in the watch order. */
export function streamersView(channels: ChannelRecord[]): StreamerView[] {
  return channels
    .filter((c) => c.followed || c.prefs || c.order !== undefined)
    .sort((a, b) => orderOf(a) - orderOf(b) || a.login.localeCompare(b.login))
    .map((c) => ({ login: c.login, displayName: c.displayName, live: c.live, prefs: c.prefs ?? {}, bets: c.bets ?? {} }));
}

/** The watch order with one channel moved to a place (0 first): the list renumbered in its current order. */
export function movedOrder(list: StreamerView[], login: string, moveTo: number): string[] {
  const order = list.map((s) => s.login).filter((l) => l !== login);
  order.splice(Math.min(moveTo, order.length), 0, login);
  return order;
}
