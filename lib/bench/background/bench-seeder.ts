/**
 * Bench builds only: `entrypoints/background.ts` calls this behind `import.meta.env.MODE ===
 * 'bench'`, so it is compiled out of the shipped and e2e builds
 * (tests/unit/structure/bench-build.test.ts checks that). Never ship it: it unlocks and fills the
 * vault on request.
 *
 * What `npm run bench` needs from inside the background, one message each (not 10,000):
 * - `seed`: create or unlock the vault with the bench passphrase and add generated keys
 *   (lib/bench/bench-vault.ts) up to a count, in ONE write, through the real vault service
 *   (`addKeys`: real validation, encryption, envelope and storage);
 * - `lock`: lock it, as the Lock button does;
 * - `derivations`: how many PBKDF2 derivations the background has run since it started (the
 *   unlock target is exactly one), counted by wrapping `crypto.subtle` in this worker.
 * Only the extension's own pages are answered (the same sender check as every handler).
 */
import { browser } from 'wxt/browser';
import { isExtensionPageSender, type MessageSenderLike } from '../../messaging/sender-check';
import type { BackgroundVaultService } from '../../vault/background/vault-service';
import { benchKeyDraft } from '../bench-vault';

export type BenchRequest =
  | { kkmBench: 'seed'; passphrase: string; keys: number; notesLength: number }
  | { kkmBench: 'lock' }
  | { kkmBench: 'derivations' };

export type BenchAnswer = { ok: true; keys?: number; derivations?: number } | { ok: false; message: string };

function isBenchRequest(message: unknown): message is BenchRequest {
  return typeof message === 'object' && message !== null && typeof (message as { kkmBench?: unknown }).kkmBench === 'string';
}

/** Counts PBKDF2 derivations made through this context's `crypto.subtle`. */
function countKeyDerivations(): () => number {
  let count = 0;
  const subtle = crypto.subtle as unknown as Record<'deriveKey' | 'deriveBits', (...args: unknown[]) => Promise<unknown>>;
  for (const method of ['deriveKey', 'deriveBits'] as const) {
    const original = subtle[method].bind(subtle);
    subtle[method] = (...args: unknown[]) => {
      const algorithm = args[0] as { name?: string } | string;
      if ((typeof algorithm === 'string' ? algorithm : algorithm?.name)?.toUpperCase() === 'PBKDF2') count++;
      return original(...args);
    };
  }
  return () => count;
}

async function seed(vault: BackgroundVaultService, request: Extract<BenchRequest, { kkmBench: 'seed' }>): Promise<BenchAnswer> {
  const state = await vault.state();
  if (state.state === 'uninitialized') {
    const created = await vault.create(request.passphrase);
    if (!created.ok) return { ok: false, message: created.message };
  } else if (state.state === 'locked') {
    const unlocked = await vault.unlock(request.passphrase);
    if (!unlocked.ok) return { ok: false, message: unlocked.message };
  } else if (state.state === 'damaged') {
    return { ok: false, message: state.message };
  }
  const listed = await vault.listKeys();
  if (!listed.ok) return { ok: false, message: listed.message };
  const have = listed.value.length;
  if (request.keys > have) {
    const drafts = Array.from({ length: request.keys - have }, (_, i) => benchKeyDraft(have + i, request.notesLength));
    const added = await vault.addKeys(drafts);
    if (!added.ok) return { ok: false, message: added.message };
  }
  return { ok: true, keys: Math.max(have, request.keys) };
}

export function registerBenchSeeder({ vault }: { vault: BackgroundVaultService }): void {
  const derivations = countKeyDerivations();
  browser.runtime.onMessage.addListener((message: unknown, sender: MessageSenderLike) => {
    if (!isBenchRequest(message) || !isExtensionPageSender(sender)) return undefined;
    const answer = async (): Promise<BenchAnswer> => {
      switch (message.kkmBench) {
        case 'seed':
          return seed(vault, message);
        case 'lock':
          await vault.lock();
          return { ok: true };
        case 'derivations':
          return { ok: true, derivations: derivations() };
        default:
          return { ok: false, message: 'unknown bench request' };
      }
    };
    return answer().catch((error: unknown) => ({ ok: false, message: String(error) }));
  });
}
