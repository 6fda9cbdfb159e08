import { z } from 'zod';
import { httpMethodSchema } from '../request/http-request';
import type { Operation, OperationParameter } from './catalog.types';

/**
 * Turns an OpenAPI 3 document into the endpoint list the tester's picker shows: one entry per
 * operation with its parameters and a JSON body template. Only what the picker needs is read;
 * anything malformed is skipped, not trusted (the document comes from the network).
 */

export type { Operation, OperationParameter } from './catalog.types';

const documentSchema = z.object({
  openapi: z.string().regex(/^3\./, 'Only OpenAPI 3 documents are supported'),
  paths: z.record(z.string(), z.unknown()),
  components: z.object({ schemas: z.record(z.string(), z.unknown()).optional() }).loose().optional(),
});

const parameterSchema = z
  .object({
    name: z.string().min(1),
    in: z.string(),
    required: z.boolean().optional(),
    description: z.string().optional(),
    schema: z.unknown().optional(),
  })
  .loose();

const operationSchema = z
  .object({
    summary: z.string().optional(),
    description: z.string().optional(),
    operationId: z.string().optional(),
    tags: z.array(z.string()).optional(),
    parameters: z.array(z.unknown()).optional(),
    requestBody: z.unknown().optional(),
  })
  .loose();

type JsonSchema = Record<string, unknown>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

export class OpenApiError extends Error {}

export function parseOpenApiDocument(input: unknown): Operation[] {
  const parsed = documentSchema.safeParse(input);
  if (!parsed.success) {
    throw new OpenApiError(`Not an OpenAPI 3 document: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  }
  const schemas = parsed.data.components?.schemas ?? {};
  const resolve = (value: unknown, seen: Set<string> = new Set()): JsonSchema | null => {
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
      const raw = operationSchema.safeParse(item[method]);
      if (!raw.success) continue;
      const op = raw.data;
      const params = [...shared, ...(op.parameters ?? [])]
        .map((p) => parameterSchema.safeParse(resolve(p) ?? p))
        .flatMap((p) => (p.success ? [p.data] : []));
      const toParam = (p: z.infer<typeof parameterSchema>): OperationParameter => {
        const schema = resolve(p.schema);
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
        description: op.description ?? '',
        tags: op.tags ?? [],
        pathParams,
        queryParams,
        bodyTemplate: body.schema ? JSON.stringify(templateFromSchema(body.schema, resolve), null, 2) : null,
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
): unknown {
  const schema = resolve(schemaInput);
  if (!schema || depth > MAX_DEPTH) return null;
  if ('example' in schema) return schema.example;
  if ('default' in schema) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => templateFromSchema(part, resolve, depth + 1));
    const own = isRecord(schema.properties) ? templateFromSchema({ ...schema, allOf: undefined }, resolve, depth + 1) : {};
    if (parts.every((p) => isRecord(p)) && isRecord(own)) return Object.assign({}, ...parts, own);
    return parts[0] ?? null;
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key];
    if (Array.isArray(options) && options.length > 0) return templateFromSchema(options[0], resolve, depth + 1);
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
  for (const name of names) out[name] = templateFromSchema(properties[name], resolve, depth + 1);
  return out;
}

/**
 * Operations matching a free-text query (every word must appear in the method, path, summary,
 * tags or description), best first: path matches before summary-only matches.
 */
export function searchOperations(operations: Operation[], query: string): Operation[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return operations;
  const scored: Array<{ op: Operation; score: number; index: number }> = [];
  operations.forEach((op, index) => {
    const path = op.path.toLowerCase();
    const summary = op.summary.toLowerCase();
    const rest = `${op.method} ${op.tags.join(' ')} ${op.description}`.toLowerCase();
    let score = 0;
    for (const word of words) {
      if (path.includes(word)) score += 3;
      else if (summary.includes(word)) score += 2;
      else if (rest.includes(word)) score += 1;
      else return;
    }
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
