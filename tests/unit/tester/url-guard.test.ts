import { describe, expect, it } from 'vitest';
import { pathRelativeToBase, resolveApiUrl } from '@/lib/tester/url-guard';

const BASE = 'https://kaneo.example.com/api';

function resolved(input: string, base = BASE): string {
  const result = resolveApiUrl(base, input);
  if (!result.ok) throw new Error(`refused ${JSON.stringify(input)}: ${result.message}`);
  return result.value;
}

function refusal(input: string, base = BASE): string {
  const result = resolveApiUrl(base, input);
  if (result.ok) throw new Error(`accepted ${JSON.stringify(input)} as ${result.value}`);
  expect(result.message.length).toBeGreaterThan(10);
  return result.reason;
}

describe('resolveApiUrl: what is allowed', () => {
  it.each([
    ['/auth/organization/list', 'https://kaneo.example.com/api/auth/organization/list'],
    ['auth/organization/list', 'https://kaneo.example.com/api/auth/organization/list'],
    ['  /project?workspaceId=w1  ', 'https://kaneo.example.com/api/project?workspaceId=w1'],
    ['', 'https://kaneo.example.com/api'],
    ['/', 'https://kaneo.example.com/api/'],
    ['?q=1', 'https://kaneo.example.com/api?q=1'],
    ['/search?q=a b', 'https://kaneo.example.com/api/search?q=a%20b'],
    ['/search?userEmail=ann@example.com', 'https://kaneo.example.com/api/search?userEmail=ann@example.com'],
    ['/search?q=//evil.example', 'https://kaneo.example.com/api/search?q=//evil.example'],
    ['/task/ä ö', 'https://kaneo.example.com/api/task/%C3%A4%20%C3%B6'],
    ['/task/1#fragment', 'https://kaneo.example.com/api/task/1'],
    ['/a/./b', 'https://kaneo.example.com/api/a/b'],
    ['/a/../b', 'https://kaneo.example.com/api/b'],
    ['https://kaneo.example.com/api/project/1', 'https://kaneo.example.com/api/project/1'],
    ['HTTPS://KANEO.EXAMPLE.COM/api/x', 'https://kaneo.example.com/api/x'],
    ['https://kaneo.example.com:443/api/x', 'https://kaneo.example.com/api/x'],
  ])('%j → %s', (input, expected) => {
    expect(resolved(input)).toBe(expected);
  });

  it('works with an API on its own origin (no /api path)', () => {
    expect(resolved('/project', 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/project');
    expect(resolved('/project', 'http://127.0.0.1:4000/')).toBe('http://127.0.0.1:4000/project');
  });

  it('keeps the port of the instance', () => {
    expect(resolved('/health', 'http://127.0.0.1:4321/api')).toBe('http://127.0.0.1:4321/api/health');
  });
});

describe('resolveApiUrl: what is refused', () => {
  it.each([
    // absolute URLs elsewhere
    ['https://evil.example/api/x', 'other-origin'],
    ['http://kaneo.example.com/api/x', 'other-origin'], // same host, other scheme = other origin
    ['https://kaneo.example.com:8443/api/x', 'other-origin'],
    ['https://kaneo.example.com.evil.example/api', 'other-origin'],
    ['https://evil.example#@kaneo.example.com/api', 'other-origin'],
    ['http:evil.example/api', 'other-origin'], // scheme without slashes: still another host
    ['https:/evil.example/api', 'other-origin'],
    ['https:///evil.example/api', 'other-origin'],
    ['https://ｅｖｉｌ.example/api', 'other-origin'], // full-width letters map to ASCII in hosts
    ['javascript:alert(1)', 'not-http'],
    ['data:text/plain,hi', 'not-http'],
    ['file:///etc/passwd', 'not-http'],
    ['ftp://kaneo.example.com/api', 'not-http'],
    // userinfo
    ['https://kaneo.example.com@evil.example/api', 'credentials-in-url'],
    ['https://user:pw@kaneo.example.com/api/x', 'credentials-in-url'],
    ['https://user@kaneo.example.com/api/x', 'credentials-in-url'],
    // protocol-relative
    ['//evil.example/api', 'protocol-relative'],
    ['///evil.example', 'protocol-relative'],
    // backslashes, raw and encoded
    ['\\\\evil.example', 'backslash'],
    ['/\\evil.example', 'backslash'],
    ['\\/evil.example', 'backslash'],
    ['https:\\\\evil.example', 'backslash'],
    ['/%5cevil.example', 'encoded-trick'],
    ['/%5C%5Cevil.example', 'encoded-trick'],
    // control characters the URL parser would strip
    ['/\t/evil.example', 'control-characters'],
    ['/\n/evil.example', 'control-characters'],
    ['/\r\n/evil.example', 'control-characters'],
    ['/x\u0000', 'control-characters'],
    ['/\u2028x', 'control-characters'],
    // at signs
    ['@evil.example', 'at-sign'],
    ['evil.example@', 'at-sign'],
    ['/x@evil.example/y', 'at-sign'],
    ['/%40evil.example', 'encoded-trick'],
    ['%2540evil.example', 'encoded-trick'],
    // encoded slashes and schemes
    ['%2F%2Fevil.example', 'encoded-trick'],
    ['/%2Fevil.example', 'encoded-trick'],
    ['%252F%252Fevil.example', 'encoded-trick'],
    ['%25252F%25252Fevil.example', 'encoded-trick'],
    ['https%3A%2F%2Fevil.example', 'encoded-trick'],
    ['/%09/evil.example', 'encoded-trick'],
    ['/%0a/x', 'encoded-trick'],
    // broken encoding
    ['/%zz', 'bad-encoding'],
    ['/%', 'bad-encoding'],
    // climbing out of the API base
    ['/../auth/sign-in', 'outside-api'],
    ['../../x', 'outside-api'],
    ['/%2e%2e/x', 'outside-api'],
    ['/%2E%2E/%2e%2E/x', 'outside-api'],
    ['/.%2e/x', 'outside-api'],
    ['https://kaneo.example.com/other', 'outside-api'],
    ['https://kaneo.example.com/apix', 'outside-api'],
    ['https://kaneo.example.com/api/../x', 'outside-api'],
    // ".." hidden behind a second decoding: the browser stays inside /api, a decoding server does not
    ['/..%2f..%2fx', 'encoded-trick'],
    ['/%252e%252e/x', 'encoded-trick'],
    ['/a/%25252e%25252e/%25252e%25252e/x', 'encoded-trick'],
    ['/%2e%2e%2fauth/sign-in', 'encoded-trick'],
    ['/x/..%252f..%252f..%252fauth', 'encoded-trick'],
    ['https://kaneo.example.com/api/..%2f..%2fx', 'encoded-trick'],
    ['https://kaneo.example.com/api/..%5c..%5cx', 'encoded-trick'],
  ])('%j is refused (%s)', (input, reason) => {
    expect(refusal(input)).toBe(reason);
  });

  it('never answers a URL on another host for any of a batch of generated tricks', () => {
    const prefixes = ['', '/', '//', '\\', '/\\', '%2f', '%2F%2F', '%5c', '/%2f', '@', 'x@', ':@', '／／', '\uFF3C\uFF3C', '%ef%bc%8f%ef%bc%8f', 'http:', 'https:', 'HTTPS://'];
    const hosts = ['evil.example', 'evil.example:443', '1.2.3.4', '[::1]'];
    const seps = ['', '\t', '\n', '%09', '%0d%0a', '%00'];
    for (const p of prefixes) {
      for (const s of seps) {
        for (const h of hosts) {
          const input = `${s}${p}${s}${h}/x`;
          const result = resolveApiUrl(BASE, input);
          if (result.ok) {
            expect(new URL(result.value).origin, input).toBe('https://kaneo.example.com');
            expect(new URL(result.value).pathname.startsWith('/api'), input).toBe(true);
          }
        }
      }
    }
  });

  it('refuses a base that is not a URL', () => {
    expect(resolveApiUrl('not a url', '/x').ok).toBe(false);
    expect(resolveApiUrl('ftp://kaneo.example.com/api', '/x').ok).toBe(false);
  });

  it('says where the key belongs when refusing another origin', () => {
    const result = resolveApiUrl(BASE, 'https://evil.example/api/x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain('https://kaneo.example.com');
      expect(result.message).toContain('https://evil.example');
    }
  });
});

describe('helpers', () => {
  it('shows a URL relative to the base', () => {
    expect(pathRelativeToBase(BASE, 'https://kaneo.example.com/api/project?workspaceId=1')).toBe(
      '/project?workspaceId=1',
    );
    expect(pathRelativeToBase(BASE, 'https://kaneo.example.com/api')).toBe('/');
  });
});
