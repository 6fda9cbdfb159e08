import { lazy, useId } from 'react';
import type { ReactNode } from 'react';
import { ErrorMessage } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { KeyIcon } from '@/components/ui/icons';
import { DamagedVault } from '@/components/vault/damaged-vault';
import { KeyManager } from '@/components/vault/key-manager';
import { LockButton } from '@/components/vault/lock-button';
import { SecuritySettings } from '@/components/vault/security-settings';
import { KaneoSlot, Loading, TesterSlot } from './feature-slots';
import { useHashRoute } from './use-hash-route';
import { useVault } from './vault-context';

type Section = 'keys' | 'kaneo' | 'tester' | 'security' | 'sync' | 'backup';
const SECTIONS: readonly { key: Section; label: string }[] = [
  { key: 'keys', label: 'Keys' },
  { key: 'kaneo', label: 'Kaneo' },
  { key: 'tester', label: 'Tester' },
  { key: 'security', label: 'Security' },
  { key: 'sync', label: 'Sync' },
  { key: 'backup', label: 'Backup' },
];
const ROUTES = SECTIONS.map((s) => s.key);

// Loaded when first shown: the page opens on Keys, which must not wait for them (onboarding is
// shown once, before there is a vault). Security stays in the page's chunk: it is small.
const Onboarding = lazy(() => import('@/components/vault/onboarding').then((m) => ({ default: m.Onboarding })));
const SyncSection = lazy(() => import('@/components/sync/sync-section').then((m) => ({ default: m.SyncSection })));
const BackupSection = lazy(() => import('@/components/backup/backup-section').then((m) => ({ default: m.BackupSection })));

/** The options page: onboarding on first run, otherwise a left nav and one section at a time. */
export function OptionsView() {
  const { state, error, refresh } = useVault();

  if (!state) {
    return (
      <main className="options-center">
        {error ? <ErrorMessage>{error}</ErrorMessage> : <p className="ui-muted">Loading…</p>}
      </main>
    );
  }
  if (state.state === 'uninitialized') {
    return (
      <main className="options-center">
        <Loading>
          <Onboarding onCreated={() => void refresh()} />
        </Loading>
      </main>
    );
  }
  if (state.state === 'damaged') {
    return (
      <main className="options-center options-center--wide">
        <DamagedVault message={state.message} onReset={() => void refresh()} />
      </main>
    );
  }
  return <OptionsLayout />;
}

function OptionsLayout() {
  const { state } = useVault();
  const [section, setSection] = useHashRoute<Section>(ROUTES, 'keys');
  const locked = state?.state === 'locked';

  return (
    <div className="options">
      <header className="app-header options__header">
        <span className="app-header__logo">
          <KeyIcon />
        </span>
        <h1 className="app-header__title">Kaneo Key Manager</h1>
        <Badge tone={locked ? 'neutral' : 'success'}>{locked ? 'Locked' : 'Unlocked'}</Badge>
        <span className="ui-spacer" />
        <LockButton />
      </header>
      <nav aria-label="Sections" className="options__nav">
        <ul>
          {SECTIONS.map((item) => (
            <li key={item.key}>
              <a
                href={`#${item.key}`}
                aria-current={section === item.key ? 'page' : undefined}
                onClick={(event) => {
                  event.preventDefault();
                  setSection(item.key);
                }}
              >
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="options__main">
        {section === 'keys' ? (
          <Region label="Keys" hideHeading>
            <KeyManager />
          </Region>
        ) : null}
        {section === 'kaneo' ? (
          <Region label="Kaneo" slot="kaneo">
            <KaneoSlot surface="options" />
          </Region>
        ) : null}
        {section === 'tester' ? (
          <Region label="Tester" slot="tester">
            <TesterSlot surface="options" />
          </Region>
        ) : null}
        {section === 'security' ? (
          <Region label="Security" hideHeading>
            <SecuritySettings />
          </Region>
        ) : null}
        {section === 'sync' ? (
          <Region label="Sync" hideHeading>
            <Loading>
              <SyncSection />
            </Loading>
          </Region>
        ) : null}
        {section === 'backup' ? (
          <Region label="Backup" hideHeading>
            <Loading>
              <BackupSection />
            </Loading>
          </Region>
        ) : null}
      </main>
    </div>
  );
}

/** One section of the page: a labelled region. Feature slots carry `data-slot` for their owners. */
function Region({
  label,
  slot,
  hideHeading = false,
  children,
}: {
  label: string;
  slot?: string;
  hideHeading?: boolean;
  children: ReactNode;
}) {
  const headingId = useId();
  return (
    <section aria-labelledby={hideHeading ? undefined : headingId} aria-label={hideHeading ? label : undefined} data-slot={slot} className="options__section">
      {hideHeading ? null : <h2 id={headingId}>{label}</h2>}
      {children}
    </section>
  );
}
