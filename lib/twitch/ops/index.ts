import type { AnyOperation } from '../operation';
import { SendEvents } from '../heartbeat';
import { ChannelPointsContext, VideoPlayerStreamInfoOverlayChannel } from './channels';
import { DirectoryGameRedirect, DirectoryPage_Game } from './directory';
import { DropCampaignDetails, DropCurrentSessionContext, DropsPage_ClaimDropRewards, Inventory, ViewerDropsDashboard } from './drops';
import { ChannelFollows, FollowedLiveUsers } from './follows';
import { ContributeCommunityPointsCommunityGoal, UserPointsContribution } from './goals';
import { ClaimCommunityPoints, CommunityMomentCallout_Claim, JoinRaid } from './points';
import { ChannelPointsPredictionContext, MakePrediction } from './predictions';
import { ClipsCardsUser, FilterableVideoTowerVideos, RewardList } from './streaks';

/** Every operation Minert sends, by name: the registry a test checks against the captured fixtures and the simulator. */
export const OPERATIONS: Readonly<Record<string, AnyOperation>> = Object.fromEntries(
  [
    ChannelPointsContext,
    VideoPlayerStreamInfoOverlayChannel,
    ChannelFollows,
    FollowedLiveUsers,
    DirectoryPage_Game,
    DirectoryGameRedirect,
    ViewerDropsDashboard,
    Inventory,
    DropCampaignDetails,
    DropCurrentSessionContext,
    DropsPage_ClaimDropRewards,
    ClaimCommunityPoints,
    JoinRaid,
    CommunityMomentCallout_Claim,
    UserPointsContribution,
    ContributeCommunityPointsCommunityGoal,
    MakePrediction,
    ChannelPointsPredictionContext,
    RewardList,
    ClipsCardsUser,
    FilterableVideoTowerVideos,
    SendEvents,
  ].map((o) => [o.name, o]),
);

/** Whether the named operation changes something on Twitch (on the web client id it then needs integrity). */
export const isMutation = (name: string): boolean => OPERATIONS[name]?.mutation ?? false;
