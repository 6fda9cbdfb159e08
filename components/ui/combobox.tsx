import { useCallback, useEffect, useId, useMemo, useRef, useState } from 'react';
import { defaultRangeExtractor, type Range } from '@tanstack/react-virtual';
import type { KeyboardEvent, ReactNode } from 'react';
import { FieldFrame, describedBy } from './field';
import { rowStyle, scrollerProps, useVirtualRows } from './use-virtual-rows';
import './combobox.css';

export interface ComboboxOption {
  value: string;
  /** What is shown and searched (the whole of it is the option's tooltip too). */
  label: string;
}

export interface ComboboxProps {
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  options: readonly ComboboxOption[];
  onChange: (value: string) => void;
  placeholder?: string;
  className?: string;
}

const OPTION_HEIGHT = 28;

/**
 * A searchable pick-one list (the ARIA 1.2 combobox pattern: an input with a listbox popup) for
 * lists too long for a native select, such as 1,000 keys. Typing filters by label (case-insensitive);
 * ArrowDown/ArrowUp move through the matches (ArrowDown also opens), Home/End jump, Enter picks,
 * Escape closes and restores the picked label. Only the options in view are rendered.
 */
export function Combobox({ label, hint, value, options, onChange, placeholder, className }: ComboboxProps) {
  const id = useId();
  const listboxId = `${id}-listbox`;
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const inputRef = useRef<HTMLInputElement>(null);

  // Lowercase labels once per option list, not once per keystroke.
  const haystacks = useMemo(() => options.map((option) => option.label.toLowerCase()), [options]);
  const matches = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return options;
    return options.filter((_, i) => haystacks[i]!.includes(q));
  }, [options, haystacks, query]);
  const selected = options.find((option) => option.value === value) ?? null;

  const openWith = (nextQuery: string, activeIndex: number) => {
    setQuery(nextQuery);
    setActive(activeIndex);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setQuery('');
    setActive(-1);
  };
  const pick = (option: ComboboxOption) => {
    close();
    if (option.value !== value) onChange(option.value);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const last = matches.length - 1;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) openWith('', Math.max(0, options.findIndex((o) => o.value === value)));
        else setActive((i) => Math.min(last, i + 1));
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (!open) openWith('', Math.max(0, options.findIndex((o) => o.value === value)));
        else setActive((i) => Math.max(0, i - 1));
        return;
      case 'Home':
      case 'End':
        if (!open) return;
        event.preventDefault();
        setActive(event.key === 'Home' ? 0 : last);
        return;
      case 'Enter': {
        if (!open) return;
        event.preventDefault();
        const option = matches[active];
        if (option) pick(option);
        return;
      }
      case 'Escape':
        if (!open) return;
        event.preventDefault();
        close();
        return;
    }
  };

  return (
    <FieldFrame id={id} label={label} hint={hint} className={['ui-combobox', className].filter(Boolean).join(' ')}>
      <div className="ui-combobox__control">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          className="ui-input ui-combobox__input"
          aria-expanded={open}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={open && matches[active] ? `${id}-option-${active}` : undefined}
          aria-describedby={describedBy(id, hint, undefined)}
          autoComplete="off"
          spellCheck={false}
          placeholder={placeholder}
          title={open ? undefined : selected?.label}
          value={open ? query : (selected?.label ?? '')}
          onChange={(event) => openWith(event.target.value, 0)}
          onClick={() => {
            if (!open) openWith('', Math.max(0, options.findIndex((o) => o.value === value)));
          }}
          onKeyDown={onKeyDown}
          onBlur={close}
        />
        <span aria-hidden="true" className="ui-combobox__chevron" />
      </div>
      {open ? (
        <ComboboxListbox
          id={listboxId}
          optionId={(i) => `${id}-option-${i}`}
          label={typeof label === 'string' ? label : undefined}
          matches={matches}
          value={value}
          active={active}
          onPick={pick}
          onHover={setActive}
        />
      ) : null}
    </FieldFrame>
  );
}

function ComboboxListbox({
  id,
  optionId,
  label,
  matches,
  value,
  active,
  onPick,
  onHover,
}: {
  id: string;
  optionId: (index: number) => string;
  label: string | undefined;
  matches: readonly ComboboxOption[];
  value: string;
  active: number;
  onPick: (option: ComboboxOption) => void;
  onHover: (index: number) => void;
}) {
  // The active option is always rendered, even before the scroll to it has landed:
  // aria-activedescendant must point at an element.
  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    if (active >= 0 && active < range.count && !indexes.includes(active)) indexes.push(active);
    return indexes.sort((a, b) => a - b);
    // A new extractor per active option: the virtualizer recomputes its rows when it changes.
  }, [active]);
  const { listRef, virtualizer, scrollMargin } = useVirtualRows({
    count: matches.length,
    estimateSize: () => OPTION_HEIGHT,
    getItemKey: (i) => matches[i]?.value ?? String(i),
    rangeExtractor,
  });
  // …and scrolled into view.
  useEffect(() => {
    if (active >= 0 && active < matches.length) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, matches.length, virtualizer]);

  return (
    <div className="ui-combobox__popup" {...scrollerProps}>
      <div ref={listRef}>
        <div
          id={id}
          role="listbox"
          aria-label={label}
          className="ui-combobox__listbox"
          style={{ height: Math.max(virtualizer.getTotalSize(), matches.length === 0 ? OPTION_HEIGHT : 0) }}
          // Keep focus in the input while the pointer picks an option.
          onMouseDown={(event) => event.preventDefault()}
        >
          {matches.length === 0 ? <div className="ui-combobox__empty">No match</div> : null}
          {virtualizer.getVirtualItems().map((virtual) => {
            const option = matches[virtual.index];
            if (!option) return null;
            return (
              <div
                key={virtual.key}
                id={optionId(virtual.index)}
                role="option"
                aria-selected={option.value === value}
                aria-setsize={matches.length}
                aria-posinset={virtual.index + 1}
                data-index={virtual.index}
                data-active={virtual.index === active || undefined}
                className="ui-combobox__option"
                title={option.label}
                style={{ ...rowStyle(virtual.start, scrollMargin), height: OPTION_HEIGHT }}
                onMouseMove={() => virtual.index !== active && onHover(virtual.index)}
                onClick={() => onPick(option)}
              >
                {option.label}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
