/**
 * Mount points for the Kaneo and tester features. Each slot is rendered inside its own labelled
 * <section> by the popup ("This tab", "Test") and the options page ("Kaneo", "Tester"). Both are
 * rendered whatever the vault state is (except uninitialized and damaged): the features read it
 * with `useVault()` from ./vault-context and ask to unlock when needed.
 */
import { TesterPanel } from '@/components/tester/tester-panel';
import { TesterPopup } from '@/components/tester/tester-popup';
import { KaneoOptions } from '@/components/kaneo/kaneo-options';
import { ThisTabPanel } from '@/components/kaneo/this-tab-panel';
import { useVault } from './vault-context';

export interface FeatureSlotProps {
  /** Popup: ≈360px wide, compact. Options: the full page's main column. */
  surface: 'popup' | 'options';
}

/** The signed-in Kaneo tab (popup) and the instance's keys on the server (options). */
export function KaneoSlot({ surface }: FeatureSlotProps) {
  return surface === 'popup' ? <ThisTabPanel /> : <KaneoOptions />;
}

/** The request tester and copy-as snippets. */
export function TesterSlot({ surface }: FeatureSlotProps) {
  const { state, keys } = useVault();
  const locked = state?.state !== 'unlocked';
  return surface === 'popup' ? <TesterPopup keys={keys} locked={locked} /> : <TesterPanel keys={keys} locked={locked} />;
}
