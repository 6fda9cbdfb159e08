/** Builds HAR 1.2 entries the way Chromium's DevTools reports them, for the devtools tests. */
export function harEntry(overrides: {
  method?: string;
  url?: string;
  headers?: Array<{ name: string; value: string }>;
  postData?: { mimeType: string; text?: string };
  bodySize?: number;
  status?: number;
  response?: { mimeType: string; text?: string; encoding?: string };
} = {}): unknown {
  return {
    startedDateTime: '2026-12-01T20:00:00.000Z',
    time: 12.5,
    request: {
      method: overrides.method ?? 'GET',
      url: overrides.url ?? 'http://127.0.0.1:5173/api/task/tasks/p1',
      httpVersion: 'HTTP/1.1',
      headers: overrides.headers ?? [
        { name: 'Cookie', value: 'better-auth.session_token=SESSION' },
        { name: 'Accept', value: '*/*' },
      ],
      queryString: [],
      cookies: [{ name: 'better-auth.session_token', value: 'SESSION' }],
      ...(overrides.postData ? { postData: overrides.postData } : {}),
      bodySize: overrides.bodySize ?? 0,
    },
    response: {
      status: overrides.status ?? 200,
      statusText: 'OK',
      headers: [{ name: 'Set-Cookie', value: 'better-auth.session_token=NEW; HttpOnly' }],
      cookies: [],
      content: overrides.response ?? { mimeType: 'application/json', size: 2 },
    },
    _resourceType: 'fetch',
  };
}
