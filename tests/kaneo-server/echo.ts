// Test-only echo route (not part of Kaneo): answers exactly what it received, so snippet tests can
// check the method, path, query, headers and body bytes a generated snippet really sends.
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

export interface EchoResponse {
  method: string;
  /** The request target's path as sent (not decoded), e.g. `/__echo/a%20b`. */
  path: string;
  /** The raw query string without the leading `?` ('' when there is none). */
  query: string;
  /** Headers in the order received, names lower-cased, values as sent. */
  headers: Array<[string, string]>;
  bodyBase64: string;
}

export async function echoHandler(c: Context<{ Bindings: HttpBindings }>): Promise<Response> {
  const incoming = c.env?.incoming;
  const target = incoming?.url ?? new URL(c.req.url).pathname + new URL(c.req.url).search;
  const q = target.indexOf('?');
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? '' : target.slice(q + 1);
  const headers: Array<[string, string]> = [];
  if (incoming?.rawHeaders) {
    const raw = incoming.rawHeaders;
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!.toLowerCase(), raw[i + 1]!]);
  } else {
    c.req.raw.headers.forEach((value, name) => headers.push([name, value]));
  }
  const body = Buffer.from(await c.req.raw.arrayBuffer());
  const answer: EchoResponse = {
    method: incoming?.method ?? c.req.method,
    path,
    query,
    headers,
    bodyBase64: body.toString('base64'),
  };
  return new Response(JSON.stringify(answer), {
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  });
}
