/**
 * Creates in flight: one record per key create sent to a Kaneo server whose answer has not been
 * handled yet.
 *
 * What it protects: the rule that a key which exists on a server is never dropped silently. The
 * record is written BEFORE the create is sent and removed once its answer was handled (saved, or
 * shown once as `not-saved`, or clearly refused). When the answer never arrives — the server is
 * slower than the timeout, the connection breaks, the service worker is stopped in the middle —
 * the record stays, and the next listing of that instance's keys reconciles it with the server:
 * a key of that name created since then that no vault entry claims is reported as "created, but
 * its secret never reached the vault" (Kaneo shows a secret only once, so it can only be revoked).
 *
 * The record names the instance and the key, so it is SEALED with the vault's data key (never
 * plain in storage.local). It never holds a secret. Against whom: anyone reading storage.local.
 */
import * as z from 'zod/mini';
import type { Instance } from '../../keys/key-entry';
import { err, ok, type Result } from '../../result';
import { STORAGE } from '../../storage/catalogue';
import { defineSealedItem, defineSealedStorageItem } from '../../vault/background/sealed-item';
import type { VaultService } from '../../vault/background/vault-service.types';
import type { ServerKey } from '../kaneo-schemas';
import type { InterruptedCreate, KaneoFailureReason } from '../protocol';

const entrySchema = z.object({
  id: z.string().check(z.minLength(1), z.maxLength(100)),
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  webOrigin: z.string().check(z.minLength(1), z.maxLength(2000)),
  apiBaseUrl: z.string().check(z.minLength(1), z.maxLength(2000)),
  startedAt: z.iso.datetime(),
});
export type PendingCreate = z.infer<typeof entrySchema>;

const recordSchema = z.object({ v: z.literal(1), entries: z.array(entrySchema).check(z.maxLength(200)) });

export const pendingCreatesItem = defineSealedStorageItem(STORAGE.kaneoPendingCreates);

/**
 * How long an unanswered create may still be on its way (the request timeout plus the tab's grace,
 * with room to spare). A record older than this with no matching key on the server made nothing.
 */
export const PENDING_CREATE_SETTLE_MS = 2 * 60_000;
/** A server's clock may differ from ours: a key created this much "before" the record still matches. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Failures after which the server surely made no key: it refused the request (or it was never
 * sent). Any other failure — a timeout, a broken connection, an answer that was not Kaneo's — may
 * have followed a create that happened, so the record stays.
 */
const DEFINITELY_NOT_CREATED: ReadonlySet<KaneoFailureReason> = new Set<KaneoFailureReason>([
  'invalid-input',
  'no-tab',
  'no-access',
  'not-kaneo',
  'signed-out',
  'session-expired',
  'origin-refused',
  'rate-limited',
  'name-invalid',
  'expiry-invalid',
  'not-found',
  'forbidden',
  'key-rejected',
  'locked',
  'vault-error',
  'no-permission',
  'no-key-for-instance',
  'redirected',
  'tab-moved',
  'confirm-new-origin',
]);

export function mayHaveCreated(reason: KaneoFailureReason): boolean {
  return !DEFINITELY_NOT_CREATED.has(reason);
}

export const MAY_HAVE_CREATED_NOTE =
  'The key may have been created on the server without its answer reaching Kaneo Key Manager: ' +
  'its list of keys on the server will say so, and such a key can only be revoked.';

export interface PendingCreates {
  /**
   * Notes a create about to be sent; fails when the note can't be stored. The callers send the
   * create anyway: its answer is then still saved or shown once (`not-saved`), as without the note.
   */
  begin(name: string, instance: Instance): Promise<Result<string>>;
  /** The create's answer was handled: forget it. Never throws. */
  finish(id: string): Promise<void>;
  /**
   * Matches this instance's records with the server's keys (the ones no vault entry claims):
   * answers the keys created without their secret reaching the vault, and forgets records that
   * are settled (answered, or old with nothing made).
   */
  reconcile(webOrigin: string, unclaimed: readonly ServerKey[], now: number): Promise<InterruptedCreate[]>;
}

export function createPendingCreates(
  vault: Pick<VaultService, 'seal' | 'open'>,
  deps: { now(): number; newId?: () => string; item?: typeof pendingCreatesItem },
): PendingCreates {
  const sealed = defineSealedItem({
    item: deps.item ?? pendingCreatesItem,
    schema: recordSchema,
    vault,
    damagedMessage: 'The record of key creates in progress could not be read.',
  });
  const newId = deps.newId ?? (() => crypto.randomUUID());

  async function entries(): Promise<Result<PendingCreate[]>> {
    const record = await sealed.read();
    if (!record.ok) return record;
    return ok(record.value?.entries ?? []);
  }

  function change(edit: (list: PendingCreate[]) => PendingCreate[]): Promise<Result<null>> {
    return sealed.serialize(async (): Promise<Result<null>> => {
      const current = await entries();
      // A damaged record is not overwritten here: it may be the only note of a lost key.
      if (!current.ok) return current;
      try {
        return await sealed.write({ v: 1, entries: edit(current.value).slice(-200) });
      } catch (error) {
        return err('write-failed', error instanceof Error ? error.message : String(error));
      }
    });
  }

  return {
    async begin(name, instance) {
      const entry: PendingCreate = {
        id: newId(),
        name,
        webOrigin: instance.webOrigin,
        apiBaseUrl: instance.apiBaseUrl,
        startedAt: new Date(deps.now()).toISOString(),
      };
      const written = await change((list) => [...list, entry]).catch((error: unknown) =>
        err('write-failed', error instanceof Error ? error.message : String(error)),
      );
      return written.ok ? ok(entry.id) : written;
    },

    async finish(id) {
      await change((list) => list.filter((e) => e.id !== id)).catch(() => undefined);
    },

    async reconcile(webOrigin, unclaimed, now) {
      const current = await entries().catch(() => null);
      if (!current?.ok) return [];
      const mine = current.value.filter((e) => e.webOrigin === webOrigin);
      if (mine.length === 0) return [];
      const found: InterruptedCreate[] = [];
      const settled: string[] = [];
      const taken = new Set<string>();
      for (const entry of mine) {
        const started = Date.parse(entry.startedAt);
        const match = unclaimed.find(
          (key) =>
            !taken.has(key.id) &&
            key.name === entry.name &&
            new Date(key.createdAt).getTime() >= started - CLOCK_SKEW_MS,
        );
        if (match) {
          taken.add(match.id);
          found.push({ name: entry.name, startedAt: entry.startedAt, serverKey: match });
        } else if (now - started > PENDING_CREATE_SETTLE_MS) {
          // Nothing unclaimed of that name on the server, and no answer can still be on its way:
          // it was saved after all, never made, or revoked since.
          settled.push(entry.id);
        }
      }
      if (settled.length > 0) await change((list) => list.filter((e) => !settled.includes(e.id))).catch(() => undefined);
      return found;
    },
  };
}
