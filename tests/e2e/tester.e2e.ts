// Issue 5, end to end in the built extension against the Kaneo-compatible server: test a key
// (200 shown), a revoked key and a wrong key (401 shown plainly), cancel a hung request, copy curl
// from the popup and run the copied text in bash (200). Finally: nothing the tester stored names
// the instance in storage.local/sync.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, launchExtension, type ExtensionHarness } from './fixtures/extension';
import { createServerKey, sessionCookie, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { PopupTester, TesterSection } from './pages/tester-page';

const run = promisify(execFile);
const PASSPHRASE = 'copper-lantern-drifts-41-over-quiet-fjords';
const tag = () => randomBytes(3).toString('hex');

let ext: ExtensionHarness;
let kaneo: KaneoServerHandle;
let hang: { server: Server; origin: string; received: IncomingMessage[] };
let options: OptionsPage;
let tester: TesterSection;

const live = { name: `Live key ${tag()}`, secret: '' };
const revoked = { name: `Revoked key ${tag()}`, secret: '', id: '' };
const wrong = { name: `Wrong key ${tag()}`, secret: 'x'.repeat(64) };
const hung = { name: `Hung instance ${tag()}`, secret: 'h'.repeat(64) };
// The same server as `localhost`: the e2e build's host permission covers only 127.0.0.1, so the
// tester has to ask the browser for this one.
const prompted = { name: `Asks first ${tag()}`, secret: '' };

function localhostUrl(): string {
  return kaneo.url.replace('//127.0.0.1:', '//localhost:');
}

interface PermissionsApi {
  permissions: Record<'contains' | 'remove', (p: { origins: string[] }) => Promise<boolean>>;
}

interface SessionApi {
  storage: { session: { get(keys: null): Promise<Record<string, unknown>> } };
}

function hasLocalhostAccess(): Promise<boolean> {
  return ext.evaluateInExtension(
    () => (globalThis as unknown as { browser: PermissionsApi }).browser.permissions.contains({ origins: ['http://localhost/*'] }),
    undefined,
  );
}

async function revokeKey(keyId: string): Promise<void> {
  const res = await fetch(`${kaneo.apiUrl}/auth/api-key/delete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: kaneo.url, cookie: await sessionCookie(kaneo) },
    body: JSON.stringify({ keyId }),
  });
  expect(res.status).toBe(200);
}

/** A server on 127.0.0.1 that accepts requests and never answers them. */
async function startHangingServer() {
  const received: IncomingMessage[] = [];
  const server = createServer((req) => {
    received.push(req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}`, received };
}

beforeAll(async () => {
  kaneo = await startKaneo();
  hang = await startHangingServer();
  ext = await launchExtension();
  live.secret = (await createServerKey(kaneo, 'e2e live')).key;
  const toRevoke = await createServerKey(kaneo, 'e2e revoked');
  revoked.secret = toRevoke.key;
  revoked.id = toRevoke.id;

  options = await OptionsPage.open(ext);
  await options.setPassphrase(PASSPHRASE).catch(async (error) => {
    throw new Error(`${String(error)}\nPage: ${await options.page.locator('body').innerText()}\nErrors: ${ext.extensionErrors().join('\n')}`);
  });
  await options.addKey({ name: live.name, secret: live.secret, webOrigin: kaneo.url });
  await options.addKey({ name: revoked.name, secret: revoked.secret, webOrigin: kaneo.url });
  await options.addKey({ name: wrong.name, secret: wrong.secret, webOrigin: kaneo.url });
  await options.addKey({ name: hung.name, secret: hung.secret, webOrigin: hang.origin });
  prompted.secret = live.secret;
  await options.addKey({ name: prompted.name, secret: prompted.secret, webOrigin: localhostUrl() });
  await options.goTo('Tester');
  tester = new TesterSection(options.page);
});

afterAll(async () => {
  await ext?.close();
  hang?.server.closeAllConnections();
  await new Promise((resolve) => hang?.server.close(resolve));
  await kaneo?.close();
});

describe('Request tester in the built extension', () => {
  it('tests a live key against the server: 200 with its workspaces', async () => {
    await tester.pickKey(live.name);
    await tester.testThisKey();
    expect(await tester.status()).toBe('200 OK');
    expect(await tester.meaning()).toMatch(/The key works/);
    await expect.poll(() => tester.response().innerText()).toContain('Demo Workspace');
    // History records it (without the key).
    await expect
      .poll(() => tester.history().getByRole('button', { name: 'Re-run GET /auth/organization/list' }).count())
      .toBeGreaterThan(0);
    expect(await tester.history().innerText()).not.toContain(live.secret);
  });

  it("loads the endpoint list from the instance's own /openapi", async () => {
    await expect.poll(() => tester.region.innerText()).toMatch(/\d+ endpoints from this instance’s \/openapi/);
  });

  it('shows 401 plainly for a revoked key and for a wrong key', async () => {
    await revokeKey(revoked.id);
    await tester.pickKey(revoked.name);
    await tester.testThisKey();
    expect(await tester.status()).toBe('401 Unauthorized');
    expect(await tester.meaning()).toMatch(/This key is wrong or revoked/);

    await tester.pickKey(wrong.name);
    await tester.testThisKey();
    expect(await tester.status()).toBe('401 Unauthorized');
    await expect.poll(() => tester.response().innerText()).toContain('Invalid API key.');
    expect(await tester.meaning()).toMatch(/This key is wrong or revoked/);
  });

  it('cancels a hung request', async () => {
    await tester.pickKey(hung.name);
    await tester.testThisKey();
    await expect.poll(() => tester.region.getByText('Sending GET request…').count()).toBe(1);
    // Picking the key also loads the instance's /openapi (which hangs too); find the test request.
    const testRequest = () => hang.received.find((r) => r.url === '/api/auth/organization/list');
    await expect.poll(() => testRequest() !== undefined).toBe(true);
    const seen = testRequest()!;
    expect(seen.headers.authorization).toBe(`Bearer ${hung.secret}`);
    expect(seen.headers.cookie).toBeUndefined();
    await tester.cancel();
    await expect.poll(() => tester.region.getByRole('alert').innerText()).toContain('Cancelled');
    await expect.poll(() => tester.history().getByText('Cancelled').count()).toBeGreaterThan(0);
  });

  it('copies curl from the popup; the copied text run in bash answers 200', async () => {
    const popup = await PopupPage.open(ext);
    await popup.openTab('Test');
    const popupTester = new PopupTester(popup.page);
    await ext.writeClipboard('nothing yet');
    await popupTester.copyCurl(live.name);
    await expect.poll(() => ext.readClipboard()).toMatch(/^curl /);
    const copied = await ext.readClipboard();
    expect(copied).not.toContain(live.secret);
    expect(copied).toContain('$KANEO_API_KEY');

    const env = { ...process.env, KANEO_API_KEY: live.secret };
    const { stdout } = await run('bash', ['-c', copied], { env, timeout: 20_000 });
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ id: kaneo.seed.workspaceId, name: 'Demo Workspace' })]);
    const status = await run('bash', ['-c', `${copied} -s -o /dev/null -w '%{http_code}'`], { env, timeout: 20_000 });
    expect(status.stdout).toBe('200');

    // The popup's own Test button agrees.
    await popupTester.test(live.name);
    expect(await popupTester.status()).toBe('200 OK');
    await popup.page.close();
  });

  // Chromium's prompt cannot be answered from a test (capabilities.answersPermissionPrompt).
  it.runIf(capabilities.answersPermissionPrompt)('asks for access from the popup; allowed, the test runs: 200', async () => {
    const popup = await PopupPage.open(ext);
    await popup.openTab('Test');
    const popupTester = new PopupTester(popup.page);
    await popupTester.test(prompted.name);
    await expect.poll(() => ext.answerPermissionPrompt(true), { timeout: 10_000 }).toBe(true);
    expect(await popupTester.status()).toBe('200 OK');
    // Nothing is left to resume once this popup had its answer.
    await expect.poll(async () => Object.keys(await ext.dumpStorage('session'))).not.toContain('tester.pendingTest');
    await popup.page.close();
    // Taken back, for the next test.
    await ext.evaluateInExtension(
      () => (globalThis as unknown as { browser: PermissionsApi }).browser.permissions.remove({ origins: ['http://localhost/*'] }),
      undefined,
    );
    expect(await hasLocalhostAccess()).toBe(false);
  });

  // Firefox may close the toolbar popup when the permission prompt opens: the test the popup
  // started must be finished by the popup opened next. Here the "popup" is a tab, and closing it
  // takes its prompt along; so access is then granted where a person can also grant it (the
  // add-on's permissions in about:addons) and the reopened popup must finish on its own.
  it.runIf(capabilities.answersPermissionPrompt)(
    'a test the popup started before it closed for the prompt is finished by the reopened popup, once access is allowed',
    async () => {
      const popup = await PopupPage.open(ext);
      await popup.openTab('Test');
      await new PopupTester(popup.page).test(prompted.name);
      // The note the popup leaves while the browser asks: a key id and a time, nothing readable.
      // Read from the popup itself: opening another tab now would dismiss the prompt (a refusal).
      const readSession = () =>
        popup.page.evaluate(async () => JSON.stringify(await (globalThis as unknown as { browser: SessionApi }).browser.storage.session.get(null)), undefined);
      await expect.poll(readSession).toContain('tester.pendingTest');
      const session = await readSession();
      for (const value of [prompted.secret, prompted.name, 'localhost']) expect(session).not.toContain(value);
      await popup.page.close();

      await ext.grantHostPermission('http://localhost/*');
      expect(await hasLocalhostAccess()).toBe(true);

      // It opens on the Test tab by itself and runs the test without asking again.
      const reopened = await PopupPage.open(ext);
      expect(await new PopupTester(reopened.page).status()).toBe('200 OK');
      await reopened.page.getByText(`Test of ${prompted.name}:`).waitFor();
      expect(await ext.dumpStorage('session')).not.toHaveProperty('tester.pendingTest');
      await reopened.page.close();
    },
  );

  it('leaves no instance URL, key name or secret readable in storage.local or storage.sync', async () => {
    const text = JSON.stringify({ local: await ext.dumpStorage('local'), sync: await ext.dumpStorage('sync') });
    expect(text).toContain('tester.history'); // the history was written (sealed)
    for (const value of [
      new URL(kaneo.url).host,
      new URL(hang.origin).host,
      'organization/list',
      live.secret,
      revoked.secret,
      live.name,
      hung.name,
      prompted.name,
      new URL(localhostUrl()).host,
    ]) {
      expect(text, `storage must not contain ${value}`).not.toContain(value);
    }
  });
});
