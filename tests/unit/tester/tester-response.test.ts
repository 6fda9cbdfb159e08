import { describe, expect, it } from 'vitest';
import { readLimited, shapeResponse } from '@/lib/tester/background/tester-response';
import { MAX_BODY_BYTES } from '@/lib/tester/protocol';
import { statusMeaning } from '@/lib/tester/status-meaning';

const req = { url: 'https://kaneo.example.com/api/x', method: 'GET' };
const shape = (response: Response, limit?: number) => shapeResponse(response, req, 0, () => 5, limit);

describe('shapeResponse', () => {
  it('recognises JSON and keeps headers, size and status', async () => {
    const body = JSON.stringify([{ id: 'w1', name: 'Ünïcode' }]);
    const shaped = await shape(
      new Response(body, { status: 200, statusText: 'OK', headers: { 'content-type': 'application/json; charset=utf-8', 'x-thing': '1' } }),
    );
    expect(shaped.status).toBe(200);
    expect(shaped.meaning.text).toBe('OK');
    expect(shaped.meaning.tone).toBe('success');
    expect(shaped.body).toEqual({ kind: 'json', text: body, truncated: false });
    expect(shaped.sizeBytes).toBe(new TextEncoder().encode(body).byteLength);
    expect(shaped.headers).toContainEqual(['x-thing', '1']);
    expect(shaped.timeMs).toBe(5);
  });

  it("shows Kaneo's plain-text 401 as text and says what it means", async () => {
    const shaped = await shape(new Response('Unauthorized', { status: 401, headers: { 'content-type': 'text/plain' } }));
    expect(shaped.body.kind).toBe('text');
    expect(shaped.body.text).toBe('Unauthorized');
    expect(shaped.meaning.meaning).toMatch(/wrong, revoked, disabled or expired/);
    expect(shaped.meaning.tone).toBe('danger');
  });

  it('reads tryAgainIn from a 429', async () => {
    const shaped = await shape(
      new Response(JSON.stringify({ message: 'Rate limit exceeded.', code: 'RATE_LIMITED', details: { tryAgainIn: 59836 } }), {
        status: 429,
        headers: { 'content-type': 'application/json' },
      }),
    );
    expect(shaped.tryAgainInMs).toBe(59836);
    expect(shaped.meaning.text).toBe('Too Many Requests');
  });

  it('marks HTML as html (shown as text, never rendered)', async () => {
    const html = '<!DOCTYPE html><html><body><script>alert(1)</script>502</body></html>';
    const shaped = await shape(new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }));
    expect(shaped.body).toEqual({ kind: 'html', text: html, truncated: false });
  });

  it('sniffs HTML and JSON when the content type is missing', async () => {
    expect((await shape(new Response('<html>x</html>', { headers: { 'content-type': '' } }))).body.kind).toBe('html');
    expect((await shape(new Response('{"a":1}', { headers: { 'content-type': '' } }))).body.kind).toBe('json');
  });

  it('falls back to text when a JSON content type carries invalid JSON', async () => {
    expect((await shape(new Response('{oops', { headers: { 'content-type': 'application/json' } }))).body.kind).toBe('text');
  });

  it('treats an empty body as empty', async () => {
    const shaped = await shape(new Response(null, { status: 204 }));
    expect(shaped.body).toEqual({ kind: 'empty', text: '', truncated: false });
    expect(shaped.sizeBytes).toBe(0);
  });

  it('does not decode binary bodies', async () => {
    const shaped = await shape(new Response(new Uint8Array([0, 1, 2, 255]), { headers: { 'content-type': 'image/png' } }));
    expect(shaped.body).toEqual({ kind: 'binary', text: '', truncated: false });
    expect(shaped.sizeBytes).toBe(4);
  });

  it('cuts bodies over 1 MB, states the full size, and shows a cut JSON body as text', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(MAX_BODY_BYTES + 500) });
    const shaped = await shape(new Response(big, { headers: { 'content-type': 'application/json' } }));
    expect(shaped.body.truncated).toBe(true);
    expect(shaped.body.kind).toBe('text');
    expect(shaped.body.text.length).toBe(MAX_BODY_BYTES);
    expect(shaped.sizeBytes).toBe(big.length);
  });

  it('keeps exactly the limit when a body is exactly at the limit', async () => {
    const shaped = await shape(new Response('abcd', { headers: { 'content-type': 'text/plain' } }), 4);
    expect(shaped.body).toEqual({ kind: 'text', text: 'abcd', truncated: false });
  });
});

describe('readLimited', () => {
  it('keeps at most the limit across many chunks and counts the rest', async () => {
    const chunks = Array.from({ length: 10 }, (_, i) => new Uint8Array(100).fill(i));
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (const chunk of chunks) c.enqueue(chunk);
        c.close();
      },
    });
    const { bytes, total } = await readLimited(stream, 250);
    expect(total).toBe(1000);
    expect(bytes.byteLength).toBe(250);
    expect(bytes[0]).toBe(0);
    expect(bytes[149]).toBe(1);
    expect(bytes[249]).toBe(2);
  });
});

describe('statusMeaning', () => {
  it.each([
    [401, 'danger', /wrong, revoked, disabled or expired/],
    [403, 'danger', /not allowed/],
    [429, 'warning', /100 requests per minute/],
    [500, 'danger', /Kaneo failed/],
    [503, 'danger', /unavailable/],
    [599, 'danger', /Kaneo failed/],
    [418, 'warning', /refused/],
    [299, 'success', /works/],
  ])('%i', (status, tone, meaning) => {
    expect(statusMeaning(status).tone).toBe(tone);
    expect(statusMeaning(status).meaning).toMatch(meaning);
  });
});

describe('responseMeaning: Kaneo’s error code over the status', () => {
  it('reads key codes only on refusals (401, 403, 429)', async () => {
    const { responseMeaning } = await import('@/lib/tester/status-meaning');
    expect(responseMeaning(403, { code: 'INVALID_API_KEY' }).meaning).toMatch(/wrong or revoked/);
    expect(responseMeaning(401, { code: 'KEY_DISABLED' }).meaning).toMatch(/disabled/);
    expect(responseMeaning(429, { code: 'USAGE_EXCEEDED' }).meaning).toMatch(/used up/);
    // A 200 whose data happens to have a `code` field is still a working key.
    expect(responseMeaning(200, { code: 'INVALID_API_KEY' }).meaning).toMatch(/The key works/);
    expect(responseMeaning(403, { code: 'SOMETHING_ELSE' }).meaning).toMatch(/known but not allowed/);
    expect(responseMeaning(403, null).meaning).toMatch(/known but not allowed/);
    expect(responseMeaning(429, { code: 'RATE_LIMITED' }).meaning).toMatch(/Wait before trying again/);
  });
});
