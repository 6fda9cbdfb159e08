// Issue 12, "tests that attack", in the built extension (Chromium and Firefox through the one
// driver layer): many saves from two pages at once, the background stopped in the middle of saves,
// a Kaneo tab whose own scripts replaced fetch / Response.prototype.json / JSON.parse, names and
// notes made of HTML, and at the end: no secret in storage.local, storage.sync or the console.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capabilities, launchExtension, type ExtensionHarness, type Page } from '../fixtures/extension';
import { listServerKeys, signInTab, startKaneo, type KaneoServerHandle } from '../fixtures/kaneo';
import { tabIdOf } from '../fixtures/tabs';
import { KaneoTabPage } from '../pages/kaneo-tab-page';
import { OptionsPage } from '../pages/options-page';

const PASSPHRASE = 'quartz-heron-ledger-58-under-willow-arches';
const ORIGIN = 'https://kaneo.attack.test';
const tag = randomBytes(3).toString('hex');
/** Every secret this run stores: none may show up in storage or the console. */
const secrets: string[] = [];

let ext: ExtensionHarness;
let kaneo: KaneoServerHandle;
/** Vault ids of the keys the tester used: their history is checked at the end. */
const testedKeyIds: string[] = [];

interface Answer {
  res?: { ok: boolean; value?: unknown; reason?: string; message?: string };
  err?: unknown;
}

/**
 * Sends one protocol message from an extension page, exactly as the app's own client does
 * (@webext-core/messaging's wire format), and answers the Result.
 */
function send(page: Page, type: string, data: unknown): Promise<NonNullable<Answer['res']>> {
  return page.evaluate(
    async ({ type, data }) => {
      type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      const api = (globalThis as unknown as { browser?: Api }).browser ?? (globalThis as unknown as { chrome: Api }).chrome;
      try {
        const answer = (await api.runtime.sendMessage({ id: Math.floor(Math.random() * 1e9), type, data, timestamp: Date.now() })) as Answer;
        return answer?.res ?? { ok: false, reason: 'no-answer' };
      } catch {
        return { ok: false, reason: 'no-answer' };
      }
    },
    { type, data },
  );
}

/** Fires `count` keys.add messages at once from `page`, answers their Results. */
function addMany(page: Page, prefix: string, count: number): Promise<Array<{ ok: boolean; reason?: string }>> {
  return page.evaluate(
    async ({ prefix, count, origin }) => {
      type Api = { runtime: { sendMessage(message: unknown): Promise<unknown> } };
      const api = (globalThis as unknown as { browser?: Api }).browser ?? (globalThis as unknown as { chrome: Api }).chrome;
      const one = async (i: number) => {
        try {
          const answer = (await api.runtime.sendMessage({
            id: Math.floor(Math.random() * 1e9),
            type: 'keys.add',
            data: { draft: { name: `${prefix} ${i}`, secret: `${prefix.replace(/\W/g, '')}_secret_${i}_x9`, instance: { webOrigin: origin, apiBaseUrl: `${origin}/api` } } },
            timestamp: Date.now(),
          })) as { res?: { ok: boolean; reason?: string } };
          return answer?.res ?? { ok: false, reason: 'no-answer' };
        } catch {
          return { ok: false, reason: 'no-answer' };
        }
      };
      return Promise.all(Array.from({ length: count }, (_, i) => one(i)));
    },
    { prefix, count, origin: ORIGIN },
  );
}

function secretOf(prefix: string, i: number): string {
  return `${prefix.replace(/\W/g, '')}_secret_${i}_x9`;
}

async function vaultNames(page: Page): Promise<string[]> {
  const listed = await send(page, 'keys.list', undefined);
  if (!listed?.ok) throw new Error(`keys.list failed: ${JSON.stringify(listed)}`);
  return (listed.value as Array<{ name: string }>).map((k) => k.name);
}

beforeAll(async () => {
  kaneo = await startKaneo();
  ext = await launchExtension();
});

afterAll(async () => {
  await ext?.close();
  await kaneo?.close();
});

describe('attacks on the built extension', () => {
  it('sets up the vault', async () => {
    const options = await OptionsPage.open(ext);
    await options.setPassphrase(PASSPHRASE);
    await options.page.close();
  });

  it('50 saves interleaved from the popup and the options page all land', async () => {
    const popup = await ext.openPopup();
    const options = await ext.openOptions();
    const prefix = `both ${tag}`;
    const [fromPopup, fromOptions] = await Promise.all([addMany(popup, `${prefix} p`, 25), addMany(options, `${prefix} o`, 25)]);
    expect([...fromPopup, ...fromOptions].filter((r) => !r.ok)).toEqual([]);
    for (let i = 0; i < 25; i++) secrets.push(secretOf(`${prefix} p`, i), secretOf(`${prefix} o`, i));
    const names = (await vaultNames(options)).filter((n) => n.startsWith(prefix));
    expect(names).toHaveLength(50);
    await popup.close();
    await options.close();
  });

  it.runIf(capabilities.inspectsBackground)(
    'the service worker stopped in the middle of saves: the vault opens, and every save that answered is kept',
    async () => {
      const options = await ext.openOptions();
      const prefix = `stop ${tag}`;
      const saves = addMany(options, prefix, 20);
      await ext.background.restart();
      const answers = await saves;
      for (let i = 0; i < 20; i++) secrets.push(secretOf(prefix, i));
      // A fresh worker: the vault is not damaged, and still unlocked (storage.session kept).
      // (vault.status answers the state itself, not a Result.)
      expect(await send(options, 'vault.status', undefined)).toEqual({ state: 'unlocked' });
      const names = new Set(await vaultNames(options));
      answers.forEach((answer, i) => {
        if (answer.ok) expect(names.has(`${prefix} ${i}`), `${prefix} ${i}`).toBe(true);
      });
      // What was not answered may or may not be in; nothing is half-written (the list read whole).
      await options.close();
    },
  );

  it('a Kaneo tab whose scripts replaced fetch, Response.prototype.json and JSON.parse cannot change a created key', async () => {
    const tab = await signInTab(ext, kaneo);
    await tab.evaluate(() => {
      const w = window as unknown as { __hostileCalls: number };
      w.__hostileCalls = 0;
      const fake = { key: 'attacker_key_0000000000000000', id: 'attacker', name: 'attacker', start: 'attack' };
      window.fetch = async () => {
        w.__hostileCalls += 1;
        return new Response(JSON.stringify(fake), { status: 200, headers: { 'content-type': 'application/json' } });
      };
      Response.prototype.json = async function () {
        w.__hostileCalls += 1;
        return fake;
      };
      const realParse = JSON.parse;
      JSON.parse = ((text: string, reviver?: (k: string, v: unknown) => unknown) => {
        w.__hostileCalls += 1;
        const value = realParse(text, reviver);
        return value && typeof value === 'object' && 'key' in value ? { ...value, key: fake.key } : value;
      }) as typeof JSON.parse;
    });
    const popup = await KaneoTabPage.openFor(ext, await tabIdOf(ext, kaneo.url), PASSPHRASE);
    const name = `hostile ${tag}`;
    await popup.submitNewKey(name, '30 days', '');
    await popup.page.getByText('Key saved to the vault').waitFor({ timeout: 30_000 });

    // The page's replacements were never called by the extension's in-tab functions.
    expect(await tab.evaluate(() => (window as unknown as { __hostileCalls: number }).__hostileCalls)).toBe(0);
    // The stored key is the one the server made: it is on the server under that name, and it works.
    expect((await listServerKeys(kaneo)).map((k) => k.name)).toContain(name);
    const listed = await send(popup.page, 'keys.list', undefined);
    const entry = (listed?.value as Array<{ id: string; name: string }>).find((k) => k.name === name)!;
    const revealed = await send(popup.page, 'keys.reveal', { id: entry.id });
    const secret = (revealed?.value as { secret: string }).secret;
    expect(secret).not.toContain('attacker');
    secrets.push(secret);
    testedKeyIds.push(entry.id);
    const proof = await fetch(`${kaneo.apiUrl}/auth/organization/list`, { headers: { authorization: `Bearer ${secret}` } });
    expect(proof.status).toBe(200);
    await popup.page.close();
    await tab.close();
  });

  it('names and notes made of HTML and script render as text', async () => {
    const options = await OptionsPage.open(ext);
    const name = `<img src=x onerror="window.__xss=1"> ${tag}`;
    const notes = `<script>window.__xss=2</script><b>bold</b>`;
    const secret = `html_secret_${tag}_q7`;
    secrets.push(secret);
    const added = await send(options.page, 'keys.add', {
      draft: { name, secret, notes, instance: { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` } },
    });
    expect(added?.ok).toBe(true);
    await options.page.getByText(name, { exact: true }).first().waitFor();
    expect(
      await options.page.evaluate(() => ({
        xss: (window as unknown as { __xss?: number }).__xss ?? null,
        injected: document.querySelectorAll('img[src="x"], #root script, #root b').length,
      })),
    ).toEqual({ xss: null, injected: 0 });
    await options.page.close();
  });

  it('the request tester, with a big body and a credential header tried, leaves a bounded history', async () => {
    const options = await ext.openOptions();
    const [keyId] = testedKeyIds;
    expect(keyId).toBeDefined();
    const big = JSON.stringify({ name: `big ${tag}`, filler: 'z'.repeat(20_000) });
    const sent = await send(options, 'tester.send', {
      requestId: `big-${tag}`,
      keyId,
      request: { method: 'POST', url: `${kaneo.apiUrl}/auth/organization/list`, headers: [{ name: 'Content-Type', value: 'application/json' }], body: big },
    });
    expect(sent.ok, JSON.stringify(sent)).toBe(true);
    const got = await send(options, 'tester.send', {
      requestId: `get-${tag}`,
      keyId,
      request: { method: 'GET', url: `${kaneo.apiUrl}/auth/organization/list`, headers: [], body: null },
    });
    expect(got.ok, JSON.stringify(got)).toBe(true);
    // A page can't put a credential header into a request (so none can reach the history).
    const withAuth = await send(options, 'tester.send', {
      requestId: `auth-${tag}`,
      keyId,
      request: { method: 'GET', url: `${kaneo.apiUrl}/auth/organization/list`, headers: [{ name: 'Authorization', value: `Bearer planted_${tag}_credential` }], body: null },
    });
    expect(withAuth.ok).toBe(false);
    secrets.push(`planted_${tag}_credential`);
    await options.close();
  });

  it('leaves no secret in storage.local, storage.sync or the console', async () => {
    expect(secrets.length).toBeGreaterThan(50);
    const local = JSON.stringify(await ext.dumpStorage('local'));
    const sync = JSON.stringify(await ext.dumpStorage('sync'));
    const consoleText = ext.extensionErrors().join('\n');
    for (const secret of secrets) {
      expect(local.includes(secret), 'storage.local').toBe(false);
      expect(sync.includes(secret), 'storage.sync').toBe(false);
      expect(consoleText.includes(secret), 'console').toBe(false);
    }
    // Nothing that names the instance either.
    expect(local).not.toContain('kaneo.attack.test');
    expect(local).not.toContain(new URL(kaneo.url).host);
    expect(sync).toBe('{}');

    // The tester history: stored sealed, and — opened through the extension — it holds no secret,
    // no credential header, and no body beyond its cap (4 KB, the full size noted beside it).
    const stored = (await ext.dumpStorage('local'))['tester.history'] as { v?: number; value?: { v: number; iv: string; ct: string } } | undefined;
    expect(JSON.stringify(stored)).toMatch(/"ct":"/);
    expect(JSON.stringify(stored)).not.toContain('organization/list');
    const options = await ext.openOptions();
    const entries: Array<{ request: { headers: Array<{ name: string }>; body: string | null }; bodyBytes?: number }> = [];
    for (const keyId of testedKeyIds) {
      const listed = await send(options, 'tester.history.list', { keyId });
      expect(listed.ok, JSON.stringify(listed)).toBe(true);
      entries.push(...(listed.value as typeof entries));
    }
    await options.close();
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const history = JSON.stringify(entries);
    for (const secret of secrets) expect(history.includes(secret), 'tester history').toBe(false);
    for (const entry of entries) {
      expect(entry.request.headers.map((h) => h.name.toLowerCase())).not.toContain('authorization');
      expect(entry.request.headers.map((h) => h.name.toLowerCase())).not.toContain('x-api-key');
      expect(new TextEncoder().encode(entry.request.body ?? '').length).toBeLessThanOrEqual(4 * 1024);
    }
    const cut = entries.find((e) => e.bodyBytes !== undefined);
    expect(cut?.bodyBytes).toBeGreaterThan(20_000);
  });
});
