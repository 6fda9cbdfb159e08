import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { IconButton } from '@/components/ui/icon-button';
import { KeyIcon, SettingsIcon } from '@/components/ui/icons';
import { TabPanel, Tabs, useTabsId } from '@/components/ui/tabs';
import { ErrorMessage } from '@/components/ui/alert';
import { DamagedVault } from '@/components/vault/damaged-vault';
import { LockButton } from '@/components/vault/lock-button';
import { PopupKeys } from '@/components/vault/popup-keys';
import { UnlockForm } from '@/components/vault/unlock-form';
import { popupTabOrigin } from '@/lib/kaneo/page/popup-tab';
import { hasPendingTest } from '@/lib/tester/page/pending-test';
import { KaneoSlot, TesterSlot } from './feature-slots';
import { openOptionsPage } from './open-options';
import { useVault } from './vault-context';
import { scrollerProps } from '@/components/ui/use-virtual-rows';

type PopupTab = 'keys' | 'tab' | 'test';
const TABS = [
  { key: 'keys', label: 'Keys' },
  { key: 'tab', label: 'This tab' },
  { key: 'test', label: 'Test' },
] as const;

/** The toolbar popup: header, then whatever the vault state calls for. */
export function PopupView() {
  return (
    <div className="popup">
      <header className="app-header">
        <span className="app-header__logo">
          <KeyIcon />
        </span>
        <h1 className="app-header__title">Kaneo Key Manager</h1>
        <span className="ui-spacer" />
        <LockButton />
        <IconButton label="Open options" icon={<SettingsIcon />} onClick={() => void openOptionsPage()} />
      </header>
      <main className="popup__main">
        <PopupBody />
      </main>
    </div>
  );
}

function PopupBody() {
  const { state, error, refresh, keys, keysLoading } = useVault();
  const [tab, setTab] = useState<PopupTab>('keys');
  const tabsId = useTabsId();
  // Once the person (or a pending test) has picked a tab, nothing switches it for them.
  const picked = useRef(false);
  const select = (next: PopupTab) => {
    picked.current = true;
    setTab(next);
  };
  // A test this popup's previous opening started before Firefox closed it for the permission
  // prompt is finished on the Test tab (components/tester/tester-popup.tsx).
  useEffect(() => {
    void hasPendingTest().then((pending) => {
      if (!pending) return;
      picked.current = true;
      setTab('test');
    });
  }, []);
  useOpenOnKaneoTab({ state: state?.state, keys, keysLoading, open: () => !picked.current && setTab('tab') });

  if (!state) {
    return <div className="popup__body" {...scrollerProps}>{error ? <ErrorMessage>{error}</ErrorMessage> : <p className="ui-muted">Loading…</p>}</div>;
  }
  if (state.state === 'uninitialized') {
    return (
      <div className="popup__body" {...scrollerProps}>
        <EmptyState
          title="Set up your vault"
          action={
            <Button variant="primary" onClick={() => void openOptionsPage()}>
              Set up in options
            </Button>
          }
        >
          Choose a passphrase on the options page. Your keys are stored encrypted with it.
        </EmptyState>
      </div>
    );
  }
  if (state.state === 'damaged') {
    return (
      <div className="popup__body ui-stack" {...scrollerProps}>
        <DamagedVault message={state.message} />
        <Button onClick={() => void openOptionsPage()}>Open the options page</Button>
      </div>
    );
  }

  return (
    <>
      <Tabs label="Popup sections" idPrefix={tabsId} items={TABS} selected={tab} onSelect={select} />
      <div className="popup__body" {...scrollerProps}>
        {tab === 'keys' ? (
          <TabPanel idPrefix={tabsId} tabKey="keys">
            {state.state === 'locked' ? <UnlockForm onUnlocked={() => void refresh()} /> : <PopupKeys />}
          </TabPanel>
        ) : null}
        {tab === 'tab' ? (
          <TabPanel idPrefix={tabsId} tabKey="tab">
            <section aria-label="This tab" data-slot="kaneo" className="feature-slot">
              <KaneoSlot surface="popup" />
            </section>
          </TabPanel>
        ) : null}
        {tab === 'test' ? (
          <TabPanel idPrefix={tabsId} tabKey="test">
            <section aria-label="Test" data-slot="tester" className="feature-slot">
              <TesterSlot surface="popup" />
            </section>
          </TabPanel>
        ) : null}
      </div>
    </>
  );
}

/**
 * Opens the popup on "This tab" when the active tab is a Kaneo this vault has keys for: that is
 * what a person opening the popup there comes to manage. Decided once per opening, and only when
 * the vault was already unlocked: a popup that opened locked stays on the unlock form and shows
 * the keys after unlocking, as it always has. The tab's origin is compared, nothing is sent.
 */
function useOpenOnKaneoTab({
  state,
  keys,
  keysLoading,
  open,
}: {
  state: string | undefined;
  keys: readonly { instance: { webOrigin: string } }[];
  keysLoading: boolean;
  open: () => void;
}) {
  const decided = useRef(false);
  const origin = useRef<Promise<string | null> | null>(null);
  const openRef = useRef(open);
  openRef.current = open;
  useEffect(() => {
    if (decided.current || state === undefined) return;
    if (state !== 'unlocked') {
      decided.current = true;
      return;
    }
    origin.current ??= popupTabOrigin();
    if (keysLoading) return;
    decided.current = true;
    const known = new Set(keys.map((key) => key.instance.webOrigin));
    if (known.size === 0) return;
    void origin.current.then((tabOrigin) => {
      if (tabOrigin && known.has(tabOrigin)) openRef.current();
    });
  }, [state, keys, keysLoading]);
}
