/** docs/BENCHMARKS.md from a run's results: machine, browsers, date, every figure and the targets. */
import type { BenchMethod, BenchResults, Figure } from './results';
import { checkTargets, targetOf, type TargetCheck } from './targets';

const num = (v: number, unit: Figure['unit']) =>
  unit === 'bytes' ? `${(v / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} kB` : `${v.toFixed(1)} ${unit === 'ms' ? 'ms' : ''}`.trim();

function cells(f: Figure): string[] {
  const m = f.summary;
  const value = m ? num(m.median, f.unit) : '—';
  const spread = m && m.n > 1 ? `${num(m.min, f.unit)} – ${num(m.max, f.unit)} (IQR ${num(m.p25, f.unit)} – ${num(m.p75, f.unit)})` : '';
  const extra = [
    f.ratio !== undefined ? `${f.ratio.toFixed(2)}× baseline` : '',
    f.firstMessage ? `scripts ran by ${f.firstMessage.median.toFixed(1)} ms` : '',
    f.background ? `background ${f.background.median.toFixed(1)} ms` : '',
    f.derivations ? `derivations: ${[...new Set(f.derivations)].join('/')}` : '',
    f.gzip !== undefined ? `gzip ${num(f.gzip, 'bytes')}` : '',
  ].filter(Boolean).join(', ');
  const status = f.status === 'ok' ? '' : `**${f.status}** `;
  // "3 of 15": a time budget (or a failure) stopped the figure before the runs it wanted.
  const runs = m ? (f.runsWanted !== undefined && m.n < f.runsWanted ? `**${m.n} of ${f.runsWanted}**` : String(m.n)) : '0';
  return [f.label, `${status}${value}`, targetOf(f.id) ?? '', runs, spread, [extra, f.note ?? ''].filter(Boolean).join('; ')];
}

function table(figures: Figure[], valueHeader = 'median'): string {
  const rows = figures.map((f) => `| ${cells(f).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return [`| figure | ${valueHeader} | target | runs | spread (min – max) | notes |`, '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** Firefox's value of a target's figure, and whether it would be within the target. */
function firefoxCell(check: TargetCheck | undefined): string {
  if (!check) return '—';
  if (check.status === 'not measured' || check.value === 'timed out' || check.value === 'failed' || check.value === 'no value') return check.value;
  return `${check.value} (${check.status === 'met' ? 'within' : 'over'})`;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;
const duration = (ms: number) => (ms >= 90_000 ? `${(ms / 60_000).toFixed(1)} min` : seconds(ms));

/** The method paragraph, from the numbers the run used (not restated by hand). */
function methodText(method: BenchMethod | undefined): string {
  const m = method ?? { warmups: 1, minRuns: 3, budgetMs: { figure: 60_000, mutations: 120_000 }, timeoutMs: { page: 120_000, action: 60_000 } };
  return `Each figure is the median of its runs after ${m.warmups === 1 ? 'one warm-up' : `${m.warmups} warm-ups`}; a figure's runs stop at a time budget
(${seconds(m.budgetMs.figure)}; ${seconds(m.budgetMs.mutations)} for the add / edit / delete runs together), never below ${m.minRuns} runs: the "runs"
column then reads **n of N** and the note says why, and a target checked on such a figure says so too. A
figure that takes over its timeout (${seconds(m.timeoutMs.page)} a page, ${seconds(m.timeoutMs.action)} an action) is reported as timed out,
which misses its target.`;
}

function runText(results: BenchResults): string {
  const sizes = (results.sizes ?? []).map((n) => n.toLocaleString('en')).join(' / ');
  const kind = results.quick ? '`--quick`' : 'full run';
  return `${kind}: ${results.runs} runs per figure${sizes ? `, vaults of ${sizes} keys` : ''}`;
}

function durationText(results: BenchResults): string {
  if (results.durationMs === undefined) return 'not finished (the run was stopped, or is still going)';
  const each = Object.entries(results.browserMs ?? {}).map(([b, ms]) => `${b} ${duration(ms)}`).join(', ');
  return `took ${duration(results.durationMs)}${each ? ` (${each}; the rest is building and start-up)` : ''}`;
}

export function renderReport(results: BenchResults, checks: TargetCheck[]): string {
  const { machine } = results;
  const browsers = Object.entries(results.browsers).map(([name, version]) => `${name}: ${version}`).join('; ');
  const byBrowser = (b: Figure['browser']) => results.figures.filter((f) => f.browser === b);
  const sections = (['chromium', 'firefox'] as const)
    .filter((b) => byBrowser(b).length > 0)
    .map((b) => `### ${b === 'chromium' ? 'Chromium (headless)' : 'Firefox ESR (headless)'}\n\n${table(byBrowser(b))}`);
  const sizes = byBrowser('build');
  const firefox = results.figures.some((f) => f.browser === 'firefox' && f.status === 'ok') ? new Map(checkTargets(results, 'firefox').map((c) => [c.id, c])) : null;
  const load = (l: number[] | undefined) => (l && l.length ? l.map((v) => v.toFixed(1)).join(' / ') : '—');
  return `# Benchmarks

Written by \`npm run bench\` (tests/bench/run.ts); the raw figures are in \`bench/results.json\`
(not committed). How it measures: the bench build (\`wxt build --mode bench\`: the shipped build
plus a baseline page, a timing probe and a fast seeder: see the last section)
runs in headless Chromium and Firefox ESR. Page times run from navigation start to the frame
after the key list (or the unlock form) was painted; actions from the click or input event to
the frame after the result was painted (a probe in the page stamps both on the page's clock).
${methodText(results.method)} Page figures also say when the page's first runtime message left (its
scripts had loaded and run) and how long it waited on the background. A busy shared machine makes the
figures rough: compare a page with the baseline of the same run (the load average below says how
busy it was). Firefox reports whole milliseconds. The cold start is Chromium's only: Firefox runs the
background as a persistent page, with no stopped worker to wake.

- Date: ${results.date}${results.finished ? ` to ${results.finished}` : ''}
- Run: ${runText(results)}; ${durationText(results)}
- Commit: ${results.commit ?? 'unknown'}
- Machine: ${machine.cpus}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; load average (1 / 5 / 15 min) ${load(machine.load)} at the start, ${load(machine.loadEnd)} at the end
- Browsers: ${browsers || '—'}

## Targets (issue 11)

Checked on Chromium's figures (the exit code follows them). Firefox's same figures are shown beside
them for comparison, not held to the targets.

| target | Chromium | status | Firefox |
|---|---|---|---|
${checks.map((c) => `| ${c.target} | ${c.value} | ${c.status === 'met' ? 'met' : c.status === 'missed' ? '**missed**' : 'not measured'} | ${firefoxCell(firefox?.get(c.id))} |`).join('\n')}

## Figures

${sections.join('\n\n')}

### Sizes (shipped build, \`wxt zip\`)

${table(sizes, 'size')}

## How the bench build differs from the shipped one

\`wxt build --mode bench\` writes \`.output/<browser>-*-bench\`: the production bundle (NODE_ENV
production, as the e2e build) plus, and only there (tests/unit/structure/bench-build.test.ts):
- \`bench-baseline.html\`: a bare extension page rendering one React element (the baseline);
- \`bench-probe.js\`, loaded first by the popup, options and baseline pages: it stamps readiness
  and the frame after an action was painted, and times the page's runtime messages (the
  background's share of an action); it changes nothing the page does;
- a background seeder (lib/bench/background/bench-seeder.ts): one message creates or unlocks the
  vault and adds thousands of generated keys in one write through the real vault service; it also
  counts PBKDF2 derivations (the unlock target is exactly one).
`;
}
