/** docs/BENCHMARKS.md from a run's results: machine, browsers, date, every figure and the targets. */
import type { BenchResults, Figure } from './results';
import type { TargetCheck } from './targets';

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
  return [f.label, `${status}${value}`, m ? String(m.n) : '0', spread, [extra, f.note ?? ''].filter(Boolean).join('; ')];
}

function table(figures: Figure[]): string {
  const rows = figures.map((f) => `| ${cells(f).map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return ['| figure | median | runs | spread (min – max) | notes |', '|---|---|---|---|---|', ...rows].join('\n');
}

export function renderReport(results: BenchResults, checks: TargetCheck[]): string {
  const { machine } = results;
  const browsers = Object.entries(results.browsers).map(([name, version]) => `${name}: ${version}`).join('; ');
  const byBrowser = (b: Figure['browser']) => results.figures.filter((f) => f.browser === b);
  const sections = (['chromium', 'firefox'] as const)
    .filter((b) => byBrowser(b).length > 0)
    .map((b) => `### ${b === 'chromium' ? 'Chromium (headless)' : 'Firefox ESR (headless)'}\n\n${table(byBrowser(b))}`);
  const sizes = byBrowser('build');
  return `# Benchmarks

Written by \`npm run bench\` (tests/bench/run.ts); the raw figures are in \`bench/results.json\`
(not committed). How it measures: the bench build (\`wxt build --mode bench\`: the shipped build
plus a baseline page, a timing probe and a fast seeder: see the last section)
runs in headless Chromium and Firefox ESR. Page times run from navigation start to the frame
after the key list (or the unlock form) was painted; actions from the click or input event to
the frame after the result was painted (a probe in the page stamps both on the page's clock).
Each figure is the median of its runs after one warm-up; a figure's runs stop at a time budget
(60 s; 120 s for the add / edit / delete runs together), never below 3 runs (its note says so),
and one that takes over its timeout (2 min a page, 1 min an action) is reported as timed out,
which misses its target. Page figures also say when the page's first runtime message left (its
scripts had loaded and run) and how long it waited on the background. A busy shared machine makes the
figures rough: compare a page with the baseline of the same run. Firefox reports whole
milliseconds; its background page cannot be inspected, so the cold start is Chromium's only.

- Date: ${results.date}${results.quick ? ' (`--quick`: 5 runs, at most 1,000 keys)' : ''}
- Machine: ${machine.cpus}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}, load average ${machine.load.map((l) => l.toFixed(1)).join(' / ')} at the start
- Browsers: ${browsers || '—'}

## Targets (issue 11; checked on Chromium's figures)

| target | result | |
|---|---|---|
${checks.map((c) => `| ${c.target} | ${c.value} | ${c.status === 'met' ? 'met' : c.status === 'missed' ? '**missed**' : 'not measured'} |`).join('\n')}

## Figures

${sections.join('\n\n')}

### Sizes (shipped build, \`wxt zip\`)

${table(sizes)}

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
