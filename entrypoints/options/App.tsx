import { AppProviders } from '@/components/app/providers';
import { OptionsView } from '@/components/app/options-view';

export function App() {
  return (
    <AppProviders>
      <OptionsView />
    </AppProviders>
  );
}
