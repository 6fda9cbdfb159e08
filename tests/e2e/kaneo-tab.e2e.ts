// Issue 4, end to end in the built extension against the Kaneo-compatible server: sign in in a
// real tab, point the popup at it, create a key that goes straight into the vault, then prove
// the key with curl while disabling, enabling, rotating and revoking it from the popup. Also the
// messages for a signed-out tab, a page that is not Kaneo, and a page scripts can't run on, and
// the expiry badge — with nothing identifying in storage.local.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, launchExtension, type ExtensionHarness, type Locator, type Page } from './fixtures/extension';
import { listServerKeys, signInTab, signedOutTab, startKaneo, type KaneoServerHandle } from './fixtures/kaneo';
import { allTabIds, tabIdOf } from './fixtures/tabs';
import { OptionsPage } from './pages/options-page';
import { PopupPage } from './pages/popup-page';
import { confirmFirstCreateIfAsked } from './pages/first-create';

const run = promisify(execFile);
const PASSPHRASE = 'amber-kestrel-wanders-63-past-slate-cliffs';
const KEY_NAME = `e2e tab key ${randomBytes(3).toString('hex')}`;
const NOTE = `note ${randomBytes(4).toString('hex')}`;

let ext: ExtensionHarness;
let kaneo: KaneoServerHandle;
let plain: { server: Server; url: string };

/** "This tab" in the popup, pointed at one browser tab (the e2e build honours ?tab=<id>). */
class ThisTab {
  constructor(readonly page: Page) {}

  static async open(ext: ExtensionHarness, tabId: number): Promise<ThisTab> {
    const page = await ext.openPage(`popup.html?tab=${tabId}`, { width: 420, height: 700 });
    const popup = new PopupPage(page);
    await popup.waitUntilLoaded();
    if (await popup.isLocked()) await popup.unlock(PASSPHRASE);
    await popup.openTab('This tab');
    return new ThisTab(page);
  }

  who(): Locator {
    return this.page.getByLabel('Signed in');
  }

  /** What the panel says instead of the signed-in view: a failure (alert) or a normal-state notice. */
  problem(): Locator {
    return this.page.getByRole('alert').or(this.page.locator('.ui-notice')).first();
  }

  async createKey(name: string, expiry: string, note: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New API key', exact: true }).click();
    const form = this.page.getByRole('form', { name: 'New API key' });
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByRole('radio', { name: expiry, exact: true }).check();
    await form.getByLabel('Note (optional)').fill(note);
    await form.getByRole('button', { name: 'Create key' }).click();
    await confirmFirstCreateIfAsked(this.page);
    await this.page.getByText('Key saved to the vault').waitFor();
  }

  row(name: string): Locator {
    return this.page.getByRole('region', { name: 'In your vault' }).getByRole('listitem', { name, exact: true });
  }

  async reload(): Promise<void> {
    await this.page.getByRole('button', { name: 'Reload', exact: true }).click();
  }

  async act(action: 'Disable' | 'Enable' | 'Rotate' | 'Revoke', name: string): Promise<void> {
    await this.row(name).getByRole('button', { name: `${action} ${name}`, exact: true }).click();
    if (action === 'Rotate' || action === 'Revoke') {
      const dialog = this.page.getByRole('alertdialog');
      await dialog.getByRole('button', { name: action, exact: true }).click();
      await dialog.waitFor({ state: 'detached' });
    }
  }
}

/** HTTP status of `GET /api/auth/organization/list` with the key as Bearer, from curl. */
async function curlStatus(secret: string): Promise<string> {
  const { stdout } = await run('curl', [
    '-s',
    '-o',
    '/dev/null',
    '-w',
    '%{http_code}',
    '-H',
    `Authorization: Bearer ${secret}`,
    `${kaneo.apiUrl}/auth/organization/list`,
  ]);
  return stdout.trim();
}

function serverKeys(): ReturnType<typeof listServerKeys> {
  return listServerKeys(kaneo);
}

async function revealInPopup(name: string): Promise<string> {
  const popup = await PopupPage.open(ext);
  try {
    if (await popup.isLocked()) await popup.unlock(PASSPHRASE);
    await popup.search(name);
    return await popup.revealKey(name);
  } finally {
    await popup.page.close();
  }
}

interface BadgeApi {
  getBadgeText(details: object): Promise<string>;
}

async function badgeText(): Promise<string> {
  // Any extension page can read the toolbar button's badge (MV3 `action`, MV2 `browserAction`).
  return ext.evaluateInExtension(() => {
    const api = (globalThis as unknown as { browser?: { action?: BadgeApi; browserAction?: BadgeApi } }).browser
      ?? (globalThis as unknown as { chrome: { action?: BadgeApi; browserAction?: BadgeApi } }).chrome;
    return (api.action ?? api.browserAction!).getBadgeText({});
  }, undefined);
}

beforeAll(async () => {
  kaneo = await startKaneo();
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<!doctype html><title>Just a page</title><p>Not Kaneo.</p>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  plain = { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await kaneo?.close();
  await new Promise((r) => plain?.server.close(r));
});

describe('Kaneo tab: messages for tabs that are not a signed-in Kaneo', () => {
  it('sets up the vault', async () => {
    const options = await OptionsPage.open(ext);
    await options.setPassphrase(PASSPHRASE);
    await options.page.close();
  });

  it('a signed-out Kaneo tab says to sign in', async () => {
    const tab = await signedOutTab(ext, kaneo);
    const popup = await ThisTab.open(ext, await tabIdOf(ext, kaneo.url));
    await expect.poll(() => popup.problem().textContent()).toContain('Signed out');
    expect(await popup.problem().textContent()).toContain(
      `You're not signed in to Kaneo on ${new URL(kaneo.url).host}. Sign in in this tab, then open Kaneo Key Manager again.`,
    );
    await popup.page.close();
    await tab.close();
  });

  it('a page that is not Kaneo says so', async () => {
    const tab = await ext.newTab(plain.url);
    const popup = await ThisTab.open(ext, await tabIdOf(ext, plain.url));
    await expect.poll(() => popup.problem().textContent()).toContain('Not a Kaneo tab');
    expect(await popup.problem().textContent()).toContain("This doesn't look like Kaneo");
    await popup.page.getByRole('button', { name: 'Set an API base' }).waitFor();
    await popup.page.close();
    await tab.close();
  });

  it.each([
    ['a browser page (chrome:// or about:)', capabilities.privilegedPageUrl],
    ['a data: page', 'data:text/html,<title>data page</title><p>hello</p>'],
  ])('%s says scripts cannot run there', async (_label, url) => {
    const before = await allTabIds(ext);
    const tab = await ext.newTab(url);
    const newTab = (await allTabIds(ext)).find((id) => !before.includes(id));
    expect(newTab).toBeDefined();
    const popup = await ThisTab.open(ext, newTab!);
    // Chromium may hide a data: tab's URL and word its refusal as a permission problem; either
    // way the message must say that such pages can't be used.
    await expect.poll(() => popup.problem().textContent()).toMatch(/Can't work on this page|No access to this tab/);
    // Firefox words an about: page as "not a website".
    expect(await popup.problem().textContent()).toMatch(
      /can't run on this page|Pages that aren't websites .* can't be used|is not a website Kaneo Key Manager can work with/,
    );
    await popup.page.close();
    await tab.close();
  });
});

describe('Kaneo tab: create, prove, disable, enable, rotate, revoke', () => {
  let tab: Page;
  let popup: ThisTab;
  let secret = '';
  let newSecret = '';

  it('shows who is signed in where, with the workspaces', async () => {
    tab = await signInTab(ext, kaneo);
    popup = await ThisTab.open(ext, await tabIdOf(ext, kaneo.url));
    await popup.who().waitFor();
    expect(await popup.who().textContent()).toContain(`${kaneo.seed.name} · ${kaneo.seed.email} on ${new URL(kaneo.url).host}`);
    expect(await popup.who().textContent()).toContain('Workspaces: Demo Workspace');
  });

  it('creates a key through the tab straight into the vault', async () => {
    const seen = kaneo.requests.length;
    await popup.createKey(KEY_NAME, '7 days', NOTE);
    // The request ran inside the Kaneo tab (Firefox: content.fetch), so it carried the page's
    // Origin — the only one Kaneo accepts with its session cookie.
    expect(kaneo.requests.slice(seen)).toContainEqual({ method: 'POST', path: '/api/auth/api-key/create', origin: kaneo.url });
    // The secret was never shown.
    expect(await popup.page.locator('body').innerText()).not.toMatch(/[A-Za-z0-9]{40,}/);
    await expect.poll(() => popup.row(KEY_NAME).textContent()).toContain('Expires in 7 days');

    const options = await OptionsPage.open(ext);
    if (await options.page.getByRole('form', { name: 'Vault locked' }).isVisible()) await options.unlock(PASSPHRASE);
    await expect.poll(() => options.keyNames()).toContain(KEY_NAME);
    await options.page.close();

    secret = await revealInPopup(KEY_NAME);
    expect(secret).toMatch(/^[A-Za-z0-9]{64}$/);
  });

  it('the stored secret works with curl, and the server lists the key', async () => {
    expect(await curlStatus(secret)).toBe('200');
    const listed = await serverKeys();
    expect(listed.filter((k) => k.name === KEY_NAME)).toHaveLength(1);
  });

  it('counts the key on the toolbar badge (expires within 7 days), from timestamps only', async () => {
    await expect.poll(() => badgeText(), { timeout: 10_000 }).toBe('1');
    const local = JSON.stringify(await ext.dumpStorage('local'));
    for (const value of [secret, KEY_NAME, NOTE, kaneo.url, new URL(kaneo.url).host]) {
      expect(local, `storage.local must not contain ${value}`).not.toContain(value);
    }
    expect(local).toContain('expiryIndex');
  });

  it('disable → 401, enable → 200', async () => {
    await popup.act('Disable', KEY_NAME);
    await expect.poll(() => popup.row(KEY_NAME).textContent()).toContain('Disabled');
    expect(await curlStatus(secret)).toBe('401');
    await popup.act('Enable', KEY_NAME);
    await expect.poll(() => popup.row(KEY_NAME).textContent()).toContain('Expires in 7 days');
    expect(await curlStatus(secret)).toBe('200');
  });

  it('rotate → the old key 401, the new one 200', async () => {
    await popup.act('Rotate', KEY_NAME);
    await popup.page.getByText(/Rotated: the new “.*” .* is in the vault and the old key is revoked\./).waitFor();
    expect(await curlStatus(secret)).toBe('401');
    await expect.poll(() => popup.row(`${KEY_NAME} (old)`).textContent()).toContain('Revoked');
    newSecret = await revealInPopup(KEY_NAME);
    expect(newSecret).not.toBe(secret);
    expect(await curlStatus(newSecret)).toBe('200');
    const listed = await serverKeys();
    expect(listed.filter((k) => k.name === KEY_NAME)).toHaveLength(1);
  });

  it('the options page lists the instance’s keys without a tab, with a stored key', async () => {
    const options = await OptionsPage.open(ext);
    await options.goTo('Kaneo');
    const region = options.page.getByRole('region', { name: 'Kaneo', exact: true });
    const host = new URL(kaneo.url).host;
    const card = region.getByRole('article', { name: host });
    // Host access is explained once for the page, above the instance cards.
    await region.getByText('asks your browser for access to').waitFor();
    // The e2e build already holds http://127.0.0.1/*, so the request is granted without a prompt.
    await card.getByRole('button', { name: `Load keys from server, ${host}` }).click();
    await card.getByText(`Listed with your stored key “${KEY_NAME}”.`).waitFor();
    const row = card.getByRole('region', { name: 'In your vault' }).getByRole('listitem', { name: KEY_NAME, exact: true });
    await expect.poll(() => row.textContent()).toContain('Expires in 7 days');
    expect(await card.getByRole('listitem', { name: `${KEY_NAME} (old)`, exact: true }).textContent()).toContain('Revoked');
    // Usage the server reports: curl used the new key once above.
    expect(await row.textContent()).toMatch(/Last used .* · [1-9]\d* requests?/);
    await options.page.close();
  });

  it('revoke → 401 and the vault entry is marked', async () => {
    await popup.act('Revoke', KEY_NAME);
    await popup.page.getByText(`“${KEY_NAME}” was revoked. Its vault entry is kept, marked as revoked.`).waitFor();
    expect(await curlStatus(newSecret)).toBe('401');
    await expect.poll(() => popup.row(KEY_NAME).textContent()).toContain('Revoked');
    expect((await serverKeys()).filter((k) => k.name === KEY_NAME)).toEqual([]);
    await expect.poll(() => badgeText(), { timeout: 10_000 }).toBe('');
  });

  it('reported no page errors', () => {
    expect(ext.extensionErrors().filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
    void tab;
  });
});
