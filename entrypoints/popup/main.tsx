import '@/lib/zod-jitless';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@/components/ui/tokens.css';
import '@/components/ui/ui.css';
import '@/components/vault/vault.css';
import '@/components/app/app.css';
import './style.css';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
