// `npm run demo [-- --headless] [-- --skip-build]`: builds the extension, starts the
// Kaneo-compatible server with its seed data, and opens Chromium with the extension loaded and a
// tab on the server's sign-in page. Headed when a display exists (DISPLAY or WAYLAND_DISPLAY);
// without one it says so and prints what a person needs to try it elsewhere, unless --headless
// asks for a headless browser anyway. The server keeps running until Ctrl-C.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { startKaneoServer } from './server';

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(PROJECT_ROOT, '.output', 'chrome-mv3');

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

async function main(): Promise<void> {
  const args = new Set(process.argv.slice(2));
  const forceHeadless = args.has('--headless');

  if (!args.has('--skip-build')) {
    say('Building the extension (npm run build)…');
    const build = spawnSync('npm', ['run', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    if (build.status !== 0) {
      console.error(`demo: npm run build failed (exit ${build.status ?? build.signal})`);
      process.exit(1);
    }
  }
  if (!existsSync(join(DIST, 'manifest.json'))) {
    console.error(`demo: no built extension at ${DIST} (run npm run build)`);
    process.exit(1);
  }

  const server = await startKaneoServer();
  const signInUrl = `${server.url}/`;
  say('');
  say(`Kaneo-compatible server: ${server.url}  (API ${server.apiUrl})`);
  say(`Sign in with:            ${server.seed.email} / ${server.seed.password}`);
  say(`Unpacked extension:      ${DIST}`);

  let context: BrowserContext | null = null;
  let profileDir: string | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(code), 5000).unref();
    await context?.close().catch(() => {});
    if (profileDir) rmSync(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    await server.close();
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(130));
  process.on('SIGTERM', () => void stop(0));

  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (!hasDisplay && !forceHeadless) {
    say('');
    say('No display here (DISPLAY and WAYLAND_DISPLAY are unset), so Chromium is not opened.');
    say(`Open ${signInUrl} in a browser that has the unpacked extension above loaded`);
    say('(chrome://extensions → Developer mode → Load unpacked), or run with -- --headless.');
    say('The server keeps running; Ctrl-C stops it.');
    return;
  }

  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.error(`demo: no Chromium at ${executablePath}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    say(`The server keeps running at ${server.url}; Ctrl-C stops it.`);
    return;
  }
  profileDir = mkdtempSync(join(tmpdir(), 'kkm-demo-profile-'));
  const headless = !hasDisplay;
  context = await chromium.launchPersistentContext(profileDir, {
    executablePath,
    headless,
    // This script closes the browser itself on Ctrl-C (then removes the profile).
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    // Playwright passes --disable-extensions by default; the demo is all about the extension.
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
    viewport: null,
  });
  const page = context.pages()[0] ?? await context.newPage();
  await page.goto(signInUrl);
  const worker = context.serviceWorkers()[0]
    ?? await context.waitForEvent('serviceworker', { timeout: 10_000 }).catch(() => null);
  say('');
  say(`Chromium is open${headless ? ' (headless)' : ''} with the extension loaded and a tab on ${signInUrl}`);
  if (worker) say(`Extension id: ${new URL(worker.url()).host}`);
  else say('Warning: the extension service worker did not start; check chrome://extensions.');
  say('Ctrl-C stops the browser and the server.');
  context.on('close', () => {
    if (!stopping) say(`Browser closed; the server keeps running at ${server.url} until Ctrl-C.`);
  });
}

main().catch((error: unknown) => {
  console.error('demo failed:', error);
  process.exit(1);
});
