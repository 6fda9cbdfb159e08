import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchDevtoolsChromium, type DevtoolsHarness, type Frame } from '../fixtures/chromium-devtools';
import { capabilities, E2E_BUILDS } from '../fixtures/extension';
import { createServerKey, startKaneo, type KaneoServerHandle } from '../fixtures/kaneo';

// The DevTools "Kaneo" panel end to end, in the built extension: the web app makes a request with
// its session, the panel lists it with its OpenAPI operation, and the copied curl — run in bash
// with the vault's key — does the same thing again, without the session cookie. Nothing is
// written to storage. Chromium only (capabilities.inspectsDevtools; see docs/e2e.md).

const PASSPHRASE = 'violet-harbour-quietly-87-lanterns';
let kaneo: KaneoServerHandle;
let chromium: DevtoolsHarness;
let apiKey: string;

/** One protocol message from an extension page, the way the app's pages send them. */
function message<T>(type: string, data: unknown): Promise<T> {
  return chromium.evaluateInExtension(
    ([type, data]) =>
      new Promise<T>((resolve, reject) => {
        const api = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown, cb: (r: { res?: T; err?: unknown }) => void): void; lastError?: { message: string } } } }).chrome;
        api.runtime.sendMessage({ id: Math.floor(Math.random() * 1e6), type, data, timestamp: Date.now() }, (response) => {
          if (api.runtime.lastError) reject(new Error(api.runtime.lastError.message));
          else if (response?.err) reject(new Error(`${type}: ${JSON.stringify(response.err)}`));
          else resolve(response?.res as T);
        });
      }),
    [type, data] as const,
  );
}

/** `E2E_STEPS=1` prints each step with the time, to see where a slow run spends it. */
const step = (what: string) => {
  if (process.env.E2E_STEPS) process.stderr.write(`${new Date().toISOString()} devtools e2e: ${what}\n`);
};

const panelText = (panel: Frame) => panel.evaluate(() => document.body.innerText);

describe.runIf(capabilities.inspectsDevtools)('the DevTools Kaneo panel', () => {
  beforeAll(async () => {
    kaneo = await startKaneo();
    apiKey = (await createServerKey(kaneo, 'devtools-e2e')).key;
    chromium = await launchDevtoolsChromium(E2E_BUILDS.chromium.dir, kaneo.url);
  }, 120_000);

  afterAll(async () => {
    await chromium?.close();
    await kaneo?.close();
  });

  it('lists the web app’s create-task request, copies it as curl that works with the vault key, and opens it in the tester', async () => {
    await message('vault.create', { passphrase: PASSPHRASE });
    const added = await message<{ ok: boolean }>('keys.add', {
      draft: { name: 'Scripts', secret: apiKey, instance: { webOrigin: kaneo.url, apiBaseUrl: kaneo.apiUrl } },
    });
    expect(added.ok).toBe(true);
    const localBefore = await chromium.dumpStorage('local');
    const syncBefore = await chromium.dumpStorage('sync');

    // DevTools is open on the Kaneo tab (its sign-in page); show the panel, as a person would
    // before using the web app. (When the extension's devtools page loaded only after the tab had
    // navigated, Chromium was seen never showing the created panel's tab: so the panel comes first.)
    const tab = chromium.inspectedTab;
    step('show the panel');
    const panel = await chromium.showPanel('Kaneo');
    expect(await panel.getByRole('heading', { level: 1 }).innerText()).toContain(new URL(kaneo.url).host);
    await panel.getByText('Key for “include the key”: Scripts').waitFor();

    step('sign in');
    // Sign in through the page's own form; the page reloads, the panel keeps its list.
    await tab.getByLabel('Email').fill(kaneo.seed.email);
    await tab.getByLabel('Password').fill(kaneo.seed.password);
    await tab.getByRole('button', { name: 'Sign in' }).click();
    await tab.getByText(`Signed in as`).waitFor();
    // Whatever the panel lists of the sign-in, its password is not shown.
    expect(await panelText(panel)).not.toContain(kaneo.seed.password);

    step('create a task');
    // The web app creates a task with its session.
    const title = `From DevTools ${Date.now()}`;
    await tab.getByLabel('Project ID').fill(kaneo.seed.projectId);
    await tab.getByLabel('Title').fill(title);
    await tab.getByRole('button', { name: 'Create task' }).click();
    await tab.getByText('Created task ').waitFor();

    step('wait for the row');
    const path = `/task/${kaneo.seed.projectId}`;
    expect(await panelText(panel)).not.toContain(kaneo.seed.password);
    const row = panel.locator('tbody tr').filter({ hasText: path });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/POST\s+\/task\/\S+\s+200\s+\d+ ms\s+Create Task/);
    // Newest first: the create is the top row.
    expect(await panel.locator('tbody tr').first().innerText()).toContain(path);

    step('select it');
    await row.getByRole('button', { name: path }).click();
    const details = panel.getByRole('region', { name: 'Request details' });
    await details.waitFor();
    expect(await details.innerText()).toContain('createTask');
    // `DEVTOOLS_SCREENSHOT=docs/devtools-panel.png` refreshes the README's picture from this run.
    if (process.env.DEVTOOLS_SCREENSHOT) await chromium.screenshotDevtools(process.env.DEVTOOLS_SCREENSHOT as `${string}.png`);

    step('copy');
    const preview = await panel.getByLabel('Snippet preview').textContent();
    await panel.getByRole('button', { name: 'Copy', exact: true }).click();
    await panel.getByText('Copied — set KANEO_API_KEY').waitFor();
    const copied = await chromium.readClipboard();
    expect(copied).toBe(preview);

    // What was copied: the key from the environment, no session, no key.
    expect(copied).toContain('$KANEO_API_KEY');
    expect(copied).toContain(`${kaneo.apiUrl}${path}`);
    expect(copied.toLowerCase()).not.toMatch(/cookie|session_token|x-api-key|origin:/);
    expect(copied).not.toContain(apiKey);

    step('run the copy');
    // Run it as a person would, with the vault's key in the environment.
    // Asynchronously: the Kaneo test server runs in this process and must be free to answer.
    const { stdout: output } = await promisify(execFile)('bash', ['-c', copied], { env: { ...process.env, KANEO_API_KEY: apiKey }, encoding: 'utf8', timeout: 60_000 });
    const task = JSON.parse(output) as { id: string; title: string; projectId: string };
    expect(task).toMatchObject({ title, projectId: kaneo.seed.projectId });
    const check = await fetch(`${kaneo.apiUrl}/task/${task.id}`, { headers: { Authorization: `Bearer ${apiKey}` } });
    expect(check.status).toBe(200);
    expect(((await check.json()) as { title: string }).title).toBe(title);

    // Nothing recorded was stored anywhere.
    expect(await chromium.dumpStorage('local')).toEqual(localBefore);
    expect(await chromium.dumpStorage('sync')).toEqual(syncBefore);
    const session = JSON.stringify(await chromium.dumpStorage('session'));
    expect(session).not.toContain(title);
    expect(session).not.toContain(kaneo.seed.projectId);

    step('open in tester');
    // Open in tester: the options page's tester, with method, path and body filled in.
    await panel.getByRole('button', { name: 'Open in tester' }).click();
    const tester = await chromium.waitForTab(`${chromium.origin}/options.html`);
    await tester.getByLabel('Path').waitFor();
    expect(await tester.getByLabel('Method').inputValue()).toBe('POST');
    expect(await tester.getByLabel('Path').inputValue()).toBe(path);
    expect(JSON.parse(await tester.getByLabel('Body (JSON)').inputValue())).toMatchObject({ title });
    // Read once: the address no longer carries the request.
    expect(await tester.evaluate(() => location.search)).toBe('');
  }, 240_000);
});
