import type { HttpMethod } from '../request/http-request';
import type { Operation } from '../openapi/catalog';

/**
 * Which OpenAPI operation a recorded request is. Operation paths in the catalog are relative to
 * the API base (`/task/{id}`); a document may also list servers whose base path differs from the
 * instance's configured API base (`/api`, `/api/v1`, a full URL), so a request path is tried under
 * each of them.
 */
export interface OperationMatch {
  operation: Operation;
  /** Path parameters as they appeared in the request, decoded (`{ id: 'abc' }`). */
  params: Record<string, string>;
}

interface CompiledOperation {
  operation: Operation;
  method: HttpMethod;
  segments: Array<{ literal: string } | { param: string }>;
  literalCount: number;
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export function compileOperations(operations: readonly Operation[]): CompiledOperation[] {
  return operations.map((operation) => {
    const segments = splitPath(operation.path).map((segment) => {
      const param = /^\{([^}/]+)\}$/.exec(segment);
      return param ? { param: param[1]! } : { literal: segment };
    });
    return { operation, method: operation.method, segments, literalCount: segments.filter((s) => 'literal' in s).length };
  });
}

function matchOne(compiled: CompiledOperation, method: HttpMethod, segments: string[]): OperationMatch | null {
  if (compiled.method !== method || compiled.segments.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i += 1) {
    const want = compiled.segments[i]!;
    const got = segments[i]!;
    if ('literal' in want) {
      if (want.literal !== got && want.literal !== safeDecode(got)) return null;
    } else {
      params[want.param] = safeDecode(got);
    }
  }
  return { operation: compiled.operation, params };
}

/**
 * Base paths a server list names, longest first (`https://x/api/v1` → `/api/v1`, `/api` → `/api`);
 * relative and templated server URLs keep their path.
 */
export function serverBasePaths(serverUrls: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const raw of serverUrls) {
    let path: string;
    try {
      path = new URL(raw, 'http://placeholder.invalid').pathname;
    } catch {
      continue;
    }
    paths.add(path.replace(/\/+$/, ''));
  }
  return [...paths].sort((a, b) => b.length - a.length);
}

/**
 * The best operation for `method` + `apiPath` (relative to the instance's API base, query
 * allowed), or null. When the instance's own base does not give a match, `originPath` (the
 * request's full path on its origin) is tried under each server base path. Literal segments beat
 * parameters: `POST /task/bulk` is "bulk", not "create in project bulk".
 */
export function matchOperation(
  compiled: readonly CompiledOperation[],
  method: HttpMethod,
  apiPath: string,
  options: { originPath?: string; basePaths?: readonly string[] } = {},
): OperationMatch | null {
  const candidates = [apiPath.split('?')[0]!];
  if (options.originPath !== undefined) {
    const originPath = options.originPath.split('?')[0]!;
    for (const base of options.basePaths ?? []) {
      if (base === '') candidates.push(originPath);
      else if (originPath === base || originPath.startsWith(`${base}/`)) candidates.push(originPath.slice(base.length) || '/');
    }
  }
  for (const path of candidates) {
    const segments = splitPath(path);
    let best: { match: OperationMatch; score: number } | null = null;
    for (const op of compiled) {
      const match = matchOne(op, method, segments);
      if (match && (!best || op.literalCount > best.score)) best = { match, score: op.literalCount };
    }
    if (best) return best.match;
  }
  return null;
}
