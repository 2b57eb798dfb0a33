import { randomUUID } from 'node:crypto';
import { iso } from './clock';
import type { SimChannel, SimUser, World } from './world';

/*
 * Community goals ("community challenges"), from public facts:
 * - rdavydov/Twitch-Channel-Points-Miner-v2, commit d78e587 (2023-07-18, PR #575 "Community Goals", merged 2024-07),
 *   unchanged at 92b9e74 (2025-11-16): constants.py names ContributeCommunityPointsCommunityGoal
 *   (sha256 5774f0ea5d89587d73021a2e03c3c44777d903840c608754a1be519f51e37bb6, variables
 *   {input: {amount, channelID, goalID, transactionID}}, answer `contributeCommunityPointsCommunityGoal.error`) and
 *   UserPointsContribution (sha256 23ff2c2d60708379131178742327ead913b93b1bd6f665517a6d9085b73f661f, variables
 *   {channelLogin}, answer `user.channel.self.communityPoints.goalContributions[{goal {id},
 *   userPointsContributedThisStream}]`); classes/Twitch.py reads the goals from ChannelPointsContext at
 *   `community.channel.communityPointsSettings.goals` (entities/CommunityGoal.py: id, title, isInStock,
 *   pointsContributed, amountNeeded, perStreamUserMaximumContribution, status) and gives
 *   min(amountNeeded - pointsContributed, perStreamUserMaximumContribution - userPointsContributedThisStream, balance)
 *   to each STARTED goal in stock.
 * - RakambdaOrg/ChannelPointsMiner CommunityPointsCommunityGoal.java (the GQL type: also description, smallContribution,
 *   durationDays, startedAt, endedAt, backgroundColor, image) and CommunityPointsCommunityGoalStatus.java (STARTED,
 *   FULFILLED, UNSTARTED, ENDED; STARTED added by PR #105, 2021-12-21).
 * - PubSub `community-points-channel-v1.<channel id>` says community-goal-created / -updated / -deleted with
 *   `data.community_goal` in snake case (goal_amount, points_contributed, per_stream_maximum_user_contribution,
 *   is_in_stock, status): rdavydov WebSocketsPool.py, twitch4j pubsub/domain/CommunityPointsGoal.java.
 * Not public, so the simulator's own: the error codes a refused contribution carries (below), and that a transaction
 * id seen before is answered as taken without taking the points again (as Twitch does for MakePrediction's).
 */

export type GoalStatus = 'STARTED' | 'FULFILLED' | 'UNSTARTED' | 'ENDED';

export interface SimGoal {
  id: string;
  channel: SimChannel;
  title: string;
  status: GoalStatus;
  amountNeeded: number;
  pointsContributed: number;
  perStreamUserMaximum: number;
  inStock: boolean;
}

export interface GoalSpec {
  title?: string;
  amountNeeded: number;
  perStreamUserMaximum: number;
  pointsContributed?: number;
  status?: GoalStatus;
  inStock?: boolean;
}

/** Why a contribution was refused (the simulator's codes). */
export type GoalError = 'NOT_FOUND' | 'GOAL_NOT_STARTED' | 'NOT_IN_STOCK' | 'INVALID_AMOUNT' | 'INSUFFICIENT_POINTS' | 'USER_MAX_EXCEEDED' | 'GOAL_AMOUNT_EXCEEDED';

/** A contribution as the simulator took (or refused) it: tests check what Minert gave. */
export interface GoalContributionRecord {
  at: number;
  userId: string;
  goalId: string;
  amount: number;
  transactionId: string;
  /** null: taken; 'DUPLICATE': a transaction id seen before, answered as taken, nothing taken again. */
  error: GoalError | 'DUPLICATE' | null;
}

export class Goals {
  readonly contributions: GoalContributionRecord[] = [];
  private readonly goals = new Map<string, SimGoal>();
  /** What each user gave to each goal in each stream: `${user}:${goal}:${stream}`. */
  private readonly byStream = new Map<string, number>();
  private readonly transactions = new Set<string>();

  constructor(private readonly world: World) {}

  /** A goal on the channel, published as community-goal-created; returns it. */
  create(channel: SimChannel, spec: GoalSpec): SimGoal {
    const goal: SimGoal = {
      id: randomUUID(),
      channel,
      title: spec.title ?? 'Community goal',
      status: spec.status ?? 'STARTED',
      amountNeeded: spec.amountNeeded,
      pointsContributed: spec.pointsContributed ?? 0,
      perStreamUserMaximum: spec.perStreamUserMaximum,
      inStock: spec.inStock ?? true,
    };
    this.goals.set(goal.id, goal);
    this.publish('community-goal-created', goal);
    return goal;
  }

  /** Changes a goal (ends it, takes it out of stock...), published as community-goal-updated. */
  update(goalId: string, change: Partial<Pick<SimGoal, 'status' | 'inStock' | 'pointsContributed' | 'title'>>): void {
    const goal = this.goals.get(goalId);
    if (!goal) throw new Error(`no goal ${goalId}`);
    Object.assign(goal, change);
    this.publish('community-goal-updated', goal);
  }

  of(channel: SimChannel): SimGoal[] {
    return [...this.goals.values()].filter((g) => g.channel.id === channel.id);
  }

  private streamKey(user: SimUser, goal: SimGoal): string {
    return `${user.id}:${goal.id}:${goal.channel.streamId ?? 'offline'}`;
  }

  /** What the user gave to the goal in the channel's current stream. */
  givenThisStream(user: SimUser, goal: SimGoal): number {
    return this.byStream.get(this.streamKey(user, goal)) ?? 0;
  }

  /**
   * A user gives points: refused beyond the goal's per-stream maximum for that user, beyond the balance, beyond what
   * the goal still needs, or to a goal not started or out of stock. A transaction id seen before is taken once.
   */
  contribute(user: SimUser, channelId: string, goalId: string, amount: number, transactionId: string): GoalError | null {
    const record = (error: GoalContributionRecord['error']) => {
      this.contributions.push({ at: this.world.clock.now(), userId: user.id, goalId, amount, transactionId, error });
      return error === 'DUPLICATE' ? null : error;
    };
    if (this.transactions.has(`${user.id}:${transactionId}`)) return record('DUPLICATE');
    const goal = this.goals.get(goalId);
    if (!goal || goal.channel.id !== channelId) return record('NOT_FOUND');
    if (goal.status !== 'STARTED') return record('GOAL_NOT_STARTED');
    if (!goal.inStock) return record('NOT_IN_STOCK');
    if (!Number.isInteger(amount) || amount < 1) return record('INVALID_AMOUNT');
    const balance = this.world.points.balance(user, goal.channel);
    if (amount > balance) return record('INSUFFICIENT_POINTS');
    if (this.givenThisStream(user, goal) + amount > goal.perStreamUserMaximum) return record('USER_MAX_EXCEEDED');
    if (goal.pointsContributed + amount > goal.amountNeeded) return record('GOAL_AMOUNT_EXCEEDED');
    this.transactions.add(`${user.id}:${transactionId}`);
    this.world.points.setBalance(user, goal.channel, balance - amount);
    this.byStream.set(this.streamKey(user, goal), this.givenThisStream(user, goal) + amount);
    goal.pointsContributed += amount;
    if (goal.pointsContributed >= goal.amountNeeded) goal.status = 'FULFILLED';
    this.publish('community-goal-updated', goal);
    return record(null);
  }

  /** The goal as ChannelPointsContext lists it. */
  node(goal: SimGoal): object {
    return {
      id: goal.id,
      title: goal.title,
      description: '',
      status: goal.status,
      amountNeeded: goal.amountNeeded,
      pointsContributed: goal.pointsContributed,
      perStreamUserMaximumContribution: goal.perStreamUserMaximum,
      smallContribution: Math.min(250, goal.perStreamUserMaximum),
      isInStock: goal.inStock,
      durationDays: 7,
      startedAt: iso(this.world.clock.now()),
      endedAt: null,
      backgroundColor: '#9147FF',
      image: null,
      defaultImage: null,
      __typename: 'CommunityPointsCommunityGoal',
    };
  }

  private publish(type: string, goal: SimGoal): void {
    this.world.publish(`community-points-channel-v1.${goal.channel.id}`, {
      type,
      data: {
        timestamp: iso(this.world.clock.now()),
        community_goal: {
          id: goal.id,
          channel_id: goal.channel.id,
          title: goal.title,
          goal_amount: goal.amountNeeded,
          points_contributed: goal.pointsContributed,
          per_stream_maximum_user_contribution: goal.perStreamUserMaximum,
          is_in_stock: goal.inStock,
          status: goal.status,
          goal_type: 'CREATOR',
        },
      },
    });
  }
}
