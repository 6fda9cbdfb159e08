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
  /** Measured runs the figure was meant to have; `summary.n` below it means a time budget or a failure stopped it. */
  runsWanted?: number;
  /** Wall time the figure took, warm-up included (figures taken in the same runs share it). */
  elapsedMs?: number;
}

/** How the figures were taken: the numbers the report's method paragraph states. */
export interface BenchMethod {
  warmups: number;
  /** A figure's runs stop at its time budget once it has this many. */
  minRuns: number;
  budgetMs: { figure: number; mutations: number };
  timeoutMs: { page: number; action: number };
}

export interface BenchResults {
  /** When the run started (ISO). */
  date: string;
  /** When it ended, and how long it took: whole run and each browser (both profiles). */
  finished?: string;
  durationMs?: number;
  browserMs?: Partial<Record<BrowserName, number>>;
  /** The commit measured, `+ changes` when the work tree differed from it. */
  commit?: string;
  quick: boolean;
  runs: number;
  /** Vault sizes the page figures were taken at. */
  sizes?: number[];
  method?: BenchMethod;
  /** `load` at the start; `loadEnd` when the run ended (1, 5, 15 minutes). */
  machine: { cpus: string; cores: number; memoryGiB: number; os: string; node: string; load: number[]; loadEnd?: number[] };
  browsers: Partial<Record<BrowserName, string>>;
  figures: Figure[];
}

export function figure(results: BenchResults, id: string, browser: Figure['browser']): Figure | undefined {
  return results.figures.find((f) => f.id === id && f.browser === browser);
}
