import { render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ShortcutList } from '@/components/app/shortcuts';

describe('ShortcutList', () => {
  beforeEach(() => fakeBrowser.reset());

  it('lists the popup shortcut as the browser has it, and / for search, as key caps', async () => {
    Object.assign(fakeBrowser, { commands: { getAll: vi.fn(async () => [{ name: '_execute_action', shortcut: 'Alt+Shift+K' }]) } });
    render(<ShortcutList />);
    const popupKeys = await screen.findByText('Alt');
    expect(popupKeys.closest('.ui-keys')).toHaveTextContent('Alt+Shift+K');
    expect(screen.getByText('/', { selector: 'kbd' })).toHaveClass('ui-kbd');
    expect(screen.getByText('Open the toolbar popup')).toBeInTheDocument();
  });

  it('says "Not set" when the person removed the shortcut', async () => {
    Object.assign(fakeBrowser, { commands: { getAll: vi.fn(async () => [{ name: '_execute_browser_action', shortcut: '' }]) } });
    render(<ShortcutList />);
    expect(await screen.findByText('Not set')).toBeInTheDocument();
  });
});
