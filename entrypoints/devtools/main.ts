import { createDevtoolsNetworkSource } from '@/lib/devtools/devtools-network';

/**
 * The devtools_page: adds the "Kaneo" panel once the inspected tab shows a Kaneo instance (its
 * origin answers /api/health), on opening DevTools or after the tab navigates there. Panels
 * cannot be removed again; the panel itself says when the tab has left Kaneo.
 */
const source = createDevtoolsNetworkSource();
const devtools = (globalThis as unknown as {
  chrome: { devtools: { panels: { create(title: string, icon: string, page: string, done?: () => void): void } } };
}).chrome.devtools;
let created = false;

async function addPanelIfKaneo(): Promise<void> {
  if (created) return;
  const detection = await source.detect();
  if (detection.kind !== 'kaneo' || created) return;
  created = true;
  devtools.panels.create('Kaneo', '', '/devtools-panel.html');
}

void addPanelIfKaneo();
source.onNavigated(() => void addPanelIfKaneo());
