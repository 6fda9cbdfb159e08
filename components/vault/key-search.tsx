import { useRef } from 'react';
import { useSlashFocus } from '@/components/app/use-slash-focus';
import { SearchIcon } from '@/components/ui/icons';

/** The key search box. "/" anywhere on the page focuses it; Escape clears it. */
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
        placeholder="Search by name or instance  /"
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
    </div>
  );
}
