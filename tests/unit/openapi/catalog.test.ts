import { describe, expect, it } from 'vitest';
import {
  buildOperationPath,
  MAX_DOCUMENT_CHARS,
  MAX_DOCUMENT_WORK,
  missingRequired,
  OpenApiTooComplexError,
  parseOpenApiDocument,
  parseOpenApiText,
  searchOperations,
  templateFromSchema,
} from '@/lib/openapi/catalog';
import bundledOpenApiDocument from '@/lib/openapi/kaneo-2.22.0-openapi.json';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { HOSTILE_FAN_OUT, HOSTILE_LEVELS, hostileOpenApiDocument } from '../../fixtures/hostile-openapi';

const operations = parseOpenApiDocument(bundledOpenApiDocument);
const byId = (id: string) => {
  const op = operations.find((o) => o.id === id);
  if (!op) throw new Error(`no ${id}`);
  return op;
};

describe('the bundled Kaneo 2.22.0 spec', () => {
  it('is byte-identical to the shared fixture when that is present', () => {
    const shared = resolve(__dirname, '../../../../shared/fixtures/kaneo-2.22.0-openapi.json');
    let sharedText: string;
    try {
      sharedText = readFileSync(shared, 'utf8');
    } catch {
      return; // the shared folder is not part of a plain clone
    }
    expect(readFileSync(resolve(__dirname, '../../../lib/openapi/kaneo-2.22.0-openapi.json'), 'utf8')).toBe(sharedText);
  });

  it('yields the 153 operations the facts file counts, with unique ids', () => {
    expect(operations).toHaveLength(153);
    expect(new Set(operations.map((o) => o.id)).size).toBe(153);
  });

  it('marks required query parameters', () => {
    const listProjects = byId('GET /project');
    expect(listProjects.queryParams).toEqual([
      expect.objectContaining({ name: 'workspaceId', required: true }),
      expect.objectContaining({ name: 'includeArchived', required: false }),
    ]);
    expect(listProjects.pathParams).toEqual([]);
    expect(listProjects.bodyTemplate).toBeNull();
  });

  it('gives path parameters as fields', () => {
    expect(byId('GET /task/tasks/{projectId}').pathParams.map((p) => p.name)).toEqual(['projectId']);
    expect(byId('GET /task/tasks/{projectId}').queryParams.every((p) => !p.required)).toBe(true);
  });

  it('builds a JSON body template from the request schema (required fields, first enum value)', () => {
    const createTask = byId('POST /task/{projectId}');
    expect(createTask.bodyRequired).toBe(true);
    expect(JSON.parse(createTask.bodyTemplate ?? 'null')).toEqual({
      title: '',
      description: '',
      priority: 'no-priority',
      status: '',
    });
  });

  it('keeps summaries for search', () => {
    expect(byId('GET /auth/organization/list').summary).toBe('List Organization');
  });
});

describe('parseOpenApiDocument on other input', () => {
  it('refuses what is not OpenAPI 3', () => {
    expect(() => parseOpenApiDocument(null)).toThrow(/OpenAPI 3/);
    expect(() => parseOpenApiDocument({ swagger: '2.0', paths: {} })).toThrow(/OpenAPI 3/);
    expect(() => parseOpenApiDocument('<html>')).toThrow();
  });

  it('skips malformed entries instead of trusting them', () => {
    const ops = parseOpenApiDocument({
      openapi: '3.0.0',
      paths: {
        '/ok': { get: { summary: 'fine' }, trace: { summary: 'ignored method' } },
        'no-slash': { get: {} },
        '/bad': { get: 'nope', post: { parameters: [{ in: 'query' }, 42] } },
      },
    });
    expect(ops.map((o) => o.id)).toEqual(['GET /ok', 'POST /bad']);
    expect(ops[1]?.queryParams).toEqual([]);
  });

  it('resolves $ref schemas and survives reference cycles', () => {
    const ops = parseOpenApiDocument({
      openapi: '3.1.0',
      components: {
        schemas: {
          Node: { type: 'object', required: ['name', 'child'], properties: { name: { type: 'string' }, child: { $ref: '#/components/schemas/Node' } } },
        },
      },
      paths: {
        '/node/{id}': {
          parameters: [{ name: 'id', in: 'path', schema: { type: 'string' } }],
          put: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } },
          },
        },
      },
    });
    const op = ops[0];
    expect(op?.pathParams).toEqual([{ name: 'id', required: true, description: '', choices: [] }]);
    const body = JSON.parse(op?.bodyTemplate ?? 'null');
    expect(body.name).toBe('');
    // The cycle stops at a fixed depth instead of recursing forever.
    let depth = 0;
    for (let node = body; node && typeof node === 'object'; node = node.child) depth += 1;
    expect(depth).toBeGreaterThan(1);
    expect(depth).toBeLessThan(10);
  });

  it('adds fields for path parameters that the spec forgot to declare', () => {
    const ops = parseOpenApiDocument({ openapi: '3.0.0', paths: { '/a/{x}/b/{y}': { get: {} } } });
    expect(ops[0]?.pathParams.map((p) => p.name)).toEqual(['x', 'y']);
  });
});

describe('templateFromSchema', () => {
  it.each([
    [{ type: 'string' }, ''],
    [{ type: 'integer' }, 0],
    [{ type: 'number' }, 0],
    [{ type: 'boolean' }, false],
    [{ type: 'array', items: { type: 'string' } }, []],
    [{ type: ['string', 'null'] }, ''],
    [{ type: 'string', example: 'hi' }, 'hi'],
    [{ type: 'number', default: 5 }, 5],
    [{ enum: ['b', 'a'] }, 'b'],
    [{ oneOf: [{ type: 'boolean' }, { type: 'string' }] }, false],
    [{ nullable: true }, null],
    [{ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } } }, { a: '', b: 0 }],
    [{ type: 'object', required: ['b'], properties: { a: { type: 'string' }, b: { type: 'number' } } }, { b: 0 }],
    [{ allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'boolean' } } }] }, { a: '', b: false }],
  ])('%j → %j', (schema, expected) => {
    expect(templateFromSchema(schema)).toEqual(expected);
  });
});

describe('searchOperations', () => {
  it('matches path and summary, every word, path matches first', () => {
    const hits = searchOperations(operations, 'project list');
    expect(hits[0]?.id).toBe('GET /project');
    expect(hits.every((h) => `${h.path} ${h.summary} ${h.method} ${h.tags.join(' ')} ${h.description}`.toLowerCase().includes('list'))).toBe(true);
  });
  it('finds by summary words', () => {
    expect(searchOperations(operations, 'workspace labels').map((o) => o.id)).toContain('GET /label/workspace/{workspaceId}');
  });
  it('puts the operation named by the query first, as a summary or an operationId', () => {
    expect(searchOperations(operations, 'create project')[0]?.summary).toBe('Create Project');
    expect(searchOperations(operations, 'createProject')[0]?.summary).toBe('Create Project');
    expect(searchOperations(operations, 'Create Task')[0]?.id).toBe('POST /task/{projectId}');
  });
  it('returns everything for an empty query and nothing for nonsense', () => {
    expect(searchOperations(operations, '  ')).toHaveLength(153);
    expect(searchOperations(operations, 'zzzz-nothing')).toEqual([]);
  });
});

describe('buildOperationPath and missingRequired', () => {
  it('fills path parameters as single encoded segments and adds non-empty query values', () => {
    expect(
      buildOperationPath({ path: '/task/tasks/{projectId}' }, { projectId: 'a/b c' }, { status: 'todo', page: '' }),
    ).toBe('/task/tasks/a%2Fb%20c?status=todo');
    expect(buildOperationPath({ path: '/project' }, {}, { workspaceId: 'w&1' })).toBe('/project?workspaceId=w%261');
  });
  it('leaves an unfilled placeholder visible', () => {
    expect(buildOperationPath({ path: '/project/{id}' }, {}, {})).toBe('/project/{id}');
  });
  it('lists the required parameters still empty', () => {
    const op = byId('GET /project');
    expect(missingRequired(op, {}, {})).toEqual(['workspaceId']);
    expect(missingRequired(op, {}, { workspaceId: 'w' })).toEqual([]);
    expect(missingRequired(byId('GET /project/{id}'), {}, {})).toEqual(['id']);
  });
});

describe('a hostile document (issue 8 item 8)', () => {
  // Measured, not asserted: timings on a shared machine are noise. The old code took 21 s here
  // (61 s in a browser's background) on this document; the bound is what the test proves.
  const timed = <T>(run: () => T): { value: T | Error; ms: number } => {
    const started = performance.now();
    let value: T | Error;
    try {
      value = run();
    } catch (error) {
      value = error as Error;
    }
    return { value, ms: performance.now() - started };
  };

  it('stops at the work budget and says the document is too complex', () => {
    const document = hostileOpenApiDocument();
    expect(JSON.stringify(document).length).toBeLessThan(4_500);
    const { value, ms } = timed(() => parseOpenApiDocument(document));
    console.info(`hostile OpenAPI document (${HOSTILE_LEVELS} allOf levels × ${HOSTILE_FAN_OUT}): ${ms.toFixed(1)} ms`);
    expect(value).toBeInstanceOf(OpenApiTooComplexError);
    expect((value as Error).message).toMatch(/too complex/);
  });

  it('charges reuse, not just depth: a wide, shallow document is refused too', () => {
    // Three levels only (well inside the depth limit), but 200 × 200 property refs.
    const leaf = { type: 'object', properties: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`p${i}`, { type: 'string' }])) };
    const mid = { type: 'object', properties: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`m${i}`, { $ref: '#/components/schemas/Leaf' }])) };
    const document = {
      openapi: '3.0.3',
      paths: { '/x': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Mid' } } } } } } },
      components: { schemas: { Leaf: leaf, Mid: mid } },
    };
    expect(() => parseOpenApiDocument(document)).toThrow(OpenApiTooComplexError);
  });

  it('charges a big example each time it is copied', () => {
    const big = { example: 'x'.repeat(200_000) };
    const document = {
      openapi: '3.0.3',
      paths: Object.fromEntries(
        Array.from({ length: 50 }, (_, i) => [
          `/p${i}`,
          { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Big' } } } } } },
        ]),
      ),
      components: { schemas: { Big: big } },
    };
    expect(() => parseOpenApiDocument(document)).toThrow(OpenApiTooComplexError);
    // One use of it is fine.
    expect(parseOpenApiDocument({ ...document, paths: { '/p0': document.paths['/p0'] } })).toHaveLength(1);
  });

  it('refuses a document text over the size cap before parsing it', () => {
    const text = JSON.stringify({ openapi: '3.0.3', paths: {}, padding: 'x'.repeat(MAX_DOCUMENT_CHARS) });
    expect(() => parseOpenApiText(text)).toThrow(/too large/);
  });

  it('still reads all of the real Kaneo 2.22.0 document, with room to spare under the budget', () => {
    const text = readFileSync(resolve(__dirname, '../../../lib/openapi/kaneo-2.22.0-openapi.json'), 'utf8');
    const { value, ms } = timed(() => parseOpenApiText(text));
    console.info(`Kaneo 2.22.0 OpenAPI document (${text.length} chars): ${ms.toFixed(1)} ms`);
    expect(value).not.toBeInstanceOf(Error);
    const { operations } = value as ReturnType<typeof parseOpenApiText>;
    expect(operations).toHaveLength(153);
    expect(new Set(operations.map((o) => o.path)).size).toBe(114);
    // A quarter of the budget is enough today: a somewhat larger Kaneo still fits.
    expect(parseOpenApiDocument(bundledOpenApiDocument, { maxWork: MAX_DOCUMENT_WORK / 4 })).toHaveLength(153);
  });
});
