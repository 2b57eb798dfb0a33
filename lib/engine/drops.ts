import { campaignsToMine, channelCounts, claimsDue, dropState, eligibility, stalled } from '../drops/plan';
import type { Campaign, DropClaim } from '../drops/types';
import { dropChannelsKey, writeKv, type ProgressMark, type Stamped } from '../store/kv';
import type { Settings } from '../store/settings';
import { describeError, isTwitchError } from '../twitch/errors';
import { checkStreams } from '../twitch/ops/channels';
import { fetchGameSlug, fetchGameStreams } from '../twitch/ops/directory';
import { applyInventory, claimDrop, fetchCampaigns, fetchDropSession, fetchInventory } from '../twitch/ops/drops';
import { withStream } from '../watch/live';
import type { WatchPlan } from '../watch/scheduler';
import { blank, type TickContext } from './context';
import type { WatchedMinute } from './watch';

/** How often the campaign list, the inventory (while a campaign is mined) and the channels that count are read again. */
export const CAMPAIGNS_EVERY_MS = 60 * 60_000;
export const INVENTORY_EVERY_MS = 15 * 60_000;
export const DROP_CHANNELS_EVERY_MS = 15 * 60_000;
/** After a failed read of the campaigns, wait this long before the next. */
export const DROPS_RETRY_MS = 5 * 60_000;
/** A channel whose progress stalled is left alone this long. */
export const STALL_PAUSE_MS = 30 * 60_000;
/** After a heartbeat, the inventory is read at most this often to look for a finished drop's claim id. */
export const INVENTORY_MIN_GAP_MS = 60_000;
/**
 * The drop session is asked this often while a drop is mined: every 5 minutes, or 15 with the socket open (its
 * drop-progress events say the minutes in between).
 */
export const DROP_SESSION_EVERY_MS = 5 * 60_000;
export const DROP_SESSION_WITH_SOCKET_MS = 15 * 60_000;
/** A claim Twitch refused is tried again after this long. */
export const CLAIM_RETRY_MS = 10 * 60_000;

export interface DropsPrep {
  campaigns: Campaign[];
  /** The campaign being mined, and the channels that count for it now. */
  campaign: Campaign | null;
  eligible: Set<string>;
}

function prefsOf(settings: Settings) {
  return settings.drops;
}

/** Reads campaigns and progress when due, picks the campaign to mine and the live channels that count for it. */
export async function prepareDrops(ctx: TickContext, now: number): Promise<DropsPrep> {
  const prefs = prefsOf(ctx.settings);
  const none: DropsPrep = { campaigns: [], campaign: null, eligible: new Set() };
  if (!prefs.enabled) return none;

  const cached = await ctx.kv.get('campaigns');
  let campaigns = cached?.value ?? [];
  // Read again hourly, and as soon as a campaign listed as upcoming starts.
  const started = campaigns.some((c) => cached && c.startAt > cached.at && c.startAt <= now);
  // Refused for integrity with one page header set (or none): asked again as soon as a newer one is seen.
  const blockedWith = await ctx.kv.get('campaigns-blocked-page');
  const newPage = blockedWith !== undefined && (ctx.pageSeenAt ?? 0) > blockedWith;
  // Failed for an unknown hash (Twitch retired the built-in one): asked again as soon as the page shows a newer one.
  const newHash = (ctx.hashesLearnedAt ?? 0) > ((await ctx.kv.get('campaigns-hashes-at')) ?? Infinity);
  if ((!cached || now - cached.at >= CAMPAIGNS_EVERY_MS || started) && (now >= ((await ctx.kv.get('campaigns-retry-at')) ?? 0) || newPage || newHash)) {
    try {
      const read = await fetchCampaigns(ctx.gql, ctx.userId, new Map(campaigns.map((c) => [c.id, c])), now);
      campaigns = read.campaigns;
      ctx.kv.set('reward-campaigns', { at: now, value: read.rewards });
      // A reward campaign in a shape Minert does not know is left out, and said; the drops go on.
      if (read.skippedRewards > 0) ctx.activity.push({ kind: 'drops', level: 'warn', code: 'logRewardCampaignsSkipped', args: [read.skippedRewards] });
      ctx.kv.set('campaigns-blocked-page', null);
      ctx.kv.set('campaigns-hashes-at', null);
    } catch (e) {
      ctx.kv.set('campaigns-retry-at', now + DROPS_RETRY_MS);
      if (isTwitchError(e, 'persisted-query-not-found')) ctx.kv.set('campaigns-hashes-at', ctx.hashesLearnedAt ?? 0);
      // Twitch gates campaign discovery behind integrity (LURK#345, 2026-08): say what unblocks it.
      if (!isTwitchError(e, 'integrity')) throw e;
      ctx.kv.set('campaigns-blocked-page', ctx.pageSeenAt ?? 0);
      ctx.activity.push({ kind: 'drops', level: 'warn', code: 'logCampaignsNeedIntegrity', args: [] });
      return { campaigns, campaign: null, eligible: new Set() };
    }
    ctx.kv.set('campaigns', { at: now, value: campaigns } satisfies Stamped<Campaign[]>);
    ctx.kv.set('inventory-at', now);
    const mine = campaignsToMine(campaigns, prefs, now);
    ctx.activity.push(
      mine[0]
        ? { kind: 'drops', code: 'logCampaignsReadFirst', args: [campaigns.length, mine.length, mine[0].game.name, mine[0].name] }
        : { kind: 'drops', code: 'logCampaignsRead', args: [campaigns.length, mine.length] },
    );
  } else if (cached && campaignsToMine(campaigns, prefs, now).length > 0 && now - ((await ctx.kv.get('inventory-at')) ?? 0) >= INVENTORY_EVERY_MS) {
    campaigns = applyInventory(campaigns, await fetchInventory(ctx.inventoryGql), now);
    ctx.kv.set('campaigns', { at: cached.at, value: campaigns } satisfies Stamped<Campaign[]>);
    ctx.kv.set('inventory-at', now);
  }

  const stalledUntil = (await ctx.kv.get('drop-stalled')) ?? {};
  // Look at up to three campaigns a tick, in order, for one with a channel that counts.
  for (const campaign of campaignsToMine(campaigns, prefs, now).slice(0, 3)) {
    const logins = await dropChannels(ctx, campaign, now);
    const eligible = new Set(
      logins.filter((login) => {
        const rec = ctx.channels.get(login);
        return !!rec && (stalledUntil[login] ?? 0) <= now && channelCounts(campaign, { login, live: rec.live === true, gameId: rec.game?.id });
      }),
    );
    if (eligible.size > 0) return { campaigns, campaign, eligible };
  }
  return { campaigns, campaign: null, eligible: new Set() };
}

/** The live channels that count for a campaign: its allowed channels, or the game's drops-enabled directory. */
async function dropChannels(ctx: TickContext, campaign: Campaign, now: number): Promise<string[]> {
  const key = dropChannelsKey(campaign.id);
  const cached = await ctx.kv.get(key);
  if (cached && now - cached.at < DROP_CHANNELS_EVERY_MS) return cached.value;
  let logins: string[];
  if (campaign.allowedChannels) {
    const wanted = campaign.allowedChannels.slice(0, 30);
    const checks = await checkStreams(ctx.gql, wanted);
    logins = [];
    for (const c of checks) {
      if ('error' in c) continue;
      const rec = ctx.channels.get(c.login) ?? blank(c.login, now);
      ctx.channels.put(withStream(rec, c.stream ? { streamId: c.stream.streamId, channelId: c.stream.channelId, displayName: c.stream.displayName, game: c.stream.game } : null, now));
      if (c.stream) logins.push(c.login);
    }
  } else {
    const slug = campaign.game.slug ?? (await fetchGameSlug(ctx.gql, campaign.game.name));
    const streams = slug ? await fetchGameStreams(ctx.gql, slug, { dropsOnly: true, limit: 20 }) : [];
    logins = streams.map((s) => s.login);
    for (const s of streams) {
      const rec = ctx.channels.get(s.login) ?? blank(s.login, now);
      ctx.channels.put(withStream(rec, { streamId: s.streamId, channelId: s.channelId, displayName: s.displayName, game: s.game }, now));
    }
  }
  ctx.kv.set(key, { at: now, value: logins } satisfies Stamped<string[]>);
  return logins;
}

/**
 * After the heartbeats: follow the drop's progress on the drops channel (and notice when it stalls), then claim
 * every finished drop at once, and record badge/emote drops Twitch applied itself. A claim counts only when Twitch
 * confirms it.
 */
export async function progressAndClaim(
  ctx: TickContext,
  prep: DropsPrep,
  plan: WatchPlan | null,
  minutes: WatchedMinute[],
  now: number,
): Promise<DropClaim[]> {
  let campaigns = prep.campaigns;
  if (campaigns.length === 0) return [];
  const drops = plan?.dropsChannel ? ctx.channels.get(plan.dropsChannel) : undefined;
  const beaten = drops && minutes.some((m) => m.login === drops.login);
  let needInventory = false;
  if (drops?.id && beaten && prep.campaign) {
    // Twitch's word on the drop in progress, every few minutes; in between, the minutes Twitch last gave (the socket's
    // drop-progress events keep them). Without it (a failed read) the claims below still run.
    const askedAt = (await ctx.kv.get('drop-session-at')) ?? 0;
    let session: { dropId: string; currentMinutes: number; requiredMinutes: number } | null = null;
    if (now - askedAt >= (ctx.realtimeOpen ? DROP_SESSION_WITH_SOCKET_MS : DROP_SESSION_EVERY_MS)) {
      ctx.kv.set('drop-session-at', now);
      session = await fetchDropSession(ctx.gql, drops.id).catch((e: unknown) => {
        ctx.activity.push({ kind: 'drops', level: 'error', code: 'logDropProgressFailed', args: [describeError(e)] });
        return null;
      });
    } else {
      const mined = eligibility(prep.campaign, prefsOf(ctx.settings), now);
      const d = mined.ok ? campaigns.flatMap((c) => c.drops).find((x) => x.id === mined.next.id) : undefined;
      session = d ? { dropId: d.id, currentMinutes: d.currentMinutes, requiredMinutes: d.requiredMinutes } : null;
    }
    if (session) {
      campaigns = campaigns.map((c) => ({
        ...c,
        drops: c.drops.map((d) => (d.id === session.dropId && !d.claimed ? { ...d, currentMinutes: session.currentMinutes } : d)),
      }));
      const d = campaigns.flatMap((c) => c.drops).find((x) => x.id === session.dropId);
      if (d && !d.twitchApplied && session.currentMinutes >= session.requiredMinutes && !d.instanceId) needInventory = true;
    }
    // Stall: the drops channel gets its minutes, but Twitch's minutes for the drop do not rise.
    const mark = await ctx.kv.get('drop-progress');
    const sameWatch = mark?.login === drops.login;
    const rose = !sameWatch || (session !== null && (session.dropId !== mark.dropId || session.currentMinutes !== mark.minutes));
    const next: ProgressMark = {
      dropId: session?.dropId ?? mark?.dropId ?? '',
      login: drops.login,
      minutes: session?.currentMinutes ?? mark?.minutes ?? 0,
      since: sameWatch ? mark.since : now,
      changedAt: rose ? now : mark.changedAt,
    };
    if (stalled(next.since, next.changedAt, now)) {
      const paused = { ...((await ctx.kv.get('drop-stalled')) ?? {}), [drops.login]: now + STALL_PAUSE_MS };
      ctx.kv.set('drop-stalled', paused);
      ctx.kv.set('drop-progress', null);
      ctx.activity.push({ kind: 'drops', level: 'warn', code: 'logDropStalled', args: [drops.login] });
    } else {
      ctx.kv.set('drop-progress', next);
    }
  }
  // Several drops progress at once, and the session names only one: when any of them may have finished by now
  // (its minutes plus the minutes since Twitch's last word), read the inventory for its claim id.
  const probedAt = (await ctx.kv.get('inventory-probe-at')) ?? 0;
  if (drops && beaten && prep.campaign && now - probedAt >= INVENTORY_MIN_GAP_MS) {
    const counts = campaigns.filter((c) => channelCounts(c, { login: drops.login, live: drops.live === true, gameId: drops.game?.id }));
    // Minutes credited since Twitch's last word: one per minute since then, this tick's heartbeat included.
    const since = (c: Campaign) => Math.floor((now - (c.progressAt ?? now)) / 60_000) + 1;
    needInventory ||= counts.some((c) => c.drops.some((d) => dropState(d, c, now) === 'in-progress' && d.currentMinutes + since(c) >= d.requiredMinutes));
  }
  if (needInventory) {
    try {
      campaigns = applyInventory(campaigns, await fetchInventory(ctx.inventoryGql), now);
      ctx.kv.set('inventory-at', now);
    } catch (e) {
      ctx.activity.push({ kind: 'drops', level: 'error', code: 'logDropProgressFailed', args: [describeError(e)] });
    }
    ctx.kv.set('inventory-probe-at', now);
  }

  // Claims cut short by a killed worker: Twitch may have taken them. Record those; the others are claimed below.
  // The journal in the store keeps every entry until the tick that settles it is written.
  const journal = (await ctx.kv.get('claim-journal')) ?? {};
  const settled = new Set<string>();
  const claims: DropClaim[] = [];
  for (const [instanceId, pending] of Object.entries(journal)) {
    const drop = campaigns.flatMap((c) => c.drops).find((d) => d.id === pending.dropId);
    if (drop?.claimed) {
      claims.push({ ...pending, claimedAt: now });
      ctx.activity.push({ kind: 'drops', code: 'logDropClaimed', args: [pending.dropName, pending.game] });
      settled.add(instanceId);
    } else if (now - pending.claimedAt > 24 * 60 * 60_000) {
      settled.add(instanceId); // a day without an answer: given up
    }
  }

  const retries = (await ctx.kv.get('claim-retry')) ?? {};
  for (const { campaign, drop } of claimsDue(campaigns, now)) {
    if ((retries[drop.instanceId!] ?? 0) > now) continue;
    const claim = claimOf(campaign, drop, drop.instanceId!, now, 'claimed');
    // Written before the request, in its own transaction: if the worker dies now, the next tick knows.
    journal[claim.instanceId] = claim;
    await writeKv(ctx.db, 'claim-journal', journal);
    settled.add(claim.instanceId);
    try {
      const result = await claimDrop(ctx.gqlMut, drop.instanceId!);
      drop.claimed = true;
      claims.push(claim);
      const key = result === 'already-claimed' ? 'logDropAlreadyClaimed' : 'logDropClaimed';
      ctx.activity.push({ kind: 'drops', code: key, args: [drop.name, campaign.game.name] });
    } catch (e) {
      retries[drop.instanceId!] = now + CLAIM_RETRY_MS;
      ctx.activity.push({ kind: 'drops', level: 'error', code: 'logDropClaimFailed', args: [drop.name, describeError(e)] });
    }
  }
  ctx.kv.set('claim-retry', Object.fromEntries(Object.entries(retries).filter(([, at]) => at > now)));
  // Written with the claims' history rows, in the tick's one transaction.
  ctx.kv.set('claim-journal', Object.fromEntries(Object.entries(journal).filter(([id]) => !settled.has(id))));
  for (const campaign of campaigns) {
    for (const drop of campaign.drops) {
      if (dropState(drop, campaign, now) !== 'applied') continue;
      const id = `applied:${drop.id}`;
      if (await ctx.db.get('dropClaims', id)) continue;
      claims.push(claimOf(campaign, drop, id, now, 'applied'));
      ctx.activity.push({ kind: 'drops', code: 'logDropApplied', args: [drop.name, campaign.game.name] });
    }
  }
  const cached = await ctx.kv.get('campaigns');
  ctx.kv.set('campaigns', { at: cached?.at ?? now, value: campaigns } satisfies Stamped<Campaign[]>);
  return claims;
}

function claimOf(campaign: Campaign, drop: Campaign['drops'][number], instanceId: string, now: number, kind: DropClaim['kind']): DropClaim {
  return {
    instanceId,
    dropId: drop.id,
    dropName: drop.name,
    campaignId: campaign.id,
    campaignName: campaign.name,
    game: campaign.game.name,
    benefits: drop.benefits,
    claimedAt: now,
    kind,
  };
}
