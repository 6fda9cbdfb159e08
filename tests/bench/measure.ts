/**
 * The in-browser half of `npm run bench`: opens the bench build's pages in a real browser through
 * the e2e harness (tests/e2e/fixtures) and reads the timing probe (entrypoints/bench-probe.ts),
 * which stamps every time on the page's own clock (0 = navigation start) after the frame that
 * showed it was painted.
 *
 * Robust to slow pages: every sample has its own timeout; a figure whose warm-up is slow gets
 * fewer runs (said in its note); a sample that times out ends its figure as "timed out" (a missed
 * target), and the run goes on with the next figure.
 */
import type { BrowserName, ExtensionHarness, Page } from '../e2e/fixtures/driver';
import { benchKeyName } from '../../lib/bench/bench-vault';
import type { BenchAnswer, BenchRequest } from '../../lib/bench/background/bench-seeder';
import { PBKDF2_ITERATIONS } from '../../lib/vault/background/vault-crypto';
import type { Figure, FigureStatus } from './results';
import { summarize, unionLength } from './stats';

export const BENCH_PASSPHRASE = 'bench-copper-heron-sleeps-41-under-wide-dunes';

export const TIMEOUT = { page: 120_000, action: 60_000, seed: 600_000 };
/**
 * Time a figure's runs may take after its warm-up: a figure keeps its full number of runs while
 * they fit, and a slow one stops at the budget, never below MIN_RUNS (its note says how many it
 * got). 15 opens of a 40-second page would take 10 minutes; 15 of a 1-second one take 20 s.
 * Mutations share one budget for their three figures (each run adds, edits and deletes).
 */
export const BUDGET_MS = { figure: 60_000, mutations: 120_000 };
export const MIN_RUNS = 3;
const POPUP = { width: 400, height: 600 };
const OPTIONS = { width: 1100, height: 800 };

class TimedOut extends Error {}

/** A driver's own timeout (Playwright's, the Firefox harness's) is a timeout too. */
const timedOut = (error: unknown) => error instanceof TimedOut || (error instanceof Error && /timeout|timed out/i.test(error.message));

function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimedOut(`${what}: no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const budgetNote = (done: number, wanted: number, budgetMs: number) =>
  `${done} of ${wanted} runs: slow, stopped at the ${budgetMs / 1000} s time budget`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Sample {
  value: number;
  background?: number;
  /** Page figures: when the page's first runtime message left (its scripts had loaded and run). */
  firstMessage?: number;
  derivations?: number;
}

interface Painted {
  event: number;
  painted: number;
}

interface ProbeGlobal {
  __kkmBench?: {
    marks: Record<string, number>;
    messages: Array<{ type: string; start: number; end: number }>;
    messageTiming: boolean;
    watch(kind: string, arg: { query?: string; name?: string }): number;
    result(id: number): { event: number | null; painted: number | null };
  };
}

export class BrowserBench {
  readonly figures: Figure[] = [];
  private readonly open = new Set<Page>();
  private helper: Page | null = null;

  constructor(
    readonly ext: ExtensionHarness,
    readonly runs: number,
    private readonly log: (line: string) => void,
    /** Called with every figure as soon as it is taken (the run writes its files after each). */
    private readonly onFigure: (figure: Figure) => void = () => undefined,
  ) {}

  get browser(): BrowserName {
    return this.ext.browserName;
  }

  // ---- pages and the probe ----

  /** Opens a tab, within the page timeout (a navigation that never ends must not hang the run). */
  private async openPage(path: string, size: { width: number; height: number }): Promise<Page> {
    const opening = this.ext.openPage(path, size);
    let page: Page;
    try {
      page = await within(TIMEOUT.page, `open ${path}`, opening);
    } catch (error) {
      // A tab that opens after all is closed, not left to weigh on the next figures.
      opening.then((late) => late.close()).catch(() => undefined);
      throw error;
    }
    this.open.add(page);
    return page;
  }

  private async closePages(): Promise<void> {
    for (const page of this.open) await page.close().catch(() => undefined);
    this.open.clear();
  }

  /** An extension page that runs no app code, kept open to talk to the bench seeder. */
  private async helperPage(): Promise<Page> {
    if (!this.helper || this.helper.isClosed()) {
      this.helper = await within(TIMEOUT.page, 'open the helper page', this.ext.openPage('manifest.json'));
      // Chromium: Playwright's own 30 s limits (navigation, locator actions) would cut a slow
      // page short; the bench's per-sample timeouts decide instead. (Firefox's harness waits
      // 15 s for a page to load: a slower one is reported as timed out.)
      const playwright = this.helper as unknown as { context?: () => { setDefaultTimeout(ms: number): void; setDefaultNavigationTimeout(ms: number): void } };
      if (this.browser === 'chromium' && typeof playwright.context === 'function') {
        playwright.context().setDefaultTimeout(TIMEOUT.page);
        playwright.context().setDefaultNavigationTimeout(TIMEOUT.page);
      }
    }
    return this.helper;
  }

  /** Opens the helper page (and sets the browser's own timeouts) before the first figure. */
  async start(): Promise<void> {
    await this.helperPage();
  }

  async call(request: BenchRequest, timeoutMs = TIMEOUT.action): Promise<BenchAnswer> {
    const helper = await this.helperPage();
    const answer = await within(timeoutMs, `bench ${request.kkmBench}`, helper.evaluate((req) => {
      type Api = { runtime: { sendMessage(m: unknown): Promise<unknown> } };
      const g = globalThis as unknown as { browser?: Api; chrome?: Api };
      return (g.browser ?? g.chrome)!.runtime.sendMessage(req) as Promise<BenchAnswer>;
    }, request));
    if (!answer || !answer.ok) {
      throw new Error(`bench ${request.kkmBench} failed: ${answer ? answer.message : 'no answer (is this the bench build?)'}`);
    }
    return answer;
  }

  async seed(keys: number, notesLength = 0): Promise<void> {
    const started = Date.now();
    await this.call({ kkmBench: 'seed', passphrase: BENCH_PASSPHRASE, keys, notesLength }, TIMEOUT.seed);
    this.log(`  vault: ${keys} keys${notesLength ? ` with ${notesLength}-character notes` : ''}, unlocked (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }

  private async derivations(): Promise<number> {
    const answer = await this.call({ kkmBench: 'derivations' });
    return answer.ok ? (answer.derivations ?? 0) : 0;
  }

  private static async waitMark(page: Page, name: string, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mark = await page.evaluate((n) => (globalThis as unknown as ProbeGlobal).__kkmBench?.marks[n] ?? null, name);
      if (typeof mark === 'number') return mark;
      if (Date.now() > deadline) throw new TimedOut(`${name} not shown within ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }

  private static arm(page: Page, kind: string, arg: { query?: string; name?: string }): Promise<number> {
    return page.evaluate(({ k, a }) => (globalThis as unknown as ProbeGlobal).__kkmBench!.watch(k, a), { k: kind, a: arg });
  }

  private static async painted(page: Page, id: number, timeoutMs: number): Promise<Painted> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await page.evaluate((i) => (globalThis as unknown as ProbeGlobal).__kkmBench!.result(i), id);
      if (r.event !== null && r.painted !== null) return { event: r.event, painted: r.painted };
      if (Date.now() > deadline) throw new TimedOut(`not painted within ${timeoutMs / 1000} s`);
      await sleep(20);
    }
  }

  /** Union of the runtime messages' round trips inside [event, painted]: the background's share. */
  private static async backgroundShare(page: Page, at: Painted): Promise<number | undefined> {
    const probe = await page.evaluate(() => {
      const p = (globalThis as unknown as ProbeGlobal).__kkmBench!;
      return { timing: p.messageTiming, messages: p.messages };
    });
    if (!probe.timing) return undefined;
    return unionLength(probe.messages.filter((m) => m.end >= at.event && m.start <= at.painted).map((m) => [Math.max(m.start, at.event), Math.min(m.end, at.painted)]));
  }

  /**
   * Where a page's time went, up to `ready`: when its first runtime message left (its scripts had
   * loaded and run) and how long it waited on the background (the union of the round trips).
   */
  private static async pagePhases(page: Page, ready: number): Promise<Pick<Sample, 'background' | 'firstMessage'>> {
    const probe = await page.evaluate(() => {
      const p = (globalThis as unknown as ProbeGlobal).__kkmBench!;
      return { timing: p.messageTiming, messages: p.messages };
    });
    const before = probe.messages.filter((m) => m.start <= ready);
    if (!probe.timing || before.length === 0) return {};
    return {
      firstMessage: Math.min(...before.map((m) => m.start)),
      background: unionLength(before.map((m) => [m.start, Math.min(m.end, ready)])),
    };
  }

  // ---- figures ----

  /**
   * `wanted`: the runs the figure was meant to have (a time budget may have stopped it short);
   * `startedAt`: when its warm-up began (the figure's wall time goes into the results).
   */
  private record(id: string, label: string, status: FigureStatus, samples: Sample[], note: string | undefined, wanted: number, startedAt: number): Figure {
    const unit: Figure['unit'] = 'ms';
    const backgrounds = samples.map((s) => s.background).filter((b): b is number => b !== undefined);
    const derivations = samples.map((s) => s.derivations).filter((d): d is number => d !== undefined);
    const firstMessages = samples.map((s) => s.firstMessage).filter((m): m is number => m !== undefined);
    const f: Figure = {
      id,
      browser: this.browser,
      label,
      unit,
      status: status === 'ok' && samples.length === 0 ? 'failed' : status,
      summary: summarize(samples.map((s) => s.value)),
      ...(backgrounds.length ? { background: summarize(backgrounds) } : {}),
      ...(firstMessages.length ? { firstMessage: summarize(firstMessages) } : {}),
      ...(derivations.length ? { derivations } : {}),
      ...(note ? { note } : {}),
      runsWanted: wanted,
      elapsedMs: Date.now() - startedAt,
    };
    this.figures.push(f);
    this.onFigure(f);
    const m = f.summary;
    this.log(`  ${label}: ${f.status === 'ok' ? '' : `${f.status.toUpperCase()} `}${m ? `median ${m.median.toFixed(1)} ${unit} (${m.min.toFixed(1)}–${m.max.toFixed(1)}, n=${m.n})` : ''}${f.firstMessage ? `, scripts ran by ${f.firstMessage.median.toFixed(1)} ms` : ''}${f.background ? `, background ${f.background.median.toFixed(1)} ms` : ''}${note ? ` — ${note}` : ''} [${(f.elapsedMs! / 1000).toFixed(0)} s]`);
    return f;
  }

  /** One warm-up, then up to `runs` samples within the figure's time budget; pages closed after each. */
  private async repeat(id: string, label: string, once: (run: number) => Promise<Sample>, runs = this.runs): Promise<Figure> {
    const samples: Sample[] = [];
    const notes: string[] = [];
    let status: FigureStatus = 'ok';
    const startedAt = Date.now();
    try {
      try {
        await once(0);
      } finally {
        await this.closePages();
      }
      const started = Date.now();
      for (let run = 1; run <= runs; run++) {
        if (run > MIN_RUNS && Date.now() - started > BUDGET_MS.figure) {
          notes.push(budgetNote(run - 1, runs, BUDGET_MS.figure));
          break;
        }
        try {
          samples.push(await once(run));
        } finally {
          await this.closePages();
        }
      }
    } catch (error) {
      status = timedOut(error) ? 'timed out' : 'failed';
      notes.push(error instanceof Error ? error.message.split('\n')[0]! : String(error));
      await this.closePages();
    }
    return this.record(id, label, status, samples, notes.join('; ') || undefined, runs, startedAt);
  }

  notMeasured(id: string, label: string, why: string): void {
    const f: Figure = { id, browser: this.browser, label, unit: 'ms', status: 'not measured', summary: null, note: why };
    this.figures.push(f);
    this.onFigure(f);
  }

  async baseline(suffix = ''): Promise<Figure> {
    return this.repeat(`baseline${suffix}`, `baseline page (one React element)${suffix ? ', second profile' : ''}`, async () => {
      const page = await this.openPage('bench-baseline.html', POPUP);
      return { value: await within(TIMEOUT.page, 'baseline', BrowserBench.waitMark(page, 'baseline', TIMEOUT.page)) };
    });
  }

  /** Navigation start → the key list (or "No keys yet") or the unlock form is shown. */
  async pageReady(which: 'popup' | 'options', state: 'unlocked' | 'locked', keys: number, suffix = ''): Promise<Figure> {
    const mark = state === 'unlocked' ? 'keys' : 'unlockForm';
    return this.repeat(`${which}.${state}.${keys}${suffix}`, `${which} ready, ${state}, ${keys.toLocaleString('en')} keys${suffix ? ' (2,000-character notes)' : ''}`, async () => {
      const page = await this.openPage(`${which}.html`, which === 'popup' ? POPUP : OPTIONS);
      const value = await within(TIMEOUT.page, `${which} ${state}`, BrowserBench.waitMark(page, mark, TIMEOUT.page));
      return { value, ...(await BrowserBench.pagePhases(page, value)) };
    });
  }

  /**
   * Search in the popup, two keystrokes (input events) timed to the filtered list painted:
   * `search.N` from the whole list to one match (the first keystroke, the costly one), and
   * `search.next.N` from ten matches to one (typing on).
   */
  async search(keys: number, suffix = ''): Promise<Figure[]> {
    let page: Page | null = null;
    const notes = suffix ? ' (2,000-character notes)' : '';
    const next: Sample[] = [];
    const startedAt = Date.now();
    const open = async () => {
      // Not through openPage(): the figure's runs close their pages, and this one stays open across them.
      page = await within(TIMEOUT.page, 'open popup.html', this.ext.openPage('popup.html', POPUP));
      await within(TIMEOUT.page, 'popup', BrowserBench.waitMark(page, 'keys', TIMEOUT.page));
    };
    // Opened before the warm-up, so that a slow page does not make the keystrokes look slow.
    await open().catch(() => undefined);
    const first = await this.repeat(`search.${keys}${suffix}`, `search keystroke, whole list → 1 match, painted, ${keys.toLocaleString('en')} keys${notes}`, async (run) => {
      if (!page || page.isClosed()) await open();
      const index = (run * 7919 + 4242) % keys;
      const name = benchKeyName(index);
      const prefix = name.slice(0, -1);
      const box = page!.getByRole('searchbox', { name: 'Search keys' });
      const typed = async (query: string, kind: string, arg: { query?: string; name?: string }) => {
        const id = await BrowserBench.arm(page!, kind, arg);
        await box.fill(query);
        const at = await within(TIMEOUT.page, `search "${query}"`, BrowserBench.painted(page!, id, TIMEOUT.page));
        return at.painted - at.event;
      };
      const value = await typed(name, 'filtered', { query: name, name });
      await typed(prefix, 'filtered', { query: prefix, name: benchKeyName(Math.floor(index / 10) * 10) });
      const narrowed = await typed(name, 'filtered', { query: name, name });
      if (run > 0) next.push({ value: narrowed });
      await typed('', 'many', {}); // back to the whole list, not timed
      return { value };
    });
    await (page as Page | null)?.close().catch(() => undefined);
    // Taken in the same runs as the first: its wall time is the first's.
    const second = this.record(`search.next.${keys}${suffix}`, `search keystroke, 10 matches → 1, painted, ${keys.toLocaleString('en')} keys${notes}`, first.status, next, first.note, this.runs, startedAt);
    return [first, second];
  }

  /** The cost of the one PBKDF2 derivation an unlock needs, in this browser. */
  async keyDerivation(): Promise<Figure> {
    return this.repeat('pbkdf2', `one PBKDF2-SHA-256 derivation (${PBKDF2_ITERATIONS.toLocaleString('en')} rounds)`, async () => {
      // In an ordinary extension page (Firefox's manifest.json viewer is not one).
      const page = await this.openPage('bench-baseline.html', POPUP);
      const value = await page.evaluate(async (iterations) => {
        // A fresh salt each time, as an unlock of a new vault would have: nothing to cache.
        const material = await crypto.subtle.importKey('raw', new TextEncoder().encode('bench passphrase'), 'PBKDF2', false, ['deriveBits']);
        const start = performance.now();
        await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', iterations, salt: crypto.getRandomValues(new Uint8Array(16)) }, material, 256);
        return performance.now() - start;
      }, PBKDF2_ITERATIONS);
      return { value };
    }, Math.min(this.runs, 5));
  }

  /** Popup, locked: passphrase typed, Unlock clicked → the first rows painted; derivations counted. */
  async unlock(keys: number): Promise<Figure> {
    return this.repeat(`unlock.${keys}`, `unlock click → rows painted, ${keys.toLocaleString('en')} keys`, async () => {
      await this.call({ kkmBench: 'lock' });
      const page = await this.openPage('popup.html', POPUP);
      await within(TIMEOUT.page, 'unlock form', BrowserBench.waitMark(page, 'unlockForm', TIMEOUT.page));
      const form = page.getByRole('form', { name: 'Vault locked' });
      await form.getByLabel('Passphrase', { exact: true }).fill(BENCH_PASSPHRASE);
      const before = await this.derivations();
      const id = await BrowserBench.arm(page, 'keys', {});
      await form.getByRole('button', { name: 'Unlock' }).click();
      const at = await within(TIMEOUT.page, 'unlock', BrowserBench.painted(page, id, TIMEOUT.page));
      const derivations = (await this.derivations()) - before;
      return { value: at.painted - at.event, derivations };
    });
  }

  /**
   * Add, edit and delete one key in the options page (click → row painted / gone), the list
   * narrowed by a search to the keys this creates, so a virtualised list shows them too.
   */
  async mutations(keys: number, suffix = ''): Promise<Figure[]> {
    const label = (op: string) => `${op} one key, click → painted, ${keys.toLocaleString('en')} keys${suffix ? ' (2,000-character notes)' : ''}`;
    const samples: Record<'add' | 'edit' | 'delete', Sample[]> = { add: [], edit: [], delete: [] };
    let status: FigureStatus = 'ok';
    const notes: string[] = [];
    const startedAt = Date.now();
    try {
      const page = await this.openPage('options.html', OPTIONS);
      await within(TIMEOUT.page, 'options', BrowserBench.waitMark(page, 'keys', TIMEOUT.page));
      const settle = await BrowserBench.arm(page, 'noRows', {});
      await page.getByRole('searchbox', { name: 'Search keys' }).fill('bench new');
      await within(TIMEOUT.page, 'search', BrowserBench.painted(page, settle, TIMEOUT.page));
      const timed = async (kind: string, name: string, click: () => Promise<void>): Promise<Sample> => {
        const id = await BrowserBench.arm(page, kind, { name });
        await click();
        const at = await within(TIMEOUT.action, `${kind} ${name}`, BrowserBench.painted(page, id, TIMEOUT.action));
        return { value: at.painted - at.event, background: await BrowserBench.backgroundShare(page, at) };
      };
      const runs = this.runs;
      let measuring = 0;
      for (let run = 0; run <= runs; run++) {
        if (run === 1) measuring = Date.now();
        if (run > MIN_RUNS && Date.now() - measuring > BUDGET_MS.mutations) {
          notes.push(budgetNote(run - 1, runs, BUDGET_MS.mutations));
          break;
        }
        const name = `bench new ${String(run).padStart(3, '0')}`;
        await page.getByRole('region', { name: 'Keys' }).getByRole('button', { name: 'Add key' }).first().click();
        const addDialog = page.getByRole('dialog', { name: 'Add a key' });
        await addDialog.getByLabel('Name', { exact: true }).fill(name);
        await addDialog.getByLabel('API key', { exact: true }).fill(`kaneo_bench_new_${run}_${'s'.repeat(32)}`);
        await addDialog.getByLabel('Kaneo web address', { exact: true }).fill('https://kaneo-new.bench.test');
        const add = await timed('row', name, () => addDialog.getByRole('button', { name: 'Add key' }).click());
        await addDialog.waitFor({ state: 'detached', timeout: TIMEOUT.action });

        await page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
        const editDialog = page.getByRole('dialog');
        await editDialog.getByLabel('Name', { exact: true }).fill(`${name} e`);
        const edit = await timed('row', `${name} e`, () => editDialog.getByRole('button', { name: 'Save changes' }).click());
        await editDialog.waitFor({ state: 'detached', timeout: TIMEOUT.action });

        await page.getByRole('button', { name: `Delete ${name} e`, exact: true }).click();
        const confirm = page.getByRole('alertdialog');
        const del = await timed('noRow', `${name} e`, () => confirm.getByRole('button', { name: 'Delete key', exact: true }).click());
        await confirm.waitFor({ state: 'detached', timeout: TIMEOUT.action });

        if (run === 0) continue; // the warm-up
        samples.add.push(add);
        samples.edit.push(edit);
        samples.delete.push(del);
      }
    } catch (error) {
      status = timedOut(error) ? 'timed out' : 'failed';
      notes.push(error instanceof Error ? error.message.split('\n')[0]! : String(error));
    } finally {
      await this.closePages();
    }
    const note = notes.join('; ') || undefined;
    // The three are taken in the same runs: each one's wall time is that of all three.
    return (['add', 'edit', 'delete'] as const).map((op) => this.record(`${op}.${keys}${suffix}`, label(op), status, samples[op], note, this.runs, startedAt));
  }

  /** Chromium: the service worker stopped for real → the first message answered. */
  async coldStart(): Promise<Figure[]> {
    const roundTrip = async () => {
      const helper = await this.helperPage();
      return helper.evaluate(async () => {
        const runtime = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime;
        const start = performance.now();
        await runtime.sendMessage({ id: 1, type: 'vault.status', data: null, timestamp: Date.now() });
        return performance.now() - start;
      });
    };
    const cold = await this.repeat('worker.cold', 'service worker: stopped → first message answered', async () => {
      await this.ext.background.restart();
      return { value: await within(TIMEOUT.action, 'cold start', roundTrip()) };
    });
    const warm = await this.repeat('worker.warm', 'service worker: running → message answered', async () => ({
      value: await within(TIMEOUT.action, 'warm message', roundTrip()),
    }));
    return [cold, warm];
  }

  async close(): Promise<void> {
    await this.closePages();
    await this.helper?.close().catch(() => undefined);
  }
}
