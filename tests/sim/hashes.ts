import { createHash } from 'node:crypto';

/**
 * The persisted-query hashes Twitch knows its operations by, late 2026 (shared/twitch-wire.md). This table is the
 * simulator's own, not the extension's registry: a hash the extension gets wrong is answered PersistedQueryNotFound,
 * as Twitch would. Where peers send two current hashes for an operation both are accepted; a hash the facts give
 * only truncated (ChannelPointsContext 7fe050e3…, DirectoryPage_Game c7c9d5aa…) is not.
 */
export const SIM_HASHES: Readonly<Record<string, readonly string[]>> = {
  ViewerDropsDashboard: ['d9cae7761dafab85908c85e6683cb4201b449e66ac3bb5e894f15ff12aeafaa7'], // TDM 2026-07-30
  Inventory: [
    '8337eb8541b314040b0edde0c09c5c7a2783ba1960aa9edfbf3bac16d0fec404', // TDM 2026-07-30, LURK
    'd86775d0ef16a63a33ad52e80eaff963b2d5b72fada7c991504a57496e1d8e4b', // RAK, ZARM
  ],
  DropCampaignDetails: ['039277bf98f3130929262cc7c6efd9c141ca3749cb6dca442fc8ead9a53f77c1'],
  DropCurrentSessionContext: ['4d06b702d25d652afb9ef835d2a550031f1cf762b193523a92166f40ea3d142b'],
  DropsHighlightService_AvailableDrops: ['782dad0f032942260171d2d80a654f88bdd0c5a9dddc392e9bc92218a0f42d20'],
  DropsPage_ClaimDropRewards: ['a455deea71bdc9015b78eb49f4acfbce8baa7ccbedd28e549bb025bd0f751930'],
  ChannelPointsContext: ['374314de591e69925fce3ddc2bcf085796f56ebb8cad67a0daa3165c03adc345'], // TDM, RAK
  VideoPlayerStreamInfoOverlayChannel: [
    '198492e0857f6aedead9665c81c5a06d67b25b58034649687124083ff288597d', // TDM, ZARM
    'e785b65ff71ad7b363b34878335f27dd9372869ad0c5740a130b9268bcdbe7e7', // RAK 2025-12
  ],
  PlaybackAccessToken: [
    'ed230aa1e33e07eebb8928504583da78a5173989fadfb1ac94be06a04f3cdbe9', // TDM, RAK
    '0828119ded1c13477966434e15800ff57ddacf13ba1911c129dc2200705b0712', // ZARM 2026-07, TCPM#840
  ],
  ChannelFollows: ['eecf815273d3d949e5cf0085cc5084cd8a1b5b7b6f7990cf43cb0beadf546907'],
  DirectoryPage_Game: ['86bcceb4e8b1a51256ff8eed8bd8aae4acacf80d737efe904f84f3aeadf8cafd'], // TDM 2026-07-14, LURK
  DirectoryGameRedirect: ['1f0300090caceec51f33c5e20647aceff9017f740f223c3c532ba6fa59f6b6cc'],
  ClaimCommunityPoints: ['46aaeebe02c99afdf4fc97c7c0cba964124bf6b0af229395f1f6d1feed05b3d0'],
  JoinRaid: ['c6a332a86d1087fbbb1a8623aa01bd1313d2386e7c63be60fdb2d1901f01a4ae'],
  CommunityMomentCallout_Claim: ['e2d67415aead910f7f9ceb45a77b750a1e1d9622c936d832328a0689e054db62'], // RAK 2026-08
  MakePrediction: ['b44682ecc88358817009f20e69d75081b1e58825bb40aa53d5dbadcc17c881d8'],
  GetIDFromLogin: ['94e82a7b1e3c21e186daa73ee2afc4b8f23bade1fbbff6fe8ac133f50a2f58ca'],
  ChannelPointsPredictionContext: ['beb846598256b75bd7c1fe54a80431335996153e358ca9c7837ce7bb83d7d383'],
  // rdavydov/Twitch-Channel-Points-Miner-v2 constants.py, d78e587 (2023-07-18), unchanged at 92b9e74 (2025-11-16): goals.ts.
  UserPointsContribution: ['23ff2c2d60708379131178742327ead913b93b1bd6f665517a6d9085b73f661f'],
  ContributeCommunityPointsCommunityGoal: ['5774f0ea5d89587d73021a2e03c3c44777d903840c608754a1be519f51e37bb6'],
  // Watch-streak recovery: mpforce1/Twitch-Channel-Points-Miner constants.py (2026), 0x8fv PR #46 (2026-08): streaks.ts.
  RewardList: ['0b1471876d7647993731b9e3c6a13bf304c67fb31d07f06a945d42286ee377c4'],
  ClipsCards__User: ['1cd671bfa12cec480499c087319f26d21925e9695d1f80225aae6a4354f23088'],
  FilterableVideoTower_Videos: ['67004f7881e65c297936f32c75246470629557a393788fb5a69d6d9a25a8fd5f'],
};

/**
 * Hashes Twitch has retired (the full ones known: what the 2025 simulator held, and a stale dashboard hash):
 * answered PersistedQueryNotFound like any unknown hash, listed so tests can check each is refused.
 */
export const RETIRED_HASHES: Readonly<Record<string, readonly string[]>> = {
  ViewerDropsDashboard: [
    '8d5d9b5e3f088f9d1ff39eb2caab11f7a4cf7a3353da9ce82b5778226ff37268',
    'e8b98b52bbd7ccd37d0b671ad0d47be5238caa5bea637d2a65776175b4a23a64',
  ],
  Inventory: ['37fea486d6179047c41d0f549088a4c3a7dd60c05c70956a1490262f532dccd9'],
  DropCampaignDetails: ['f6396f5ffdde867a8f6f6da18286e4baf02e5b98d14689a69b5af320a4c7b7b8'],
  DropCurrentSessionContext: ['2e4b3630b91552eb05b76a94b6850eb25fe42263b7cf6d06bee6d156dd247c1c'],
  ChannelPointsContext: ['1530a003a7d374b0380b79db0be0534f30ff46e61cffa2bc0e2468a909fbc024'],
  VideoPlayerStreamInfoOverlayChannel: ['a5f2e34d626a9f4f5c0204f910bab2194948a9502089be558bb6e779a9e1b3d2'],
  PlaybackAccessToken: ['3093517e37e4f4cb48906155bcd894150aef92617939236d2508f3375ab732ce'], // TCPM#803, #824, #834
  PersonalSections: ['9fbdfb00156f754c26bde81eb47436dee146655c92682328457037da1a48ed39'], // ZARM 2026-07-14, LURK
  DirectoryPage_Game: ['d5c5df7ab9ae65c3ea0f225738c08a36a4a76e4c6c31db7f8c4b8dc064227f9e'], // TDM 5e862f9
  // All over 2022-2024 peers' code; mpforce1 sends 67004f78… in 2026. Retired is our reading (streaks.ts).
  FilterableVideoTower_Videos: ['a937f1d22e269e39a03b509f65a7490f9fc247d7f83d6ac1421523e3b68042cb'],
};

/**
 * The reads a deploy retires at once in the rotated-hashes world (as 2026-07-30 did for Inventory and
 * ViewerDropsDashboard, and 2025-12 for ChannelPointsContext), and the hash each gets: made up, since no peer can
 * know a future hash, but a sha256 like Twitch's.
 */
export const ROTATED_READS = ['ViewerDropsDashboard', 'Inventory', 'ChannelPointsContext'] as const;
export const rotatedHash = (operation: string): string => createHash('sha256').update(`sim deploy 2026-12: ${operation}`).digest('hex');

/** The hashes of one world, starting from the tables above; a test rotates one at run time as Twitch's deploys do. */
export class HashTable {
  private readonly current = new Map<string, string[]>(Object.entries(SIM_HASHES).map(([op, hashes]) => [op, [...hashes]]));
  private readonly retired = new Map<string, string[]>(Object.entries(RETIRED_HASHES).map(([op, hashes]) => [op, [...hashes]]));

  /** Whether the hash is a current one of the operation. */
  accepts(operation: string, hash: string): boolean {
    return this.current.get(operation)?.includes(hash) ?? false;
  }

  /** The operation's current hashes, the one twitch.tv's own page sends first. */
  currentOf(operation: string): readonly string[] {
    return this.current.get(operation) ?? [];
  }

  retiredOf(operation: string): readonly string[] {
    return this.retired.get(operation) ?? [];
  }

  /** A deploy: the operation's current hashes are retired, newHash is its only one. */
  rotate(operation: string, newHash: string): void {
    if (!/^[0-9a-f]{64}$/.test(newHash)) throw new Error(`not a sha256 hash: ${newHash}`);
    const old = this.current.get(operation);
    if (!old) throw new Error(`the simulator plays no operation ${operation}`);
    this.retired.set(operation, [...this.retiredOf(operation), ...old]);
    this.current.set(operation, [newHash]);
    this.rotatedOps.add(operation);
  }

  /** The operations a deploy rotated while this world ran, in order. */
  rotated(): string[] {
    return [...this.rotatedOps];
  }

  private readonly rotatedOps = new Set<string>();
}
