import { describe, expect, it } from 'vitest';
import type { HttpRequest, SecretMode } from '../../../lib/request/http-request';
import { renderSnippet, snippetFormats, snippetFormatIds, type SnippetFormat } from '../../../lib/snippets/render-snippet';
import { canonicalUrl } from '../../../lib/snippets/wire-request';
import { readPowerShellSnippet, readPythonString, runCmdPrompt, type PercentRescan } from './shell-models';

const ENV: SecretMode = { kind: 'env', variable: 'KANEO_API_KEY' };
const SECRET = 'kaneo_Secret123';

const simplePost: HttpRequest = {
  method: 'POST',
  url: 'https://kaneo.example.com/api/task/tsk_1?notify=true',
  headers: [{ name: 'Content-Type', value: 'application/json' }],
  body: '{"title":"Ship it"}',
};

const HOSTILE_TEXT = 'it\'s "q" $HOME `id` \\ %PATH% %PATH:x=y% !x ^&|<>() tâche 😀';

/** Hostile values in path, query, headers and body; header values ASCII or Latin-1 only. */
const hostile: HttpRequest = {
  method: 'PUT',
  url: `https://kaneo.example.com/api/tâche 'q' "d" $HOME \`id\` %PATH% !x/😀?q=a b&s='1'&v=$x&t=\`id\`&p=100%&u=é&br=[1]{2}&bs=\\`,
  headers: [
    { name: 'Content-Type', value: 'application/json; charset=utf-8' },
    { name: 'X-Hostile', value: 'it\'s "q" $HOME `id` \\ %PATH% %PATH:x=y% !x ^&|<>()' },
    { name: 'X-Latin1', value: 'café' },
    { name: 'X-Empty', value: '' },
  ],
  body: `{\n  "title": ${JSON.stringify(HOSTILE_TEXT)},\n  "pct": "100%",\n  "nl": "a\\nb"\n}`,
};

describe('snippetFormats', () => {
  it('lists every format once, with a label', () => {
    expect(snippetFormats.map((f) => f.id)).toEqual([...snippetFormatIds]);
    expect(new Set(snippetFormats.map((f) => f.label)).size).toBe(snippetFormats.length);
    for (const format of snippetFormats) expect(format.label.length).toBeGreaterThan(2);
  });
});

describe('golden snippets for a simple POST in env mode', () => {
  const golden: Record<SnippetFormat, string> = {
    'curl-bash': [
      "curl 'https://kaneo.example.com/api/task/tsk_1?notify=true' \\",
      '  -H "Authorization: Bearer $KANEO_API_KEY" \\',
      "  -H 'Content-Type: application/json' \\",
      "  --data-raw '{\"title\":\"Ship it\"}'",
    ].join('\n'),
    'curl-cmd': [
      'curl.exe "https://kaneo.example.com/api/task/tsk_1?notify=true" ^',
      '  -H "Authorization: Bearer %KANEO_API_KEY%" ^',
      '  -H "Content-Type: application/json" ^',
      '  --data-raw ^"{\\^"title\\^":\\^"Ship it\\^"}^"',
    ].join('\n'),
    powershell: [
      '$params = @{',
      "  Method = 'Post'",
      "  Uri = 'https://kaneo.example.com/api/task/tsk_1?notify=true'",
      '  Headers = @{',
      '    \'Authorization\' = "Bearer $env:KANEO_API_KEY"',
      '  }',
      "  ContentType = 'application/json'",
      "  Body = [System.Text.Encoding]::UTF8.GetBytes('{\"title\":\"Ship it\"}')",
      '}',
      'Invoke-RestMethod @params',
    ].join('\n'),
    'fetch-browser': [
      '// Run in the DevTools console of a tab on the Kaneo web app (other origins are refused by CORS).',
      '// Browsers have no environment variables: paste your key between the quotes.',
      'const KANEO_API_KEY = "<your Kaneo API key>";',
      'const response = await fetch("https://kaneo.example.com/api/task/tsk_1?notify=true", {',
      '  method: "POST",',
      '  headers: {',
      '    "Authorization": "Bearer " + KANEO_API_KEY,',
      '    "Content-Type": "application/json",',
      '  },',
      '  body: "{\\"title\\":\\"Ship it\\"}",',
      '  credentials: "omit",',
      '});',
      'console.log(response.status, await response.text());',
    ].join('\n'),
    'fetch-node': [
      'const response = await fetch("https://kaneo.example.com/api/task/tsk_1?notify=true", {',
      '  method: "POST",',
      '  headers: {',
      '    "Authorization": "Bearer " + process.env.KANEO_API_KEY,',
      '    "Content-Type": "application/json",',
      '  },',
      '  body: "{\\"title\\":\\"Ship it\\"}",',
      '});',
      'console.log(response.status, await response.text());',
    ].join('\n'),
    httpie: [
      "http --ignore-stdin POST 'https://kaneo.example.com/api/task/tsk_1?notify=true' \\",
      '  "Authorization:Bearer $KANEO_API_KEY" \\',
      "  'Content-Type:application/json' \\",
      "  --raw='{\"title\":\"Ship it\"}'",
    ].join('\n'),
    'python-requests': [
      'import os',
      '',
      'import requests',
      '',
      'response = requests.request(',
      '    "POST",',
      '    "https://kaneo.example.com/api/task/tsk_1?notify=true",',
      '    headers={',
      '        "Authorization": "Bearer " + os.environ["KANEO_API_KEY"],',
      '        "Content-Type": "application/json",',
      '    },',
      '    data="{\\"title\\":\\"Ship it\\"}".encode("utf-8"),',
      '    timeout=30,',
      ')',
      'print(response.status_code)',
      'print(response.text)',
    ].join('\n'),
  };

  it.each(snippetFormatIds)('%s', (format) => {
    const rendered = renderSnippet(format, simplePost, ENV);
    expect(rendered.text).toBe(golden[format]);
    expect(rendered.notes).toEqual(format === 'fetch-browser'
      ? ['Browsers have no environment variables: replace the KANEO_API_KEY placeholder at the top with your key.']
      : []);
  });

  it('offers the matching line to set the variable, with a placeholder', () => {
    const setup = (format: SnippetFormat) => renderSnippet(format, simplePost, ENV).setupLine;
    expect(setup('curl-bash')).toBe("export KANEO_API_KEY='<your Kaneo API key>'");
    expect(setup('httpie')).toBe("export KANEO_API_KEY='<your Kaneo API key>'");
    expect(setup('fetch-node')).toBe("export KANEO_API_KEY='<your Kaneo API key>'");
    expect(setup('python-requests')).toBe("export KANEO_API_KEY='<your Kaneo API key>'");
    expect(setup('curl-cmd')).toBe('set "KANEO_API_KEY=<your Kaneo API key>"');
    expect(setup('powershell')).toBe("$env:KANEO_API_KEY = '<your Kaneo API key>'");
    expect(setup('fetch-browser')).toBeUndefined();
  });

  it('uses the variable name it is given', () => {
    const text = renderSnippet('curl-bash', simplePost, { kind: 'env', variable: 'MY_KANEO' }).text;
    expect(text).toContain('"Authorization: Bearer $MY_KANEO"');
  });
});

describe('secret modes', () => {
  const withModelAuth: HttpRequest = { ...simplePost, headers: [...simplePost.headers, { name: 'authorization', value: 'Bearer stale' }] };

  it.each(snippetFormatIds)('%s: inline writes the secret once, redacted the placeholder, env neither', (format) => {
    const inline = renderSnippet(format, withModelAuth, { kind: 'inline', secret: SECRET });
    expect(inline.text.split(SECRET)).toHaveLength(2);
    expect(inline.setupLine).toBeUndefined();
    expect(inline.text).not.toContain('stale');

    const redacted = renderSnippet(format, withModelAuth, { kind: 'redacted', placeholder: '<KANEO_API_KEY>' });
    expect(redacted.text).toContain('<KANEO_API_KEY>');
    expect(redacted.setupLine).toBeUndefined();

    const env = renderSnippet(format, withModelAuth, ENV);
    expect(env.text).toContain('KANEO_API_KEY');
    expect(env.text).not.toContain('stale');
    for (const rendered of [redacted, env]) {
      expect(rendered.text).not.toContain(SECRET);
      expect(rendered.notes.join(' ')).not.toContain(SECRET);
    }
  });

  it('refuses an env variable name that is not a plain identifier', () => {
    expect(() => renderSnippet('curl-bash', simplePost, { kind: 'env', variable: 'KEY; rm -rf /' })).toThrow(TypeError);
    expect(() => renderSnippet('curl-bash', simplePost, { kind: 'env', variable: '1KEY' })).toThrow(TypeError);
  });

  it('refuses a secret with a line break, without repeating it', () => {
    const attempt = () => renderSnippet('curl-bash', simplePost, { kind: 'inline', secret: 'abc\r\nX-Injected: 1' });
    expect(attempt).toThrow(TypeError);
    expect(attempt).not.toThrow(/abc|Injected/);
  });
});

describe('hostile values', () => {
  const wireUrl = canonicalUrl(hostile.url).url;

  describe.each<PercentRescan>(['after-opener', 'at-closer'])('curl for cmd, read back by the cmd model (rescan %s)', (rescan) => {
    // Variables named like the hostile text: an expansion that should not happen would show.
    const env = { KANEO_API_KEY: SECRET, PATH: 'C:\\Windows', HOME: 'C:\\Users\\me', x: 'EXPANDED', id: 'EXPANDED' };
    const expectedArgs = (auth: string) => [
      'curl.exe', '-X', 'PUT', wireUrl,
      '-H', `Authorization: Bearer ${auth}`,
      '-H', 'Content-Type: application/json; charset=utf-8',
      '-H', `X-Hostile: ${hostile.headers[1]!.value}`,
      '-H', 'X-Latin1: café',
      '-H', 'X-Empty;',
      '--data-raw', hostile.body,
    ];

    it.each([false, true])('env mode, single line %s', (singleLine) => {
      const text = renderSnippet('curl-cmd', hostile, ENV, { singleLine }).text;
      expect(runCmdPrompt(text, env, rescan)).toEqual(expectedArgs(SECRET));
    });

    it('inline mode with a hostile secret', () => {
      const secret = 'a"b%PATH%c!d^e&f';
      const text = renderSnippet('curl-cmd', hostile, { kind: 'inline', secret }).text;
      expect(runCmdPrompt(text, env, rescan)).toEqual(expectedArgs(secret));
    });
  });

  it('PowerShell, read back by the PowerShell literal model', () => {
    const text = renderSnippet('powershell', hostile, ENV).text;
    expect(readPowerShellSnippet(text, { KANEO_API_KEY: SECRET })).toEqual({
      Method: 'Put',
      Uri: wireUrl,
      Headers: [
        ['Authorization', `Bearer ${SECRET}`],
        ['X-Hostile', hostile.headers[1]!.value],
        ['X-Latin1', 'café'],
        ['X-Empty', ''],
      ],
      ContentType: 'application/json; charset=utf-8',
      Body: hostile.body,
    });
  });

  it('PowerShell inline secret with quotes of every kind', () => {
    const secret = "a'b’c\"d“e$f`g";
    const text = renderSnippet('powershell', simplePost, { kind: 'inline', secret }).text;
    expect(readPowerShellSnippet(text, {}).Headers).toEqual([['Authorization', `Bearer ${secret}`]]);
  });

  it.each(['fetch-node', 'fetch-browser'] as const)('%s literals parse back to the request', (format) => {
    const text = renderSnippet(format, hostile, ENV).text;
    const literal = (pattern: RegExp) => JSON.parse(pattern.exec(text)![1]!) as string;
    expect(literal(/await fetch\(("(?:[^"\\]|\\.)*"), \{/)).toBe(wireUrl);
    expect(literal(/method: ("(?:[^"\\]|\\.)*"),/)).toBe('PUT');
    expect(literal(/"X-Hostile": ("(?:[^"\\]|\\.)*"),/)).toBe(hostile.headers[1]!.value);
    expect(literal(/body: ("(?:[^"\\]|\\.)*"),/)).toBe(hostile.body);
    expect(text.split('\n').every((line) => !/[\u0000-\u0008\u000b-\u001f\u2028\u2029]/.test(line))).toBe(true);
  });

  it('python literals read back to the request', () => {
    const text = renderSnippet('python-requests', hostile, ENV).text;
    const literal = (pattern: RegExp) => readPythonString(pattern.exec(text)![1]!);
    expect(literal(/\n {4}("(?:[^"\\]|\\.)*"),\n {4}headers=/)).toBe(wireUrl);
    expect(literal(/"X-Hostile": ("(?:[^"\\]|\\.)*"),/)).toBe(hostile.headers[1]!.value);
    expect(literal(/data=("(?:[^"\\]|\\.)*")\.encode\("utf-8"\),/)).toBe(hostile.body);
  });

  it('bash curl: $\'…\' for a body with ! and line breaks, \\xE9 for the Latin-1 header', () => {
    const text = renderSnippet('curl-bash', hostile, ENV).text;
    expect(text).toContain(" \\\n  -H $'X-Latin1: caf\\xE9' \\\n");
    expect(text).toContain("\n  -H 'X-Empty;'");
    expect(text).toContain(String.raw`--data-raw $'{\n  "title": "it\x27s \\"q\\" $HOME`);
    const pretty = renderSnippet('curl-bash', { ...simplePost, body: '{\n  "a": "it\'s $x"\n}' }, ENV).text;
    expect(pretty).toContain(`--data-raw '{\n  "a": "it'\\''s $x"\n}'`);
    expect(text.startsWith(`curl -X PUT '${wireUrl.replaceAll("'", "'\\''")}' \\\n`)).toBe(true);
  });
});

describe('methods and bodies', () => {
  const request = (method: HttpRequest['method'], body: string | null): HttpRequest => ({
    method, url: 'http://h/x', headers: body === null ? [] : [{ name: 'Content-Type', value: 'text/plain' }], body,
  });
  const curl = (method: HttpRequest['method'], body: string | null) => renderSnippet('curl-bash', request(method, body), ENV, { singleLine: true });

  it('curl: -X only where curl would not infer the method; --head for HEAD', () => {
    expect(curl('GET', null).text).toMatch(/^curl 'http:\/\/h\/x' -H/);
    expect(curl('POST', 'x').text).toMatch(/^curl 'http:\/\/h\/x' -H/);
    expect(curl('POST', null).text).toMatch(/^curl -X POST 'http:\/\/h\/x'/);
    expect(curl('GET', 'x').text).toMatch(/^curl -X GET 'http:\/\/h\/x'.*--data-raw 'x'$/);
    expect(curl('DELETE', null).text).toMatch(/^curl -X DELETE /);
    expect(curl('HEAD', null).text).toMatch(/^curl --head 'http:\/\/h\/x'/);
    expect(curl('OPTIONS', null).text).toMatch(/^curl -X OPTIONS /);
  });

  it('curl and HTTPie read a body starting with @ or - as text, never as a file or option', () => {
    expect(curl('POST', '@/etc/passwd').text).toContain("--data-raw '@/etc/passwd'");
    expect(renderSnippet('httpie', request('POST', '-x'), ENV).text).toContain("--raw='-x'");
  });

  it('HTTPie escapes a header value that would read as := or :@ and writes an empty value as Name;', () => {
    const text = renderSnippet('httpie', {
      method: 'GET', url: 'http://h/x', body: null,
      headers: [{ name: 'X-Eq', value: '=1' }, { name: 'X-At', value: '@file' }, { name: 'X-Mid', value: 'a:b=c@d;e' }, { name: 'X-E', value: '' }],
    }, ENV).text;
    expect(text).toContain("'X-Eq:\\=1'");
    expect(text).toContain("'X-At:\\@file'");
    expect(text).toContain("'X-Mid:a:b=c@d;e'");
    expect(text).toContain("'X-E;'");
  });

  it('fetch leaves out a GET body and says so', () => {
    const rendered = renderSnippet('fetch-node', request('GET', 'x'), ENV);
    expect(rendered.text).not.toContain('body:');
    expect(rendered.notes).toContain('fetch cannot send a body with GET; the body was left out.');
  });

  it('single-line curl and HTTPie have no line continuations', () => {
    for (const format of ['curl-bash', 'curl-cmd', 'httpie'] as const) {
      expect(renderSnippet(format, simplePost, ENV, { singleLine: true }).text).not.toContain('\n');
    }
  });
});

describe('notes', () => {
  const notesFor = (format: SnippetFormat, request: HttpRequest) => renderSnippet(format, request, ENV).notes.join('\n');

  it('says when a body has no Content-Type', () => {
    expect(notesFor('curl-bash', { ...simplePost, headers: [] })).toMatch(/no Content-Type/);
  });

  it('says that HTTPie sends non-ASCII header values as UTF-8', () => {
    expect(notesFor('httpie', hostile)).toMatch(/X-Latin1.*UTF-8|UTF-8.*X-Latin1/);
    expect(notesFor('curl-bash', hostile)).not.toMatch(/UTF-8/);
  });

  it('says when a header value cannot be sent by a browser at all', () => {
    const request: HttpRequest = { ...simplePost, headers: [{ name: 'X-Euro', value: '€' }] };
    for (const format of snippetFormatIds) expect(notesFor(format, request)).toMatch(/X-Euro.*beyond Latin-1/);
  });

  it('cmd: mentions the code page for non-ASCII text and .bat doubling for %', () => {
    const notes = notesFor('curl-cmd', hostile);
    expect(notes).toMatch(/chcp 65001/);
    expect(notes).toMatch(/\.bat file every % must be doubled/);
  });
});
