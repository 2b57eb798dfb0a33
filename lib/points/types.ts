/** Predictions as the domain sees them: parsed from the socket's messages and from GQL by lib/twitch. */

export interface PredictionOutcome {
  id: string;
  title: string;
  totalPoints: number;
  totalUsers: number;
  /** The biggest single bet on this outcome, when known. */
  topPoints?: number;
}

export interface PredictionEvent {
  id: string;
  channelId: string;
  title: string;
  status: 'ACTIVE' | 'LOCKED' | 'RESOLVE_PENDING' | 'RESOLVED' | 'CANCELED' | 'CANCEL_PENDING';
  createdAt: number;
  windowSeconds: number;
  outcomes: PredictionOutcome[];
  winningOutcomeId: string | null;
}
