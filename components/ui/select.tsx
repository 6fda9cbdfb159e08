import { useId } from 'react';
import type { ReactNode, SelectHTMLAttributes } from 'react';
import { FieldFrame, describedBy } from './field';

export interface SelectOption<V extends string = string> {
  value: V;
  label: string;
  /** Tooltip with the whole label, for options whose label a narrow select cuts short. */
  title?: string;
}

export interface SelectProps<V extends string = string>
  extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'onChange' | 'value'> {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  id?: string;
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}

/** A native select: keyboard and screen-reader behaviour for free. */
export function Select<V extends string = string>({
  label,
  hint,
  error,
  id,
  value,
  options,
  onChange,
  className,
  ...select
}: SelectProps<V>) {
  const autoId = useId();
  const fieldId = id ?? autoId;
  return (
    <FieldFrame id={fieldId} label={label} hint={hint} error={error} className={className}>
      <select
        {...select}
        id={fieldId}
        className="ui-input ui-select"
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(fieldId, hint, error)}
        onChange={(event) => onChange(event.target.value as V)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value} title={option.title}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
