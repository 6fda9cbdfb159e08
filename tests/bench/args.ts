/** `npm run bench -- [flags]`: the command line, parsed strictly (an unknown flag is an error). */
import type { BrowserName } from '../e2e/fixtures/driver';

export interface BenchOptions {
  /** Fewer runs and at most 1,000 keys: what a reviewer runs first. */
  quick: boolean;
  /** Measured runs per figure, after one warm-up. */
  runs: number;
  /** Vault sizes the page figures are taken at. */
  sizes: number[];
  browsers: BrowserName[];
  /** false: measure the builds already in .output (`--no-build`). */
  build: boolean;
  /** Also measure a 10,000-key vault whose keys have 2,000-character notes (full run only). */
  longNotes: boolean;
}

export const USAGE = `npm run bench -- [--quick] [--runs N] [--sizes LIST] [--browsers chromium,firefox] [--no-build]

  --quick              ${'5'} runs per figure, vaults of at most 1,000 keys (what a reviewer runs first)
  --runs N             measured runs per figure after one warm-up (default 15, --quick 5)
  --sizes LIST         vault sizes, e.g. 1000,10000 (default 0,100,1000,10000; --quick 0,100,1000)
  --browsers LIST      chromium, firefox or both (default both)
  --no-build           measure the builds already in .output (chrome-mv3-bench, firefox-mv2-bench, the zips)
  --help               this text`;

export const FULL_SIZES = [0, 100, 1_000, 10_000];
export const QUICK_SIZES = [0, 100, 1_000];

export class UsageError extends Error {}

export function parseBenchArgs(argv: string[]): BenchOptions | 'help' {
  let quick = false;
  let runs: number | null = null;
  let browsers: BrowserName[] = ['chromium', 'firefox'];
  let build = true;
  let sizes: number[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, null];
    const value = () => {
      const next = inline ?? argv[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        if (inline !== null) throw new UsageError('--quick takes no value');
        quick = true;
        break;
      case '--no-build':
        if (inline !== null) throw new UsageError('--no-build takes no value');
        build = false;
        break;
      case '--runs': {
        const text = value();
        const n = Number(text);
        if (!/^\d+$/.test(text) || n < 1 || n > 200) throw new UsageError(`--runs must be a whole number from 1 to 200, not "${text}"`);
        runs = n;
        break;
      }
      case '--sizes': {
        const text = value();
        const list = text.split(',').map((n) => n.trim());
        if (list.some((n) => !/^\d+$/.test(n) || Number(n) > 20_000)) throw new UsageError(`--sizes must be key counts from 0 to 20000, like 1000,10000, not "${text}"`);
        sizes = [...new Set(list.map(Number))].sort((a, b) => a - b);
        break;
      }
      case '--browsers': {
        const list = value().split(',').map((b) => b.trim().toLowerCase()).filter(Boolean);
        if (list.length === 0) throw new UsageError('--browsers needs chromium, firefox or both');
        for (const name of list) if (name !== 'chromium' && name !== 'firefox') throw new UsageError(`unknown browser "${name}" (chromium or firefox)`);
        browsers = [...new Set(list)] as BrowserName[];
        break;
      }
      default:
        throw new UsageError(`unknown flag "${arg}"`);
    }
  }
  return {
    quick,
    runs: runs ?? (quick ? 5 : 15),
    sizes: sizes ?? (quick ? QUICK_SIZES : FULL_SIZES),
    browsers,
    build,
    longNotes: !quick && (sizes ?? FULL_SIZES).includes(10_000),
  };
}
