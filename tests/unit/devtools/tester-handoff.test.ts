import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordFromHar } from '@/lib/devtools/recorded-request';
import { handoffDraft, handoffFor, HANDOFF_PARAM, readTesterHandoff, testerHandoffUrl } from '@/lib/devtools/tester-handoff';
import { harEntry } from './har-entry';

const BASE = 'http://127.0.0.1:5173/api';
const OPTIONS = 'chrome-extension://abc/options.html';

function recorded(entry: unknown) {
  const result = recordFromHar(entry, BASE, 1);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

describe('Open in tester: the handoff in the options page address', () => {
  it('carries method, path with query, and body; opens the tester section; no credential', () => {
    const r = recorded(harEntry({
      method: 'PUT',
      url: `${BASE}/task/t1?notify=1&q=caf%C3%A9`,
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'Cookie', value: 'better-auth.session_token=SESSION' },
        { name: 'Authorization', value: 'Bearer PAGE-TOKEN' },
      ],
      postData: { mimeType: 'application/json', text: '{"title":"Ünïcödé 🚀"}' },
      bodySize: 30,
    }));
    const url = testerHandoffUrl(OPTIONS, handoffFor(r, 'key-1')!);
    expect(url.startsWith(`${OPTIONS}?${HANDOFF_PARAM}=`)).toBe(true);
    expect(url.endsWith('#tester')).toBe(true);
    expect(url).not.toMatch(/SESSION|PAGE-TOKEN/);
    const back = readTesterHandoff(new URL(url).search)!;
    expect(back).toEqual({ v: 1, keyId: 'key-1', method: 'PUT', path: '/task/t1?notify=1&q=caf%C3%A9', body: '{"title":"Ünïcödé 🚀"}', contentType: null });
    expect(handoffDraft(back)).toEqual({ method: 'PUT', path: '/task/t1?notify=1&q=caf%C3%A9', headers: [], body: '{"title":"Ünïcödé 🚀"}' });
  });

  it('keeps a form content type (the tester assumes JSON otherwise)', () => {
    const r = recorded(harEntry({
      method: 'POST',
      url: `${BASE}/x`,
      headers: [{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
      postData: { mimeType: 'application/x-www-form-urlencoded', text: 'a=1&b=2' },
      bodySize: 7,
    }));
    const back = readTesterHandoff(new URL(testerHandoffUrl(OPTIONS, handoffFor(r, null)!)).search)!;
    expect(handoffDraft(back).headers).toEqual([{ name: 'Content-Type', value: 'application/x-www-form-urlencoded' }]);
  });

  it('offers nothing for a request whose body was refused (a sign-in)', () => {
    const r = recorded(harEntry({
      method: 'POST',
      url: `${BASE}/auth/sign-in/email`,
      postData: { mimeType: 'application/json', text: '{"password":"x"}' },
      bodySize: 16,
    }));
    expect(handoffFor(r, 'key-1')).toBeNull();
  });

  it('ignores an address that is not a handoff', () => {
    for (const search of ['', '?x=1', `?${HANDOFF_PARAM}=`, `?${HANDOFF_PARAM}=%%%`, `?${HANDOFF_PARAM}=${btoa('{"v":2}')}`, `?${HANDOFF_PARAM}=${btoa('not json')}`]) {
      expect(readTesterHandoff(search)).toBeNull();
    }
    const evil = btoa(JSON.stringify({ v: 1, keyId: null, method: 'TRACE', path: '/x', body: '', contentType: null }));
    expect(readTesterHandoff(`?${HANDOFF_PARAM}=${evil}`)).toBeNull();
  });

  it('round-trips any text body and path', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ minLength: 1, unit: 'grapheme' }), (body, path) => {
        const handoff = { v: 1 as const, keyId: null, method: 'POST' as const, path, body, contentType: null };
        expect(readTesterHandoff(new URL(testerHandoffUrl(OPTIONS, handoff)).search)).toEqual(handoff);
      }),
      { numRuns: 200 },
    );
  });
});
