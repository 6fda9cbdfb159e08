import type { Err, Result } from '../result';
import type { Instance, KeySummary } from '../keys/key-entry';
import type { ServerKey } from './kaneo-schemas';

/**
 * Every way a Kaneo operation can fail, each with its own sentence and next step. Pages show
 * `message` as is, so each one says what happened and what to do.
 */
export type KaneoFailureReason =
  | 'invalid-input'
  | 'no-tab'
  | 'scripts-blocked'
  | 'no-access'
  | 'not-kaneo'
  | 'signed-out'
  | 'session-expired'
  | 'network'
  | 'origin-refused'
  | 'rate-limited'
  | 'name-invalid'
  | 'expiry-invalid'
  | 'not-found'
  | 'forbidden'
  | 'key-rejected'
  | 'bad-response'
  | 'server-error'
  | 'locked'
  | 'vault-error'
  | 'no-permission'
  | 'no-key-for-instance'
  | 'redirected'
  | 'timeout'
  | 'too-large'
  | 'tab-moved'
  /** First create for an origin the vault has never seen: ask the person once, then resend confirmed. */
  | 'confirm-new-origin';

/** The state of one vault key as the server sees it. */
export type KeyState =
  | { kind: 'active'; expiresInDays: number | null }
  | { kind: 'expired' }
  | { kind: 'disabled' }
  | { kind: 'gone' }
  | { kind: 'revoked' }
  /** Not matched: the key has no remote id and no unique `start` on the server. */
  | { kind: 'unknown' };

export interface MatchedVaultKey {
  key: KeySummary;
  server: ServerKey | null;
  state: KeyState;
}

/**
 * Where a Kaneo operation runs: through a signed-in tab (its cookie session, `activeTab` +
 * `scripting`), or — from the options page, without a tab — from the background with one of
 * that instance's stored keys, after the user granted host permission for its API origin.
 * `keyId` names the stored key to use; without it the keys are tried in turn, the one that last
 * worked first.
 */
export type KaneoTarget = { tabId: number } | { webOrigin: string; keyId?: string };

export interface TabInspection {
  instance: Instance;
  /** Whether the API base came from Options → Kaneo (split deployment) or the default `<origin>/api`. */
  apiBaseSource: 'default' | 'configured';
  user: { name: string | null; email: string };
  workspaces: Array<{ id: string; name: string }>;
}

export interface InstanceKeysView {
  instance: Instance;
  /** When locked, vault keys cannot be matched: every server key is listed under `otherServerKeys`. */
  vaultLocked: boolean;
  vaultKeys: MatchedVaultKey[];
  otherServerKeys: ServerKey[];
  /**
   * How the list was fetched: the tab's session, or the stored key named here. `refused` are the
   * stored keys tried before it that the server refused, each with why.
   */
  via: { kind: 'tab' } | { kind: 'key'; keyName: string; keyId: string; refused: Array<{ keyName: string; why: string }> };
  /** Server-side "now" the states were computed at (ISO). */
  computedAt: string;
  /**
   * Keys this extension asked the server to create whose answer never came back (a timeout, the
   * background stopped in the middle): they exist on the server, their secret is lost. Each is
   * also in `otherServerKeys`. Absent when there are none (or the vault is locked).
   */
  interruptedCreates?: InterruptedCreate[];
}

/** A key created on the server during a create whose answer never reached the vault. */
export interface InterruptedCreate {
  name: string;
  /** When the create was sent (ISO). */
  startedAt: string;
  serverKey: ServerKey;
}

/** A key created on the server whose secret could not be stored. Shown once; never persisted. */
export interface UnsavedKey {
  secret: string;
  name: string;
  remoteId: string;
  start: string | null;
  expiresAt: string | null;
  instance: Instance;
}

export type NotSavedErr = Err<'not-saved'> & { unsaved: UnsavedKey };
/** Rotation where the new key is stored but the old one could not be revoked: both work. */
export type RotatePartialErr = Err<'rotate-partial'> & { replacement: KeySummary; old: KeySummary };

export type KaneoResult<T> = Result<T, KaneoFailureReason>;
export type CreateKeyAnswer = KaneoResult<KeySummary> | NotSavedErr;
export type RotateAnswer =
  | KaneoResult<{ replacement: KeySummary; old: KeySummary; warning: string | null }>
  | NotSavedErr
  | RotatePartialErr;

export interface CreateKeyInput {
  name: string;
  /** One of 1, 7, 30, 90, 365, or null for a key that never expires. */
  expiresInDays: number | null;
  note: string;
  /**
   * The origin the page showed the person (`inspectTab`'s instance). With a tab target the key is
   * created only if the tab is still there: a tab that moved to another site since is refused.
   */
  expectedOrigin?: string;
  /**
   * The person confirmed creating a key for this origin although the vault has no key for it
   * (a look-alike site answers like Kaneo). Without it such a create answers 'confirm-new-origin'.
   */
  confirmedNewOrigin?: string;
}

export interface KaneoProtocol {
  /** Who is signed in on the tab's Kaneo, and where. */
  'kaneo.inspectTab'(data: { tabId: number }): KaneoResult<TabInspection>;
  /** Create a key in the tab and store its secret straight into the vault. */
  'kaneo.createKey'(data: { target: KaneoTarget } & CreateKeyInput): CreateKeyAnswer;
  'kaneo.listServerKeys'(data: { target: KaneoTarget }): KaneoResult<InstanceKeysView>;
  'kaneo.setEnabled'(data: { target: KaneoTarget; remoteId: string; enabled: boolean }): KaneoResult<ServerKey>;
  /** Delete the key on the server; marks the vault entry (`revokedAt`) when there is one. */
  'kaneo.revoke'(data: { target: KaneoTarget; remoteId: string; vaultId?: string }): KaneoResult<{
    marked: KeySummary | null;
  }>;
  'kaneo.rotate'(data: { target: KaneoTarget; vaultId: string }): RotateAnswer;
  /** API bases set by hand per web origin (split deployments). Kept sealed with the vault's key. */
  'kaneo.apiBases.list'(): KaneoResult<Instance[]>;
  'kaneo.apiBases.set'(data: { webOrigin: string; apiBaseUrl: string | null }): KaneoResult<Instance[]>;
}
