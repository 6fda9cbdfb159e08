import { execFileSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ElementHandle, Frame, Page } from 'puppeteer-core';
import { startKaneoServer, type KaneoServerHandle } from '../../kaneo-server/server';
import { launchDevtoolsBrowser, type DevtoolsBrowser } from './devtools-browser';

// The DevTools "Kaneo" panel end to end: the web app makes a request with its session, the panel
// lists it with its OpenAPI operation, and the copied curl — run in bash with the vault's key —
// does the same thing again, without the session cookie. Nothing is written to storage.
//
// Status (2026-12-01): NOT PASSING reliably on the shared 2-core machine. Seen working: vault set-up
// by message, detection in the inspected tab, the panel's tab header appearing and being clicked.
// Seen failing: the panel frame not found after the click, the header not appearing after the
// sign-in reload, puppeteer typing into the inspected tab stalling. A tab made with
// `browser.newPage()` never showed the panel at all, hence the start URL.

let kaneo: KaneoServerHandle;
let chromium: DevtoolsBrowser;
let apiKey: string;
const step = (what: string) => {
  if (process.env.E2E_STEPS) appendFileSync(process.env.E2E_STEPS, `${new Date().toISOString()} ${what}\n`);
};

/** A real key, created the way Kaneo's web app does: with the session cookie and the web Origin. */
async function createApiKey(): Promise<string> {
  const headers = { 'Content-Type': 'application/json', Origin: kaneo.url };
  const signIn = await fetch(`${kaneo.apiUrl}/auth/sign-in/email`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email: kaneo.seed.email, password: kaneo.seed.password }),
  });
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const created = await fetch(`${kaneo.apiUrl}/auth/api-key/create`, {
    method: 'POST',
    headers: { ...headers, Cookie: cookie },
    body: JSON.stringify({ name: 'devtools-e2e' }),
  });
  const body = (await created.json()) as { key: string };
  return body.key;
}

async function textOf(frame: Frame, selector: string): Promise<string> {
  return frame.$eval(selector, (el) => el.textContent ?? '');
}

beforeAll(async () => {
  kaneo = await startKaneoServer({ port: 0 });
  apiKey = await createApiKey();
  chromium = await launchDevtoolsBrowser(kaneo.url);
});

afterAll(async () => {
  await chromium?.close();
  await kaneo?.close();
});

it('lists the web app’s create-task request and copies it as curl that works with the vault key', async () => {
  step('start');
  const ext = await chromium.openExtensionPage('options.html');
  step('options open');
  await chromium.message(ext, 'vault.create', { passphrase: 'violet-harbour-quietly-87-lanterns' });
  const added = await chromium.message<{ ok: boolean }>(ext, 'keys.add', {
    draft: { name: 'Scripts', secret: apiKey, instance: { webOrigin: kaneo.url, apiBaseUrl: kaneo.apiUrl } },
  });
  expect(added.ok).toBe(true);
  step('vault ready');
  const localBefore = await chromium.dumpStorage(ext, 'local');
  const syncBefore = await chromium.dumpStorage(ext, 'sync');

  // Sign in through the page, as a person does; DevTools opens with the tab.
  const tab: Page = (await chromium.browser.pages()).find((p) => p.url().startsWith(kaneo.url))!;
  await tab.bringToFront();
  step('sign in');
  // The page's own form and script, filled and submitted in the page (typing into a tab that
  // DevTools is attached to stalled here).
  await tab.evaluate((email, password) => {
    const form = document.getElementById('sign-in') as HTMLFormElement;
    (form.elements.namedItem('email') as HTMLInputElement).value = email;
    (form.elements.namedItem('password') as HTMLInputElement).value = password;
    form.requestSubmit();
  }, kaneo.seed.email, kaneo.seed.password);
  await tab.waitForSelector('#create-task', { timeout: 20_000 });

  step('show the panel');
  const { devtools, frame: panel } = await chromium.showKaneoPanel();
  step('panel shown');
  await panel.waitForSelector('table[aria-label="API requests, newest first"], main.devtools-panel', { timeout: 20_000 });
  expect(await textOf(panel, 'h1')).toContain(new URL(kaneo.url).host);
  // The vault holds this instance's key: no "No key" notice.
  await panel.waitForFunction(() => document.body.textContent?.includes('Key for “include the key”: Scripts'), { timeout: 10_000 });

  step('create a task');
  const title = `From DevTools ${Date.now()}`;
  await tab.evaluate((projectId, title) => {
    const form = document.getElementById('create-task') as HTMLFormElement;
    (form.elements.namedItem('projectId') as HTMLInputElement).value = projectId;
    (form.elements.namedItem('title') as HTMLInputElement).value = title;
    form.requestSubmit();
  }, kaneo.seed.projectId, title);
  await tab.waitForFunction(() => document.getElementById('task-status')?.textContent?.startsWith('Created task '));

  step('wait for the row');
  const path = `/task/${kaneo.seed.projectId}`;
  const row = await panel.waitForFunction(
    (path) => [...document.querySelectorAll('tbody tr')].find((tr) => tr.textContent?.includes('POST') && tr.textContent.includes(path)) ?? null,
    { timeout: 20_000 },
    path,
  );
  const rowElement = row.asElement() as ElementHandle<HTMLTableRowElement>;
  expect(await rowElement.evaluate((tr) => tr.innerText)).toMatch(/POST\s+\/task\/\S+\s+200\s+\d+ ms\s+Create Task/);
  // Newest first: the create is the top row.
  expect(await panel.$eval('tbody tr', (tr) => tr.textContent ?? '')).toContain(path);

  step('select it');
  await (await rowElement.$('button'))!.click();
  await panel.waitForSelector('section[aria-label="Request details"]');
  expect(await textOf(panel, 'section[aria-label="Request details"]')).toContain('createTask');
  // `DEVTOOLS_SCREENSHOT=docs/devtools-panel.png` refreshes the README's picture from this run.
  if (process.env.DEVTOOLS_SCREENSHOT) await devtools.screenshot({ path: process.env.DEVTOOLS_SCREENSHOT as `${string}.png` });
  const copied = await panel.$eval('pre[aria-label="Snippet preview"]', (el) => el.textContent ?? '');
  const copyButton = await panel.waitForFunction(() => [...document.querySelectorAll('button')].find((b) => b.textContent === 'Copy') ?? null);
  await (copyButton.asElement() as ElementHandle<HTMLButtonElement>).click();
  await panel.waitForFunction(() => document.querySelector('[role=status]')?.textContent?.includes('Copied — set KANEO_API_KEY'));

  // What was copied: the key from the environment, no session, no key.
  expect(copied).toContain('$KANEO_API_KEY');
  expect(copied).toContain(`${kaneo.apiUrl}${path}`);
  expect(copied.toLowerCase()).not.toMatch(/cookie|session_token|x-api-key|origin:/);
  expect(copied).not.toContain(apiKey);

  step('run the copy');
  // Run it as a person would, with the vault's key in the environment.
  const output = execFileSync('bash', ['-c', copied], { env: { ...process.env, KANEO_API_KEY: apiKey }, encoding: 'utf8' });
  const task = JSON.parse(output) as { id: string; title: string; projectId: string };
  expect(task).toMatchObject({ title, projectId: kaneo.seed.projectId });
  const check = await fetch(`${kaneo.apiUrl}/task/${task.id}`, { headers: { Authorization: `Bearer ${apiKey}` } });
  expect(check.status).toBe(200);
  expect(((await check.json()) as { title: string }).title).toBe(title);

  // Nothing recorded was stored anywhere.
  expect(await chromium.dumpStorage(ext, 'local')).toEqual(localBefore);
  expect(await chromium.dumpStorage(ext, 'sync')).toEqual(syncBefore);
  const session = JSON.stringify(await chromium.dumpStorage(ext, 'session'));
  expect(session).not.toContain(title);
  expect(session).not.toContain(kaneo.seed.projectId);
}, 120_000);
