import { z } from 'zod';
import type { MessageKey } from './i18n';
import type { ActivityArg } from './activity-text';

// A log line's text is lib/activity-text.ts (no zod there, for the popup's first frame); here, its stored shape.
export { activityText, sameText, type ActivityArg, type ActivityText } from './activity-text';

/** A key as stored: any well-formed name (one a later version removed shows as itself). */
const codeSchema = z.custom<MessageKey>((v) => typeof v === 'string' && /^[A-Za-z0-9_@]+$/.test(v), 'not a message key');

const argSchema: z.ZodType<ActivityArg> = z.lazy(() =>
  z.union([z.string(), z.number(), activityTextSchema, z.object({ list: z.array(argSchema) })]),
);

export const activityTextShape = { code: codeSchema, args: z.array(argSchema) };
export const activityTextSchema = z.object(activityTextShape);
