import { useVault } from '@/components/app/vault-context';
import { ErrorMessage } from '@/components/ui/alert';
import { KeyList } from './key-list';
import type { KeyListProps } from './key-list';
import { KeySearch } from './key-search';

export interface SearchableKeyListProps extends Omit<KeyListProps, 'keys'> {
  onQueryChange: (query: string) => void;
}

/**
 * The vault's keys as both the popup and the options page show them: a search box once there are
 * keys, the vault's last error, and "Loading keys…" until the first list arrives. The caller owns
 * the query so that it can outlive this list (the options page unmounts it while locked).
 */
export function SearchableKeyList({ onQueryChange, ...list }: SearchableKeyListProps) {
  const { keys, error, keysLoading } = useVault();
  return (
    <>
      {keys.length > 0 ? <KeySearch value={list.query} onChange={onQueryChange} /> : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {keysLoading && keys.length === 0 ? <p className="ui-muted">Loading keys…</p> : <KeyList keys={keys} {...list} />}
    </>
  );
}
