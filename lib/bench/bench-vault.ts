/**
 * The generated keys of a benchmark vault (`npm run bench`): names, instances and sizes the
 * harness can predict, so it knows what a search must find. Pure; runs anywhere.
 */
import type { KeyDraft } from '../keys/key-entry';

/** Five instances, so the lists show group headers as a real vault would. */
export const BENCH_INSTANCES = 5;

/** `bench key 00042`: zero-padded so that `bench key 0004` matches exactly ten keys of 10,000. */
export function benchKeyName(index: number): string {
  return `bench key ${String(index).padStart(5, '0')}`;
}

export function benchKeyDraft(index: number, notesLength: number): KeyDraft {
  const web = `https://kaneo-${index % BENCH_INSTANCES}.bench.test`;
  return {
    name: benchKeyName(index),
    secret: `kaneo_bench_${String(index).padStart(8, '0')}_${'s'.repeat(32)}`,
    instance: { webOrigin: web, apiBaseUrl: `${web}/api` },
    notes: notesLength > 0 ? `notes of key ${index} `.padEnd(notesLength, 'n').slice(0, notesLength) : '',
  };
}
