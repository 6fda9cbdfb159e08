import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assembleScript, idsIn } from '@/lib/devtools/call-script';
import { recordFromHar, type RecordedRequest } from '@/lib/devtools/recorded-request';
import { harEntry } from './har-entry';

const BASE = 'http://127.0.0.1:5173/api';

function rec(seq: number, entry: unknown): RecordedRequest {
  const r = recordFromHar(entry, BASE, seq);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const create = rec(1, harEntry({
  method: 'POST',
  url: `${BASE}/task/proj_0001`,
  headers: [{ name: 'Content-Type', value: 'application/json' }, { name: 'Cookie', value: 's=1' }],
  postData: { mimeType: 'application/json', text: '{"title":"A","status":"todo"}' },
  status: 201,
  response: { mimeType: 'application/json', text: '{"id":"task_abc123","projectId":"proj_0001","title":"A"}' },
}));
const read = rec(2, harEntry({ url: `${BASE}/task/task_abc123` }));
const move = rec(3, harEntry({
  method: 'PUT',
  url: `${BASE}/task/status/task_abc123?from=task_abc123`,
  headers: [{ name: 'Content-Type', value: 'application/json' }],
  postData: { mimeType: 'application/json', text: '{"status":"done","id":"task_abc123"}' },
}));

describe('idsIn', () => {
  it('finds ids at the top and one level down, own id first', () => {
    expect(idsIn({ projectId: 'proj_0001', id: 'task_abc123', data: { id: 'inner_0001' }, n: 5, short: 'a' })).toEqual([
      { path: ['id'], value: 'task_abc123' },
      { path: ['projectId'], value: 'proj_0001' },
      { path: ['data', 'id'], value: 'inner_0001' },
    ]);
    expect(idsIn([{ id: 'abcdef' }])).toEqual([]);
  });
});

describe('assembleScript', () => {
  it('writes the calls in the given order and reads the created id from the POST’s answer (bash)', () => {
    const script = assembleScript([
      { recorded: create, label: 'POST /task/{projectId} — Create a task' },
      { recorded: read, label: 'GET /task/{id}' },
      { recorded: move, label: 'PUT /task/status/{id}' },
    ], 'bash');
    const text = script.text;
    expect(text.indexOf('# 1. POST')).toBeLessThan(text.indexOf('# 2. GET'));
    expect(text.indexOf('# 2. GET')).toBeLessThan(text.indexOf('# 3. PUT'));
    expect(script.references).toEqual([{ fromCall: 1, jsonPath: ['id'], value: 'task_abc123', name: 'REF_1' }]);
    expect(text).toContain(`REF_1=$(printf '%s' "$RESPONSE_1" | jq -er '.id')`);
    expect(text).toContain(`curl -sS 'http://127.0.0.1:5173/api/task/'"$REF_1"`);
    expect(text).toContain('REF_1 = id from the response of call 1 (recorded: task_abc123)');
    // The recorded literal appears only in the comments, never in a request.
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith('#')).join('\n');
    expect(code).not.toContain('task_abc123');
    expect(text).toContain('$KANEO_API_KEY');
    expect(() => execFileSync('bash', ['-n'], { input: text })).not.toThrow();
  });

  it('does the same in Node, each call with its own response', () => {
    const text = assembleScript([
      { recorded: create, label: 'create' },
      { recorded: move, label: 'move' },
    ], 'node').text;
    expect(text).toContain('const response1 = await fetch(');
    expect(text).toContain('const REF_1 = JSON.parse(text1)["id"];');
    expect(text).toContain('"http://127.0.0.1:5173/api/task/status/" + REF_1 + "?from=" + REF_1 + ""');
    expect(text).toContain('process.env.KANEO_API_KEY');
    const code = text.split('\n').filter((l) => !l.trimStart().startsWith('//')).join('\n');
    expect(code).not.toContain('task_abc123');
    expect(() => new Function(`return async () => {\n${text}\n}`)).not.toThrow();
  });

  it('uses no reference when the earlier call came after, and skips calls whose body was refused', () => {
    const refused = rec(4, harEntry({ method: 'POST', url: `${BASE}/asset/1`, postData: { mimeType: 'image/png', text: 'x' } }));
    const script = assembleScript([{ recorded: read, label: 'read' }, { recorded: create, label: 'create' }, { recorded: refused, label: 'upload' }], 'bash');
    expect(script.references).toEqual([]);
    expect(script.skipped).toEqual([{ call: 3, message: expect.stringMatching(/binary/) }]);
    expect(script.text).not.toContain('# 3.');
  });
});
