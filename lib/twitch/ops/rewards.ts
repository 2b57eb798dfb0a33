import { z } from 'zod';
import type { RewardCampaign } from '../../drops/types';

/**
 * One entry of the dashboard's `rewardCampaignsAvailableToUser` (ViewerDropsDashboard with fetchRewardCampaigns:
 * true; a sibling of `currentUser`, not inside it). No 2026 capture exists: the field set is the one peers read
 * (TheLovinator1/ttvdrops, Alorf/TwitchDropsBot). So only id and name are required, everything else may be missing
 * or null, and unknown fields pass.
 */
const text = z.string().nullish();
const time = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a time')
  .transform((s) => Date.parse(s))
  .nullish();
const image = z.object({ image1xURL: text }).nullish();
const rewardCampaignWire = z.object({
  id: z.string().min(1),
  name: z.string(),
  brand: text,
  startsAt: time,
  endsAt: time,
  summary: text,
  externalURL: text,
  aboutURL: text,
  game: z.object({ displayName: text, name: text }).nullish(),
  unlockRequirements: z.object({ subsGoal: z.number().nullish(), minuteWatchedGoal: z.number().nullish() }).nullish(),
  image,
  rewards: z.array(z.object({ id: z.string(), name: z.string(), thumbnailImage: image })).nullish(),
});

/** An http(s) address, or nothing: the options page makes links of these. */
function httpUrl(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol) ? s : undefined;
  } catch {
    return undefined;
  }
}

const some = (s: string | null | undefined) => s || undefined;

/**
 * The reward campaigns of a dashboard answer. Each is read on its own: one that does not parse is skipped and
 * counted (for the log), and never fails the drop campaigns read beside it.
 */
export function rewardCampaignsOf(raw: unknown): { rewards: RewardCampaign[]; skipped: number } {
  if (raw === null || raw === undefined) return { rewards: [], skipped: 0 };
  if (!Array.isArray(raw)) return { rewards: [], skipped: 1 };
  const rewards: RewardCampaign[] = [];
  let skipped = 0;
  for (const entry of raw) {
    const parsed = rewardCampaignWire.safeParse(entry);
    if (!parsed.success) {
      skipped++;
      continue;
    }
    const c = parsed.data;
    rewards.push({
      id: c.id,
      name: c.name,
      brand: some(c.brand),
      game: some(c.game?.displayName) ?? some(c.game?.name),
      startAt: c.startsAt ?? undefined,
      endAt: c.endsAt ?? undefined,
      summary: some(c.summary),
      url: httpUrl(c.externalURL) ?? httpUrl(c.aboutURL),
      subsGoal: c.unlockRequirements?.subsGoal ?? 0,
      minutesGoal: c.unlockRequirements?.minuteWatchedGoal ?? 0,
      imageUrl: httpUrl(c.image?.image1xURL),
      rewards: (c.rewards ?? []).map((r) => ({ id: r.id, name: r.name, imageUrl: httpUrl(r.thumbnailImage?.image1xURL) })),
    });
  }
  return { rewards, skipped };
}
