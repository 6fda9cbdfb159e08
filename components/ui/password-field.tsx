import { useState } from 'react';
import { TextField } from './text-field';
import type { TextFieldProps } from './text-field';
import { EyeIcon, EyeOffIcon } from './icons';

export type PasswordFieldProps = Omit<TextFieldProps, 'type' | 'trailing'>;

/**
 * A password input with a show/hide toggle. Browsers' password managers and spell checkers are
 * kept away from it: what is typed here is a vault passphrase or an API key.
 */
export function PasswordField(props: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      autoComplete="off"
      spellCheck={false}
      autoCapitalize="off"
      autoCorrect="off"
      {...props}
      type={visible ? 'text' : 'password'}
      trailing={
        <button
          type="button"
          className="ui-input-toggle"
          aria-pressed={visible}
          aria-label={visible ? 'Hide' : 'Show'}
          title={visible ? 'Hide' : 'Show'}
          onClick={() => setVisible((v) => !v)}
        >
          {visible ? <EyeOffIcon /> : <EyeIcon />}
        </button>
      }
    />
  );
}
