import '@/lib/zod-jitless';
import { createDevtoolsNetworkSource, detectAfterNavigation } from '@/lib/devtools/page/devtools-network';

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
/** What this page last did, for a person (or the e2e) inspecting the devtools page. */
const note = (state: string) => {
  document.documentElement.dataset.kaneoPanel = state;
};
note('starting');

// DevTools can open while the tab is still loading (or on about:blank, just before it
// navigates), so every check allows for a document that is not there yet.
// One detection at a time; a trigger that comes while one runs makes it run once more.
let running = false;
let again = false;
async function addPanelIfKaneo(): Promise<void> {
  if (created) return;
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      note('detecting');
      const detection = await detectAfterNavigation(source);
      if (created) return;
      if (detection.kind === 'kaneo') {
        created = true;
        devtools.panels.create('Kaneo', '', '/devtools-panel.html', () => note('created'));
        return;
      }
      note(`not-kaneo ${detection.origin ?? ''}`);
    } while (again);
  } finally {
    running = false;
  }
}

void addPanelIfKaneo();
source.onNavigated(() => void addPanelIfKaneo());
// A navigation can also be missed while this page starts; the web app's first API request is
// another chance.
const stop = source.onFinished((entry) => {
  if (created) return stop();
  const url = (entry as { request?: { url?: unknown } }).request?.url;
  if (typeof url === 'string' && /\/api\//.test(url)) void addPanelIfKaneo();
});
