/** What `npm run bench` writes to bench/results.json, and reads back to check the targets. */
import type { BrowserName } from '../e2e/fixtures/driver';
import type { Summary } from './stats';

/** ok: measured; timed out / failed: counts as a missed target; not measured: left out of this run. */
export type FigureStatus = 'ok' | 'timed out' | 'failed' | 'not measured';

export interface Figure {
  /** e.g. `popup.unlocked.1000`, `search.10000`, `add.10000`, `size.zip.chrome` */
  id: string;
  browser: BrowserName | 'build';
  label: string;
  unit: 'ms' | 'bytes' | 'count';
  status: FigureStatus;
  summary: Summary | null;
  /** Median ÷ the baseline page's median, for page figures. */
  ratio?: number;
  /**
   * The background's share: runtime message round trips between click and paint (actions), or
   * between navigation start and ready (pages).
   */
  background?: Summary | null;
  /** Pages: when the first runtime message left, i.e. the page's scripts had loaded and run. */
  firstMessage?: Summary | null;
  /** Unlock: key derivations per unlock, each run. */
  derivations?: number[];
  /** Sizes: gzip bytes beside the raw ones. */
  gzip?: number;
  note?: string;
}

export interface BenchResults {
  date: string;
  quick: boolean;
  runs: number;
  machine: { cpus: string; cores: number; memoryGiB: number; os: string; node: string; load: number[] };
  browsers: Partial<Record<BrowserName, string>>;
  figures: Figure[];
}

export function figure(results: BenchResults, id: string, browser: Figure['browser']): Figure | undefined {
  return results.figures.find((f) => f.id === id && f.browser === browser);
}
