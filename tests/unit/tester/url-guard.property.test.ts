import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveApiUrl } from '@/lib/tester/url-guard';

// Property: whatever path is generated from the pieces that trick URL parsers and servers, an
// accepted URL is on the key's origin and inside its API base — both as the browser sends it and
// as a server sees it after decoding the path as many times as it likes.

const BASES = ['https://kaneo.example.com/api', 'http://127.0.0.1:4000', 'https://k.example/sub/api/'];

const piece = fc.constantFrom(
  '/', '//', '.', '..', '%2e', '%2E', '%2f', '%2F', '%252e', '%252f', '%25252e', '%25', '%5c', '\\',
  '@', ':', '?', '#', '%3f', '%23', '%40', '%3a', 'evil.example', 'api', 'sub', 'x', 'ä', '%00', '%09', '\t',
  'http:', 'https:', 'https://evil.example', 'https://kaneo.example.com', '%2e%2e', '.%2e', '..%2f', '%252e%252e',
);
const generatedPath = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

/** What a server that decodes ASCII escapes until nothing changes would make of the path. */
function serverView(url: URL): URL {
  let path = url.pathname;
  for (let i = 0; i < 10; i += 1) {
    const next = path.replace(/%([0-7][0-9a-fA-F])/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === path) break;
    path = next;
  }
  // Servers split on "/" (some on "\" too), and resolve "..": the URL parser does both.
  return new URL(path.replace(/\\/g, '/').replace(/^\/+/, '/'), url.origin);
}

function inside(url: URL, base: URL): boolean {
  const basePath = base.pathname.replace(/\/+$/, '');
  return url.origin === base.origin && (basePath === '' || url.pathname === basePath || url.pathname.startsWith(`${basePath}/`));
}

describe('resolveApiUrl (property-based)', () => {
  for (const baseUrl of BASES) {
    it(`never leaves ${baseUrl}, as sent or as a decoding server reads it`, () => {
      const base = new URL(baseUrl);
      fc.assert(
        fc.property(generatedPath, (input) => {
          const result = resolveApiUrl(baseUrl, input);
          if (!result.ok) return true;
          const sent = new URL(result.value);
          return inside(sent, base) && inside(serverView(sent), base);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('still accepts ordinary paths (the property is not met by refusing everything)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z0-9-]{1,8}$/), { minLength: 1, maxLength: 5 }), (segments) => {
        const result = resolveApiUrl(BASES[0]!, `/${segments.join('/')}`);
        return result.ok && result.value === `https://kaneo.example.com/api/${segments.join('/')}`;
      }),
    );
  });
});
