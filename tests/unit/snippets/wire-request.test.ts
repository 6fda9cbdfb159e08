import { describe, expect, it } from 'vitest';
import { canonicalUrl, toWireRequest } from '../../../lib/snippets/wire-request';

describe('canonicalUrl', () => {
  it('leaves an ordinary Kaneo URL exactly as it is', () => {
    const url = 'https://kaneo.example.com/api/project?workspaceId=ws_123&limit=10';
    expect(canonicalUrl(url)).toEqual({
      url,
      origin: 'https://kaneo.example.com',
      target: '/api/project?workspaceId=ws_123&limit=10',
    });
  });

  it('percent-encodes spaces, quotes, backticks and unicode in path and query as UTF-8', () => {
    expect(canonicalUrl('http://h/tâche "x" `id`?q=a b&u=é&e=😀').target)
      .toBe('/t%C3%A2che%20%22x%22%20%60id%60?q=a%20b&u=%C3%A9&e=%F0%9F%98%80');
  });

  it("keeps RFC 3986 sub-delims and : @ raw in the path, but writes ' as %27 in the query", () => {
    expect(canonicalUrl("http://h/a'b!$&()*+,;=:@?x='1'&y=!$()*+,;:@/?").target)
      .toBe("/a'b!$&()*+,;=:@?x=%271%27&y=!$()*+,;:@/?");
  });

  it('encodes the characters curl would glob and requests would re-quote', () => {
    expect(canonicalUrl('http://h/p?a[0]=1&b={x}&c=|^\\&d=`').target).toBe('/p?a%5B0%5D=1&b=%7Bx%7D&c=%7C%5E%5C&d=%60');
  });

  it('upper-cases escapes, decodes escapes of unreserved characters and repairs a stray %', () => {
    expect(canonicalUrl('http://h/%7euser/%2f%41?p=100%&q=%zz&r=%2d%5f').target).toBe('/~user/%2FA?p=100%25&q=%25zz&r=-_');
  });

  it('follows the WHATWG parse: dot segments, backslashes, fragment, user info, empty query, IDN host', () => {
    expect(canonicalUrl('http://user:pw@h/a/./b/../c\\d?#frag')).toEqual({ url: 'http://h/a/c/d', origin: 'http://h', target: '/a/c/d' });
    expect(canonicalUrl('https://bücher.example:8443').url).toBe('https://xn--bcher-kva.example:8443/');
  });

  it('is idempotent', () => {
    const once = canonicalUrl("http://h/tâche 'q' %PATH% %41?q=a b&s='1'&p=100%&br=[1]").url;
    expect(canonicalUrl(once).url).toBe(once);
  });

  it('throws on something that is not an http(s) URL', () => {
    expect(() => canonicalUrl('/api/project')).toThrow(TypeError);
    expect(() => canonicalUrl('javascript:alert(1)')).toThrow(TypeError);
    expect(() => canonicalUrl('file:///etc/passwd')).toThrow(TypeError);
  });
});

describe('toWireRequest', () => {
  it('trims header values, merges repeated names like fetch does, and drops client-managed headers', () => {
    const wire = toWireRequest({
      method: 'POST',
      url: 'http://h/x',
      headers: [
        { name: 'X-A', value: '  one\t' },
        { name: 'Authorization', value: 'Bearer from-the-model' },
        { name: 'x-a', value: 'two' },
        { name: 'Host', value: 'evil.example' },
        { name: 'Content-Length', value: '5' },
        { name: 'Accept', value: 'application/json' },
      ],
      body: '{}',
    });
    expect(wire.headers).toEqual([
      { name: 'X-A', value: 'one, two' },
      { name: 'Accept', value: 'application/json' },
    ]);
  });

  it('treats an empty body on GET and HEAD as no body, but keeps it on POST', () => {
    expect(toWireRequest({ method: 'GET', url: 'http://h/', headers: [], body: '' }).body).toBeNull();
    expect(toWireRequest({ method: 'HEAD', url: 'http://h/', headers: [], body: '' }).body).toBeNull();
    expect(toWireRequest({ method: 'POST', url: 'http://h/', headers: [], body: '' }).body).toBe('');
  });

  it('does not change the request it was given', () => {
    const request = { method: 'GET' as const, url: 'http://h/a b', headers: [{ name: 'X', value: ' v ' }], body: null };
    toWireRequest(request);
    expect(request).toEqual({ method: 'GET', url: 'http://h/a b', headers: [{ name: 'X', value: ' v ' }], body: null });
  });
});
