import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { httpRequestSchema, type HttpRequest, type SecretMode } from '../../lib/request/http-request';
import { renderSnippet, type SnippetFormat } from '../../lib/snippets/render-snippet';
import { canonicalUrl, toWireRequest } from '../../lib/snippets/wire-request';
import type { EchoResponse } from '../kaneo-server/echo';
import { startKaneoServer, type KaneoServerHandle } from '../kaneo-server/server';

/**
 * Proof that the snippets do what they say: each generated snippet is run by the real program
 * (bash + curl, node, python3 + requests, HTTPie) against the Kaneo-compatible server's `/__echo`
 * route, and what the server received is compared byte for byte with the request model —
 * method, request target, every header value, the Authorization value, and the body bytes.
 * The browser fetch runs in a Chromium tab on the server's origin (when Chromium is found).
 * The bash-based formats also run as if pasted into an interactive bash, where history expansion
 * would mangle a badly quoted `!`. A real key lists the seeded workspace through each format.
 * Python and HTTPie run only when installed (CI installs python3-requests and httpie); a missing
 * program shows as skipped tests, not as passes.
 * PowerShell and cmd cannot run here: their golden tests are in tests/unit/snippets.
 */

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const ENV_KEY = 'env-Key_123$`"\'!%PATH%x';
const INLINE_SECRET = 'in\'line"$HOME`id`%PATH%!x';
const PLACEHOLDER = '<your Kaneo API key>';

const configDir = mkdtempSync(join(tmpdir(), 'kaneo-snippets-'));

function childEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    KANEO_API_KEY: ENV_KEY,
    // The server is local; a proxy set for the registries must not see these requests.
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
    // Keep a personal HTTPie config (default options) out of the test.
    HTTPIE_CONFIG_DIR: configDir,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
  };
}

function run(file: string, args: string[], stdin = ''): Promise<RunResult> {
  return new Promise((resolve) => {
    // Generous: on a busy 2-core machine a version manager's python3 shim alone took 2.5 s and a
    // whole Python run went past 20 s with its output already printed. Not a speed goal.
    const child = execFile(file, args, { env: childEnv(), timeout: 50_000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

/**
 * Like pasting into a terminal: an interactive bash (history expansion on, so a stray `!` would
 * be expanded) reads the snippet as typed input, line continuations and all.
 */
function runPastedIntoBash(text: string): Promise<RunResult> {
  return run('bash', ['--norc', '--noprofile', '-i'], `set -o histexpand\n${text}\n`);
}

async function available(file: string, args: string[]): Promise<boolean> {
  const result = await run(file, args).catch(() => null);
  return result?.code === 0;
}

/** How each executed format is run: the snippet text is passed as is, never rewritten. */
const runners: Partial<Record<SnippetFormat, (text: string) => Promise<RunResult>>> = {
  'curl-bash': (text) => run('bash', ['-c', text]),
  'fetch-node': (text) => run(process.execPath, ['--input-type=module', '-e', text]),
  'python-requests': (text) => run(python, ['-c', text]),
  httpie: (text) => run('bash', ['-c', text]),
};

function parseEcho(result: RunResult): EchoResponse {
  const start = result.stdout.indexOf('{');
  const end = result.stdout.lastIndexOf('}');
  if (result.code !== 0 || start === -1) {
    throw new Error(`snippet failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  }
  return JSON.parse(result.stdout.slice(start, end + 1)) as EchoResponse;
}

/** Headers a client adds on its own; anything else the server got must come from the model. */
const CLIENT_DEFAULTS = new Set([
  'host', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'connection',
  'content-length', 'sec-fetch-mode', 'expect',
]);

/** What a browser adds to a same-origin fetch; `cookie` is deliberately not among them. */
const BROWSER_DEFAULTS = new Set([
  ...CLIENT_DEFAULTS, 'origin', 'referer', 'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform',
  'sec-fetch-site', 'sec-fetch-dest', 'priority',
]);

/** `expect` comes from the test's context: the per-format cases run concurrently. */
function expectReceived(
  expect: ExpectStatic,
  echo: EchoResponse,
  model: HttpRequest,
  authorization: string,
  allowed = CLIENT_DEFAULTS,
): void {
  const wire = toWireRequest(model);
  expect(echo.method).toBe(model.method);
  const target = echo.query === '' ? echo.path : `${echo.path}?${echo.query}`;
  expect(target).toBe(canonicalUrl(model.url).target);

  const received = (name: string) => echo.headers.filter(([n]) => n === name.toLowerCase()).map(([, v]) => v);
  expect(received('authorization')).toEqual([authorization]);
  for (const header of wire.headers) {
    // Node decodes header bytes as Latin-1, so a string compare is a byte compare here.
    expect(received(header.name), `header ${header.name}`).toEqual([header.value]);
  }
  const modelNames = new Set(['authorization', ...wire.headers.map((h) => h.name.toLowerCase())]);
  const extra = echo.headers.map(([n]) => n).filter((n) => !modelNames.has(n) && !allowed.has(n));
  expect(extra).toEqual([]);

  const body = Buffer.from(echo.bodyBase64, 'base64');
  expect(body.equals(Buffer.from(wire.body ?? '', 'utf8'))).toBe(true);
}

let server: KaneoServerHandle;
let formats: SnippetFormat[] = [];
/**
 * The first Python that has `requests`: Debian's first (what CI installs, and no version manager
 * shim to start), then whatever `python3` is on PATH.
 */
let python = 'python3';

beforeAll(async () => {
  server = await startKaneoServer();
  formats = ['curl-bash', 'fetch-node'];
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (await available(candidate, ['-c', 'import requests'])) {
      python = candidate;
      formats.push('python-requests');
      break;
    }
  }
  if (await available('http', ['--version'])) formats.push('httpie');
});

afterAll(async () => {
  await server?.close();
  rmSync(configDir, { recursive: true, force: true });
});

const HOSTILE_TEXT = 'it\'s "q" $HOME `id` \\ %PATH% !x ^&|<>()';

interface Case {
  name: string;
  request: (base: string) => HttpRequest;
  /** Formats that cannot send this request byte for byte (each renders a note saying so). */
  skip?: SnippetFormat[];
}

const cases: Case[] = [
  {
    name: 'plain GET',
    request: (base) => ({ method: 'GET', url: `${base}/__echo/api/auth/organization/list`, headers: [], body: null }),
  },
  {
    name: 'hostile path and query',
    request: (base) => ({
      method: 'GET',
      url: `${base}/__echo/tâche 'q' "d" $HOME \`id\` %PATH% !x ~/a+b;c=d/😀`
        + '?q=a b&s=\'1\'&d="2"&v=$x&t=`id`&p=100%&pct=%41%2f&u=é&br=[1]{2}&bs=\\&hash=%23',
      headers: [{ name: 'Accept', value: 'application/json' }],
      body: null,
    }),
  },
  {
    name: 'hostile headers and JSON body',
    request: (base) => ({
      method: 'POST',
      url: `${base}/__echo/api/task/1`,
      headers: [
        { name: 'Content-Type', value: 'application/json' },
        { name: 'X-Hostile', value: HOSTILE_TEXT },
        { name: 'X-Empty', value: '' },
        { name: 'X-Spaces', value: '  padded  value  ' },
      ],
      body: `{\n  "title": ${JSON.stringify(HOSTILE_TEXT)},\r\n  "tab": "\t",\n  "unicode": "tâche 😀 ‮rtl‬ ’quote’ “dq”",\n  "nl": "a\\nb"\n}\n`,
    }),
  },
  {
    name: 'Latin-1 header value',
    request: (base) => ({
      method: 'PATCH',
      url: `${base}/__echo/x`,
      headers: [{ name: 'Content-Type', value: 'text/plain; charset=utf-8' }, { name: 'X-Latin1', value: 'café ñ' }],
      body: 'é',
    }),
    // HTTPie always encodes header values as UTF-8 (its note says so).
    skip: ['httpie'],
  },
  {
    name: 'values that look like files and options',
    request: (base) => ({
      method: 'PUT',
      url: `${base}/__echo/files`,
      headers: [
        { name: 'Content-Type', value: 'text/plain' },
        { name: 'X-Eq', value: '=x:=y' },
        { name: 'X-At', value: '@/etc/hostname' },
        { name: 'X-Colon', value: 'a:b;c=d' },
      ],
      body: '@/etc/passwd',
    }),
  },
  {
    name: 'body starting with a dash, DELETE',
    request: (base) => ({
      method: 'DELETE',
      url: `${base}/__echo/projects/p1?force=true`,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
      body: '--data-binary @/etc/passwd',
    }),
  },
  {
    // Python's argparse drops an option value that is exactly `--` (HTTPie then crashed).
    name: 'body that is exactly --',
    request: (base) => ({
      method: 'POST',
      url: `${base}/__echo/tasks`,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
      body: '--',
    }),
  },
];

const EXECUTABLE: SnippetFormat[] = ['curl-bash', 'fetch-node', 'python-requests', 'httpie'];

// Concurrent within a format: each case is its own process, the server takes them in parallel.
describe.concurrent.each(EXECUTABLE)('%s snippet, run against /__echo', (format) => {
  const skipIfMissing = (skip: (note?: string) => void) => {
    if (!formats.includes(format)) skip(`${format}: program not installed`);
  };

  it.for(cases)('env mode: $name', async (testCase, { skip, expect }) => {
    skipIfMissing(skip);
    const model = httpRequestSchema.parse(testCase.request(server.url));
    if (testCase.skip?.includes(format)) {
      expect(renderSnippet(format, model, { kind: 'env', variable: 'KANEO_API_KEY' }).notes.join(' ')).toMatch(/UTF-8/);
      return;
    }
    const snippet = renderSnippet(format, model, { kind: 'env', variable: 'KANEO_API_KEY' });
    expect(snippet.text).not.toContain(ENV_KEY);
    expectReceived(expect, parseEcho(await runners[format]!(snippet.text)), model, `Bearer ${ENV_KEY}`);
  });

  it('inline mode sends the secret as written, quotes and all', async ({ skip, expect }) => {
    skipIfMissing(skip);
    const model = httpRequestSchema.parse(cases[2]!.request(server.url));
    const snippet = renderSnippet(format, model, { kind: 'inline', secret: INLINE_SECRET });
    expectReceived(expect, parseEcho(await runners[format]!(snippet.text)), model, `Bearer ${INLINE_SECRET}`);
  });

  it('redacted mode sends the placeholder, never the environment key', async ({ skip, expect }) => {
    skipIfMissing(skip);
    const model = httpRequestSchema.parse(cases[0]!.request(server.url));
    const mode: SecretMode = { kind: 'redacted', placeholder: PLACEHOLDER };
    const snippet = renderSnippet(format, model, mode);
    expectReceived(expect, parseEcho(await runners[format]!(snippet.text)), model, `Bearer ${PLACEHOLDER}`);
  });
}, 60_000); // each test runs one interpreter; several run at once (room on a busy machine, not a goal)

describe.each(['curl-bash', 'httpie'] as const)('%s snippet pasted into an interactive bash', (format) => {
  const multiLineBang: Case = {
    name: 'multi-line body with history designators',
    request: (base) => ({
      method: 'POST',
      url: `${base}/__echo/notes`,
      headers: [{ name: 'Content-Type', value: 'text/plain' }],
      body: 'line one\n!! and !$ and !-1\n  "quoted" \'single\' $HOME\n',
    }),
  };

  it.for([cases[1]!, cases[2]!, multiLineBang])('$name, hostile inline secret', async (testCase, { skip, expect }) => {
    if (!formats.includes(format)) skip(`${format}: program not installed`);
    const model = httpRequestSchema.parse(testCase.request(server.url));
    const secret = `${INLINE_SECRET} !! !$ !-1`;
    const snippet = renderSnippet(format, model, { kind: 'inline', secret });
    expectReceived(expect, parseEcho(await runPastedIntoBash(snippet.text)), model, `Bearer ${secret}`);
  });
});

/**
 * The browser format runs where it says it runs: in a tab on the Kaneo origin (same origin, so no
 * CORS), pasted as a script. The tab holds a session cookie, which `credentials: "omit"` must keep
 * out of the request: a cookie reaching the server fails the "no extra headers" check.
 */
describe('fetch-browser snippet, run in a Chromium tab on the server origin', () => {
  let browser: Browser | null = null;
  const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
    .find((path): path is string => Boolean(path) && existsSync(path!));

  beforeAll(async () => {
    if (executablePath) browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function runInTab(text: string): Promise<RunResult> {
    const page = await browser!.newPage();
    try {
      await page.goto(`${server.url}/api/health`);
      await page.evaluate(() => {
        document.cookie = 'better-auth.session_token=must-not-be-sent; path=/';
      });
      const logged = new Promise<string>((resolve) => {
        // Only the snippet's own console.log counts: the browser also logs its own errors (a
        // favicon 404, say) to the console, at any moment.
        page.on('console', (message) => {
          if (message.type() === 'log') resolve(message.text());
        });
        page.once('pageerror', (error) => resolve(`ERROR ${error.message}`));
      });
      await page.addScriptTag({ content: `(async () => {\n${text}\n})().catch((error) => console.log('ERROR ' + error));` });
      const stdout = await logged;
      return { code: stdout.startsWith('ERROR') ? 1 : 0, stdout, stderr: stdout };
    } finally {
      await page.close();
    }
  }

  it.for(cases)('env mode with the key pasted into the constant: $name', async (testCase, { skip, expect }) => {
    if (!browser) skip('Chromium not found (set CHROMIUM_PATH)');
    const model = httpRequestSchema.parse(testCase.request(server.url));
    const snippet = renderSnippet('fetch-browser', model, { kind: 'env', variable: 'KANEO_API_KEY' });
    const constant = 'const KANEO_API_KEY = "<your Kaneo API key>";';
    expect(snippet.text).toContain(constant);
    // A function, so `$` patterns in the key are not read as replacement patterns.
    const filled = snippet.text.replace(constant, () => `const KANEO_API_KEY = ${JSON.stringify(ENV_KEY)};`);
    expectReceived(expect, parseEcho(await runInTab(filled)), model, `Bearer ${ENV_KEY}`, BROWSER_DEFAULTS);
  });

  it('inline mode', async ({ skip, expect }) => {
    if (!browser) skip('Chromium not found (set CHROMIUM_PATH)');
    const model = httpRequestSchema.parse(cases[2]!.request(server.url));
    const snippet = renderSnippet('fetch-browser', model, { kind: 'inline', secret: INLINE_SECRET });
    expectReceived(expect, parseEcho(await runInTab(snippet.text)), model, `Bearer ${INLINE_SECRET}`, BROWSER_DEFAULTS);
  });
});

describe('snippets against the Kaneo API with a real key', () => {
  let key = '';

  beforeAll(async () => {
    const signIn = await fetch(`${server.apiUrl}/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url },
      body: JSON.stringify({ email: server.seed.email, password: server.seed.password }),
    });
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const created = await fetch(`${server.apiUrl}/auth/api-key/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, cookie },
      body: JSON.stringify({ name: 'snippets-exec' }),
    });
    key = ((await created.json()) as { key: string }).key;
    expect(key).toMatch(/\S{16,}/);
  });

  it.for(EXECUTABLE)('%s lists the workspaces with the key inline (the "Test this key" request)', async (format, { skip }) => {
    if (!formats.includes(format)) skip(`${format}: program not installed`);
    const model = httpRequestSchema.parse({ method: 'GET', url: `${server.apiUrl}/auth/organization/list`, headers: [] });
    const result = await runners[format]!(renderSnippet(format, model, { kind: 'inline', secret: key }).text);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(server.seed.workspaceId);
  });

  it('a wrong key gets no workspaces', async () => {
    const model = httpRequestSchema.parse({ method: 'GET', url: `${server.apiUrl}/auth/organization/list`, headers: [] });
    const snippet = renderSnippet('curl-bash', model, { kind: 'inline', secret: 'x'.repeat(64) });
    const result = await runners['curl-bash']!(`${snippet.text} -w '\\n%{http_code}'`);
    expect(result.stdout).not.toContain(server.seed.workspaceId);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('401');
  });
});
