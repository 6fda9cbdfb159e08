// Nothing of the benchmark may reach the shipped build. `wxt build --mode bench` (npm run bench,
// docs/BENCHMARKS.md) is the production bundle plus the baseline page, the timing probe and the
// background seeder, and only that: both variants are built here, for both browsers, into a
// temporary folder (never .output), and compared file by file.
import { describe, expect, it } from 'vitest';
import { buildBesideShipped, builtFiles, DEV_MARKERS } from './build-variants';

/** What only the bench build may contain: the seeder's message, the probe and the baseline. */
const BENCH_MARKERS = ['kkmBench', 'bench-probe', 'data-bench-baseline', '__kkmBench'];
const PROBE_TAG = '<script src="/bench-probe.js"></script>';

const TARGETS = buildBesideShipped('bench');

const BENCH_ONLY_FILES = ['bench-baseline-app.js', 'bench-baseline.html', 'bench-probe.js'];

describe.each(TARGETS)('the $browser bench build against the shipped one', ({ shippedDir, variantDir }) => {
  const load = () => ({ shippedFiles: builtFiles(shippedDir), benchFiles: builtFiles(variantDir) });

  it('has the shipped files plus the baseline page and the probe, and the shipped build has none of them', () => {
    const { shippedFiles, benchFiles } = load();
    expect([...benchFiles.keys()].filter((f) => !shippedFiles.has(f)).sort()).toEqual(BENCH_ONLY_FILES);
    expect([...shippedFiles.keys()].filter((f) => !benchFiles.has(f))).toEqual([]);
    expect([...shippedFiles.keys()].filter((f) => f.includes('bench'))).toEqual([]);
  });

  it('ships no trace of the bench: no seeder, no probe, no baseline in any shipped file', () => {
    const { shippedFiles, benchFiles } = load();
    for (const [name, text] of shippedFiles) {
      for (const marker of BENCH_MARKERS) expect(text.includes(marker), `${name} contains ${marker}`).toBe(false);
    }
    // The markers are real: the bench build has each of them somewhere.
    for (const marker of BENCH_MARKERS) expect([...benchFiles.values()].some((t) => t.includes(marker)), marker).toBe(true);
    expect(benchFiles.get('background.js')!.includes('kkmBench')).toBe(true);
  });

  it('is a production bundle with the same manifest', () => {
    const { shippedFiles, benchFiles } = load();
    expect(JSON.parse(benchFiles.get('manifest.json')!)).toEqual(JSON.parse(shippedFiles.get('manifest.json')!));
    for (const [name, text] of benchFiles) {
      if (!name.endsWith('.js')) continue;
      for (const marker of DEV_MARKERS) expect(text.includes(marker), `${name} contains ${marker}`).toBe(false);
    }
  });

  it('loads the probe first in the popup and options pages, and differs in code only by the seeder', () => {
    const { shippedFiles, benchFiles } = load();
    for (const page of ['popup.html', 'options.html']) {
      expect(benchFiles.get(page)!.replace(/\n\s*<script src="\/bench-probe\.js"><\/script>/, '')).toBe(shippedFiles.get(page));
      expect(benchFiles.get(page)!.indexOf(PROBE_TAG)).toBeLessThan(benchFiles.get(page)!.indexOf('<script type="module"'));
    }
    for (const [name, text] of shippedFiles) {
      if (name.endsWith('.html') || name === 'manifest.json') continue;
      const benchText = benchFiles.get(name)!;
      // The seeder is a few kB in the background; elsewhere only WXT's mode name may differ.
      const allowance = name === 'background.js' ? 8_000 : 200;
      expect(Math.abs(benchText.length - text.length), `${name} differs in size`).toBeLessThan(allowance);
    }
  });
});

/** The files an HTML page loads before it can show anything: its scripts, module preloads and stylesheets. */
function pageFiles(html: string): { classic: string[]; modules: string[]; styles: string[] } {
  const attr = (tag: string, name: string) => new RegExp(`${name}="([^"]+)"`).exec(tag)?.[1] ?? '';
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  const scripts = tags.filter((t) => t.startsWith('<script') && attr(t, 'src'));
  return {
    classic: scripts.filter((t) => !/type="module"/.test(t)).map((t) => attr(t, 'src')),
    modules: [
      ...scripts.filter((t) => /type="module"/.test(t)).map((t) => attr(t, 'src')),
      ...tags.filter((t) => /rel="modulepreload"/.test(t)).map((t) => attr(t, 'href')),
    ],
    styles: tags.filter((t) => /rel="stylesheet"/.test(t)).map((t) => attr(t, 'href')),
  };
}

// Each file an extension page loads costs it main-thread time before its first paint (measured in
// Chromium: 14 tiny extra files, ~35 ms; issue 11). The popup and options page are built apart from
// the other pages (wxt.config.ts), their first screens sharing one chunk: the page's own script, the
// shared one and the bundler's runtime, a stylesheet or two, and the early vault question.
describe.each(TARGETS)('the $browser popup and options page', ({ shippedDir }) => {
  it.each(['popup.html', 'options.html'])('%s loads at most three scripts and two stylesheets', (page) => {
    const files = pageFiles(builtFiles(shippedDir).get(page)!);
    expect(files.classic).toEqual(['/vault-prefetch.js']);
    expect(files.modules.length).toBeGreaterThanOrEqual(1);
    expect(files.modules.length).toBeLessThanOrEqual(3);
    expect(files.styles.length).toBeLessThanOrEqual(2);
  });
});
