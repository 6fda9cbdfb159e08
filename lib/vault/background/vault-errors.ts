/** Machine-readable reasons a vault call can fail with. */
export type VaultErrorReason =
  | 'uninitialized'
  | 'locked'
  | 'damaged'
  | 'wrong-passphrase'
  | 'already-exists'
  | 'duplicate-name'
  | 'not-found'
  | 'invalid-input'
  | 'undecryptable'
  | 'conflict'
  | 'not-damaged'
  | 'too-large'
  | 'write-failed'
  | 'internal';
