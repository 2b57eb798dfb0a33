import { followedLiveUsers } from './gql-channels';
import { POINTS_OPERATIONS } from './gql-points';
import type { GqlContext } from './gql-shared';
import type { World } from './world';

/**
 * Raw GraphQL documents, `{query, variables}` (ZARM 2026-07 and LURK send some). The simulator reads a document's
 * selection sets (fields, aliases, arguments; no fragments or directives), recognises it by its fields against
 * RAW_DOCUMENTS, and answers only the fields asked for, as a GraphQL server does; a field it has no value for is
 * "Cannot query field", as Twitch's validation answers.
 */

/** One field of a selection set, its arguments resolved against the variables. */
export interface Selection {
  name: string;
  /** The key the answer uses: the alias, else the name. */
  key: string;
  args: Record<string, unknown>;
  selections: Selection[] | null;
}

export interface RawDocumentAst {
  kind: 'query' | 'mutation';
  selections: Selection[];
}

/** A document the simulator answers: how it is recognised, the top field its errors name, and its data. */
export interface RawDocument {
  name: string;
  kind: 'query' | 'mutation';
  field: string;
  matches(doc: RawDocumentAst): boolean;
  answer(doc: RawDocumentAst, ctx: GqlContext): unknown;
  /** Whether this world answers it (a wire switch); else it reads as a document the simulator does not know. */
  answered?(world: World): boolean;
  /** Whether it needs integrity when its kind alone would say so (a mutation on the web client id); default yes. */
  integrity?(ctx: GqlContext): boolean;
}

/** The field named so at the top of the document, or one level under it. */
const find = (doc: RawDocumentAst, name: string): Selection | undefined =>
  doc.selections.find((s) => s.name === name) ?? doc.selections.flatMap((s) => s.selections ?? []).find((s) => s.name === name);

/** The raw documents the simulator recognises, by the field they ask for. */
export const RAW_DOCUMENTS: RawDocument[] = [
  {
    // currentUser { followedLiveUsers(first: 100, after: $cursor) { edges { node {…} } pageInfo {…} } } (facts table).
    name: 'FollowedLiveUsers',
    kind: 'query',
    field: 'currentUser',
    matches: (doc) => doc.kind === 'query' && find(doc, 'followedLiveUsers') !== undefined,
    answer: (doc, ctx) => followedLiveUsers(find(doc, 'followedLiveUsers')!.args, ctx),
  },
  {
    // mutation SendEvents($input: SendSpadeEventsInput!) { sendSpadeEvents(input: $input) { statusCode } } (TDM#958).
    name: 'SendEvents',
    kind: 'mutation',
    field: 'sendSpadeEvents',
    matches: (doc) => doc.kind === 'mutation' && find(doc, 'sendSpadeEvents') !== undefined,
    answer: (doc, ctx) => ({ sendSpadeEvents: ctx.world.watch.sendEvents(find(doc, 'sendSpadeEvents')!.args.input) }),
    integrity: (ctx) => ctx.world.wire.sendEventsIntegrity,
  },
  {
    // ZARM (2026) sends ChannelPointsContext raw: `community: user(login: $channelLogin) { channel { self {
    // communityPoints { balance activeMultipliers { factor } availableClaim { id } } } communityPointsSettings {…} } }`.
    // The answer is the persisted query's `community`, under the field asked for (user, aliased).
    name: 'ChannelPointsContext',
    kind: 'query',
    field: 'community',
    matches: (doc) =>
      doc.kind === 'query' &&
      doc.selections.some((s) => s.name === 'user' && s.selections?.some((c) => c.name === 'channel' && c.selections?.some((x) => x.name === 'self' && x.selections?.some((y) => y.name === 'communityPoints')))),
    answered: (world) => world.wire.rawPointsContext,
    answer: (doc, ctx) => {
      const login = doc.selections.find((s) => s.name === 'user')!.args.login;
      const { community } = POINTS_OPERATIONS.ChannelPointsContext!.handler({ channelLogin: login }, ctx) as { community: unknown };
      return { user: community };
    },
  },
];

const TOKEN = /\s+|,|#[^\n]*|("(?:[^"\\]|\\.)*"|\.\.\.|[{}()[\]:$!=@]|-?\d+(?:\.\d+)?|[_A-Za-z][_0-9A-Za-z]*)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (!m) throw new Error(`Syntax Error: Unexpected character "${source[at]}".`);
    if (m[1] !== undefined) tokens.push(m[1]);
  }
  return tokens;
}

/** Parses a document into its operation's selections; throws a GraphQL-style message on what it cannot read. */
export function parseDocument(source: string, variables: Record<string, unknown>): RawDocumentAst {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const t = tokens[i++];
    if (t === undefined || (expected !== undefined && t !== expected)) throw new Error(`Syntax Error: Expected ${expected ?? 'a token'}, found ${t ?? '<EOF>'}.`);
    return t;
  };
  const value = (): unknown => {
    const t = take();
    if (t === '$') return variables[take()];
    if (t.startsWith('"')) return JSON.parse(t) as unknown;
    if (/^-?\d/.test(t)) return Number(t);
    if (t === 'true' || t === 'false') return t === 'true';
    if (t === 'null') return null;
    if (t === '[' || t === '{') throw new Error('Syntax Error: the simulator reads no list or object literals; pass them as variables.');
    return t; // an enum value
  };
  const selectionSet = (): Selection[] => {
    take('{');
    const fields: Selection[] = [];
    while (peek() !== '}') {
      if (peek() === '...' || peek() === '@') throw new Error('Syntax Error: the simulator reads no fragments or directives.');
      let key = take();
      let name = key;
      if (peek() === ':') {
        take(':');
        name = take();
      }
      const args: Record<string, unknown> = {};
      if (peek() === '(') {
        take('(');
        while (peek() !== ')') {
          const arg = take();
          take(':');
          args[arg] = value();
        }
        take(')');
      }
      fields.push({ name, key, args, selections: peek() === '{' ? selectionSet() : null });
    }
    take('}');
    return fields;
  };
  let kind: 'query' | 'mutation' = 'query';
  if (peek() === 'query' || peek() === 'mutation') {
    kind = take() as 'query' | 'mutation';
    if (peek() !== '{' && peek() !== '(') take(); // the operation's name
    if (peek() === '(') while (take() !== ')'); // variable definitions: the values come from `variables`
  }
  const selections = selectionSet();
  if (i < tokens.length) throw new Error(`Syntax Error: Unexpected ${tokens[i]}.`);
  return { kind, selections };
}

/** The message of a document no RAW_DOCUMENTS entry recognises: its first field is one the simulator cannot answer. */
export function unknownField(doc: RawDocumentAst): string {
  const [root] = doc.selections;
  const child = root?.selections?.[0];
  if (root && child && (root.name === 'currentUser' || root.name === 'user')) return `Cannot query field "${child.name}" on type "User".`;
  return `Cannot query field "${root?.name ?? ''}" on type "${doc.kind === 'mutation' ? 'Mutation' : 'Query'}".`;
}

/** The answer cut to the selections asked for; the messages of fields asked for that the answer has no value for. */
export function project(value: unknown, selections: Selection[], errors: string[], type = 'Query'): unknown {
  if (value === null || value === undefined || typeof value !== 'object') return value ?? null;
  if (Array.isArray(value)) return value.map((v) => project(v, selections, errors, type));
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const s of selections) {
    if (!(s.name in object)) {
      errors.push(`Cannot query field "${s.name}" on type "${String(object.__typename ?? type)}".`);
      continue;
    }
    const child = object[s.name];
    out[s.key] = s.selections ? project(child, s.selections, errors, s.name) : child;
  }
  return out;
}
