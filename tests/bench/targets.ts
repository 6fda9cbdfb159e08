/**
 * The targets of issue 11, checked against a run's figures (Chromium's: the browser the targets
 * are set for). Pure: `npm run bench` exits non-zero when one is missed. A figure that timed out or
 * failed is a miss; one this run did not take (`--quick` stops at 1,000 keys) is "not measured".
 */
import { figure, type BenchResults, type Figure } from './results';

export type TargetStatus = 'met' | 'missed' | 'not measured';

export interface TargetCheck {
  id: string;
  target: string;
  value: string;
  status: TargetStatus;
}

interface Target {
  id: string;
  target: string;
  figure: string;
  browser: Figure['browser'];
  /** The number compared, from a measured figure (of `browser`, the browser checked). */
  value(f: Figure, results: BenchResults, browser: Figure['browser']): number | null;
  format(v: number, f: Figure): string;
  max: number;
  /** The target in a few words, for the figure's own row in the report. */
  short: string;
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const times = (v: number) => `${v.toFixed(2)}×`;
const kB = (v: number) => `${(v / 1000).toFixed(1)} kB`;

const ratio = (f: Figure) => f.ratio ?? null;
const median = (f: Figure) => f.summary?.median ?? null;

export const TARGETS: Target[] = [
  { id: 'popup-1000', target: 'popup at 1,000 keys ≤ 1.25× baseline', figure: 'popup.unlocked.1000', browser: 'chromium', value: ratio, format: times, max: 1.25, short: '≤ 1.25× baseline' },
  { id: 'popup-10000', target: 'popup at 10,000 keys ≤ 1.5× baseline', figure: 'popup.unlocked.10000', browser: 'chromium', value: ratio, format: times, max: 1.5, short: '≤ 1.5× baseline' },
  { id: 'options-10000', target: 'options at 10,000 keys ≤ 1.5× baseline', figure: 'options.unlocked.10000', browser: 'chromium', value: ratio, format: times, max: 1.5, short: '≤ 1.5× baseline' },
  { id: 'search-10000', target: 'search keystroke → paint ≤ 16 ms at 10,000 keys (whole list → 1 match)', figure: 'search.10000', browser: 'chromium', value: median, format: ms, max: 16, short: '≤ 16 ms' },
  { id: 'search-next-10000', target: 'search keystroke → paint ≤ 16 ms at 10,000 keys (10 matches → 1)', figure: 'search.next.10000', browser: 'chromium', value: median, format: ms, max: 16, short: '≤ 16 ms' },
  {
    id: 'unlock-derivations',
    target: 'unlock = exactly one key derivation (1,000 keys)',
    figure: 'unlock.1000',
    browser: 'chromium',
    // 0 when every unlock derived exactly once.
    value: (f) => (f.derivations && f.derivations.length > 0 ? f.derivations.filter((d) => d !== 1).length : null),
    format: (v, f) => (v === 0 ? `1 in each of ${f.derivations!.length} unlocks` : `${f.derivations!.join(', ')} per unlock`),
    max: 0,
    short: 'exactly 1 derivation',
  },
  {
    id: 'unlock-1000',
    target: 'unlock ≤ one derivation + 50 ms at 1,000 keys',
    figure: 'unlock.1000',
    browser: 'chromium',
    value: (f, results, browser) => {
      const kdf = figure(results, 'pbkdf2', browser)?.summary?.median;
      return f.summary && kdf !== undefined ? f.summary.median - kdf : null;
    },
    // Below zero, the derivation (timed apart, in a page) varied more than the rest of the unlock
    // takes: noise, said as such rather than shown as a negative cost.
    format: (v) => (v < 0 ? `derivation + ${v.toFixed(1)} ms (below zero: noise between the two timings)` : `derivation + ${v.toFixed(1)} ms`),
    max: 50,
    short: '≤ derivation + 50 ms',
  },
  ...(['add', 'edit', 'delete'] as const).flatMap((op): Target[] => [
    { id: `${op}-background`, target: `${op} at 10,000 keys ≤ 50 ms in the background`, figure: `${op}.10000`, browser: 'chromium', value: (f) => f.background?.median ?? null, format: ms, max: 50, short: '≤ 50 ms background' },
    { id: `${op}-paint`, target: `${op} at 10,000 keys ≤ 100 ms click → painted`, figure: `${op}.10000`, browser: 'chromium', value: median, format: ms, max: 100, short: '≤ 100 ms' },
  ]),
  { id: 'background-js', target: 'background.js ≤ 150 kB raw', figure: 'size.js.chrome.background', browser: 'build', value: median, format: kB, max: 150_000, short: '≤ 150 kB' },
  { id: 'zip-chrome', target: 'Chrome zip ≤ 1 MB', figure: 'size.zip.chrome', browser: 'build', value: median, format: kB, max: 1_000_000, short: '≤ 1 MB' },
];

/**
 * The targets against Chromium's figures (what the exit code follows), or against another
 * browser's same figures (`on: 'firefox'`: shown beside, not held to them; size targets are the
 * build's and are left out). A value from fewer runs than the figure wanted (a time budget
 * stopped it) says so.
 */
export function checkTargets(results: BenchResults, on: 'chromium' | 'firefox' = 'chromium'): TargetCheck[] {
  return TARGETS.filter((t) => on === 'chromium' || t.browser !== 'build').map((t) => {
    const browser = t.browser === 'build' ? 'build' : on;
    const f = figure(results, t.figure, browser);
    if (!f || f.status === 'not measured') return { id: t.id, target: t.target, value: 'not measured', status: 'not measured' };
    if (f.status !== 'ok') return { id: t.id, target: t.target, value: f.status, status: 'missed' };
    const v = t.value(f, results, browser);
    if (v === null || !Number.isFinite(v)) return { id: t.id, target: t.target, value: 'no value', status: 'missed' };
    const short = f.summary && f.runsWanted !== undefined && f.summary.n < f.runsWanted ? ` (${f.summary.n} of ${f.runsWanted} runs)` : '';
    return { id: t.id, target: t.target, value: `${t.format(v, f)}${short}`, status: v <= t.max ? 'met' : 'missed' };
  });
}

/** The target a figure is held to (its short form, for the figure tables), if any. */
export function targetOf(figureId: string): string | undefined {
  const held = TARGETS.filter((t) => t.figure === figureId);
  if (held.length === 0) return undefined;
  return held.map((t) => t.short).join('; ');
}

export function missedTargets(checks: TargetCheck[]): TargetCheck[] {
  return checks.filter((c) => c.status === 'missed');
}
