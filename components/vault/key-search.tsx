import { useRef } from 'react';
import { useSlashFocus } from '@/components/app/use-slash-focus';
import { SearchIcon } from '@/components/ui/icons';

/**
 * The key search box. "/" anywhere on the page focuses it; Escape clears it. The "/" is shown as
 * a key cap inside the box while it is empty and unfocused; screen readers get it from
 * `aria-keyshortcuts` instead of reading a stray slash.
 */
export function KeySearch({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const ref = useRef<HTMLInputElement>(null);
  useSlashFocus(ref);
  return (
    <div className="key-search">
      <span className="key-search__icon">
        <SearchIcon />
      </span>
      <input
        ref={ref}
        type="search"
        className="ui-input key-search__input"
        aria-label="Search keys"
        placeholder="Search by name or instance"
        aria-keyshortcuts="/"
        value={value}
        autoComplete="off"
        spellCheck={false}
        onChange={(event) => onChange(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape' && value) {
            event.preventDefault();
            onChange('');
          }
        }}
      />
      <kbd className="ui-kbd key-search__hint" aria-hidden="true">
        /
      </kbd>
    </div>
  );
}
