import { randomBytes } from 'node:crypto';
import { WEB_CLIENT_ID } from './auth';
import { CHANNEL_OPERATIONS } from './gql-channels';
import { DROPS_OPERATIONS } from './gql-drops';
import { GOAL_OPERATIONS } from './gql-goals';
import { POINTS_OPERATIONS } from './gql-points';
import { PREDICTION_OPERATIONS } from './gql-predictions';
import { parseDocument, project, RAW_DOCUMENTS, unknownField, type RawDocumentAst } from './gql-raw';
import { str, WithErrors, type GqlContext, type Operation } from './gql-shared';
import { STREAK_OPERATIONS } from './gql-streaks';
import type { IntegrityRefusal } from './integrity';

/** Every persisted operation the simulator plays, by name; world.hashes says which hashes name them. */
export const OPERATIONS: Readonly<Record<string, Operation>> = { ...CHANNEL_OPERATIONS, ...POINTS_OPERATIONS, ...GOAL_OPERATIONS, ...PREDICTION_OPERATIONS, ...DROPS_OPERATIONS, ...STREAK_OPERATIONS };

/** One item of a GQL request: a persisted operation, or a raw document (`query`). */
export interface GqlRequestItem {
  operationName?: unknown;
  variables?: unknown;
  query?: unknown;
  extensions?: { persistedQuery?: { sha256Hash?: unknown } };
}

const extensionsOf = (name: string) => ({ durationMilliseconds: 12, operationName: name, requestID: randomBytes(13).toString('hex').toUpperCase() });
const variablesOf = (item: GqlRequestItem) => (item.variables && typeof item.variables === 'object' ? item.variables : {}) as Record<string, unknown>;

/** The raw document of an item, parsed; null when it has none, or an error message when it does not parse. */
function rawOf(item: GqlRequestItem): RawDocumentAst | string | null {
  if (typeof item.query !== 'string') return null;
  try {
    return parseDocument(item.query, variablesOf(item));
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The name an item goes by in the request log: its operationName, else the raw document it was recognised as. */
export function itemName(item: GqlRequestItem): string {
  const raw = rawOf(item);
  const named = str(item.operationName);
  if (named || raw === null) return named;
  return (typeof raw !== 'string' && RAW_DOCUMENTS.find((d) => d.matches(raw))?.name) || 'raw';
}

/**
 * Twitch's answer to an operation that failed the integrity check: an error naming its top field, that field null,
 * and the challenge (GqlErrorEnvelope.1.json; shared/twitch-wire.md).
 */
export function integrityFailure(name: string, field = OPERATIONS[name]?.field ?? ''): unknown {
  return {
    errors: [{ message: 'failed integrity check', path: [field] }],
    data: { [field]: null },
    extensions: { ...extensionsOf(name), challenge: { type: 'integrity' } },
  };
}

/**
 * Whether the operation needs integrity: on the web client id (the TV and Android ids have none), mutations always;
 * authenticated reads as wire.gateReads says (LURK#345, 2026-08). world.requireIntegrity false needs none.
 */
function needsIntegrity(ctx: GqlContext, name: string, mutation: boolean): boolean {
  const { world } = ctx;
  if (ctx.clientId !== WEB_CLIENT_ID || !world.requireIntegrity) return false;
  if (mutation) return true;
  if (!ctx.user) return false;
  return world.wire.gateReads === 'all' || (world.wire.gateReads === 'dashboard' && name === 'ViewerDropsDashboard');
}

/** The refusal of an operation that needs integrity the request failed, recorded in world.integrityRefusals; else null. */
function refuse(ctx: GqlContext, name: string, op: { field: string; mutation?: boolean; integrity?: boolean }, refusal: IntegrityRefusal | null): unknown {
  if (!refusal || !needsIntegrity(ctx, name, !!op.mutation) || op.integrity === false) return null;
  ctx.world.integrityRefusals.push({ at: ctx.world.clock.now(), operation: name, reason: refusal });
  return integrityFailure(name, op.field);
}

/** A raw document's answer: recognised, then cut to the fields asked for. */
function answerRaw(item: GqlRequestItem, raw: RawDocumentAst | string, ctx: GqlContext, refusal: IntegrityRefusal | null): unknown {
  const name = str(item.operationName);
  if (typeof raw === 'string') return { errors: [{ message: raw }], extensions: extensionsOf(name) };
  const known = RAW_DOCUMENTS.find((d) => d.matches(raw) && (d.answered?.(ctx.world) ?? true));
  if (!known) return { errors: [{ message: unknownField(raw) }], extensions: extensionsOf(name) };
  const refused = refuse(ctx, known.name, { field: known.field, mutation: known.kind === 'mutation', integrity: known.integrity?.(ctx) }, refusal);
  if (refused) return refused;
  const errors: string[] = [];
  const data = project(known.answer(raw, ctx), raw.selections, errors);
  // Validation names each field once, however many values it would have had.
  return errors.length ? { errors: [...new Set(errors)].map((message) => ({ message })), extensions: extensionsOf(name) } : { data, extensions: extensionsOf(name) };
}

/**
 * Answers one item of a (possibly batched) GQL request as Twitch shapes it. A persisted operation needs a current
 * hash (world.hashes) or it is PersistedQueryNotFound; then integrity, if it needs it (refusal: why the request's
 * Client-Integrity fails, null when it passes); a refused operation changes nothing, its handler is not run.
 */
export function answerItem(item: GqlRequestItem, ctx: GqlContext, refusal: IntegrityRefusal | null): unknown {
  const raw = rawOf(item);
  if (raw !== null) return answerRaw(item, raw, ctx, refusal);
  const name = str(item.operationName);
  const op = OPERATIONS[name];
  if (!op || !ctx.world.hashes.accepts(name, str(item.extensions?.persistedQuery?.sha256Hash))) {
    return { errors: [{ message: 'PersistedQueryNotFound' }], extensions: extensionsOf(name) };
  }
  const refused = refuse(ctx, name, op, refusal);
  if (refused) return refused;
  const answer = op.handler(variablesOf(item), ctx);
  const extensions = extensionsOf(name);
  return answer instanceof WithErrors ? { errors: answer.errors, data: answer.data, extensions } : { data: answer, extensions };
}
