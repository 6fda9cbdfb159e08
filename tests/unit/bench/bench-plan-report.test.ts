// What `npm run bench` measures in each browser (tests/bench/plan.ts) and how docs/BENCHMARKS.md
// states it (tests/bench/report.ts): the figures are made up, no timing is taken here.
import { describe, expect, it } from 'vitest';
import { parseBenchArgs, type BenchOptions } from '../../bench/args';
import { benchPlan, FIREFOX_NO_COLD_START, type BenchStep } from '../../bench/plan';
import { renderReport } from '../../bench/report';
import type { BenchResults, Figure } from '../../bench/results';
import { checkTargets } from '../../bench/targets';

const options = (argv: string[]) => parseBenchArgs(argv) as BenchOptions;
const describeStep = (s: BenchStep) =>
  s.kind === 'page' ? `${s.which}.${s.state}.${s.keys}` : s.kind === 'notMeasured' ? `not:${s.id}` : 'keys' in s ? `${s.kind}.${s.keys}` : s.kind;

describe('the bench plan', () => {
  it('takes the same figures in Firefox as in Chromium, but the cold start, which says why not', () => {
    for (const argv of [[], ['--quick']]) {
      const chromium = benchPlan('chromium', options(argv)).map((p) => p.steps.map(describeStep));
      const firefox = benchPlan('firefox', options(argv)).map((p) => p.steps.map(describeStep));
      expect(firefox).toEqual(chromium.map((steps) => steps.map((s) => (s === 'coldStart' ? 'not:worker.cold' : s))));
    }
    const cold = benchPlan('firefox', options([]))[0]!.steps.find((s) => s.kind === 'notMeasured' && s.id === 'worker.cold');
    expect(cold).toMatchObject({ why: FIREFOX_NO_COLD_START });
  });

  it('full run: popup and options, unlocked and locked, at every size; search from 1,000; changes and unlock at the top; then 2,000-character notes', () => {
    const [main, notes] = benchPlan('firefox', options([]));
    const steps = main!.steps.map(describeStep);
    for (const keys of [0, 100, 1_000, 10_000]) {
      for (const page of ['popup', 'options']) for (const state of ['unlocked', 'locked']) expect(steps).toContain(`${page}.${state}.${keys}`);
      // Each size is seeded before its pages, and locked before its locked pages.
      expect(steps.indexOf(`seed.${keys}`)).toBeLessThan(steps.indexOf(`popup.unlocked.${keys}`));
      expect(steps.indexOf(`popup.locked.${keys}`)).toBeGreaterThan(steps.lastIndexOf('lock', steps.indexOf(`popup.locked.${keys}`)));
    }
    expect(steps.filter((s) => s.startsWith('search.'))).toEqual(['search.1000', 'search.10000']);
    expect(steps.filter((s) => s.startsWith('mutations.'))).toEqual(['mutations.10000']);
    expect(steps.filter((s) => s.startsWith('unlock.'))).toEqual(['unlock.1000', 'unlock.10000']);
    expect(steps[0]).toBe('baseline');
    expect(steps.some((s) => s.startsWith('not:') && s !== 'not:worker.cold')).toBe(false);
    expect(notes).toMatchObject({ suffix: '.notes', notesLength: 2_000 });
    expect(notes!.steps.map(describeStep)).toEqual(['baseline', 'seed.10000', 'popup.unlocked.10000', 'options.unlocked.10000', 'search.10000', 'mutations.10000']);
  });

  it('--quick stops at 1,000 keys, names the 10,000-key figures it leaves out, and has no long-notes profile', () => {
    const profiles = benchPlan('chromium', options(['--quick']));
    expect(profiles).toHaveLength(1);
    const steps = profiles[0]!.steps.map(describeStep);
    expect(steps.some((s) => s.endsWith('.10000') && !s.startsWith('not:'))).toBe(false);
    expect(steps.filter((s) => s.startsWith('not:'))).toEqual(
      ['popup.unlocked.10000', 'options.unlocked.10000', 'search.10000', 'search.next.10000', 'add.10000', 'edit.10000', 'delete.10000'].map((id) => `not:${id}`),
    );
    const why = profiles[0]!.steps.find((s) => s.kind === 'notMeasured');
    expect(why).toMatchObject({ why: 'not in this run (--quick stops at 1,000 keys)' });
    expect(steps).toContain('mutations.1000');
    expect(steps).toContain('unlock.1000');
  });
});

const summary = (median: number, n = 15): Figure['summary'] => ({ n, median, min: median - 1, max: median + 1, p25: median, p75: median });

function results(figures: Figure[], extra: Partial<BenchResults> = {}): BenchResults {
  return {
    date: '2026-12-02T07:00:00.000Z',
    finished: '2026-12-02T07:21:00.000Z',
    durationMs: 21 * 60_000,
    browserMs: { chromium: 11 * 60_000, firefox: 9 * 60_000 },
    commit: 'abc123def456',
    quick: false,
    runs: 15,
    sizes: [0, 100, 1_000, 10_000],
    method: { warmups: 1, minRuns: 3, budgetMs: { figure: 60_000, mutations: 120_000 }, timeoutMs: { page: 120_000, action: 60_000 } },
    machine: { cpus: 'Test CPU', cores: 2, memoryGiB: 8, os: 'Linux 6', node: 'v20.0.0', load: [0.5, 0.4, 0.3], loadEnd: [1.2, 0.9, 0.5] },
    browsers: { chromium: 'Chromium 150.0', firefox: 'Mozilla Firefox 140.12.0esr' },
    figures,
    ...extra,
  };
}

const popup = (browser: 'chromium' | 'firefox', median: number, ratio: number, n = 15): Figure => ({
  id: 'popup.unlocked.1000',
  browser,
  label: 'popup ready, unlocked, 1,000 keys',
  unit: 'ms',
  status: 'ok',
  summary: summary(median, n),
  ratio,
  runsWanted: 15,
});

describe('the report', () => {
  it('states the machine, the browsers, the date, the commit, how long the run took and how busy the machine was', () => {
    const r = results([popup('chromium', 250, 1.2)]);
    const text = renderReport(r, checkTargets(r));
    expect(text).toContain('- Date: 2026-12-02T07:00:00.000Z to 2026-12-02T07:21:00.000Z');
    expect(text).toContain('- Run: full run: 15 runs per figure, vaults of 0 / 100 / 1,000 / 10,000 keys; took 21.0 min (chromium 11.0 min, firefox 9.0 min; the rest is building and start-up)');
    expect(text).toContain('- Commit: abc123def456');
    expect(text).toContain('Test CPU, 2 cores, 8 GiB, Linux 6, Node v20.0.0; load average (1 / 5 / 15 min) 0.5 / 0.4 / 0.3 at the start, 1.2 / 0.9 / 0.5 at the end');
    expect(text).toContain('- Browsers: chromium: Chromium 150.0; firefox: Mozilla Firefox 140.12.0esr');
    // The method's numbers come from the run, not from prose.
    expect(text).toContain('(60 s; 120 s for the add / edit / delete runs together), never below 3 runs');
    expect(renderReport(results([], { method: { warmups: 1, minRuns: 5, budgetMs: { figure: 90_000, mutations: 300_000 }, timeoutMs: { page: 120_000, action: 60_000 } } }), [])).toContain('(90 s; 300 s for the add / edit / delete runs together), never below 5 runs');
  });

  it('says a run that did not finish did not finish, and what --quick measured', () => {
    const text = renderReport(results([], { durationMs: undefined, finished: undefined, quick: true, runs: 5, sizes: [0, 100, 1_000] }), []);
    expect(text).toContain('- Run: `--quick`: 5 runs per figure, vaults of 0 / 100 / 1,000 keys; not finished (the run was stopped, or is still going)');
    expect(text).toContain('- Date: 2026-12-02T07:00:00.000Z\n');
  });

  it('puts each target beside Chromium’s result and Firefox’s same figure, which is not held to it', () => {
    const r = results([popup('chromium', 300, 1.5), popup('firefox', 200, 1.1)]);
    const text = renderReport(r, checkTargets(r));
    expect(text).toContain('| popup at 1,000 keys ≤ 1.25× baseline | 1.50× | **missed** | 1.10× (within) |');
    // And in the figure tables, the row carries its target.
    expect(text).toMatch(/\| popup ready, unlocked, 1,000 keys \| 300\.0 ms \| ≤ 1\.25× baseline \| 15 \|/);
    expect(text).toContain('| background.js ≤ 150 kB raw | not measured | not measured | — |');
  });

  it('says when a figure got fewer runs than it wanted, in its row and in the target it is checked against', () => {
    const r = results([{ ...popup('chromium', 250, 1.2, 4), note: '4 of 15 runs: slow, stopped at the 60 s time budget' }]);
    const checks = checkTargets(r);
    expect(checks.find((c) => c.id === 'popup-1000')).toMatchObject({ status: 'met', value: '1.20× (4 of 15 runs)' });
    const text = renderReport(r, checks);
    expect(text).toMatch(/\| popup ready, unlocked, 1,000 keys \| 250\.0 ms \| ≤ 1\.25× baseline \| \*\*4 of 15\*\* \|/);
    expect(text).toContain('4 of 15 runs: slow, stopped at the 60 s time budget');
  });

  it('shows a figure that was not measured with the reason', () => {
    const cold: Figure = { id: 'worker.cold', browser: 'firefox', label: 'service worker: stopped → first message answered', unit: 'ms', status: 'not measured', summary: null, note: FIREFOX_NO_COLD_START };
    const text = renderReport(results([cold]), []);
    expect(text).toContain('### Firefox ESR (headless)');
    expect(text).toContain(`| service worker: stopped → first message answered | **not measured** — |  | 0 |  | ${FIREFOX_NO_COLD_START} |`);
  });
});
