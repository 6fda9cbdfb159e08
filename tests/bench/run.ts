/**
 * `npm run bench`: how fast the extension is at 0 to 10,000 keys, measured in real browsers
 * against a baseline page of the same build, in the same run (issue 11). Not run by CI.
 *
 *   npm run bench -- --quick     5 runs per figure, at most 1,000 keys (run this first)
 *   npm run bench                15 runs, up to 10,000 keys (and 10,000 with 2,000-character notes)
 *
 * Steps: build the shipped zips (sizes) and the bench build for both browsers; launch each
 * browser with the bench build through the e2e harness (tests/e2e/fixtures); take every figure
 * (tests/bench/measure.ts); write bench/results.json and docs/BENCHMARKS.md; exit 1 when a target
 * (tests/bench/targets.ts) is missed, 2 when the bench itself could not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, findFirefox, launchExtension } from '../e2e/fixtures/extension';
import type { BrowserName } from '../e2e/fixtures/driver';
import { parseBenchArgs, USAGE, UsageError, type BenchOptions } from './args';
import { BrowserBench, BUDGET_MS, MIN_RUNS, TIMEOUT } from './measure';
import { benchPlan } from './plan';
import { renderReport } from './report';
import type { BenchResults, Figure } from './results';
import { entrypointSizes, zipSizes } from './sizes';
import { checkTargets, missedTargets } from './targets';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const OUTPUT = join(ROOT, '.output');
const BENCH_BUILDS: Record<BrowserName, string> = {
  chromium: join(OUTPUT, 'chrome-mv3-bench'),
  firefox: join(OUTPUT, 'firefox-mv2-bench'),
};
const log = (line: string) => console.log(line);

function wxt(args: string[]): void {
  // NODE_ENV unset, as `npm run build` has it (the bench mode is a production bundle, wxt.config.ts).
  const env = { ...process.env };
  delete env.NODE_ENV;
  log(`$ wxt ${args.join(' ')}`);
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'wxt', 'bin', 'wxt.mjs'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

function build(): void {
  // The zips are the shipped build (their sizes are targets); the bench build is what is measured.
  wxt(['zip']);
  wxt(['zip', '-b', 'firefox']);
  wxt(['build', '--mode', 'bench']);
  wxt(['build', '-b', 'firefox', '--mode', 'bench']);
}

function version(executable: string): string {
  try {
    return execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 30_000 }).trim();
  } catch {
    return 'unknown version';
  }
}

/** The commit measured, and whether the work tree had changes beside it. */
function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    // bench/ and docs/BENCHMARKS.md are what this run writes: not a change to what is measured.
    const changed = execFileSync('git', ['status', '--porcelain', '--', '.', ':!bench', ':!docs/BENCHMARKS.md'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return changed ? `${head} + changes` : head;
  } catch {
    return 'unknown (not a git work tree)';
  }
}

function withRatios(figures: Figure[]): Figure[] {
  for (const browser of ['chromium', 'firefox'] as const) {
    // Each profile's pages against the baseline taken in that profile (`.notes`: the second one).
    const base = (id: string) => figures.find((f) => f.id === id && f.browser === browser && f.status === 'ok')?.summary?.median;
    for (const f of figures) {
      const b = base(f.id.endsWith('.notes') ? 'baseline.notes' : 'baseline');
      if (b && f.browser === browser && f.summary && /^(popup|options)\./.test(f.id)) f.ratio = f.summary.median / b;
    }
  }
  return figures;
}

/** One browser: each profile of the plan (tests/bench/plan.ts) in a fresh browser profile of its own. */
async function measureBrowser(browser: BrowserName, options: BenchOptions, onFigure: (f: Figure) => void): Promise<void> {
  for (const profile of benchPlan(browser, options)) {
    log(`\n${browser}: launching with ${BENCH_BUILDS[browser]}${profile.suffix ? ', a fresh profile, 10,000 keys with 2,000-character notes' : ''}`);
    const ext = await launchExtension({ browser, extensionDir: BENCH_BUILDS[browser], headless: true });
    const bench = new BrowserBench(ext, options.runs, log, onFigure);
    const { suffix } = profile;
    try {
      await bench.start();
      for (const step of profile.steps) {
        switch (step.kind) {
          case 'baseline':
            await bench.baseline(suffix);
            break;
          case 'seed':
            await bench.seed(step.keys, profile.notesLength);
            break;
          case 'page':
            await bench.pageReady(step.which, step.state, step.keys, suffix);
            break;
          case 'search':
            await bench.search(step.keys, suffix);
            break;
          case 'mutations':
            await bench.mutations(step.keys, suffix);
            break;
          case 'lock':
            await bench.call({ kkmBench: 'lock' });
            break;
          case 'unlock':
            await bench.unlock(step.keys);
            break;
          case 'pbkdf2':
            await bench.keyDerivation();
            break;
          case 'coldStart':
            await bench.coldStart();
            break;
          case 'notMeasured':
            bench.notMeasured(step.id, step.label, step.why);
            break;
        }
      }
    } catch (error) {
      // The first profile's failure ends this browser's run (main() records it); the long-notes
      // profile's is logged and the run goes on, its figures so far kept.
      if (!suffix) throw error;
      log(`  long notes: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await bench.close();
      await ext.close();
    }
  }
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    const parsed = parseBenchArgs(process.argv.slice(2));
    if (parsed === 'help') {
      console.log(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`npm run bench: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }

  const started = Date.now();
  const loadAtStart = os.loadavg();
  if (options.build) build();
  for (const browser of options.browsers) {
    if (!existsSync(join(BENCH_BUILDS[browser], 'manifest.json'))) throw new Error(`No bench build at ${BENCH_BUILDS[browser]}: run without --no-build.`);
  }

  const cpus = os.cpus();
  const results: BenchResults = {
    date: new Date(started).toISOString(),
    commit: commit(),
    quick: options.quick,
    runs: options.runs,
    sizes: options.sizes,
    method: { warmups: 1, minRuns: MIN_RUNS, budgetMs: BUDGET_MS, timeoutMs: { page: TIMEOUT.page, action: TIMEOUT.action } },
    browserMs: {},
    machine: {
      cpus: cpus[0]?.model.trim() ?? 'unknown CPU',
      cores: cpus.length,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      os: `${os.type()} ${os.release()}`,
      node: process.version,
      load: loadAtStart,
    },
    browsers: {},
    figures: [...zipSizes(OUTPUT), ...entrypointSizes(join(OUTPUT, 'chrome-mv3'), 'chrome'), ...entrypointSizes(join(OUTPUT, 'firefox-mv2'), 'firefox')],
  };
  // Written after every figure, so a run stopped half-way still leaves what it measured.
  const write = () => {
    withRatios(results.figures);
    const checks = checkTargets(results);
    mkdirSync(join(ROOT, 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({ ...results, targets: checks, firefoxBesideTargets: checkTargets(results, 'firefox') }, null, 2)}\n`);
    writeFileSync(join(ROOT, 'docs', 'BENCHMARKS.md'), renderReport(results, checks));
    return checks;
  };
  for (const browser of options.browsers) {
    results.browsers[browser] = version(browser === 'chromium' ? findChromium() : findFirefox());
    const browserStarted = Date.now();
    try {
      await measureBrowser(browser, options, (f) => {
        results.figures.push(f);
        write();
      });
    } catch (error) {
      log(`${browser}: the bench could not finish: ${error instanceof Error ? error.stack : String(error)}`);
      results.figures.push({ id: `${browser}.run`, browser, label: `${browser} run`, unit: 'ms', status: 'failed', summary: null, note: error instanceof Error ? error.message.split('\n')[0] : String(error) });
    }
    results.browserMs![browser] = Date.now() - browserStarted;
    write();
  }
  results.finished = new Date().toISOString();
  results.durationMs = Date.now() - started;
  results.machine.loadEnd = os.loadavg();
  const checks = write();

  log('\nTargets:');
  for (const c of checks) log(`  ${c.status === 'met' ? 'met         ' : c.status === 'missed' ? 'MISSED      ' : 'not measured'}  ${c.target}: ${c.value}`);
  const missed = missedTargets(checks);
  log(`\n${checks.filter((c) => c.status === 'met').length} met, ${missed.length} missed, ${checks.filter((c) => c.status === 'not measured').length} not measured. Wrote bench/results.json and docs/BENCHMARKS.md.`);
  return missed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(2);
  },
);
