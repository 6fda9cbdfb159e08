import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { PasswordField } from '@/components/ui/password-field';
import { StatusProvider, useStatus } from '@/components/ui/status';
import { TabPanel, Tabs } from '@/components/ui/tabs';

describe('Tabs', () => {
  function Harness() {
    const [tab, setTab] = useState<'a' | 'b' | 'c'>('a');
    return (
      <>
        <Tabs
          label="Sections"
          idPrefix="t"
          items={[
            { key: 'a', label: 'Alpha' },
            { key: 'b', label: 'Beta' },
            { key: 'c', label: 'Gamma' },
          ]}
          selected={tab}
          onSelect={setTab}
        />
        <TabPanel idPrefix="t" tabKey={tab}>
          panel {tab}
        </TabPanel>
      </>
    );
  }

  it('has one tab stop and moves with the arrow keys, Home and End', async () => {
    const user = userEvent.setup();
    render(<Harness />);
    await user.tab();
    expect(screen.getByRole('tab', { name: 'Alpha' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Beta' })).toHaveAttribute('tabindex', '-1');
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Beta' })).toHaveFocus();
    expect(screen.getByRole('tab', { name: 'Beta' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Beta' })).toHaveTextContent('panel b');
    await user.keyboard('{End}');
    expect(screen.getByRole('tab', { name: 'Gamma' })).toHaveFocus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Alpha' })).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByRole('tab', { name: 'Gamma' })).toHaveAttribute('aria-selected', 'true');
  });
});

describe('Dialog', () => {
  it('is modal, labelled by its title, focuses inside, and closes on Escape', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    render(
      <Dialog open title="Rename" onClose={onClose} footer={<Button>OK</Button>}>
        <input aria-label="New name" data-autofocus />
      </Dialog>,
    );
    const dialog = screen.getByRole('dialog', { name: 'Rename' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(screen.getByLabelText('New name')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledOnce();
  });
});

describe('Button', () => {
  it('ignores clicks while busy and says so', async () => {
    const user = userEvent.setup();
    const onClick = vi.fn();
    const { rerender } = render(<Button busy onClick={onClick}>Save</Button>);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onClick).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Save' })).toHaveAttribute('aria-busy', 'true');
    rerender(<Button onClick={onClick}>Save</Button>);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(onClick).toHaveBeenCalledOnce();
  });

  it('does not submit forms unless asked to', async () => {
    const user = userEvent.setup();
    const onSubmit = vi.fn((event: { preventDefault: () => void }) => event.preventDefault());
    render(
      <form onSubmit={onSubmit}>
        <Button>Plain</Button>
        <Button type="submit">Go</Button>
      </form>,
    );
    await user.click(screen.getByRole('button', { name: 'Plain' }));
    expect(onSubmit).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Go' }));
    expect(onSubmit).toHaveBeenCalledOnce();
  });
});

describe('PasswordField', () => {
  it('hides by default and toggles visibility', async () => {
    const user = userEvent.setup();
    render(<PasswordField label="Secret" defaultValue="abc" />);
    const input = screen.getByLabelText('Secret');
    expect(input).toHaveAttribute('type', 'password');
    await user.click(screen.getByRole('button', { name: 'Show' }));
    expect(input).toHaveAttribute('type', 'text');
    expect(screen.getByRole('button', { name: 'Hide' })).toHaveAttribute('aria-pressed', 'true');
  });
});

describe('StatusProvider', () => {
  function Say({ text, tone }: { text: string; tone?: 'danger' | 'success' }) {
    const { announce } = useStatus();
    return <Button onClick={() => announce(text, tone)}>say</Button>;
  }

  it('keeps a status region in the page and shows failures as an alert', async () => {
    const user = userEvent.setup();
    const { rerender } = render(
      <StatusProvider>
        <Say text="Saved" tone="success" />
      </StatusProvider>,
    );
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'say' }));
    expect(screen.getByRole('status')).toHaveTextContent('Saved');
    rerender(
      <StatusProvider>
        <Say text="Could not save" tone="danger" />
      </StatusProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'say' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Could not save');
  });

  it('a message goes away on the next click or form submit, and the action after it can say something new', async () => {
    const user = userEvent.setup();
    function Page() {
      const { announce } = useStatus();
      return (
        <>
          <Button onClick={() => announce('Vault locked')}>lock</Button>
          <Button onClick={() => {}}>other</Button>
          <form aria-label="unlock" onSubmit={(event) => event.preventDefault()}>
            <input aria-label="Passphrase" />
          </form>
        </>
      );
    }
    render(
      <StatusProvider>
        <Page />
      </StatusProvider>,
    );
    await user.click(screen.getByRole('button', { name: 'lock' }));
    expect(screen.getByRole('status')).toHaveTextContent('Vault locked');
    await user.type(screen.getByLabelText('Passphrase'), 'not it');
    expect(screen.getByRole('status')).toHaveTextContent('Vault locked');
    await user.keyboard('{Enter}');
    expect(screen.getByRole('status')).toBeEmptyDOMElement();

    await user.click(screen.getByRole('button', { name: 'lock' }));
    expect(screen.getByRole('status')).toHaveTextContent('Vault locked');
    await user.click(screen.getByRole('button', { name: 'other' }));
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
  });
});
