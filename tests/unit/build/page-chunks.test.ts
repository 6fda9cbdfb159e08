import { describe, expect, it } from 'vitest';
import { PAGE_CHUNKS, pageChunkName, type ModuleGraphInfo } from '../../../lib/build/page-chunks';

/** A module graph as rolldown describes it: each module's static importers. */
function graph(modules: Record<string, ModuleGraphInfo>) {
  return { getModuleInfo: (id: string) => modules[id] ?? null };
}

const ROOT = '/repo';
const popupHtml = `${ROOT}/entrypoints/popup/index.html`;
const popupMain = `${ROOT}/entrypoints/popup/main.tsx`;
const offscreenMain = `${ROOT}/entrypoints/offscreen/main.ts`;
const devtoolsMain = `${ROOT}/entrypoints/devtools/main.ts`;
const optionsMain = `${ROOT}/entrypoints/options/main.tsx`;

describe('pageChunkName', () => {
  const g = graph({
    [popupHtml]: { importers: [], isEntry: true },
    [popupMain]: { importers: [popupHtml] },
    [offscreenMain]: { importers: [] },
    [devtoolsMain]: { importers: [] },
    [optionsMain]: { importers: [] },
    '/repo/components/app/popup-view.tsx': { importers: [popupMain] },
    '/repo/node_modules/react/index.js': { importers: ['/repo/components/app/popup-view.tsx', optionsMain] },
    '/repo/lib/messaging/protocol.ts': { importers: ['/repo/components/app/popup-view.tsx', offscreenMain] },
    '/repo/lib/devtools/network.ts': { importers: [devtoolsMain] },
    '/repo/components/app/options-view.tsx': { importers: [optionsMain] },
    // Reached from the popup only through import(): not part of its first screen.
    '/repo/components/tester/tester-popup.tsx': { importers: [] },
    '/repo/components/tester/tester-format.ts': { importers: ['/repo/components/tester/tester-popup.tsx'] },
    // A cycle must not loop or count as reached.
    '/repo/lib/a.ts': { importers: ['/repo/lib/b.ts'] },
    '/repo/lib/b.ts': { importers: ['/repo/lib/a.ts'] },
  });

  it('puts what the popup loads up front into one chunk', () => {
    expect(pageChunkName('/repo/components/app/popup-view.tsx', g)).toBe(PAGE_CHUNKS.popup);
    expect(pageChunkName('/repo/node_modules/react/index.js', g)).toBe(PAGE_CHUNKS.popup);
  });

  it('keeps what the offscreen document or the DevTools page needs apart, so they stay small', () => {
    expect(pageChunkName('/repo/lib/messaging/protocol.ts', g)).toBe(PAGE_CHUNKS.base);
    expect(pageChunkName('/repo/lib/devtools/network.ts', g)).toBe(PAGE_CHUNKS.base);
  });

  it('leaves entries, other pages\u2019 own code, lazily loaded code and cycles to the bundler', () => {
    expect(pageChunkName(popupMain, g)).toBeNull();
    expect(pageChunkName(popupHtml, g)).toBeNull();
    expect(pageChunkName('/repo/components/app/options-view.tsx', g)).toBeNull();
    expect(pageChunkName('/repo/components/tester/tester-format.ts', g)).toBeNull();
    expect(pageChunkName('/repo/lib/a.ts', g)).toBeNull();
    expect(pageChunkName('/repo/not-in-graph.ts', g)).toBeNull();
  });
});
