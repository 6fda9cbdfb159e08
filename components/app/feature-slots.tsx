/**
 * Mount points for the Kaneo and tester features. Each slot is rendered inside its own labelled
 * <section> by the popup ("This tab", "Test") and the options page ("Kaneo", "Tester"). Both are
 * rendered whatever the vault state is (except uninitialized and damaged): the features read it
 * with `useVault()` from ./vault-context and ask to unlock when needed.
 *
 * Each feature is its own chunk, loaded when its tab or section is first shown: the popup is
 * opened dozens of times a day for its key list, which must not wait for the tester, its
 * snippets and endpoint catalogue, or the Kaneo tab code to load (issue 11, `npm run bench`).
 */
import { lazy, Suspense } from 'react';
import type { ReactNode } from 'react';
import { useVault } from './vault-context';

// A chunk's stylesheet that fails to preload — the page closing while it loads, as a page the
// extension opens on install and the browser closes again — must not fail the import and throw
// out of React.lazy: the chunk itself still loads (Vite's preload helper, `vite:preloadError`).
if (typeof window !== 'undefined') window.addEventListener('vite:preloadError', (event) => event.preventDefault());

const TesterPanel = lazy(() => import('@/components/tester/tester-panel').then((m) => ({ default: m.TesterPanel })));
const TesterPopup = lazy(() => import('@/components/tester/tester-popup').then((m) => ({ default: m.TesterPopup })));
const KaneoOptions = lazy(() => import('@/components/kaneo/kaneo-options').then((m) => ({ default: m.KaneoOptions })));
const ThisTabPanel = lazy(() => import('@/components/kaneo/this-tab-panel').then((m) => ({ default: m.ThisTabPanel })));

export interface FeatureSlotProps {
  /** Popup: ≈360px wide, compact. Options: the full page's main column. */
  surface: 'popup' | 'options';
}

/** The signed-in Kaneo tab (popup) and the instance's keys on the server (options). */
export function KaneoSlot({ surface }: FeatureSlotProps) {
  return <Loading>{surface === 'popup' ? <ThisTabPanel /> : <KaneoOptions />}</Loading>;
}

/** The request tester and copy-as snippets. */
export function TesterSlot({ surface }: FeatureSlotProps) {
  const { state, keys } = useVault();
  const locked = state?.state !== 'unlocked';
  return <Loading>{surface === 'popup' ? <TesterPopup keys={keys} locked={locked} /> : <TesterPanel keys={keys} locked={locked} />}</Loading>;
}

/** While a feature's chunk loads (a few milliseconds from the extension's own files). */
export function Loading({ children }: { children: ReactNode }) {
  return <Suspense fallback={<p className="ui-muted">Loading…</p>}>{children}</Suspense>;
}
