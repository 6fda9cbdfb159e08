// `npm run screenshots [-- --skip-build]`: retakes the README's screenshots (docs/screenshots/*.png)
// from a real build, in Debian's Chromium (playwright-core, the e2e harness's launcher), against
// the Kaneo-compatible test server (tests/kaneo-server): a small vault filled through the options
// page's own "Add a key" dialog, two keys created through the popup's "This tab" on a signed-in
// Kaneo tab, then the popup (Keys, This tab) and the options page (Keys), light and dark, at 1x.
//
// Why the e2e build (`npm run build:e2e`): it is the shipped UI bundle plus two test hooks —
// `popup.html?tab=<id>` points the popup at the Kaneo tab (a popup opened as a page is otherwise
// its own active tab) and a host permission for 127.0.0.1 stands in for the toolbar click's
// activeTab grant. Nothing the screenshots show differs.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as PlaywrightPage } from 'playwright-core';
import { launchChromium } from '../tests/e2e/fixtures/chromium';
import type { ExtensionHarness } from '../tests/e2e/fixtures/driver';
import { tabIdOf } from '../tests/e2e/fixtures/tabs';
import { startKaneoServer, type KaneoServerHandle } from '../tests/kaneo-server/server';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = join(ROOT, '.output', 'chrome-mv3-e2e');
const OUT = join(ROOT, 'docs', 'screenshots');
const PASSPHRASE = 'harbor-violet-trains-62-under-soft-rain';
const DAY = 86_400_000;

/** Keys a person might have kept by hand, on two other Kaneo instances. */
const HAND_ADDED = [
  { name: 'Deploy bot', web: 'https://kaneo.acme.dev', notes: 'GitHub Actions, repo acme/site', expiresInDays: 3 },
  { name: 'Grafana export', web: 'https://kaneo.acme.dev', notes: '', expiresInDays: 60 },
  { name: 'Nightly backup', web: 'https://kaneo.acme.dev', notes: 'cron on backup-01', expiresInDays: null },
  { name: 'Zapier', web: 'https://kaneo.acme.dev', notes: '', expiresInDays: null },
  { name: 'Reporting', web: 'https://tasks.example.org', notes: 'Monthly report script', expiresInDays: 25 },
  { name: 'Slack bridge', web: 'https://tasks.example.org', notes: '', expiresInDays: null },
] as const;
/** Keys created through "This tab" on the test server. */
const CREATED = ['CI pipeline', 'Local scripts'] as const;

function secretFor(i: number): string {
  // 64 characters like a Kaneo key; not a real one.
  return Array.from({ length: 64 }, (_, j) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[(i * 31 + j * 17) % 62]).join('');
}

function isoDateIn(days: number): string {
  const date = new Date(Date.now() + days * DAY);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

const pw = (page: unknown) => page as PlaywrightPage;

/** Clean frame: no focus ring left from the last click, no pointer hover, no caret. */
async function shoot(page: PlaywrightPage, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.locator('.ui-toast').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
  await page.screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
  process.stdout.write(`  ${name}.png\n`);
}

async function setUpVault(ext: ExtensionHarness): Promise<PlaywrightPage> {
  const options = pw(await ext.openPage('options.html', { width: 960, height: 640 }));
  const form = options.getByRole('form', { name: 'Set up Kaneo Key Manager' });
  await form.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await form.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE);
  await form.getByRole('button', { name: 'Create vault' }).click();
  const keys = options.getByRole('region', { name: 'Keys' });
  await keys.waitFor();
  for (const [i, key] of HAND_ADDED.entries()) {
    await keys.getByRole('button', { name: 'Add key' }).first().click();
    const dialog = options.getByRole('dialog', { name: 'Add a key' });
    await dialog.getByLabel('Name', { exact: true }).fill(key.name);
    await dialog.getByLabel('API key', { exact: true }).fill(secretFor(i));
    await dialog.getByLabel('Kaneo web address', { exact: true }).fill(key.web);
    if (key.expiresInDays !== null) await dialog.getByLabel('Expires on (optional)', { exact: true }).fill(isoDateIn(key.expiresInDays));
    if (key.notes) await dialog.getByLabel('Notes (optional)', { exact: true }).fill(key.notes);
    await dialog.getByRole('button', { name: 'Add key' }).click();
    await dialog.waitFor({ state: 'detached' });
  }
  return options;
}

async function signIn(ext: ExtensionHarness, kaneo: KaneoServerHandle): Promise<void> {
  const tab = pw(await ext.newTab(kaneo.url));
  await tab.getByLabel('Email').fill(kaneo.seed.email);
  await tab.getByLabel('Password').fill(kaneo.seed.password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.locator('#status').filter({ hasText: kaneo.seed.email }).waitFor();
}

async function createThroughThisTab(popup: PlaywrightPage, name: string): Promise<void> {
  await popup.getByRole('button', { name: 'New API key', exact: true }).click();
  await popup.getByRole('form', { name: 'New API key' }).getByLabel('Name', { exact: true }).fill(name);
  await popup.getByRole('button', { name: 'Create key', exact: true }).click();
  const confirm = popup.getByRole('button', { name: /^Create key for / });
  const saved = popup.getByRole('group', { name: 'Key saved to the vault' });
  await confirm.or(saved).first().waitFor({ timeout: 30_000 });
  if (await confirm.isVisible()) await confirm.click();
  await saved.waitFor();
  await saved.getByRole('button', { name: 'Dismiss' }).click();
  await saved.waitFor({ state: 'detached' });
}

/** One scheme, from a fresh server (its seed data) and a fresh profile. */
async function capture(scheme: 'light' | 'dark'): Promise<void> {
  process.stdout.write(`${scheme}:\n`);
  // Kaneo's self-hosted web default; any free port when it is taken.
  const kaneo = await startKaneoServer({ port: 5173 }).catch(() => startKaneoServer({ port: 0 }));
  const ext = await launchChromium(BUILD, true, scheme);
  try {
    const options = await setUpVault(ext);
    await signIn(ext, kaneo);
    const popup = pw(await ext.openPage(`popup.html?tab=${await tabIdOf(ext, kaneo.url)}`, { width: 360, height: 520 }));
    await popup.getByRole('button', { name: 'Lock', exact: true }).waitFor();
    await popup.getByRole('tab', { name: 'This tab', exact: true }).click();
    for (const name of CREATED) await createThroughThisTab(popup, name);
    await popup.getByRole('region', { name: 'In your vault' }).waitFor();
    await shoot(popup, `popup-this-tab-${scheme}`);

    await popup.getByRole('tab', { name: 'Keys', exact: true }).click();
    await popup.getByRole('button', { name: `Copy ${CREATED[0]}`, exact: true }).waitFor();
    await shoot(popup, `popup-keys-${scheme}`);

    await options.bringToFront();
    await options.reload();
    await options.getByRole('button', { name: `Copy ${CREATED[0]}`, exact: true }).waitFor();
    await shoot(options, `options-keys-${scheme}`);
  } finally {
    await ext.close();
    await kaneo.close();
  }
}

async function main(): Promise<void> {
  if (!process.argv.includes('--skip-build')) {
    const build = spawnSync('npm', ['run', 'build:e2e'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error(`npm run build:e2e failed (exit ${build.status ?? build.signal})`);
  }
  mkdirSync(OUT, { recursive: true });
  for (const scheme of ['light', 'dark'] as const) await capture(scheme);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
