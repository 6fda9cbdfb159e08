// The e2e build must run the code people get: production bundles that differ from the shipped
// build only in the two ways docs/e2e.md lists — the `http://127.0.0.1/*` host permission and the
// `popup.html?tab=<id>` branch. Both variants are built here, for both browsers, into a temporary
// folder (never .output), and compared file by file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');
const outDir = mkdtempSync(join(tmpdir(), 'kaneo-key-manager-builds-'));

/** What React's and our own development-only code leaves in a bundle. */
const DEV_MARKERS = ['jsxDEV', 'react-stack-bottom-frame', 'react-dom.development', 'react.development'];
/** The e2e-only popup branch (lib/kaneo/page/popup-tab.ts resolvePopupTabId). */
const TAB_PARAM = 'new URLSearchParams(location.search).get(`tab`)';

async function build(browser: 'chrome' | 'firefox', mode: 'production' | 'e2e'): Promise<void> {
  // A child process with NODE_ENV unset, as `npm run build[:e2e]` has it (Vitest sets it to test).
  const env = { ...process.env };
  delete env.NODE_ENV;
  await run(
    process.execPath,
    ['--input-type=module', '-e', `import { build } from 'wxt'; await build({ browser: '${browser}', mode: '${mode}', outDir: process.argv[1] });`, outDir],
    { cwd: ROOT, env, timeout: 120_000 },
  );
}

/** Every file of a build, hashes taken out of chunk names, with its text. */
function files(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.set(relative(dir, path).replace(/-[A-Za-z0-9_-]{8}\.(js|css)$/, '.$1'), readFileSync(path, 'utf8'));
    }
  };
  walk(dir);
  return out;
}

const TARGETS = [
  { browser: 'chrome', shipped: 'chrome-mv3', e2e: 'chrome-mv3-e2e' },
  { browser: 'firefox', shipped: 'firefox-mv2', e2e: 'firefox-mv2-e2e' },
] as const;

beforeAll(async () => {
  // One after another: WXT regenerates .wxt/ in the project on every build.
  for (const { browser } of TARGETS) {
    await build(browser, 'production');
    await build(browser, 'e2e');
  }
}, 300_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe.each(TARGETS)('the $browser e2e build against the shipped one', ({ browser, shipped, e2e }) => {
  const load = () => ({ shippedFiles: files(join(outDir, shipped)), e2eFiles: files(join(outDir, e2e)) });

  it('has the same files', () => {
    const { shippedFiles, e2eFiles } = load();
    expect([...e2eFiles.keys()].sort()).toEqual([...shippedFiles.keys()].sort());
  });

  it('is a production bundle: no development build of React, no dev-only paths', () => {
    const { shippedFiles, e2eFiles } = load();
    for (const [name, text] of [...e2eFiles, ...shippedFiles]) {
      if (!name.endsWith('.js')) continue;
      for (const marker of DEV_MARKERS) expect(text.includes(marker), `${name} contains ${marker}`).toBe(false);
    }
  });

  it('differs in the manifest only by the 127.0.0.1 host permission', () => {
    const { shippedFiles, e2eFiles } = load();
    const shippedManifest = JSON.parse(shippedFiles.get('manifest.json')!) as Record<string, unknown>;
    const e2eManifest = JSON.parse(e2eFiles.get('manifest.json')!) as Record<string, unknown>;
    const host = 'http://127.0.0.1/*';
    const without = (list: unknown) => (list as string[]).filter((p) => p !== host);
    if (browser === 'firefox') {
      // MV2 lists hosts among the permissions.
      expect(e2eManifest.permissions).toContain(host);
      expect({ ...e2eManifest, permissions: without(e2eManifest.permissions) }).toEqual(shippedManifest);
    } else {
      expect(e2eManifest.host_permissions).toEqual([host]);
      expect({ ...e2eManifest, host_permissions: [] }).toEqual({ host_permissions: [], ...shippedManifest });
    }
  });

  it('differs in code only by the ?tab= branch of the popup: every other file within a few bytes of its size', () => {
    const { shippedFiles, e2eFiles } = load();
    const withBranch = [...e2eFiles].filter(([, text]) => text.includes(TAB_PARAM)).map(([name]) => name);
    expect(withBranch).toHaveLength(1);
    expect([...shippedFiles.values()].some((text) => text.includes(TAB_PARAM))).toBe(false);
    for (const [name, text] of e2eFiles) {
      if (name === 'manifest.json') continue;
      const shippedText = shippedFiles.get(name)!;
      // The branch is a few dozen bytes; the mode name ("e2e" vs "production") may differ in
      // WXT's own globals. Anything more would be a different bundle.
      const allowance = withBranch.includes(name) ? 400 : 200;
      expect(Math.abs(text.length - shippedText.length), `${name} differs in size`).toBeLessThan(allowance);
    }
  });
});
