import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { useVaultState } from './use-vault-state';
import type { VaultView } from './use-vault-state';

const VaultContext = createContext<VaultView | null>(null);

/** One vault view per page, shared by the header, the lists and the feature panels. */
export function VaultProvider({ children }: { children: ReactNode }) {
  const view = useVaultState();
  return <VaultContext.Provider value={view}>{children}</VaultContext.Provider>;
}

export function useVault(): VaultView {
  const view = useContext(VaultContext);
  if (!view) throw new Error('useVault() needs a <VaultProvider> above it');
  return view;
}
