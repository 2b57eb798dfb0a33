/**
 * Community goals: a channel's goal viewers give channel points to (Twitch's "community challenges"). Minert gives to
 * them only on channels where the viewer turned it on, up to a cap per goal, never taking the balance under a minimum
 * kept, and never over what Twitch takes from one viewer in one stream. Pure: the decision is a function of the
 * goals, the balance, the rule and what was given already.
 */

/** A goal as Twitch describes it (ChannelPointsContext's `communityPointsSettings.goals`). */
export interface CommunityGoal {
  id: string;
  title: string;
  /** STARTED, or UNSTARTED, FULFILLED, ENDED: only a started goal takes points. */
  status: string;
  /** The goal's total. */
  amountNeeded: number;
  /** What every viewer gave so far. */
  pointsContributed: number;
  /** The most one viewer may give in one stream. */
  perStreamUserMaximum: number;
  /** False when the goal takes nothing now (Twitch's `isInStock`). */
  inStock: boolean;
}

/** The viewer's rule for goals: the most Minert gives to one goal in all, and the balance it always keeps. */
export interface GoalRule {
  maxPerGoal: number;
  keepBalance: number;
}

export const DEFAULT_GOAL_RULE: GoalRule = { maxPerGoal: 5000, keepBalance: 1000 };

export interface Contribution {
  goalId: string;
  title: string;
  amount: number;
}

/** Whether a goal takes points now. */
export const isOpen = (g: CommunityGoal): boolean => g.status === 'STARTED' && g.inStock;

/**
 * What to give, goal by goal in Twitch's order: for each open goal, the least of what it still needs, what Twitch
 * still takes from the viewer this stream, what is left under the cap, and the balance above the minimum kept
 * (spent goal after goal). `given` is what Minert gave to each goal in all (by goal id), `thisStream` what the viewer
 * gave to it this stream by Twitch's count (absent: nothing).
 */
export function decideContributions(
  goals: readonly CommunityGoal[],
  balance: number,
  rule: GoalRule,
  given: Readonly<Record<string, number>>,
  thisStream: Readonly<Record<string, number>>,
): Contribution[] {
  let spendable = Math.max(0, balance - rule.keepBalance);
  const out: Contribution[] = [];
  for (const g of goals) {
    if (!isOpen(g) || spendable <= 0) continue;
    const amount = Math.floor(
      Math.min(
        g.amountNeeded - g.pointsContributed,
        g.perStreamUserMaximum - (thisStream[g.id] ?? 0),
        rule.maxPerGoal - (given[g.id] ?? 0),
        spendable,
      ),
    );
    if (amount <= 0) continue;
    out.push({ goalId: g.id, title: g.title, amount });
    spendable -= amount;
  }
  return out;
}
