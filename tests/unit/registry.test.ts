import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../lib/twitch/ops';
import { RETIRED_HASHES, SIM_HASHES } from '../sim/hashes';
import { parseDocument, RAW_DOCUMENTS } from '../sim/gql-raw';

describe('the operation registry of 2026', () => {
  it('sends every persisted operation with a hash Twitch knows (the simulator’s table, from the wire facts), none retired', () => {
    for (const op of Object.values(OPERATIONS)) {
      if (!op.hash) continue;
      expect(SIM_HASHES[op.name], op.name).toContain(op.hash);
      expect(RETIRED_HASHES[op.name] ?? [], op.name).not.toContain(op.hash);
    }
  });

  it('sends raw documents only for what has no persisted query, and marks the mutations', () => {
    const raw = Object.values(OPERATIONS).filter((op) => op.query);
    expect(raw.map((op) => op.name)).toEqual(['FollowedLiveUsers', 'SendEvents']);
    for (const op of raw) expect(RAW_DOCUMENTS.some((d) => d.matches(parseDocument(op.query!, {}))), op.name).toBe(true);
    const mutations = Object.values(OPERATIONS).filter((op) => op.mutation).map((op) => op.name).sort();
    expect(mutations).toEqual(['ClaimCommunityPoints', 'CommunityMomentCallout_Claim', 'ContributeCommunityPointsCommunityGoal', 'DropsPage_ClaimDropRewards', 'JoinRaid', 'MakePrediction', 'SendEvents']);
  });
});
