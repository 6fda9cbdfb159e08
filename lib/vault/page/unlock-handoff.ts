/**
 * What a page knows for certain right after its own `vault.unlock` was answered ok: the vault is
 * unlocked, so the key list is wanted. The unlock form (components/vault/unlock-form.tsx) notes
 * it here before it asks the page to refresh; the page's vault view (components/app/
 * use-vault-state.ts) takes the note on that refresh and asks for the state and the key list at
 * once, instead of the list only after the state came back (issue 11: one round trip less
 * between the Unlock click and the rows).
 *
 * The state is still asked and still decides: a list answered after a lock elsewhere says
 * "locked" and is not shown. Nothing here holds a secret.
 */

let unlocked = false;

/** This page's unlock was just answered ok. */
export function noteUnlocked(): void {
  unlocked = true;
}

/** Whether this page's unlock was just answered ok, once: the note is gone after this. */
export function takeUnlockedNote(): boolean {
  const noted = unlocked;
  unlocked = false;
  return noted;
}
