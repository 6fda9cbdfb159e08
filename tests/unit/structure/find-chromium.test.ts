// `npm run test:e2e` needs Chromium; when there is none it must say how to get one, not crash
// somewhere inside Playwright.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findChromium } from '../../e2e/fixtures/extension';

const dirs: string[] = [];
function dirWith(files: Record<string, { executable: boolean }>): string {
  const dir = mkdtempSync(join(tmpdir(), 'find-chromium-'));
  dirs.push(dir);
  for (const [name, { executable }] of Object.entries(files)) {
    const path = join(dir, name);
    writeFileSync(path, '#!/bin/sh\n');
    chmodSync(path, executable ? 0o755 : 0o644);
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('findChromium', () => {
  it('uses CHROMIUM_PATH when it is set', () => {
    const dir = dirWith({ 'my-chromium': { executable: true }, chromium: { executable: true } });
    expect(findChromium({ CHROMIUM_PATH: join(dir, 'my-chromium'), PATH: dir })).toBe(join(dir, 'my-chromium'));
  });

  it('refuses a CHROMIUM_PATH with nothing executable there', () => {
    const dir = dirWith({ chromium: { executable: false } });
    expect(() => findChromium({ CHROMIUM_PATH: join(dir, 'chromium'), PATH: '' })).toThrow(/CHROMIUM_PATH.*no executable/);
  });

  it('finds an executable `chromium` on PATH, skipping directories without one', () => {
    const empty = dirWith({ chromium: { executable: false } });
    const good = dirWith({ chromium: { executable: true } });
    expect(findChromium({ PATH: `${empty}:${good}` })).toBe(join(good, 'chromium'));
  });

  it('says how to install Chromium when there is none', () => {
    const empty = dirWith({});
    expect(() => findChromium({ PATH: empty })).toThrow(/apt-get install -y chromium/);
    expect(() => findChromium({ PATH: empty })).toThrow(/CHROMIUM_PATH/);
  });
});
