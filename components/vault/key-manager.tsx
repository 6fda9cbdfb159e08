import { useState } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import type { KeySummary } from '@/lib/keys/key-entry';
import { call } from '@/lib/messaging/page/call';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { PlusIcon } from '@/components/ui/icons';
import { useStatus } from '@/components/ui/status';
import { KeyFormDialog } from './key-form';
import { SearchableKeyList } from './searchable-key-list';
import { UnlockForm } from './unlock-form';

/**
 * Options page, Keys section: search, add, edit, delete, reveal, copy. While locked it shows the
 * unlock form instead of the list, but stays mounted: an add/edit dialog that is open when the
 * vault auto-locks keeps what was typed and asks for the passphrase inside the dialog.
 */
export function KeyManager() {
  const { state, keys, refresh, applySaved, applyDeleted } = useVault();
  const { announce } = useStatus();
  const [query, setQuery] = useState('');
  const [form, setForm] = useState<{ editing: KeySummary | null } | null>(null);
  const [deleting, setDeleting] = useState<KeySummary | null>(null);

  const addButton = (
    <Button variant="primary" data-add-key onClick={() => setForm({ editing: null })}>
      <PlusIcon />
      Add key
    </Button>
  );

  if (state?.state === 'locked' && form === null) {
    return (
      <div className="options__unlock">
        <UnlockForm onUnlocked={() => void refresh()} />
      </div>
    );
  }

  return (
    <div className="ui-stack">
      <div className="ui-section-head">
        <h2>Keys</h2>
        {keys.length > 0 ? <span className="key-manager__count">{keys.length === 1 ? '1 key' : `${keys.length.toLocaleString('en')} keys`}</span> : null}
        {keys.length > 0 ? addButton : null}
      </div>
      <SearchableKeyList
        query={query}
        onQueryChange={setQuery}
        variant="full"
        onEdit={(key) => setForm({ editing: key })}
        onDelete={setDeleting}
        emptyAction={addButton}
      />
      <KeyFormDialog
        open={form !== null}
        editing={form?.editing ?? null}
        existing={keys}
        onCancel={() => setForm(null)}
        onSaved={(saved) => {
          announce(form?.editing ? `Saved “${saved.name}”` : `Added “${saved.name}”`, 'success');
          setForm(null);
          applySaved(saved);
        }}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete key"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={async () => {
          if (!deleting) return null;
          const result = await call(() => sendMessage('keys.delete', { id: deleting.id }));
          if (!result.ok) return result.message;
          announce(`Deleted “${deleting.name}”`, 'success');
          setDeleting(null);
          applyDeleted(deleting.id);
          // The row whose Delete button opened the dialog is gone, and focus with it; put
          // keyboard users somewhere useful instead of on <body> once the list has re-rendered.
          setTimeout(() => {
            const focused = document.activeElement;
            if (!focused || focused === document.body || !focused.isConnected) {
              document.querySelector<HTMLElement>('[data-add-key]')?.focus();
            }
          }, 0);
          return null;
        }}
      >
        <p>
          The key is removed from this vault. It keeps working on the Kaneo server until it is revoked
          there.
        </p>
      </ConfirmDialog>
    </div>
  );
}
