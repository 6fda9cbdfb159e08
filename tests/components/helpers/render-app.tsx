import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App as PopupApp } from '@/entrypoints/popup/App';
import { App as OptionsApp } from '@/entrypoints/options/App';

export function renderPopup() {
  const user = userEvent.setup();
  return { user, ...render(<PopupApp />) };
}

export function renderOptions(hash = '') {
  window.history.replaceState(null, '', hash ? `#${hash}` : window.location.pathname);
  const user = userEvent.setup();
  return { user, ...render(<OptionsApp />) };
}
