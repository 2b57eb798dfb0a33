import type { ChannelRecord } from '../store/schema';
import { describeError } from '../twitch/errors';
import { claimBonus } from '../twitch/ops/points';
import type { TickContext } from './context';

/**
 * Claims a bonus chest, whoever found it (the socket's claim-available, or a look): one activity line either way, one
 * history row (written here while the socket is closed; with it open, its points-earned message is the row), and a
 * refused chest kept as waiting, so a later look tries again. Returns the channel's record after it.
 */
export async function claimChest(ctx: TickContext, rec: ChannelRecord & { id: string }, claimId: string, now: number): Promise<ChannelRecord> {
  const name = rec.displayName ?? rec.login;
  try {
    const after = await claimBonus(ctx.gqlMut, rec.id, claimId);
    const gain = after !== null && rec.balance !== undefined ? after - rec.balance : null;
    ctx.activity.push({ kind: 'points', code: gain !== null ? 'logBonusClaimedGain' : 'logBonusClaimed', args: gain !== null ? [name, gain] : [name] });
    if (gain !== null && !ctx.realtimeOpen) ctx.history.push({ at: now, login: rec.login, delta: gain, balance: after!, reason: 'CLAIM' });
    const next = { ...rec, balance: after ?? rec.balance, availableClaimId: null };
    ctx.channels.put(next);
    return next;
  } catch (e) {
    ctx.activity.push({ kind: 'points', level: 'error', code: 'logBonusNotClaimed', args: [name, describeError(e)] });
    const next = { ...rec, availableClaimId: claimId };
    ctx.channels.put(next);
    return next;
  }
}
