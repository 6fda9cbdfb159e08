/**
 * Kaneo key management, run in the background (the vault's single writer).
 *
 * Invariants:
 * - A new key's secret goes from the tab's create answer straight into the vault. It is never
 *   sent to a page, except once when it was created but could not be stored (`not-saved`), so
 *   the user does not lose a live key silently.
 * - A stored key is only ever sent to its own instance's API base, and only from here with
 *   `credentials: 'omit'` after the user granted that origin.
 * - Nothing is half-saved: the vault is checked (unlocked, name free) before a key is created;
 *   rotation keeps both keys usable when a step fails and says which is which.
 * - Once the server has answered a create with a secret, every failure after that — a refused
 *   or full vault, a thrown error — ends in `not-saved` with the secret, never in a generic error
 *   (which would drop a live key silently). See `storeCreated`.
 */
import { defaultApiBase, toKeySummary, type Instance, type KeyEntry, type KeySummary } from '../keys/key-entry';
import type {
  CreateKeyAnswer,
  CreateKeyInput,
  InstanceKeysView,
  KaneoTarget,
  NotSavedErr,
  RotateAnswer,
  TabInspection,
  UnsavedKey,
} from '../messaging/kaneo-protocol';
import { err, ok } from '../result';
import type { VaultService } from '../vault/vault-service.types';
import type { ApiBaseStore } from './api-base-store';
import { createListingKeyStore, type ListingKeyStore } from './listing-key-store';
import { createKaneoApi, type KaneoApi, type KaneoResult } from './kaneo-api';
import { hostOf, type KaneoErr } from './kaneo-errors';
import type { CreatedKey, ServerKey } from './kaneo-schemas';
import { EXPIRY_CHOICES_DAYS, KEY_NAME_MAX, KEY_NAME_MIN, expiryPolicyOf, matchKeys } from './key-state';
import { createKeyTransport, createTabTransport, type TabExecutor } from './transport';

const DAY_SECONDS = 86_400;

/** A key not to authenticate with when another one will do. */
interface Avoid {
  vaultId?: string;
  remoteId?: string;
}

export interface KaneoServiceDeps {
  vault: VaultService;
  executor: TabExecutor;
  apiBases: ApiBaseStore;
  /** Used for key-authenticated requests from the background. */
  fetch: typeof fetch;
  /** Whether the extension may reach this origin from the background (granted host permission). */
  hasHostPermission(origin: string): Promise<boolean>;
  now(): number;
  /** Which stored key last listed an instance's keys (sealed); created from the vault when absent. */
  listingKeys?: ListingKeyStore;
}

/** A resolved place to talk to: the instance, an API client, and how it authenticates. */
interface Connection {
  instance: Instance;
  api: KaneoApi;
  via: InstanceKeysView['via'];
  apiBaseSource: TabInspection['apiBaseSource'];
}

export function createKaneoService(deps: KaneoServiceDeps) {
  const { vault, executor, apiBases } = deps;
  const listingKeys = deps.listingKeys ?? createListingKeyStore(vault);

  async function connectTab(tabId: number): Promise<KaneoResult<Connection>> {
    const origin = await executor.pageOrigin(tabId);
    if (!origin.ok) return origin;
    const configured = await apiBases.get(origin.value);
    const apiBaseUrl = configured ?? defaultApiBase(origin.value);
    return ok({
      instance: { webOrigin: origin.value, apiBaseUrl },
      api: createKaneoApi(createTabTransport(executor, tabId, apiBaseUrl), { host: hostOf(origin.value), auth: 'session' }),
      via: { kind: 'tab' },
      apiBaseSource: configured ? 'configured' : 'default',
    });
  }

  /**
   * The stored keys of an instance that may be used to reach it, in the order to try them: the
   * key the person chose, else the one that last listed the keys, then the rest; the key being
   * acted on (revoked, rotated, disabled) goes last, so managing a key rarely uses that same key.
   */
  async function credentialsFor(webOrigin: string, choice: string | undefined, avoid: Avoid = {}): Promise<KaneoResult<KeyEntry[]>> {
    const keys = await vault.listKeys();
    if (!keys.ok) return lockedOr(keys.reason, keys.message);
    const now = deps.now();
    const usable = keys.value.filter(
      (k) => k.instance.webOrigin === webOrigin && !k.revokedAt && (!k.expiresAt || new Date(k.expiresAt).getTime() > now),
    );
    if (choice !== undefined) {
      const chosen = usable.find((k) => k.id === choice);
      if (!chosen) {
        return err(
          'invalid-input',
          `The chosen key is not a usable key of ${hostOf(webOrigin)} any more (revoked, expired or deleted). Choose another one.`,
        );
      }
      return ok([chosen]);
    }
    if (usable.length === 0) {
      return err(
        'no-key-for-instance',
        `The vault has no usable key for ${hostOf(webOrigin)}. Open a signed-in Kaneo tab and manage keys from the popup there.`,
      );
    }
    const lastGood = await listingKeys.get(webOrigin);
    const avoided = (k: KeyEntry) => k.id === avoid.vaultId || (avoid.remoteId !== undefined && k.remoteId === avoid.remoteId);
    const rank = (k: KeyEntry) => (avoided(k) ? 2 : k.id === lastGood ? 0 : 1);
    return ok([...usable].sort((a, b) => rank(a) - rank(b)));
  }

  async function connectWith(webOrigin: string, credential: KeyEntry): Promise<KaneoResult<Connection>> {
    // The key goes to its own instance's API base only, never to another configured URL.
    const apiBaseUrl = credential.instance.apiBaseUrl;
    const apiOrigin = new URL(apiBaseUrl).origin;
    if (!(await deps.hasHostPermission(apiOrigin))) {
      return err(
        'no-permission',
        `Kaneo Key Manager needs your permission to reach ${hostOf(apiOrigin)} from the extension. Click "Load keys" and allow access.`,
      );
    }
    return ok({
      instance: { webOrigin, apiBaseUrl },
      api: createKaneoApi(createKeyTransport(deps.fetch, apiBaseUrl, credential.secret), {
        host: hostOf(apiOrigin),
        auth: 'key',
      }),
      via: { kind: 'key', keyName: credential.name, keyId: credential.id, refused: [] },
      apiBaseSource: 'default',
    });
  }

  async function connectInstance(webOrigin: string, choice?: string, avoid?: Avoid): Promise<KaneoResult<Connection>> {
    const credentials = await credentialsFor(webOrigin, choice, avoid);
    if (!credentials.ok) return credentials;
    return connectWith(webOrigin, credentials.value[0]!);
  }

  function connect(target: KaneoTarget, avoid?: Avoid): Promise<KaneoResult<Connection>> {
    return 'tabId' in target ? connectTab(target.tabId) : connectInstance(new URL(target.webOrigin).origin, target.keyId, avoid);
  }

  function lockedOr(reason: string, message: string) {
    return reason === 'locked'
      ? err('locked', 'The vault is locked. Unlock it, then try again.')
      : err('vault-error', `The vault could not be read: ${message}`);
  }

  async function requireUnlocked(): Promise<KaneoResult<true>> {
    const state = await vault.state();
    if (state.state === 'unlocked') return ok(true);
    if (state.state === 'uninitialized') {
      return err('locked', 'Set up the vault first (Options): new keys go straight into it.');
    }
    if (state.state === 'damaged') return err('vault-error', `The vault is damaged: ${state.message}`);
    return err('locked', 'Unlock the vault first: the new key goes straight into it.');
  }

  async function nameTaken(instance: Instance, name: string, exceptId?: string): Promise<boolean> {
    const keys = await vault.listKeys().catch(() => null);
    if (!keys?.ok) return false;
    const wanted = name.trim().toLowerCase();
    return keys.value.some(
      (k) => k.id !== exceptId && k.instance.webOrigin === instance.webOrigin && k.name.trim().toLowerCase() === wanted,
    );
  }

  function unsavedOf(created: CreatedKey, instance: Instance, name: string): UnsavedKey {
    return {
      secret: created.key,
      name,
      remoteId: created.id,
      start: created.start,
      expiresAt: created.expiresAt,
      instance,
    };
  }

  /** Stores a key the server just created. Never throws: a thrown error becomes a failed Result. */
  async function storeCreated(created: CreatedKey, instance: Instance, name: string, note: string) {
    try {
      return await vault.addKey({
        name,
        secret: created.key,
        instance,
        notes: note,
        expiresAt: created.expiresAt,
        remoteId: created.id,
        start: created.start,
      });
    } catch {
      return err('internal', 'the vault failed while saving it');
    }
  }

  /** `vault.updateKey` that answers a failed Result instead of throwing. */
  async function tryUpdate(id: string, patch: Parameters<VaultService['updateKey']>[1]) {
    try {
      return await vault.updateKey(id, patch);
    } catch {
      return err('internal', 'the vault failed while saving it');
    }
  }

  function checkName(name: string): KaneoResult<string> {
    const trimmed = name.trim();
    if (trimmed.length < KEY_NAME_MIN || trimmed.length > KEY_NAME_MAX) {
      return err('invalid-input', `A key name must be ${KEY_NAME_MIN} to ${KEY_NAME_MAX} characters.`);
    }
    return ok(trimmed);
  }

  function checkExpiry(days: number | null): KaneoResult<number | null> {
    if (days === null) return ok(null);
    if (!(EXPIRY_CHOICES_DAYS as readonly number[]).includes(days)) {
      return err('invalid-input', `Expiry must be one of ${EXPIRY_CHOICES_DAYS.join(', ')} days, or never.`);
    }
    return ok(days * DAY_SECONDS);
  }

  async function markRevoked(vaultId: string): Promise<KeySummary | null> {
    const marked = await tryUpdate(vaultId, { revokedAt: new Date(deps.now()).toISOString() });
    return marked.ok ? toKeySummary(marked.value) : null;
  }

  type Listed = { instance: Instance; via: InstanceKeysView['via']; serverKeys: ServerKey[] };

  async function listViaTab(tabId: number): Promise<KaneoResult<Listed>> {
    const connection = await connectTab(tabId);
    if (!connection.ok) return connection;
    const serverKeys = await connection.value.api.listKeys();
    if (!serverKeys.ok) return serverKeys;
    return ok({ instance: connection.value.instance, via: connection.value.via, serverKeys: serverKeys.value });
  }

  /**
   * Tries the instance's stored keys in turn (see credentialsFor) and stops at the first the
   * server accepts; remembers it (sealed) so it goes first next time. Only a refused key
   * (wrong, revoked, disabled, expired) moves on to the next: any other failure (network,
   * rate limit, redirect) would fail the same way with every key.
   */
  async function listViaStoredKeys(target: { webOrigin: string; keyId?: string }): Promise<KaneoResult<Listed>> {
    const webOrigin = new URL(target.webOrigin).origin;
    const credentials = await credentialsFor(webOrigin, target.keyId);
    if (!credentials.ok) return credentials;
    const refused: Array<{ keyName: string; why: string }> = [];
    let lastFailure: KaneoErr | null = null;
    for (const credential of credentials.value) {
      const connection = await connectWith(webOrigin, credential);
      if (!connection.ok) {
        lastFailure = connection;
        continue;
      }
      const serverKeys = await connection.value.api.listKeys();
      if (serverKeys.ok) {
        // Only a hint for next time: failing to save it must not hide the list.
        await listingKeys.set(webOrigin, credential.id);
        return ok({ instance: connection.value.instance, via: { kind: 'key', keyName: credential.name, keyId: credential.id, refused }, serverKeys: serverKeys.value });
      }
      if (serverKeys.reason !== 'key-rejected') return serverKeys;
      const why = (serverKeys.detail as { why?: string } | undefined)?.why ?? 'it was refused';
      refused.push({ keyName: credential.name, why });
      lastFailure = serverKeys;
    }
    if (refused.length === 0 && lastFailure) return lastFailure;
    const host = hostOf(webOrigin);
    const list = refused.map((r) => `“${r.keyName}” (${r.why})`).join(', ');
    return err(
      'key-rejected',
      target.keyId !== undefined
        ? `Kaneo on ${host} refused ${list}. Choose another key, or let the extension try them in turn.`
        : `Kaneo on ${host} refused every stored key of this instance: ${list}. ` +
            'Enable one of them in Kaneo, add a working key, or manage keys from a signed-in Kaneo tab.',
      { refused },
    );
  }

  return {
    async inspectTab({ tabId }: { tabId: number }): Promise<KaneoResult<TabInspection>> {
      const connection = await connectTab(tabId);
      if (!connection.ok) return connection;
      const { api, instance, apiBaseSource } = connection.value;
      const health = await api.health();
      if (!health.ok) return health;
      const session = await api.session();
      if (!session.ok) return session;
      if (session.value === null) {
        return err(
          'signed-out',
          `You're not signed in to Kaneo on ${hostOf(instance.webOrigin)}. Sign in in this tab, then open Kaneo Key Manager again.`,
        );
      }
      const workspaces = await api.workspaces();
      if (!workspaces.ok) return workspaces;
      return ok({
        instance,
        apiBaseSource,
        user: { name: session.value.user.name ?? null, email: session.value.user.email },
        workspaces: workspaces.value.map((w) => ({ id: w.id, name: w.name })),
      });
    },

    async createKey(input: { target: KaneoTarget } & CreateKeyInput): Promise<CreateKeyAnswer> {
      const name = checkName(input.name);
      if (!name.ok) return name;
      const expiresIn = checkExpiry(input.expiresInDays);
      if (!expiresIn.ok) return expiresIn;
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const connection = await connect(input.target);
      if (!connection.ok) return connection;
      const { api, instance } = connection.value;
      if (await nameTaken(instance, name.value)) {
        return err(
          'invalid-input',
          `The vault already has a key named "${name.value}" for ${hostOf(instance.webOrigin)}. Choose another name.`,
        );
      }
      const created = await api.createKey({ name: name.value, expiresInSeconds: expiresIn.value });
      if (!created.ok) return created;
      const stored = await storeCreated(created.value, instance, name.value, input.note);
      if (!stored.ok) {
        return notSaved(
          `The key was created on ${hostOf(instance.webOrigin)} but could not be saved in the vault (${stored.message}). ` +
            "Copy it now — it won't be shown again — or revoke it on the server.",
          unsavedOf(created.value, instance, name.value),
        );
      }
      return ok(toKeySummary(stored.value));
    },

    async listServerKeys({ target }: { target: KaneoTarget }): Promise<KaneoResult<InstanceKeysView>> {
      const listed = 'tabId' in target ? await listViaTab(target.tabId) : await listViaStoredKeys(target);
      if (!listed.ok) return listed;
      const { instance, via, serverKeys } = listed.value;
      const now = deps.now();
      const vaultKeys = await vault.listKeys();
      const mine = vaultKeys.ok
        ? vaultKeys.value.filter((k) => k.instance.webOrigin === instance.webOrigin).map(toKeySummary)
        : [];
      const matched = matchKeys(mine, serverKeys, now);
      return ok({
        instance,
        vaultLocked: !vaultKeys.ok,
        vaultKeys: matched.vaultKeys,
        otherServerKeys: matched.otherServerKeys,
        via,
        computedAt: new Date(now).toISOString(),
      });
    },

    async setEnabled({ target, remoteId, enabled }: { target: KaneoTarget; remoteId: string; enabled: boolean }) {
      const connection = await connect(target, { remoteId });
      if (!connection.ok) return connection;
      return connection.value.api.setEnabled(remoteId, enabled);
    },

    async revoke({
      target,
      remoteId,
      vaultId,
    }: {
      target: KaneoTarget;
      remoteId: string;
      vaultId?: string;
    }): Promise<KaneoResult<{ marked: KeySummary | null }>> {
      const connection = await connect(target, { vaultId, remoteId });
      if (!connection.ok) return connection;
      const deleted = await connection.value.api.deleteKey(remoteId);
      // Already gone is what revoking wants: mark the entry all the same.
      if (!deleted.ok && deleted.reason !== 'not-found') return deleted;
      if (!vaultId) return ok({ marked: null });
      const marked = await markRevoked(vaultId);
      if (!marked) {
        return err(
          'vault-error',
          'The key was revoked on the server, but its vault entry could not be marked. Unlock the vault and mark or delete it by hand.',
        );
      }
      return ok({ marked });
    },

    async rotate({ target, vaultId }: { target: KaneoTarget; vaultId: string }): Promise<RotateAnswer> {
      const unlocked = await requireUnlocked();
      if (!unlocked.ok) return unlocked;
      const found = await vault.getKey(vaultId);
      if (!found.ok) return lockedOr(found.reason, found.message);
      const old = found.value;
      if (old.revokedAt) return err('invalid-input', `"${old.name}" is already revoked; create a new key instead.`);
      if (!old.remoteId) {
        return err(
          'invalid-input',
          `"${old.name}" has no server id (it was added by hand), so it can't be rotated here. Create a new key, then revoke this one on the server.`,
        );
      }
      const connection = await connect(target, { vaultId });
      if (!connection.ok) return connection;
      const { api, instance } = connection.value;
      if (instance.webOrigin !== old.instance.webOrigin) {
        return err(
          'invalid-input',
          `"${old.name}" belongs to ${hostOf(old.instance.webOrigin)}, not to ${hostOf(instance.webOrigin)}. Open its own Kaneo tab.`,
        );
      }
      const policy = expiryPolicyOf(old);
      const serverName = old.name.length > KEY_NAME_MAX ? old.name.slice(0, KEY_NAME_MAX) : old.name.padEnd(KEY_NAME_MIN, '-');
      const created = await api.createKey({
        name: serverName,
        expiresInSeconds: policy === null ? null : policy * DAY_SECONDS,
      });
      if (!created.ok) {
        return err(created.reason, `Rotation stopped before anything changed: ${created.message} "${old.name}" still works.`);
      }

      // From here on the new key exists on the server: every failure must end in `not-saved`.
      // Free the name for the replacement: the old entry becomes "<name> (old)".
      const oldName = old.name;
      let renamedTo: string | null = null;
      for (const suffix of [' (old)', ' (old 2)', ' (old 3)']) {
        const candidate = `${oldName.slice(0, 64 - suffix.length)}${suffix}`;
        if (await nameTaken(old.instance, candidate, old.id)) continue;
        const renamed = await tryUpdate(old.id, { name: candidate });
        if (renamed.ok) renamedTo = candidate;
        break;
      }
      const replacementName = renamedTo ? oldName : `${oldName.slice(0, 58)} (new)`;
      const stored = await storeCreated(created.value, old.instance, replacementName, old.notes);
      if (!stored.ok) {
        // Undo the rename, and say so when that fails too: the old entry must not keep a name
        // that calls a working key "(old)" without the person knowing.
        const restored = renamedTo ? (await tryUpdate(old.id, { name: oldName })).ok : true;
        const oldState = restored
          ? `"${oldName}" is untouched and still works.`
          : `"${oldName}" still works, but its vault entry is still named "${renamedTo}": rename it back by hand.`;
        return notSaved(
          `The replacement key was created on ${hostOf(old.instance.webOrigin)} but could not be saved in the vault (${stored.message}). ` +
            `${oldState} Copy the new key now — it won't be shown again — or revoke it.`,
          unsavedOf(created.value, old.instance, replacementName),
        );
      }
      const replacement = toKeySummary(stored.value);
      const oldNow = { ...toKeySummary(old), name: renamedTo ?? oldName };

      const deleted = await api.deleteKey(old.remoteId);
      if (!deleted.ok && deleted.reason !== 'not-found') {
        return {
          ok: false,
          reason: 'rotate-partial',
          message:
            `The new key "${replacement.name}" (starts ${replacement.start ?? '?'}…) is saved and works. ` +
            `Revoking the old key "${oldNow.name}" (starts ${old.start ?? '?'}…) failed: ${deleted.message} ` +
            'Both keys work; revoke the old one when you can.',
          replacement,
          old: oldNow,
        };
      }
      const marked = await markRevoked(old.id);
      return ok({
        replacement,
        old: marked ?? oldNow,
        warning: marked
          ? null
          : `The old key was revoked on the server, but its vault entry "${oldNow.name}" could not be marked as revoked.`,
      });
    },

    listApiBases: () => apiBases.list().then((r) => (r.ok ? r : lockedOr(r.reason, r.message))),

    async setApiBase({ webOrigin, apiBaseUrl }: { webOrigin: string; apiBaseUrl: string | null }) {
      const saved = await apiBases.set(webOrigin, apiBaseUrl);
      if (saved.ok) return saved;
      return saved.reason === 'invalid-input' ? err('invalid-input', saved.message) : lockedOr(saved.reason, saved.message);
    },
  };
}

export type KaneoService = ReturnType<typeof createKaneoService>;

function notSaved(message: string, unsaved: UnsavedKey): NotSavedErr {
  return { ok: false, reason: 'not-saved', message, unsaved };
}

export type { ServerKey };
