/**
 * What `npm run bench` measures in each browser, in order: one list of steps per browser profile,
 * decided here (pure, unit-tested) and carried out by tests/bench/run.ts. Both browsers take the
 * same figures; what one of them cannot take is a `not measured` step that says why, so the
 * report shows the gap instead of leaving a row out.
 */
import type { BrowserName } from '../e2e/fixtures/driver';
import type { BenchOptions } from './args';

export type BenchStep =
  | { kind: 'baseline' }
  | { kind: 'seed'; keys: number }
  | { kind: 'page'; which: 'popup' | 'options'; state: 'unlocked' | 'locked'; keys: number }
  | { kind: 'search'; keys: number }
  | { kind: 'mutations'; keys: number }
  | { kind: 'lock' }
  | { kind: 'unlock'; keys: number }
  | { kind: 'pbkdf2' }
  | { kind: 'coldStart' }
  | { kind: 'notMeasured'; id: string; label: string; why: string };

export interface BenchProfile {
  /** Figure ids of this profile end with it ('' or '.notes'). */
  suffix: '' | '.notes';
  /** Characters of notes on every seeded key. */
  notesLength: number;
  steps: BenchStep[];
}

/** The vault size the 2,000-character-notes profile is taken at (the largest). */
export const LONG_NOTES = { keys: 10_000, notesLength: 2_000 };

/** Why Firefox has no cold-start figure. */
export const FIREFOX_NO_COLD_START =
  'Chromium only: Firefox runs the MV2 background as a persistent page, so there is no stopped worker to wake '
  + '(the harness can only disable and enable the add-on, which is not a wake and clears storage.session)';

const thousands = (n: number) => n.toLocaleString('en');

/** The 10,000-key figures a run without 10,000 keys leaves out, named so the report lists them. */
function skippedLarge(why: string): BenchStep[] {
  const k = thousands(10_000);
  return [
    { kind: 'notMeasured', id: 'popup.unlocked.10000', label: `popup ready, unlocked, ${k} keys`, why },
    { kind: 'notMeasured', id: 'options.unlocked.10000', label: `options ready, unlocked, ${k} keys`, why },
    { kind: 'notMeasured', id: 'search.10000', label: `search keystroke, whole list → 1 match, ${k} keys`, why },
    { kind: 'notMeasured', id: 'search.next.10000', label: `search keystroke, 10 matches → 1, ${k} keys`, why },
    ...(['add', 'edit', 'delete'] as const).map((op): BenchStep => ({ kind: 'notMeasured', id: `${op}.10000`, label: `${op} one key, ${k} keys`, why })),
  ];
}

export function benchPlan(browser: BrowserName, options: Pick<BenchOptions, 'sizes' | 'quick' | 'longNotes'>): BenchProfile[] {
  const sizes = [...options.sizes].sort((a, b) => a - b);
  const max = Math.max(...sizes);
  const steps: BenchStep[] = [{ kind: 'baseline' }];
  for (const keys of sizes) {
    steps.push({ kind: 'seed', keys });
    steps.push({ kind: 'page', which: 'popup', state: 'unlocked', keys }, { kind: 'page', which: 'options', state: 'unlocked', keys });
    if (keys >= 1_000) steps.push({ kind: 'search', keys });
    // Add / edit / delete at the largest size only: the target is at 10,000 keys.
    if (keys === max && keys > 0) steps.push({ kind: 'mutations', keys });
    steps.push({ kind: 'lock' });
    steps.push({ kind: 'page', which: 'popup', state: 'locked', keys }, { kind: 'page', which: 'options', state: 'locked', keys });
    if (keys === 1_000 || (keys === max && keys >= 100)) steps.push({ kind: 'unlock', keys });
  }
  steps.push({ kind: 'pbkdf2' });
  if (!sizes.includes(10_000)) steps.push(...skippedLarge(options.quick ? 'not in this run (--quick stops at 1,000 keys)' : 'not in this run (--sizes)'));
  steps.push(
    browser === 'chromium'
      ? { kind: 'coldStart' }
      : { kind: 'notMeasured', id: 'worker.cold', label: 'service worker: stopped → first message answered', why: FIREFOX_NO_COLD_START },
  );
  const profiles: BenchProfile[] = [{ suffix: '', notesLength: 0, steps }];
  if (options.longNotes) {
    // A fresh profile: its own baseline, and a vault that is only the long-notes one.
    const { keys } = LONG_NOTES;
    profiles.push({
      suffix: '.notes',
      notesLength: LONG_NOTES.notesLength,
      steps: [
        { kind: 'baseline' },
        { kind: 'seed', keys },
        { kind: 'page', which: 'popup', state: 'unlocked', keys },
        { kind: 'page', which: 'options', state: 'unlocked', keys },
        { kind: 'search', keys },
        { kind: 'mutations', keys },
      ],
    });
  }
  return profiles;
}
