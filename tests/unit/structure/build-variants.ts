// For the structure tests that hold a build variant against the shipped build (bench-build.test.ts,
// e2e-build.test.ts): builds both, for both browsers, into a temporary folder (never .output), and
// reads them back file by file.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** What React's and our own development-only code leaves in a bundle. */
export const DEV_MARKERS = ['jsxDEV', 'react-stack-bottom-frame', 'react-dom.development', 'react.development'];

type Browser = 'chrome' | 'firefox';
type Mode = 'production' | 'bench' | 'e2e';

export async function build(browser: Browser, mode: Mode, outDir: string): Promise<void> {
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
export function builtFiles(dir: string): Map<string, string> {
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

/**
 * Builds the shipped extension and the `mode` variant for both browsers before the file's tests
 * (and removes them after); answers, per browser, the two build folders.
 */
export function buildBesideShipped(mode: Exclude<Mode, 'production'>): ReadonlyArray<{ browser: Browser; shippedDir: string; variantDir: string }> {
  const outDir = mkdtempSync(join(tmpdir(), `kaneo-key-manager-${mode}-builds-`));
  const targets = [
    { browser: 'chrome', shipped: 'chrome-mv3' },
    { browser: 'firefox', shipped: 'firefox-mv2' },
  ] as const;
  beforeAll(async () => {
    // One after another: WXT regenerates .wxt/ in the project on every build.
    for (const { browser } of targets) {
      await build(browser, 'production', outDir);
      await build(browser, mode, outDir);
    }
  }, 300_000);
  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });
  return targets.map(({ browser, shipped }) => ({ browser, shippedDir: join(outDir, shipped), variantDir: join(outDir, `${shipped}-${mode}`) }));
}
