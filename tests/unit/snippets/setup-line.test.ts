import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from '../../../lib/request/http-request';
import { renderSetupLine, renderTerminalCommand } from '../../../lib/snippets/setup-line';
import { readPowerShellString } from './shell-models';

const HOSTILE = `it's "q" $HOME \`id\` \\ %PATH% !x ^&|<>() 😀`;
const request: HttpRequest = { method: 'GET', url: 'https://kaneo.example.com/api/auth/organization/list', headers: [], body: null };

/** What bash makes of the line: the variable's value as a child process sees it. */
function bashValue(script: string): string {
  return execFileSync('bash', ['--noprofile', '--norc', '-c', `${script}\nprintf %s "$KANEO_API_KEY"`], { encoding: 'utf8', env: {} });
}

describe('renderSetupLine', () => {
  it('sets the variable to the exact key in bash, hostile characters included', () => {
    for (const secret of ['kaneo_Secret123', HOSTILE]) {
      expect(bashValue(renderSetupLine('curl-bash', 'KANEO_API_KEY', secret)!)).toBe(secret);
    }
  });

  it('exports the variable, so programs started from the shell see it', () => {
    const line = renderSetupLine('python-requests', 'KANEO_API_KEY', 'k1')!;
    expect(execFileSync('bash', ['--noprofile', '--norc', '-c', `${line}\nbash -c 'printf %s "$KANEO_API_KEY"'`], { encoding: 'utf8', env: {} })).toBe('k1');
  });

  it('writes PowerShell a literal that reads back as the key', () => {
    const line = renderSetupLine('powershell', 'KANEO_API_KEY', HOSTILE)!;
    expect(line.startsWith('$env:KANEO_API_KEY = ')).toBe(true);
    expect(readPowerShellString(line, line.indexOf('= ') + 2, {}).value).toBe(HOSTILE);
  });

  it('writes cmd a set line for a Kaneo-shaped key and none for a key cmd would change', () => {
    expect(renderSetupLine('curl-cmd', 'KANEO_API_KEY', 'kaneo_Secret123')).toBe('set "KANEO_API_KEY=kaneo_Secret123"');
    expect(renderSetupLine('curl-cmd', 'KANEO_API_KEY', 'a%PATH%b')).toBeNull();
  });

  it('has no line for the browser, which has no environment', () => {
    expect(renderSetupLine('fetch-browser', 'KANEO_API_KEY', 'k1')).toBeNull();
  });

  it('refuses a line break in the key and a variable that is not a plain name', () => {
    expect(() => renderSetupLine('curl-bash', 'KANEO_API_KEY', 'a\nrm -rf ~')).toThrow(TypeError);
    expect(() => renderSetupLine('curl-bash', 'A;B', 'k')).toThrow(TypeError);
  });
});

describe('renderTerminalCommand', () => {
  it('is the setup line, then the curl that reads the variable', () => {
    const text = renderTerminalCommand('curl-bash', request, 'KANEO_API_KEY', 'kaneo_k1', { singleLine: true })!;
    const [setup, curl] = text.split('\n');
    expect(setup).toBe("export KANEO_API_KEY='kaneo_k1'");
    expect(curl).toContain('$KANEO_API_KEY');
    expect(curl).not.toContain('kaneo_k1');
    // Run it with curl replaced by printf: the header bash passes carries the key.
    const header = execFileSync('bash', ['--noprofile', '--norc', '-c', `curl() { printf '%s\\n' "$@"; }\n${text}`], { encoding: 'utf8', env: {} });
    expect(header).toContain('Authorization: Bearer kaneo_k1');
  });
});
