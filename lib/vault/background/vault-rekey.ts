/**
 * "Change passphrase and re-encrypt": a new data key for the vault and every sealed item, in one
 * staged write.
 *
 * Protects: the vault contents and every sealed item (lib/storage/catalogue.ts `sealed`) against
 * an old copy of the wrapped key — someone who kept the envelope from before a passphrase change
 * (a backup, a synced or copied profile) and knows or guesses the OLD passphrase. After a re-key
 * the old data key opens nothing that is stored now.
 * Against: a crash (service worker stopped, browser closed) half-way — at every point either the
 * old or the new state opens, never a mix:
 *   1. everything new is written first: every bucket re-sealed under the new key, under a new
 *      generation (new item names), and the re-sealed items to the staging item
 *      (`local:vault.rekey`, ciphertext under the new key) — the old state is untouched;
 *   2. the switch is ONE write: the new envelope (new wrapped key, index naming the new buckets);
 *   3. then the session gets the new key, the staged items are copied over theirs (one write),
 *      the old buckets and the staging item are removed.
 *   A crash before 2 leaves the old state (the staging item is dropped on the next start). A crash
 *   after 2 is rolled forward by `recoverInterrupted` (copying needs no key), locking the session
 *   if it still holds the old key.
 * Invariants:
 * - Every sealed item is found from the catalogue (vault-storage.ts' readSealedItems), never from
 *   a hand-written list. An item that does not open refuses the re-key, with nothing changed.
 * - Sealed reads and writes wait (the vault's sealed-access gate, taken exclusively) and the vault's write lock is held, so
 *   nothing is sealed under the old key while the items are re-encrypted.
 * - The new raw key goes only to storage.session, like the old one.
 */
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import { z } from 'zod/mini';
import { finishEnvelope, type EnvelopeBounds, type VaultEnvelope } from './envelope';
import type { EnvelopeIo } from './envelope-io';
import { openIndex, referencedBucketNames, sealAll, sealIndex } from './vault-buckets';
import { openVault } from './vault-contents-store';
import type { createPassphraseWrapping } from './passphrase-wrapping';
import { sealedBlobSchema, type SealedAccessGate } from './sealed-item';
import { decryptJson, encryptJson, generateDataKeyBytes, importDataKey, sealedAdditionalData } from './vault-crypto';
import type { VaultErrorReason } from './vault-errors';
import { base64ToBytes } from './base64';
import type { UnlockedSession } from './vault-session';
import type { VaultStorage } from './vault-storage';

const stagingSchema = z.object({
  v: z.literal(1),
  /** Digest of the envelope this re-key switches to: when it is the stored one, roll forward. */
  envelopeDigest: z.string().check(z.minLength(1)),
  vaultId: z.string().check(z.minLength(1)),
  /** Every sealed item re-sealed under the new key, by storage key. */
  sealed: z.record(z.string(), sealedBlobSchema),
  /** Format 3: the bucket items written under the new key, and those of the old envelope. */
  buckets: z.optional(z.strictObject({ written: z.array(z.string()), replaced: z.array(z.string()) })),
});
type RekeyStaging = z.infer<typeof stagingSchema>;

/** What a crash test can stop at (tests only). */
export type RekeyStep = 'staged' | 'switched' | 'session' | 'copied';

export interface VaultRekey {
  rekey(unwrappedFrom: VaultEnvelope, oldKey: CryptoKey, nextPassphrase: string): Promise<Result<null, VaultErrorReason>>;
  /** Finishes or drops a re-key a crash interrupted. Never throws. */
  recoverInterrupted(): Promise<void>;
}

function itemName(key: string): string {
  const entry = Object.values(STORAGE).find((item) => item.key === key);
  return entry ? entry.holds.split(' (')[0]! : key;
}

export function createVaultRekey(deps: {
  storage: VaultStorage;
  envelopes: EnvelopeIo;
  session: UnlockedSession;
  wrapping: ReturnType<typeof createPassphraseWrapping>;
  bounds?: EnvelopeBounds;
  /** The vault's sealed-access gate (sealed-item.ts): taken exclusively while re-keying. */
  gate: () => SealedAccessGate;
  /** Tells the data-key listeners (sync) after a switch. */
  keyChanged: (vaultId: string) => void;
  /** TESTS ONLY: called after each step, to stop there like a crash. */
  afterStep?: (step: RekeyStep) => void | Promise<void>;
}): VaultRekey {
  const { storage, envelopes, session } = deps;
  const step = async (name: RekeyStep) => {
    await deps.afterStep?.(name);
  };

  async function finishSwitched(staging: RekeyStaging): Promise<void> {
    await storage.writeSealedItems(staging.sealed);
    await step('copied');
    if (staging.buckets) await storage.removeBuckets(staging.buckets.replaced);
    await storage.clearRekeyStaging();
  }

  /** A re-key that never switched: its new buckets are named by nothing. */
  async function dropStaged(staging: RekeyStaging | null): Promise<void> {
    if (staging?.buckets) await storage.removeBuckets(staging.buckets.written).catch(() => undefined);
    await storage.clearRekeyStaging();
  }

  return {
    rekey(unwrappedFrom, oldKey, nextPassphrase) {
      return deps.gate().exclusive(() =>
        envelopes.locked(async (): Promise<Result<null, VaultErrorReason>> => {
          const current = await envelopes.require();
          if (!current.ok) return current;
          const stored = current.value;
          if (stored.v !== 3 || stored.digest !== unwrappedFrom.digest) {
            return err('conflict', 'The vault changed while the passphrase was being checked. Nothing was changed; try again.');
          }
          const buckets = await envelopes.bucketsOf(stored);
          if (!buckets.ok) return buckets;
          let contents;
          try {
            contents = (await openVault(oldKey, stored, buckets.value)).contents;
          } catch {
            return err('damaged', 'The vault contents could not be decrypted, so they were not re-encrypted. Nothing was changed.');
          }
          const newRaw = generateDataKeyBytes();
          const newKey = await importDataKey(newRaw);

          const sealed: RekeyStaging['sealed'] = {};
          for (const [itemKey, value] of Object.entries(await storage.readSealedItems())) {
            const blob = sealedBlobSchema.safeParse(value);
            let plain: unknown;
            try {
              if (!blob.success) throw new Error('not a sealed blob');
              plain = await decryptJson(oldKey, blob.data, sealedAdditionalData(stored.vaultId, itemKey));
            } catch {
              return err(
                'damaged',
                `The stored ${itemName(itemKey)} cannot be read, so it cannot be re-encrypted. Nothing was changed. Change the passphrase without re-encrypting, or clear it first.`,
              );
            }
            sealed[itemKey] = { v: 2, ...(await encryptJson(newKey, plain, sealedAdditionalData(stored.vaultId, itemKey))) };
          }

          const revision = stored.revision + 1;
          const layout = await sealAll(newKey, stored.vaultId, revision, contents);
          const next = await finishEnvelope({
            ...stored,
            ...(await deps.wrapping.wrap(nextPassphrase, newRaw, stored.vaultId)),
            v: 3,
            revision,
            buckets: layout.table,
            index: await sealIndex(newKey, { vaultId: stored.vaultId, revision }, layout.index),
          });
          const bucketNames = { written: Object.keys(layout.items), replaced: referencedBucketNames(stored.buckets) };
          const staging: RekeyStaging = { v: 1, envelopeDigest: next.digest, vaultId: stored.vaultId, sealed, buckets: bucketNames };

          // 1. Everything new, beside the old state.
          try {
            await storage.writeRekeyStaging(staging);
            await storage.writeBuckets(layout.items);
          } catch {
            await dropStaged(staging).catch(() => undefined);
            return err('write-failed', 'The vault could not be saved: the browser refused to store it. Nothing was changed.');
          }
          await step('staged');
          if (!(await envelopes.storedIsStill(stored))) {
            await dropStaged(staging);
            return err('conflict', 'The vault changed while re-encrypting. Nothing was changed; try again.');
          }
          // 2. The switch (the buckets are stored already; the old ones go in step 3).
          const written = await envelopes.writeChecked(next, stored);
          if (!written.ok) {
            await dropStaged(staging).catch(() => undefined);
            return written;
          }
          await step('switched');
          // 3. The rest follows the switch.
          try {
            await session.start(stored.vaultId, newRaw);
            session.forgetKey();
            await step('session');
            await finishSwitched(staging);
          } catch {
            // The new passphrase and key are in place; the next unlock finishes the copy.
            await session.lock().catch(() => undefined);
            return err('write-failed', 'The new passphrase is set, but re-encrypting did not finish. Unlock with the new passphrase to finish it.');
          }
          deps.keyChanged(stored.vaultId);
          return ok(null);
        }),
      );
    },

    async recoverInterrupted() {
      try {
        const staging = stagingSchema.safeParse(await storage.readRekeyStaging());
        if (!staging.success) {
          if ((await storage.readRekeyStaging()) != null) await storage.clearRekeyStaging();
          return;
        }
        await envelopes.locked(async () => {
          const read = await envelopes.load();
          if (read.kind !== 'ok' || read.envelope.digest !== staging.data.envelopeDigest || read.envelope.v !== 3) {
            // The switch never happened: the old state is whole. Drop what was staged (never a
            // bucket the stored envelope names).
            const named = new Set(read.kind === 'ok' && read.envelope.v === 3 ? referencedBucketNames(read.envelope.buckets) : []);
            const buckets = staging.data.buckets;
            await dropStaged(
              buckets ? { ...staging.data, buckets: { ...buckets, written: buckets.written.filter((name) => !named.has(name)) } } : null,
            );
            return;
          }
          // The switch happened: the session may still hold the old key. Keep it only if it opens.
          const current = await storage.readSession();
          if (current) {
            let opens = false;
            try {
              const key = await importDataKey(base64ToBytes(current.dataKey));
              await openIndex(key, read.envelope);
              opens = true;
            } catch {
              opens = false;
            }
            if (!opens) await session.lock();
          }
          await finishSwitched(staging.data);
          deps.keyChanged(staging.data.vaultId);
        });
      } catch {
        // Left for the next start; the old or new state stays as it is.
      }
    },
  };
}
