/**
 * The popup's and options page's first two questions to the background — the vault's state and
 * its key list — asked by a small classic script at the top of the page (entrypoints/
 * vault-prefetch.ts), before the page's React and app chunks have loaded, and both at once.
 * At 10,000 keys the background needs hundreds of milliseconds for the list; asked this way that
 * time overlaps the page's own loading instead of following it (issue 11, `npm run bench`).
 *
 * The page's vault view (components/app/use-vault-state.ts) takes the answers once, for its first
 * refresh, and asks normally from then on. Answers are dropped, and asked again, when the vault
 * changed in storage after they were asked (a lock, another page's write): the view's own
 * storage listener is not registered yet at that time. Nothing here holds a secret: `keys.changes`
 * answers summaries only.
 */
import { sendMessage } from '@/lib/messaging/protocol';
import { sendThroughWorker } from '@/lib/messaging/page/worker-call';
import type { ProtocolMap } from '@/lib/messaging/protocol';
import { STORAGE, storageName } from '@/lib/storage/catalogue';

type Answer<K extends keyof ProtocolMap> = ReturnType<ProtocolMap[K]>;

export interface VaultPrefetch {
  status: Promise<Answer<'vault.status'>>;
  keys: Promise<Answer<'keys.changes'>>;
}

interface Pending extends VaultPrefetch {
  stale: boolean;
  stopWatching: () => void;
}

const SLOT = '__kaneoVaultPrefetch';
type Slot = { [SLOT]?: Pending };

const VAULT_LOCAL_KEY = storageName(STORAGE.vaultEnvelope);
const VAULT_SESSION_KEY = storageName(STORAGE.vaultSession);

/**
 * Storage changes that mean the vault's state or keys changed: the envelope (a write from any
 * page) and the session copy of the data key (unlock, lock, auto-lock). Everything else is
 * ignored on purpose: the background records activity in storage.session on every message, so
 * refreshing on any change would ask again, be recorded again, and loop.
 */
export function isVaultChange(changes: Record<string, unknown>, area: string): boolean {
  if (area === 'local') return VAULT_LOCAL_KEY in changes;
  if (area === 'session') return VAULT_SESSION_KEY in changes;
  return false;
}

interface StorageEvents {
  addListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
  removeListener(cb: (changes: Record<string, unknown>, area: string) => void): void;
}

function storageEvents(): StorageEvents | null {
  const g = globalThis as unknown as { chrome?: { storage?: { onChanged?: StorageEvents } } };
  return g.chrome?.storage?.onChanged ?? null;
}

/** Asks both questions now and keeps the answers for `takeVaultPrefetch`. */
export function startVaultPrefetch(): void {
  const slot = globalThis as unknown as Slot;
  const status = sendMessage('vault.status');
  const keys = sendThroughWorker('keys.changes', undefined);
  // Whoever takes them handles failures; until then a failure must not be an unhandled rejection.
  status.catch(() => undefined);
  keys.catch(() => undefined);
  const events = storageEvents();
  const pending: Pending = { status, keys, stale: false, stopWatching: () => undefined };
  if (events) {
    const onChanged = (changes: Record<string, unknown>, area: string) => {
      if (isVaultChange(changes, area)) pending.stale = true;
    };
    events.addListener(onChanged);
    pending.stopWatching = () => events.removeListener(onChanged);
  }
  slot[SLOT] = pending;
}

/**
 * The answers asked at page load, once; `null` when there are none (no prefetch script, already
 * taken) or when the vault changed since they were asked.
 */
export function takeVaultPrefetch(): VaultPrefetch | null {
  const slot = globalThis as unknown as Slot;
  const pending = slot[SLOT];
  if (!pending) return null;
  delete slot[SLOT];
  pending.stopWatching();
  return pending.stale ? null : { status: pending.status, keys: pending.keys };
}
