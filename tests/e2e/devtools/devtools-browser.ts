// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the extension pages' own `chrome`, evaluated in the browser
declare const chrome: any;
/**
 * A Chromium with the e2e build loaded and DevTools opened for every tab, driven through
 * puppeteer-core: Playwright cannot see DevTools targets, puppeteer can with
 * `handleDevToolsAsPage` (../shared/browser-automation.md, "Chromium DevTools").
 *
 * Chromium is started by hand (not `puppeteer.launch`) so the flags are exactly the measured
 * ones; DevTools is docked at the bottom through the profile's Preferences so the panel's tab
 * header is in the DOM and can be clicked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type ElementHandle, type Frame, type Page } from 'puppeteer-core';

const BUILD = resolve(import.meta.dirname, '../../../.output/chrome-mv3-e2e');

export interface DevtoolsBrowser {
  browser: Browser;
  extensionId: string;
  /** Opens an extension page (e.g. `options.html`) in a new tab. */
  openExtensionPage(path: string): Promise<Page>;
  /** Sends one protocol message from an extension page, the way the app's pages do. */
  message<T = unknown>(page: Page, type: string, data?: unknown): Promise<T>;
  /** Finds the DevTools that offers the Kaneo panel, clicks its tab, answers the panel's frame. */
  showKaneoPanel(): Promise<{ devtools: Page; frame: Frame }>;
  dumpStorage(page: Page, area: 'local' | 'sync' | 'session'): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: set CHROMIUM_PATH or apt-get install -y chromium');
  return found;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 20_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * `startUrl`: the first tab's page. The tab to inspect must be this one: in a tab created over
 * CDP (`browser.newPage()`) DevTools never showed an extension's panel, though
 * `panels.create` called back.
 */
export async function launchDevtoolsBrowser(startUrl = 'about:blank'): Promise<DevtoolsBrowser> {
  if (!existsSync(join(BUILD, 'manifest.json'))) throw new Error('No e2e build: run npm run build:e2e first');
  const root = await mkdtemp(join(tmpdir(), 'kaneo-devtools-e2e-'));
  const profile = join(root, 'profile');
  const extension = join(root, 'extension');
  // A copy, so a rebuild cannot change files under the running browser.
  await cp(BUILD, extension, { recursive: true });
  await mkdir(join(profile, 'Default'), { recursive: true });
  await writeFile(join(profile, 'Default', 'Preferences'), JSON.stringify({ devtools: { preferences: { currentDockState: '"bottom"' } } }));
  const child: ChildProcess = spawn(
    chromiumPath(),
    [
      process.env.E2E_HEADED ? '' : '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-default-browser-check',
      '--auto-open-devtools-for-tabs',
      '--remote-debugging-port=0',
      `--user-data-dir=${profile}`,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      '--window-size=2400,1000',
      startUrl,
    ].filter(Boolean),
    { stdio: 'ignore' },
  );
  const portFile = join(profile, 'DevToolsActivePort');
  const port = await waitFor('DevToolsActivePort', async () => (existsSync(portFile) ? (await readFile(portFile, 'utf8')).split('\n')[0] : null));
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, handleDevToolsAsPage: true, defaultViewport: null });
  const worker = await browser.waitForTarget((t) => t.type() === 'service_worker' && t.url().startsWith('chrome-extension://'), { timeout: 20_000 });
  const extensionId = new URL(worker.url()).host;

  const api: DevtoolsBrowser = {
    browser,
    extensionId,
    async openExtensionPage(path) {
      const page = await browser.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async message(page, type, data) {
      const answer = await page.evaluate(
        (type, data) =>
          new Promise((resolve, reject) =>
            chrome.runtime.sendMessage({ id: Math.floor(Math.random() * 1e6), type, data, timestamp: Date.now() }, (response: { res?: unknown; err?: unknown }) =>
              chrome.runtime.lastError ? reject(new Error(chrome.runtime.lastError.message)) : resolve(response),
            ),
          ),
        type,
        data ?? null,
      );
      const { res, err } = (answer ?? {}) as { res?: unknown; err?: unknown };
      if (err) throw new Error(`${type}: ${JSON.stringify(err)}`);
      return res as never;
    },
    async showKaneoPanel() {
      const headerId = `tab-chrome-extension://${extensionId}Kaneo`;
      // Every tab has its own DevTools, all titled "DevTools"; only a Kaneo tab's gets the panel,
      // so the one with the panel's tab header is the one to use.
      const devtools = await waitFor('a DevTools with the Kaneo panel', async () => {
        for (const target of browser.targets()) {
          if (!target.url().startsWith('devtools://devtools/')) continue;
          const page = await target.asPage();
          const header = await page
            .evaluateHandle((id) => {
              // The tab strip lives in shadow roots: search them all.
              const find = (root: Document | ShadowRoot): HTMLElement | null => {
                const hit = root.querySelector(`[id="${CSS.escape(id)}"]`) as HTMLElement | null;
                if (hit) return hit;
                for (const el of root.querySelectorAll('*')) {
                  const inner = el.shadowRoot ? find(el.shadowRoot) : null;
                  if (inner) return inner;
                }
                return null;
              };
              return find(document);
            }, headerId)
            .catch(() => null);
          const element = header?.asElement() as ElementHandle<HTMLElement> | null | undefined;
          if (element) {
            // A real mouse click: DevTools' tab strip selects on pointer events.
            await element.click();
            return page;
          }
        }
        return null;
      }, 30_000);
      const panelUrl = `chrome-extension://${extensionId}/devtools-panel.html`;
      // The panel is an out-of-process frame: a frame of the front end, or a target of its own.
      const frame = await waitFor('the Kaneo panel frame', async () => {
        const inPage = devtools.frames().find((f) => f.url().startsWith(panelUrl));
        if (inPage) return inPage;
        const target = browser.targets().find((t) => t.url().startsWith(panelUrl));
        return target ? (await target.asPage()).mainFrame() : null;
      });
      return { devtools, frame };
    },
    async dumpStorage(page, area) {
      return page.evaluate((area) => chrome.storage[area].get(null), area) as Promise<Record<string, unknown>>;
    },
    async close() {
      try {
        const session = await browser.target().createCDPSession();
        await session.send('Browser.close').catch(() => {});
        await browser.disconnect().catch(() => {});
      } finally {
        await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
        await rm(root, { recursive: true, force: true }).catch(() => {});
      }
    },
  };
  return api;
}
