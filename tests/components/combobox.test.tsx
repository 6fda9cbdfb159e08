import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { Combobox, type ComboboxOption } from '@/components/ui/combobox';

const MANY: ComboboxOption[] = Array.from({ length: 1000 }, (_, i) => ({
  value: `k${i}`,
  label: `key ${String(i).padStart(4, '0')} — kaneo.example.com`,
}));

function Picker({ options = MANY, initial = 'k0' }: { options?: ComboboxOption[]; initial?: string }) {
  const [value, setValue] = useState(initial);
  return (
    <>
      <Combobox label="Key" value={value} options={options} onChange={setValue} hint="Pick one" />
      <output data-testid="picked">{value}</output>
    </>
  );
}

function setup(props?: Parameters<typeof Picker>[0]) {
  const user = userEvent.setup();
  render(<Picker {...props} />);
  return { user, input: screen.getByRole('combobox', { name: 'Key' }) };
}

const picked = () => screen.getByTestId('picked').textContent;

describe('Combobox', () => {
  it('is closed at first and shows the picked label', () => {
    const { input } = setup();
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('key 0000 — kaneo.example.com');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(input).toHaveAccessibleDescription('Pick one');
  });

  it('renders only a window of a 1,000-option list, not every option', async () => {
    const { user, input } = setup();
    await user.click(input);
    const listbox = screen.getByRole('listbox');
    expect(input).toHaveAttribute('aria-controls', listbox.id);
    const rendered = within(listbox).getAllByRole('option');
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0]).toHaveAttribute('aria-setsize', '1000');
    expect(rendered[0]).toHaveAttribute('aria-selected', 'true');
  });

  it('filters as you type (case-insensitive) and Enter picks the first match', async () => {
    const { user, input } = setup();
    await user.type(input, 'KEY 0777');
    const options = within(screen.getByRole('listbox')).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['key 0777 — kaneo.example.com']);
    expect(input).toHaveAttribute('aria-activedescendant', options[0]!.id);
    await user.keyboard('{Enter}');
    expect(picked()).toBe('k777');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('key 0777 — kaneo.example.com');
  });

  it('arrows move the active option, which stays rendered far down the list; End and Home jump', async () => {
    const { user, input } = setup();
    input.focus();
    await user.keyboard('{ArrowDown}');
    expect(input).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const activeId = () => input.getAttribute('aria-activedescendant');
    expect(document.getElementById(activeId()!)).toHaveTextContent('key 0002');
    await user.keyboard('{End}');
    expect(document.getElementById(activeId()!)).toHaveTextContent('key 0999');
    await user.keyboard('{ArrowUp}{Enter}');
    expect(picked()).toBe('k998');
  });

  it('Escape closes without picking and restores the picked label', async () => {
    const { user, input } = setup({ initial: 'k5' });
    await user.type(input, 'key 09');
    await user.keyboard('{ArrowDown}{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('key 0005 — kaneo.example.com');
    expect(picked()).toBe('k5');
  });

  it('says so when nothing matches, and Enter then picks nothing', async () => {
    const { user, input } = setup();
    await user.type(input, 'no such key');
    expect(within(screen.getByRole('listbox')).getByText('No match')).toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(picked()).toBe('k0');
  });

  it('a click on an option picks it', async () => {
    const { user, input } = setup();
    await user.type(input, '0042');
    await user.click(screen.getByRole('option', { name: /key 0042/ }));
    expect(picked()).toBe('k42');
    expect(input).toHaveFocus();
  });
});
