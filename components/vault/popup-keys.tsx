import { useState } from 'react';
import { useVault } from '@/components/app/vault-context';
import { openOptionsPage } from '@/components/app/open-options';
import { Button } from '@/components/ui/button';
import { ErrorMessage } from '@/components/ui/alert';
import { KeyList } from './key-list';
import { KeySearch } from './key-search';

/** The popup's key list: search, grouped by instance, copy and reveal. Management is in options. */
export function PopupKeys() {
  const { keys, error, keysLoading } = useVault();
  const [query, setQuery] = useState('');
  return (
    <div className="ui-stack ui-stack--tight popup-keys">
      {keys.length > 0 ? <KeySearch value={query} onChange={setQuery} /> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {keysLoading && keys.length === 0 ? (
        <p className="ui-muted">Loading keys…</p>
      ) : (
        <KeyList
          keys={keys}
          query={query}
          variant="compact"
          emptyAction={
            <Button variant="primary" onClick={() => void openOptionsPage()}>
              Add a key in options
            </Button>
          }
        />
      )}
    </div>
  );
}
