import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/ui/tokens.css';
import '@/components/ui/ui.css';
import '@/components/devtools/devtools.css';
import { StatusProvider } from '@/components/ui/status';
import { DevtoolsPanel } from '@/components/devtools/devtools-panel';
import { createDevtoolsNetworkSource } from '@/lib/devtools/page/devtools-network';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <StatusProvider>
      <DevtoolsPanel source={createDevtoolsNetworkSource()} />
    </StatusProvider>
  </StrictMode>,
);
