import type { ReactNode } from 'react';
import { StatusProvider } from '@/components/ui/status';
import { VaultProvider } from './vault-context';

/** What every extension page wraps itself in: the shared vault view and the live regions. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <StatusProvider>
      <VaultProvider>{children}</VaultProvider>
    </StatusProvider>
  );
}
