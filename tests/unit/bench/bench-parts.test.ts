// The pure parts of `npm run bench` (tests/bench): its command line, its statistics and its
// target checks. No timing is taken here; the figures are made up.
import { describe, expect, it } from 'vitest';
import { FULL_SIZES, parseBenchArgs, QUICK_SIZES, UsageError } from '../../bench/args';
import type { BenchResults, Figure } from '../../bench/results';
import { summarize, unionLength } from '../../bench/stats';
import { checkTargets, missedTargets } from '../../bench/targets';
import { benchKeyDraft, benchKeyName } from '../../../lib/bench/bench-vault';
import { keyDraftSchema } from '../../../lib/keys/key-entry';

describe('npm run bench -- flags', () => {
  it('runs the full bench by default: 15 runs, up to 10,000 keys, both browsers, building first', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, runs: 15, sizes: FULL_SIZES, browsers: ['chromium', 'firefox'], build: true, longNotes: true });
    expect(FULL_SIZES).toEqual([0, 100, 1_000, 10_000]);
  });

  it('--quick: 5 runs and at most 1,000 keys', () => {
    const quick = parseBenchArgs(['--quick']);
    expect(quick).toMatchObject({ quick: true, runs: 5, sizes: QUICK_SIZES, longNotes: false });
    expect(Math.max(...QUICK_SIZES)).toBe(1_000);
  });

  it('takes --runs, --browsers and --no-build, with a value after a space or an equals sign', () => {
    expect(parseBenchArgs(['--quick', '--runs', '3', '--browsers=firefox', '--no-build'])).toMatchObject({ runs: 3, browsers: ['firefox'], build: false });
    expect(parseBenchArgs(['--browsers', 'chromium,firefox,chromium'])).toMatchObject({ browsers: ['chromium', 'firefox'] });
    expect(parseBenchArgs(['--sizes', '10000,1000,1000'])).toMatchObject({ sizes: [1_000, 10_000] });
    expect(parseBenchArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--fast'], 'unknown flag "--fast"'],
    [['quick'], 'unknown flag "quick"'],
    [['--runs'], '--runs needs a value'],
    [['--runs', '0'], '--runs must be a whole number from 1 to 200, not "0"'],
    [['--runs', '2.5'], '--runs must be a whole number from 1 to 200, not "2.5"'],
    [['--runs', '--quick'], '--runs needs a value'],
    [['--browsers', 'safari'], 'unknown browser "safari" (chromium or firefox)'],
    [['--quick=yes'], '--quick takes no value'],
    [['--sizes', '1e4'], '--sizes must be key counts from 0 to 20000, like 1000,10000, not "1e4"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseBenchArgs(argv)).toThrow(new UsageError(message));
  });
});

describe('statistics', () => {
  it('gives the median and the spread, ignoring runs that produced no number', () => {
    expect(summarize([5, 1, 3, Number.NaN, 4, 2])).toEqual({ n: 5, median: 3, min: 1, max: 5, p25: 2, p75: 4 });
    expect(summarize([10, 20])).toMatchObject({ median: 15, p25: 12.5, p75: 17.5 });
    expect(summarize([])).toBeNull();
  });

  it('counts overlapping message round trips once (the background share)', () => {
    expect(unionLength([[0, 10], [5, 15], [20, 25]])).toBe(20);
    expect(unionLength([[3, 3], [8, 4]])).toBe(0);
    expect(unionLength([[0, 10], [2, 4]])).toBe(10);
  });
});

const ms = (median: number): Figure['summary'] => ({ n: 15, median, min: median, max: median, p25: median, p75: median });

function results(figures: Figure[]): BenchResults {
  return { date: '', quick: false, runs: 15, machine: { cpus: '', cores: 2, memoryGiB: 4, os: '', node: '', load: [] }, browsers: {}, figures };
}

const page = (id: string, median: number, ratio: number, status: Figure['status'] = 'ok'): Figure => ({ id, browser: 'chromium', label: id, unit: 'ms', status, summary: ms(median), ratio });

describe('targets', () => {
  const status = (figures: Figure[], id: string) => checkTargets(results(figures)).find((c) => c.id === id)!;

  it('compares a page with the baseline of the same run', () => {
    expect(status([page('popup.unlocked.1000', 250, 1.2)], 'popup-1000')).toMatchObject({ status: 'met', value: '1.20×' });
    expect(status([page('popup.unlocked.1000', 260, 1.3)], 'popup-1000')).toMatchObject({ status: 'missed', value: '1.30×' });
  });

  it('counts a timed-out or failed figure as missed, and one this run did not take as not measured', () => {
    expect(status([page('options.unlocked.10000', 0, 0, 'timed out')], 'options-10000')).toMatchObject({ status: 'missed', value: 'timed out' });
    expect(status([page('options.unlocked.10000', 0, 0, 'failed')], 'options-10000').status).toBe('missed');
    expect(status([page('options.unlocked.10000', 0, 0, 'not measured')], 'options-10000').status).toBe('not measured');
    expect(status([], 'options-10000').status).toBe('not measured');
    // Only Chromium's figures are held to the targets.
    expect(status([{ ...page('popup.unlocked.1000', 1, 9), browser: 'firefox' }], 'popup-1000').status).toBe('not measured');
  });

  it('wants exactly one key derivation in every unlock, and at most 50 ms on top of it', () => {
    const unlock = (derivations: number[], median: number): Figure => ({ ...page('unlock.1000', median, 1), derivations });
    const kdf: Figure = { ...page('pbkdf2', 240, 1) };
    expect(status([unlock([1, 1, 1], 280), kdf], 'unlock-derivations')).toMatchObject({ status: 'met', value: '1 in each of 3 unlocks' });
    expect(status([unlock([1, 2, 1], 280), kdf], 'unlock-derivations')).toMatchObject({ status: 'missed', value: '1, 2, 1 per unlock' });
    expect(status([unlock([1], 280), kdf], 'unlock-1000')).toMatchObject({ status: 'met', value: 'derivation + 40.0 ms' });
    expect(status([unlock([1], 300), kdf], 'unlock-1000').status).toBe('missed');
    // An unlock timed faster than the separately timed derivation is noise, and says so.
    expect(status([unlock([1], 230), kdf], 'unlock-1000')).toMatchObject({ status: 'met', value: 'derivation + -10.0 ms (below zero: noise between the two timings)' });
    expect(status([unlock([1], 280)], 'unlock-1000')).toMatchObject({ status: 'missed', value: 'no value' });
  });

  it('holds a change at 10,000 keys to 50 ms in the background and 100 ms to paint', () => {
    const add = (paint: number, background: number): Figure => ({ ...page('add.10000', paint, 1), background: ms(background) });
    expect(status([add(90, 40)], 'add-background').status).toBe('met');
    expect(status([add(90, 40)], 'add-paint').status).toBe('met');
    expect(status([add(120, 60)], 'add-background').status).toBe('missed');
    expect(status([add(120, 60)], 'add-paint').status).toBe('missed');
  });

  it('checks the sizes in kB (1,000 bytes)', () => {
    const size = (id: string, bytes: number): Figure => ({ id, browser: 'build', label: id, unit: 'bytes', status: 'ok', summary: ms(bytes) });
    expect(status([size('size.js.chrome.background', 150_000)], 'background-js')).toMatchObject({ status: 'met', value: '150.0 kB' });
    expect(status([size('size.js.chrome.background', 150_001)], 'background-js').status).toBe('missed');
    expect(status([size('size.zip.chrome', 1_200_000)], 'zip-chrome').status).toBe('missed');
  });

  it('lists what was missed', () => {
    const checks = checkTargets(results([page('popup.unlocked.1000', 260, 1.3), page('popup.unlocked.10000', 100, 1.0)]));
    expect(missedTargets(checks).map((c) => c.id)).toEqual(['popup-1000']);
  });
});

describe('the bench vault', () => {
  it('names keys so that a prefix one character short matches exactly ten of them', () => {
    const names = Array.from({ length: 10_000 }, (_, i) => benchKeyName(i));
    expect(names.filter((n) => n.includes(benchKeyName(4242).slice(0, -1)))).toHaveLength(10);
    expect(names.filter((n) => n.includes(benchKeyName(4242)))).toEqual(['bench key 04242']);
  });

  it('makes drafts the vault accepts, with notes of the asked length', () => {
    const draft = keyDraftSchema.parse(benchKeyDraft(7, 2_000));
    expect(draft.notes).toHaveLength(2_000);
    expect(draft.instance.webOrigin).toBe('https://kaneo-2.bench.test');
    expect(keyDraftSchema.parse(benchKeyDraft(0, 0)).notes).toBe('');
  });
});
