import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordFromHar } from '@/lib/devtools/recorded-request';
import { assembleScript } from '@/lib/devtools/call-script';
import { renderSnippet, snippetFormatIds } from '@/lib/snippets/render-snippet';
import { handoffFor, readTesterHandoff, testerHandoffUrl } from '@/lib/devtools/tester-handoff';
import { harEntry } from './har-entry';

const BASE = 'https://kaneo.example/api';
const SECRET = 'LEAKED';

// Header names a page could send a credential in, in any letter case, plus harmless ones.
const credentialName = fc
  .constantFrom('Cookie', 'Authorization', 'X-Api-Key', 'Proxy-Authorization', 'Set-Cookie', 'Cookie2', 'X-Auth-Token', 'X-CSRF-Token', 'Forwarded')
  .chain((name) => fc.array(fc.boolean(), { minLength: name.length, maxLength: name.length }).map((up) =>
    [...name].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join('')));
const otherName = fc.constantFrom('Content-Type', 'Accept', 'Accept-Language', 'User-Agent', 'Origin', 'Referer', 'Sec-Fetch-Mode');

const headerSet = fc.array(
  fc.oneof(
    fc.record({ name: credentialName, value: fc.string().map((s) => `${s}${SECRET}${s}`) }),
    fc.record({ name: otherName, value: fc.constantFrom('application/json', '*/*', 'en') }),
  ),
  { maxLength: 12 },
);

describe('credentials the page sent never reach a snippet', () => {
  it('holds for any header set, every format, every secret mode but inline, scripts and the tester handoff', () => {
    fc.assert(
      fc.property(headerSet, fc.constantFrom('GET', 'POST', 'DELETE'), (headers, method) => {
        const result = recordFromHar(
          harEntry({ method, url: `${BASE}/task/t1`, headers, postData: method === 'POST' ? { mimeType: 'application/json', text: '{"a":1}' } : undefined }),
          BASE,
          1,
        );
        expect(result.ok).toBe(true);
        if (!result.ok || !result.value.request) return;
        const texts = [JSON.stringify(result.value)];
        for (const format of snippetFormatIds) {
          texts.push(renderSnippet(format, result.value.request, { kind: 'env', variable: 'KANEO_API_KEY' }).text);
          texts.push(renderSnippet(format, result.value.request, { kind: 'redacted', placeholder: '<key>' }).text);
        }
        for (const language of ['bash', 'node'] as const) {
          texts.push(assembleScript([{ recorded: result.value, label: 'x' }], language).text);
        }
        const handoffUrl = testerHandoffUrl('chrome-extension://x/options.html', handoffFor(result.value, 'k1')!);
        texts.push(handoffUrl, JSON.stringify(readTesterHandoff(new URL(handoffUrl).search)));
        for (const text of texts) {
          expect(text).not.toContain(SECRET);
          expect(text.toLowerCase()).not.toMatch(/cookie|x-api-key|session_token/);
        }
      }),
      { numRuns: 200 },
    );
  });
});
