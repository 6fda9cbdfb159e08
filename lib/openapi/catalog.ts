import * as z from 'zod/mini';
import { httpMethodSchema } from '../request/http-request';
import type { Operation, OperationParameter } from './catalog.types';

/**
 * Turns an OpenAPI 3 document into the endpoint list the tester's picker shows: one entry per
 * operation with its parameters and a JSON body template. Only what the picker needs is read;
 * anything malformed is skipped, not trusted (the document comes from the network).
 *
 * Invariant: the work is bounded whatever the document says. It runs synchronously in the
 * background, so an unbounded parse stalls every message, unlock and copy. `$ref`s and `allOf`
 * let a few KB name billions of schemas (eight `allOf` levels of 14 refs each took 61 s), so a
 * depth limit alone is not enough: every schema visited and every document value copied into the
 * result is charged to one budget for the whole document, and running out fails the whole parse
 * with OpenApiTooComplexError instead of returning a silently partial list.
 */

export type { Operation, OperationParameter } from './catalog.types';

const documentSchema = z.object({
  openapi: z.string().check(z.regex(/^3\./, 'Only OpenAPI 3 documents are supported')),
  paths: z.record(z.string(), z.unknown()),
  components: z.optional(z.looseObject({ schemas: z.optional(z.record(z.string(), z.unknown())) })),
});

const parameterSchema = z.looseObject({
  name: z.string().check(z.minLength(1)),
  in: z.string(),
  required: z.optional(z.boolean()),
  description: z.optional(z.string()),
  schema: z.optional(z.unknown()),
});

const operationSchema = z.looseObject({
  summary: z.optional(z.string()),
  description: z.optional(z.string()),
  operationId: z.optional(z.string()),
  tags: z.optional(z.array(z.string())),
  parameters: z.optional(z.array(z.unknown())),
  requestBody: z.optional(z.unknown()),
});

type JsonSchema = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

export class OpenApiError extends Error {}

/** The document names more work than the budget allows (see the file header). */
export class OpenApiTooComplexError extends OpenApiError {}

/**
 * Work units for one document. Kaneo 2.22.0's own document (114 paths, 153 operations) needs
 * about 3,700, so this leaves room for an API five times larger; running through the whole budget takes
 * a few milliseconds (tests/unit/openapi/catalog.test.ts measures both).
 */
export const MAX_DOCUMENT_WORK = 20_000;

/**
 * Largest document text read, in characters: Kaneo 2.22.0's is about 360 KB, and the tester reads
 * no response body beyond 1 MiB anyway (MAX_BODY_BYTES).
 */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;

const MAX_VALUE_DEPTH = 64;

export const TOO_COMPLEX_MESSAGE = `it is too complex to read safely (its schemas expand to more than ${MAX_DOCUMENT_WORK.toLocaleString('en-US')} parts)`;

export const tooLargeMessage = () => `it is too large to read safely (over ${MAX_DOCUMENT_CHARS / 1024} KB)`;

/** Parses the text of a document, refusing one over MAX_DOCUMENT_CHARS before JSON.parse runs. */
export function parseOpenApiText(text: string, options: { maxWork?: number } = {}): { document: unknown; operations: Operation[] } {
  if (text.length > MAX_DOCUMENT_CHARS) {
    throw new OpenApiTooComplexError(tooLargeMessage());
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new OpenApiError('it is not JSON');
  }
  return { document, operations: parseOpenApiDocument(document, options) };
}

/**
 * A budget of work units. `weight` charges a document value that is copied into the result
 * (example, default, enum, a shared parameter): one unit per JSON node and per 100 characters, so
 * a big example referenced from many places costs every time it is used. Weights are memoised per
 * object, because `$ref` hands out the same object again and again.
 */
function createBudget(max: number) {
  let left = max;
  const weights = new WeakMap<object, number>();
  const spend = (units: number) => {
    left -= units;
    if (left < 0) throw new OpenApiTooComplexError(TOO_COMPLEX_MESSAGE);
  };
  const weigh = (value: unknown, depth = 0): number => {
    if (typeof value === 'string') return 1 + Math.floor(value.length / 100);
    if (typeof value !== 'object' || value === null) return 1;
    const known = weights.get(value);
    if (known !== undefined) return known;
    // A value nested this deep would overflow the stack here or in JSON.stringify later.
    if (depth > MAX_VALUE_DEPTH) throw new OpenApiTooComplexError(TOO_COMPLEX_MESSAGE);
    // Computing a weight walks the value once; charge that walk too, so it is bounded as well.
    let total = 1;
    for (const [key, child] of Object.entries(value)) {
      spend(1);
      total += weigh(key) + weigh(child, depth + 1);
    }
    weights.set(value, total);
    return total;
  };
  return { spend, charge: (value: unknown) => spend(weigh(value)) };
}

export function parseOpenApiDocument(input: unknown, options: { maxWork?: number } = {}): Operation[] {
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) {
    throw new OpenApiError(`Not an OpenAPI 3 document: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const budget = createBudget(options.maxWork ?? MAX_DOCUMENT_WORK);
  const schemas = parsed.data.components?.schemas ?? {};
  // `seen` stops a $ref chain that loops; the budget stops everything else (fan-out, reuse).
  const resolve = (value: unknown, seen: Set<string> = new Set()): JsonSchema | null => {
    budget.spend(1);
    if (!isRecord(value)) return null;
    const ref = value.$ref;
    if (typeof ref === 'string') {
      const match = /^#\/components\/schemas\/(.+)$/.exec(ref);
      if (!match?.[1] || seen.has(ref)) return null;
      seen.add(ref);
      return resolve(schemas[decodeURIComponent(match[1])], seen);
    }
    return value;
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(parsed.data.paths)) {
    if (!path.startsWith('/') || !isRecord(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of METHODS) {
      budget.spend(1);
      const raw = operationSchema.safeParse(item[method]);
      if (!raw.success) continue;
      const op = raw.data;
      // Shared path parameters are copied into every operation: charge them each time.
      const params = [...shared, ...(op.parameters ?? [])]
        .map((p) => {
          const param = resolve(p) ?? p;
          budget.charge(param);
          return parameterSchema.safeParse(param);
        })
        .flatMap((p) => (p.success ? [p.data] : []));
      const toParam = (p: z.infer<typeof parameterSchema>): OperationParameter => {
        const schema = resolve(p.schema);
        if (schema) budget.charge(schema.enum);
        const choices = Array.isArray(schema?.enum) ? schema.enum.filter((v) => typeof v === 'string') : [];
        return {
          name: p.name,
          required: p.in === 'path' ? true : p.required === true,
          description: p.description ?? '',
          choices,
        };
      };
      // Path parameters come from the template itself too, so a spec that forgets to declare one
      // still gets a field for it.
      const declaredPath = params.filter((p) => p.in === 'path').map(toParam);
      const templated = [...path.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1] as string);
      const pathParams = templated.map(
        (name) => declaredPath.find((p) => p.name === name) ?? { name, required: true, description: '', choices: [] },
      );
      const queryParams = params.filter((p) => p.in === 'query').map(toParam);
      const body = jsonBodySchema(op.requestBody, resolve);
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: httpMethodSchema.parse(method.toUpperCase()),
        path,
        summary: op.summary ?? op.operationId ?? '',
        ...(op.operationId ? { operationId: op.operationId.slice(0, 200) } : {}),
        description: op.description ?? '',
        tags: op.tags ?? [],
        pathParams,
        queryParams,
        bodyTemplate: body.schema ? JSON.stringify(templateFromSchema(body.schema, resolve, 0, budget.charge), null, 2) : null,
        bodyRequired: body.required,
      });
    }
  }
  return operations;
}

function jsonBodySchema(
  requestBody: unknown,
  resolve: (value: unknown) => JsonSchema | null,
): { schema: JsonSchema | null; required: boolean } {
  const body = resolve(requestBody);
  if (!body || !isRecord(body.content)) return { schema: null, required: false };
  const json = Object.entries(body.content).find(([type]) => /^application\/([\w.+-]*\+)?json/i.test(type));
  if (!json || !isRecord(json[1])) return { schema: null, required: false };
  return { schema: resolve(json[1].schema), required: body.required === true };
}

const MAX_DEPTH = 6;

/**
 * A value that fits the schema, for a person to edit: required properties only when the schema
 * names some (optional ones are often rejected when sent empty), example/default/first enum value
 * when given, otherwise an empty value of the right type.
 */
export function templateFromSchema(
  schemaInput: unknown,
  resolve: (value: unknown) => JsonSchema | null = (v) => (isRecord(v) ? v : null),
  depth = 0,
  /** Charges a document value copied into the template (parseOpenApiDocument's budget). */
  charge: (value: unknown) => void = () => {},
): unknown {
  const schema = resolve(schemaInput);
  if (!schema || depth > MAX_DEPTH) return null;
  const copied = (value: unknown) => {
    charge(value);
    return value;
  };
  if ('example' in schema) return copied(schema.example);
  if ('default' in schema) return copied(schema.default);
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return copied(schema.enum[0]);
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => templateFromSchema(part, resolve, depth + 1, charge));
    const own = isRecord(schema.properties) ? templateFromSchema({ ...schema, allOf: undefined }, resolve, depth + 1, charge) : {};
    if (parts.every((p) => isRecord(p)) && isRecord(own)) return Object.assign({}, ...parts, own);
    return parts[0] ?? null;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return templateFromSchema(options[0], resolve, depth + 1, charge);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return '';
    case 'number':
    case 'integer':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    case 'object':
      break;
    default:
      if (!isRecord(schema.properties)) return schema.nullable === true ? null : null;
  }
  const properties = isRecord(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === 'string') : [];
  const names = required.length > 0 ? required.filter((r) => r in properties) : Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const name of names) {
    charge(name);
    out[name] = templateFromSchema(properties[name], resolve, depth + 1, charge);
  }
  return out;
}

/** "Create Project", "create project", "createProject" → "createproject". */
const compact = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '');

/**
 * Operations matching a free-text query (every word must appear in the method, path, summary,
 * tags or description), best first: the operation whose summary (or operationId, which the
 * summary falls back to) is the query itself, then summaries that start with it, then path
 * matches before summary-only matches.
 */
export function searchOperations(operations: Operation[], query: string): Operation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return operations;
  const wanted = compact(query);
  const scored: Array<{ op: Operation; score: number; index: number }> = [];
  operations.forEach((op, index) => {
    const path = op.path.toLowerCase();
    const summary = op.summary.toLowerCase();
    const rest = `${op.method} ${op.tags.join(' ')} ${op.description}`.toLowerCase();
    const named = compact(op.summary);
    if (wanted && named === wanted) {
      // Matches even when typed as one word ("createProject").
      scored.push({ op, score: 1000, index });
      return;
    }
    let score = 0;
    for (const word of words) {
      if (path.includes(word)) score += 3;
      else if (summary.includes(word)) score += 2;
      else if (rest.includes(word)) score += 1;
      else return;
    }
    if (wanted && named.startsWith(wanted)) score += 100;
    scored.push({ op, score, index });
  });
  return scored.sort((a, b) => b.score - a.score || a.index - b.index).map((s) => s.op);
}

/**
 * Fills an operation's path template and query into a path relative to the API base. Path values
 * are percent-encoded as one segment each (a value can't add `/` or `..`); empty query values are
 * left out.
 */
export function buildOperationPath(
  op: Pick<Operation, 'path'>,
  pathValues: Record<string, string>,
  queryValues: Record<string, string>,
): string {
  const path = op.path.replace(/\{([^}/]+)\}/g, (whole, name: string) => {
    const value = pathValues[name];
    return value ? encodeURIComponent(value) : whole;
  });
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(queryValues)) {
    if (value !== '') query.append(name, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/** Names of required parameters that are still empty, for "fill these first" messages. */
export function missingRequired(
  op: Pick<Operation, 'pathParams' | 'queryParams'>,
  pathValues: Record<string, string>,
  queryValues: Record<string, string>,
): string[] {
  return [
    ...op.pathParams.filter((p) => !pathValues[p.name]).map((p) => p.name),
    ...op.queryParams.filter((p) => p.required && !queryValues[p.name]).map((p) => p.name),
  ];
}
