import { describe, expect, it } from 'vitest';
import { parseOpenApiDocument } from '@/lib/openapi/catalog';
import bundledOpenApiDocument from '@/lib/openapi/kaneo-2.22.0-openapi.json';
import { compileOperations, matchOperation, serverBasePaths } from '@/lib/devtools/match-operation';

const bundled = compileOperations(parseOpenApiDocument(bundledOpenApiDocument));

function doc(paths: Record<string, string[]>) {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(paths)) {
    out[path] = Object.fromEntries(methods.map((m) => [m, { summary: `${m} ${path}`, responses: {} }]));
  }
  return compileOperations(parseOpenApiDocument({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths: out }));
}

describe('matchOperation', () => {
  it('finds Kaneo operations by template and reads the path parameters', () => {
    const created = matchOperation(bundled, 'POST', '/task/p-123');
    expect(created?.operation.path).toBe('/task/{projectId}');
    expect(created?.params).toEqual({ projectId: 'p-123' });
    expect(matchOperation(bundled, 'GET', '/task/tasks/p1?status=todo')?.operation.path).toBe('/task/tasks/{projectId}');
    expect(matchOperation(bundled, 'GET', '/task/t1')?.params).toEqual({ id: 't1' });
  });

  it('prefers literal segments over parameters', () => {
    const ops = doc({ '/task/{projectId}': ['post'], '/task/bulk': ['post'] });
    expect(matchOperation(ops, 'POST', '/task/bulk')?.operation.path).toBe('/task/bulk');
    expect(matchOperation(ops, 'POST', '/task/other')?.operation.path).toBe('/task/{projectId}');
  });

  it('decodes parameters and matches by method and segment count', () => {
    const ops = doc({ '/label/{id}': ['get'], '/label/{id}/x': ['get'] });
    expect(matchOperation(ops, 'GET', '/label/a%20b')?.params).toEqual({ id: 'a b' });
    expect(matchOperation(ops, 'DELETE', '/label/a')).toBeNull();
    expect(matchOperation(ops, 'GET', '/label/a/x/y')).toBeNull();
  });

  it('tries the document’s server base paths when the API base gives nothing', () => {
    const ops = doc({ '/project/{id}': ['get'] });
    const basePaths = serverBasePaths(['https://kaneo.example/api/v1', '/api', 'https://{host}/']);
    expect(basePaths).toEqual(['/api/v1', '/api', '']);
    // The instance's base is the origin root, but the document says its API lives under /api/v1.
    expect(matchOperation(ops, 'GET', '/api/v1/project/p1', { originPath: '/api/v1/project/p1', basePaths })?.params).toEqual({ id: 'p1' });
    expect(matchOperation(ops, 'GET', '/api/project/p2', { originPath: '/api/project/p2', basePaths })?.params).toEqual({ id: 'p2' });
    expect(matchOperation(ops, 'GET', '/other/p3', { originPath: '/other/p3', basePaths })).toBeNull();
  });
});
