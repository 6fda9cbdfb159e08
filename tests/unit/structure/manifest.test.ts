// The manifest and the README's "Permissions" table must say the same thing: every permission the
// shipped extension asks for is explained to the user, and nothing explained is missing or extra.
// The shipped builds have no host permission at all; only the e2e test build (`--mode e2e`) gets
// 127.0.0.1. Reads wxt.config.ts's manifest function directly, so no build is needed.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../wxt.config';

const ROOT = resolve(__dirname, '..', '..', '..');

interface ManifestShape {
  permissions?: string[];
  host_permissions?: string[];
  optional_host_permissions?: string[];
  optional_permissions?: string[];
}

async function manifestFor(browser: 'chrome' | 'firefox', mode: 'production' | 'e2e'): Promise<ManifestShape> {
  const manifest = config.manifest;
  if (typeof manifest !== 'function') throw new Error('wxt.config.ts: manifest should be a function of the build');
  return (await manifest({
    browser,
    mode,
    command: 'build',
    manifestVersion: browser === 'firefox' ? 2 : 3,
  })) as ManifestShape;
}

interface ReadmePermissions {
  chrome: string[];
  firefox: string[];
  optionalHosts: string[];
}

/** The rows of the table under "## Permissions" in README.md. */
function readmePermissions(): ReadmePermissions {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## /m).find((part) => part.startsWith('Permissions'));
  if (!section) throw new Error('README.md has no "## Permissions" section');
  const rows = section
    .split('\n')
    .filter((line) => line.trim().startsWith('|'))
    .map((line) => line.trim().replace(/^\||\|$/g, '').split('|').map((cell) => cell.trim()));
  const [header, , ...body] = rows;
  expect(header?.slice(0, 3)).toEqual(['Permission', 'Chrome', 'Firefox']);
  const result: ReadmePermissions = { chrome: [], firefox: [], optionalHosts: [] };
  for (const [name = '', chrome = '', firefox = ''] of body) {
    const single = /^`([a-zA-Z]+)`$/.exec(name);
    if (single?.[1]) {
      if (/^yes\b/i.test(chrome)) result.chrome.push(single[1]);
      if (/^yes\b/i.test(firefox)) result.firefox.push(single[1]);
    } else if (/host/i.test(name)) {
      result.optionalHosts.push(...[...name.matchAll(/`([^`]+:\/\/[^`]+)`/g)].map((m) => m[1]!));
    } else {
      throw new Error(`README Permissions row not understood: ${name}`);
    }
  }
  return result;
}

const sorted = (values: string[] | undefined) => [...(values ?? [])].sort();

describe('manifest permissions match the README', () => {
  const readme = readmePermissions();

  it('the shipped Chrome build asks for exactly the permissions the README lists for Chrome', async () => {
    const manifest = await manifestFor('chrome', 'production');
    expect(sorted(manifest.permissions)).toEqual(sorted(readme.chrome));
  });

  it('the shipped Firefox build asks for exactly the permissions the README lists for Firefox', async () => {
    const manifest = await manifestFor('firefox', 'production');
    expect(sorted(manifest.permissions)).toEqual(sorted(readme.firefox));
  });

  it('optional host access is the one the README explains, and is asked at run time only', async () => {
    const chrome = await manifestFor('chrome', 'production');
    expect(sorted(chrome.optional_host_permissions)).toEqual(sorted(readme.optionalHosts));
    const firefox = await manifestFor('firefox', 'production');
    // Firefox MV2 lists optional origins among optional_permissions; nothing else is optional.
    expect(sorted(firefox.optional_permissions)).toEqual(sorted(readme.optionalHosts));
  });
});

describe('host permissions', () => {
  it.each(['chrome', 'firefox'] as const)('the shipped %s build has none', async (browser) => {
    const manifest = await manifestFor(browser, 'production');
    expect(manifest.host_permissions ?? []).toEqual([]);
    // No origin pattern may slip in among the API permissions either.
    expect((manifest.permissions ?? []).filter((p) => p.includes('://') || p === '<all_urls>')).toEqual([]);
  });

  it.each(['chrome', 'firefox'] as const)('the e2e %s build adds only http://127.0.0.1/*', async (browser) => {
    const shipped = await manifestFor(browser, 'production');
    const e2e = await manifestFor(browser, 'e2e');
    expect(e2e.host_permissions).toEqual(['http://127.0.0.1/*']);
    expect(sorted(e2e.permissions)).toEqual(sorted(shipped.permissions));
    expect(sorted(e2e.optional_host_permissions)).toEqual(sorted(shipped.optional_host_permissions));
  });
});

describe('keyboard command and icons', () => {
  it.each([
    ['chrome', '_execute_action', 'action'],
    ['firefox', '_execute_browser_action', 'browser_action'],
  ] as const)('%s: the popup opens with Alt+Shift+K, and the icon set is declared', async (browser, command, actionKey) => {
    const manifest = (await manifestFor(browser, 'production')) as ManifestShape & Record<string, any>;
    expect(manifest.commands[command].suggested_key).toEqual({ default: 'Alt+Shift+K' });
    expect(Object.keys(manifest.commands)).toEqual([command]);
    expect(Object.keys(manifest.icons)).toEqual(['16', '32', '48', '128']);
    for (const file of [...Object.values(manifest.icons), ...Object.values(manifest[actionKey].default_icon)] as string[]) {
      expect(readFileSync(resolve(ROOT, 'public', file)).subarray(1, 4).toString()).toBe('PNG');
    }
  });
});
