import { describe, expect, it } from 'vitest';
import { OPERATIONS } from '../../lib/twitch/operations';
import { SIM_HASHES } from '../sim/gql';

describe('the operation registry', () => {
  it('sends every operation with the hash the simulator (from the shared wire facts) knows', () => {
    for (const op of Object.values(OPERATIONS)) expect(SIM_HASHES[op.name], op.name).toBe(op.hash);
  });
});
