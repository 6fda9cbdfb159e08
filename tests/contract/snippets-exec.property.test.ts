// Issue 12, "tests that attack": GENERATED hostile values (fast-check) in every executable snippet
// format, run by the real program against the Kaneo-compatible server's /__echo route, arrive
// byte for byte — method, request target, header values, the Authorization value and the body.
// The hand-picked cases are in snippets-exec.test.ts; this file lets the generator look for the
// quoting mistake nobody thought of. Python and HTTPie run only when installed (skipped if not).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequestSchema, type HttpRequest } from '../../lib/request/http-request';
import { renderSnippet, type SnippetFormat } from '../../lib/snippets/render-snippet';
import { canonicalUrl, toWireRequest } from '../../lib/snippets/wire-request';
import type { EchoResponse } from '../kaneo-server/echo';
import { startKaneoServer, type KaneoServerHandle } from '../kaneo-server/server';

const configDir = mkdtempSync(join(tmpdir(), 'kaneo-snippets-prop-'));
let server: KaneoServerHandle;
let python: string | null = null;
let httpie = false;

function run(file: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        env: { ...process.env, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost', HTTPIE_CONFIG_DIR: configDir, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...env },
        timeout: 50_000, // room on a busy machine (a pyenv shim alone took 2.5 s here), not a goal
        maxBuffer: 4 * 1024 * 1024,
      },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
    // Nothing on stdin: a program that reads it (HTTPie does) must not wait for a terminal.
    child.stdin?.end();
  });
}

const runners: Record<string, (text: string, env: Record<string, string>) => ReturnType<typeof run>> = {
  'curl-bash': (text, env) => run('bash', ['-c', text], env),
  'fetch-node': (text, env) => run(process.execPath, ['--input-type=module', '-e', text], env),
  'python-requests': (text, env) => run(python ?? 'python3', ['-c', text], env),
  httpie: (text, env) => run('bash', ['-c', text], env),
};

beforeAll(async () => {
  server = await startKaneoServer();
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if ((await run(candidate, ['-c', 'import requests']).catch(() => null))?.code === 0) {
      python = candidate;
      break;
    }
  }
  httpie = (await run('http', ['--version']).catch(() => null))?.code === 0;
});

afterAll(async () => {
  await server?.close();
  rmSync(configDir, { recursive: true, force: true });
});

/** Characters that break quoting in one shell or language or another, plus plain ones. */
const HOSTILE = [..."'\"`$\\!%^&|<>(){}[];:*?~#=@,+-_. \t", 'a', 'Z', '0', 'é', '😀', '\u202e', '${HOME}', '$(id)', '%PATH%', '\\n', '--', '@/etc/passwd'];
const hostileText = (maxLength: number) => fc.array(fc.constantFrom(...HOSTILE), { maxLength }).map((parts) => parts.join(''));
/** Header values: printable ASCII only (no line breaks; HTTP trims the ends, so no spaces there). */
const headerValue = fc
  .array(fc.constantFrom(...HOSTILE.filter((c) => /^[\x21-\x7e]+$/.test(c))), { minLength: 1, maxLength: 12 })
  .map((parts) => parts.join(''));
/** A path segment: the URL rules encode it; `/ ? # %` are left out so the segment stays one. */
const pathSegment = fc
  .array(fc.constantFrom(...HOSTILE.filter((c) => !/[/?#%\\\t]/.test(c))), { minLength: 1, maxLength: 8 })
  .map((parts) => parts.join('').trim() || 'x');

const generatedRequest = fc.record({
  method: fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'),
  segment: pathSegment,
  header: headerValue,
  body: hostileText(24),
  secret: headerValue,
});

function modelOf(value: { method: string; segment: string; header: string; body: string }): HttpRequest {
  return httpRequestSchema.parse({
    method: value.method,
    url: `${server.url}/__echo/api/${encodeURIComponent(value.segment)}`,
    headers: [
      { name: 'Content-Type', value: 'text/plain; charset=utf-8' },
      { name: 'X-Generated', value: value.header },
    ],
    body: value.body,
  });
}

describe.each(['curl-bash', 'fetch-node', 'python-requests', 'httpie'] as SnippetFormat[])('%s with generated hostile values', (format) => {
  it('sends every generated request byte for byte, env and inline key alike', { timeout: 240_000 }, async ({ skip }) => {
    if (format === 'python-requests' && !python) skip('python3 with requests is not installed');
    if (format === 'httpie' && !httpie) skip('HTTPie is not installed');
    await fc.assert(
      fc.asyncProperty(generatedRequest, fc.boolean(), async (value, inline) => {
        const model = modelOf(value);
        const snippet = renderSnippet(
          format,
          model,
          inline ? { kind: 'inline', secret: value.secret } : { kind: 'env', variable: 'KANEO_API_KEY' },
        );
        // Byte for byte is promised only where the snippet does not warn otherwise: HTTPie reads
        // `\:` `\;` `\=` `\@` in a header value as escapes and has no way to write them, and says
        // so in a note (seed -275032817 found this: X-Generated: \@' arrived as @').
        fc.pre(snippet.notes.length === 0);
        // In env mode HTTPie parses the expanded variable the same way; Kaneo's keys are letters and digits.
        if (format === 'httpie' && !inline) fc.pre(!/\\[:;=@]/.test(value.secret));
        const result = await runners[format]!(snippet.text, { KANEO_API_KEY: value.secret });
        const start = result.stdout.indexOf('{');
        if (result.code !== 0 || start === -1) throw new Error(`snippet failed (exit ${result.code}): ${result.stderr}\n${snippet.text}`);
        const echo = JSON.parse(result.stdout.slice(start, result.stdout.lastIndexOf('}') + 1)) as EchoResponse;
        const wire = toWireRequest(model);
        const received = (name: string) => echo.headers.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v);
        expect(echo.method).toBe(model.method);
        expect(echo.query === '' ? echo.path : `${echo.path}?${echo.query}`).toBe(canonicalUrl(model.url).target);
        expect(received('authorization')).toEqual([`Bearer ${value.secret}`]);
        expect(received('X-Generated')).toEqual([wire.headers.find((h) => h.name === 'X-Generated')!.value]);
        expect(Buffer.from(echo.bodyBase64, 'base64').equals(Buffer.from(wire.body ?? '', 'utf8'))).toBe(true);
      }),
      // Each run starts a process: eight keep the suite quick (more with SNIPPET_PROPERTY_RUNS); a failure prints its seed.
      { numRuns: Number(process.env.SNIPPET_PROPERTY_RUNS ?? 8) },
    );
  });
});
