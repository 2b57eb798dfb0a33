/**
 * The wire details the public evidence leaves uncertain (shared/twitch-wire.md), each a switch a test sets. Defaults
 * are the lenient reading; strict2026() is the strictest reading of every one at once. What the facts are sure of
 * (retired hashes, the game under broadcastSettings, game_id for drop credit, the integrity token's binding) is no
 * switch: the simulator always plays it.
 */
export interface WireRules {
  /**
   * The Client-Integrity token's format: PASETO `v4.public.…` (2022 peers) or a JWT whose payload has a numeric exp
   * (LURK twitchIntegrity.ts, 2026). Strict: 'jwt', the newest reading.
   */
  integrityFormat: 'paseto' | 'jwt';
  /** The integrity token is bound to Client-Version too, not only Client-Id + X-Device-Id + Client-Session-Id (RAK replays it). */
  bindClientVersion: boolean;
  /**
   * Which authenticated reads of the web client id need integrity, as mutations do: none, ViewerDropsDashboard alone
   * (LURK#345, 2026-08), or all of them (a TDM fork: "a web integrity session for campaign discovery").
   */
  gateReads: 'none' | 'dashboard' | 'all';
  /** The channel page carries spade_url inline and names no settings script (TDM PR #982: the page is read first). */
  spadeUrlInPage: boolean;
  /**
   * A drop minute needs the whole property set of TDM's _watch_payload (2026-07, after TDM#1099; rangermix#70: "the
   * fields Twitch requires for drop attribution"), user_id a JSON integer.
   */
  spadeFullProperties: boolean;
  /**
   * Whether spade credits at all. Off: it still answers 204 and credits nothing, as Twitch did to one transport three
   * times in twelve months (2025-08, 2026-04, 2026-07). Strict leaves it on: a strict Twitch still credits.
   */
  creditSpade: boolean;
  /**
   * Whether the GQL SendEvents mutation (TDM#958) credits its minute-watched events. Off by default: Twitch stopped
   * crediting it on 2026-07-10 (TDM#1099); it still answers statusCode 204. world.creditEra() plays each variant.
   */
  creditSendEvents: boolean;
  /**
   * Whether SendEvents, a mutation, needs a passing Client-Integrity on the web client id as the other mutations do.
   * Unknown (TDM sent it with a client id that needs none): strict says yes.
   */
  sendEventsIntegrity: boolean;
  /** DropCampaignDetails names the viewer by user id only (TDM, TCPM send the id; a ZARM comment says a login works too). */
  dropDetailsByIdOnly: boolean;
  /** DropCurrentSessionContext's "no session" is an object with dropID "" rather than null. */
  emptyDropSession: boolean;
  /** Inventory's drops carry benefitEdges: null (TDM f990437). */
  nullBenefitEdges: boolean;
  /** Inventory answers partial data: one campaign's allow.channels nulled, with a "service timeout" error at its path (TDM cd4eeee). */
  partialInventory: boolean;
  /** The device-code login's token answer has no expires_in (TDM/TCPM notes): validate tells it. */
  deviceTokenWithoutExpiry: boolean;
  /** Hermes' reconnect frames carry no URL, `reconnect: {}` (samples/HermesFrame.3.json, RAK 2025-08). */
  hermesEmptyReconnect: boolean;
  /**
   * ChannelPointsContext is answered as a raw document too (ZARM 2026 sends `query ChannelPointsContext { community:
   * user(login: $channelLogin) { channel { self { communityPoints … } } } }`; TDM and RAK send the persisted query).
   * Strict: not answered, only one peer shows it.
   */
  rawPointsContext: boolean;
}

export const LENIENT_WIRE: Readonly<WireRules> = {
  integrityFormat: 'paseto',
  bindClientVersion: false,
  gateReads: 'none',
  spadeUrlInPage: false,
  spadeFullProperties: false,
  creditSpade: true,
  creditSendEvents: false,
  sendEventsIntegrity: false,
  dropDetailsByIdOnly: false,
  emptyDropSession: false,
  nullBenefitEdges: false,
  partialInventory: false,
  deviceTokenWithoutExpiry: false,
  hermesEmptyReconnect: false,
  rawPointsContext: true,
};

export const STRICT_WIRE: Readonly<WireRules> = {
  integrityFormat: 'jwt',
  bindClientVersion: true,
  gateReads: 'all',
  spadeUrlInPage: true,
  spadeFullProperties: true,
  creditSpade: true,
  creditSendEvents: false,
  sendEventsIntegrity: true,
  dropDetailsByIdOnly: true,
  emptyDropSession: true,
  nullBenefitEdges: true,
  partialInventory: true,
  deviceTokenWithoutExpiry: true,
  hermesEmptyReconnect: true,
  rawPointsContext: false,
};
