import { z } from 'zod';
import { betSettingsSchema, settingsPatchSchema, settingsSchema, streamerPrefsSchema } from './store/settings';
import { webhookUrlSchema } from './webhook';
import { campaignsViewSchema, healthViewSchema, statsSchema, streamerViewSchema } from './messages/options';
import { popupStateSchema } from './messages/popup';

/**
 * Every message between the background, the popup, the options page and the content script. The background
 * parses each one with `requestSchema` and checks who sent it before acting; the senders parse the answer.
 */
const login = z.string().regex(/^[a-z0-9_]{1,25}$/);

export const channelContextMessage = z.object({
  type: z.literal('channel-context'),
  /** null: the viewer is on twitch.tv but not on a channel page. */
  login: login.nullable(),
  live: z.boolean().nullable(),
});

export type ChannelContextMessage = z.infer<typeof channelContextMessage>;

export const requestSchema = z.discriminatedUnion('type', [
  channelContextMessage,
  z.object({ type: z.literal('popup-state'), channel: login.nullable(), refresh: z.boolean() }),
  z.object({ type: z.literal('get-settings') }),
  z.object({ type: z.literal('save-settings'), settings: settingsPatchSchema }),
  /** Replaces every setting with those of an exported file (validated by the background: nothing applied if bad). */
  z.object({ type: z.literal('import-settings'), settings: z.unknown() }),
  z.object({ type: z.literal('reset-settings') }),
  /** The channels Minert may watch, in the watch order, with each one's own settings. */
  z.object({ type: z.literal('list-streamers') }),
  /** Changes one channel's settings, or moves it in the watch order (to a position, 0 first). */
  z.object({
    type: z.literal('save-streamer'),
    login,
    prefs: streamerPrefsSchema.partial().optional(),
    /** The channel's own bet settings, all of them: a field left out takes the default (null: every default). */
    bets: betSettingsSchema.partial().nullable().optional(),
    moveTo: z.number().int().min(0).optional(),
  }),
  /** The figures behind the charts. */
  z.object({ type: z.literal('stats') }),
  /** Reads the follow list again now. */
  z.object({ type: z.literal('import-follows') }),
  /** Starts the one-click activation (device-code login): the background opens twitch.tv's activation page. */
  z.object({ type: z.literal('activate') }),
  z.object({ type: z.literal('sign-out-activation') }),
  /** The health of Minert's line to Twitch, for the options page's Health tab and its diagnostics. */
  z.object({ type: z.literal('health') }),
  /** "Send a test" to a webhook URL (the options page asked for its host permission first). */
  z.object({ type: z.literal('webhook-test'), url: webhookUrlSchema }),
  /** Every active and upcoming campaign, whether Minert mines it and why not, and the drops claimed (options page). */
  z.object({ type: z.literal('campaigns') }),
]);
export type Request = z.infer<typeof requestSchema>;

const okSchema = z.object({ ok: z.literal(true) });

/** What each request is answered with. */
export const responseSchemas = {
  'channel-context': okSchema,
  'popup-state': popupStateSchema,
  'get-settings': settingsSchema,
  'save-settings': settingsSchema,
  'import-settings': settingsSchema,
  'reset-settings': settingsSchema,
  stats: statsSchema,
  'list-streamers': z.array(streamerViewSchema),
  'save-streamer': z.array(streamerViewSchema),
  'import-follows': okSchema,
  activate: z.object({ userCode: z.string(), verificationUri: z.string(), expiresAt: z.number() }),
  'sign-out-activation': okSchema,
  health: healthViewSchema,
  'webhook-test': z.union([okSchema, z.object({ ok: z.literal(false), error: z.enum(['no-permission', 'failed']), detail: z.string().optional() })]),
  campaigns: campaignsViewSchema,
} satisfies Record<Request['type'], z.ZodType>;

export type ResponseFor<T extends Request['type']> = z.infer<(typeof responseSchemas)[T]>;

/** An answer that went wrong on the background's side. */
export const errorResponseSchema = z.object({ error: z.string() });

type Sender = (message: unknown) => Promise<unknown>;

/** Sends a request and parses its answer; throws with the background's error text when it failed. */
export async function sendRequest<R extends Request>(send: Sender, request: R): Promise<ResponseFor<R['type']>> {
  const answer = await send(requestSchema.parse(request));
  const failed = errorResponseSchema.safeParse(answer);
  if (failed.success) throw new Error(failed.data.error);
  return responseSchemas[request.type].parse(answer) as ResponseFor<R['type']>;
}
