/**
 * A storage item that holds only ciphertext: a value sealed with the vault's data key.
 *
 * Protects: stored data that names the user's Kaneo (instance URLs, request history).
 * Against: anyone who reads `storage.local` (a copied profile, a backup, another program).
 * Invariants:
 * - Only `vault.seal` output is written; a value is never stored in the clear, not even briefly.
 * - Reading never writes: a blob that does not parse, does not open or does not match its schema
 *   is reported `damaged` and left as it is (it may be the only copy).
 * - Writes through `serialize` run one after another, so two saves at once both land.
 * - The item is listed as `sealed` in lib/storage/catalogue.ts, so "start over" moves it into
 *   the damaged backup with the vault it belongs to, and a passphrase change that re-encrypts
 *   (vault-rekey.ts) re-seals it under the new data key.
 * - A blob is bound to its item's storage key (AES-GCM additional data): a blob copied from
 *   another sealed item does not open here.
 * - Every read and write (seal + store) runs inside the vault's `sealedAccessGate(vault).shared`, so a re-key, which takes
 *   it exclusively, never misses a blob sealed under the old key nor shows a half-switched item.
 */
import { z } from 'zod/mini';
import { storage } from 'wxt/utils/storage';
import { err, ok, type Result } from '../../result';
import type { StoredItem } from '../../storage/catalogue';
import type { SealedBlob, VaultService } from './vault-service.types';

/** What `vault.seal` answers and `vault.open` accepts (format 2: bound to its item). */
export const sealedBlobSchema = z.object({ v: z.literal(2), iv: z.string().check(z.minLength(1)), ct: z.string().check(z.minLength(1)) });

/**
 * Many sealed reads and writes at once, or one re-key alone: one gate per vault service (the
 * background has one). A shared call waits only for a re-key that is running (not one still
 * waiting), so shared calls may nest without deadlock.
 */
function createSharedExclusiveGate() {
  let active = 0;
  let running: Promise<unknown> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let drainWaiters: Array<() => void> = [];
  return {
    async shared<R>(run: () => Promise<R>): Promise<R> {
      while (running) await running.catch(() => undefined);
      active += 1;
      try {
        return await run();
      } finally {
        active -= 1;
        if (active === 0) {
          const waiters = drainWaiters;
          drainWaiters = [];
          for (const wake of waiters) wake();
        }
      }
    },
    exclusive<R>(run: () => Promise<R>): Promise<R> {
      const turn = queue.then(async () => {
        while (active > 0) await new Promise<void>((resolve) => drainWaiters.push(resolve));
        const ran = run();
        running = ran;
        try {
          return await ran;
        } finally {
          running = null;
        }
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

export type SealedAccessGate = ReturnType<typeof createSharedExclusiveGate>;

/**
 * The gate is kept on the vault service object itself, under a registered symbol, not in a map of
 * this module: the background's lazy script (/background-features.js, lib/lazy/) bundles its own
 * copy of this module, and a re-key in the core worker must hold off the sealed items of that
 * copy too. Both copies find the one gate of the one vault object they are given.
 */
const GATE = Symbol.for('kaneo-key-manager.sealedAccessGate');

/** The gate of the vault service `vault` (the object every sealed item is given). */
export function sealedAccessGate(vault: object): SealedAccessGate {
  const holder = vault as { [GATE]?: SealedAccessGate };
  let gate = holder[GATE];
  if (!gate) {
    gate = createSharedExclusiveGate();
    Object.defineProperty(vault, GATE, { value: gate });
  }
  return gate;
}

/** What a sealed item reads and writes: one sealed blob, or nothing. */
export interface SealedStorageItem {
  readonly key: string;
  getValue(): Promise<SealedBlob | null>;
  setValue(value: SealedBlob | null): Promise<void>;
  removeValue(): Promise<void>;
}

/**
 * The WXT item behind a sealed item, defined on first use: defining a WXT item reads storage at
 * once, and the modules that define these items at their top level are also bundled into the
 * background's lazy script, which must do nothing when it is evaluated (lib/lazy/).
 */
export function defineSealedStorageItem(entry: StoredItem & { sealed: true }): SealedStorageItem {
  let defined: ReturnType<typeof storage.defineItem<SealedBlob | null>> | null = null;
  const item = () =>
    (defined ??= storage.defineItem<SealedBlob | null>(entry.key, {
      fallback: null,
      ...(entry.version === null ? {} : { version: entry.version }),
    }));
  return {
    key: entry.key,
    getValue: () => item().getValue(),
    setValue: (value) => item().setValue(value),
    removeValue: () => item().removeValue(),
  };
}

export interface SealedItem<T> {
  /** The opened value; `null` when nothing is stored. */
  read(): Promise<Result<T | null>>;
  /** Seals and stores `value` (never in the clear). */
  write(value: T): Promise<Result<null>>;
  /** Runs `run` after every earlier `serialize` call has settled (read-modify-write). */
  serialize<R>(run: () => Promise<R>): Promise<R>;
  /** Resolves once every `serialize` call started so far has settled. */
  settled(): Promise<void>;
}

export function defineSealedItem<T>(options: {
  item: SealedStorageItem;
  schema: z.core.$ZodType<T>;
  vault: Pick<VaultService, 'seal' | 'open'>;
  /** The sentence a person reads when the stored value cannot be read. */
  damagedMessage: string;
}): SealedItem<T> {
  const { item, schema, vault, damagedMessage } = options;
  const sealedAccess = sealedAccessGate(vault);
  let chain: Promise<unknown> = Promise.resolve();

  async function readNow(): Promise<Result<T | null>> {
    const stored = await item.getValue();
    if (stored === null) return ok(null);
    const blob = sealedBlobSchema.safeParse(stored);
    if (!blob.success) return err('damaged', damagedMessage);
    const opened = await vault.open(blob.data, item.key);
    if (!opened.ok) return opened;
    const value = z.safeParse(schema, opened.value);
    if (!value.success) return err('damaged', damagedMessage);
    return ok(value.data);
  }

  return {
    read() {
      return sealedAccess.shared(readNow);
    },
    write(value) {
      return sealedAccess.shared(async (): Promise<Result<null>> => {
        const sealed = await vault.seal(value, item.key);
        if (!sealed.ok) return sealed;
        await item.setValue(sealed.value);
        return ok(null);
      });
    },
    serialize(run) {
      const next = chain.then(run);
      chain = next.catch(() => undefined);
      return next;
    },
    async settled() {
      await chain;
    },
  };
}
