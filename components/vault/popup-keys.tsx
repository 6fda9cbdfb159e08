import { useState } from 'react';
import { openOptionsPage } from '@/components/app/open-options';
import { Button } from '@/components/ui/button';
import { SearchableKeyList } from './searchable-key-list';

/** The popup's key list: search, grouped by instance, copy and reveal. Management is in options. */
export function PopupKeys() {
  const [query, setQuery] = useState('');
  return (
    <div className="ui-stack ui-stack--tight popup-keys">
      <SearchableKeyList
        query={query}
        onQueryChange={setQuery}
        variant="compact"
        emptyAction={
          <Button variant="primary" onClick={() => void openOptionsPage()}>
            Add a key in options
          </Button>
        }
      />
    </div>
  );
}
