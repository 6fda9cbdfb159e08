import { AppProviders } from '@/components/app/providers';
import { PopupView } from '@/components/app/popup-view';

export function App() {
  return (
    <AppProviders>
      <PopupView />
    </AppProviders>
  );
}
