// The e2e build must run the code people get: production bundles that differ from the shipped
// build only in the two ways docs/e2e.md lists — the `http://127.0.0.1/*` host permission and the
// `popup.html?tab=<id>` branch. Both variants are built here, for both browsers, into a temporary
// folder (never .output), and compared file by file.
import { describe, expect, it } from 'vitest';
import { buildBesideShipped, builtFiles, DEV_MARKERS } from './build-variants';

/** The e2e-only popup branch (lib/kaneo/page/popup-tab.ts resolvePopupTabId). */
const TAB_PARAM = 'new URLSearchParams(location.search).get(`tab`)';

const TARGETS = buildBesideShipped('e2e');

describe.each(TARGETS)('the $browser e2e build against the shipped one', ({ browser, shippedDir, variantDir }) => {
  const load = () => ({ shippedFiles: builtFiles(shippedDir), e2eFiles: builtFiles(variantDir) });

  it('has the same files', () => {
    const { shippedFiles, e2eFiles } = load();
    expect([...e2eFiles.keys()].sort()).toEqual([...shippedFiles.keys()].sort());
  });

  it('is a production bundle: no development build of React, no dev-only paths', () => {
    const { shippedFiles, e2eFiles } = load();
    for (const [name, text] of [...e2eFiles, ...shippedFiles]) {
      if (!name.endsWith('.js')) continue;
      for (const marker of DEV_MARKERS) expect(text.includes(marker), `${name} contains ${marker}`).toBe(false);
    }
  });

  it('differs in the manifest only by the 127.0.0.1 host permission', () => {
    const { shippedFiles, e2eFiles } = load();
    const shippedManifest = JSON.parse(shippedFiles.get('manifest.json')!) as Record<string, unknown>;
    const e2eManifest = JSON.parse(e2eFiles.get('manifest.json')!) as Record<string, unknown>;
    const host = 'http://127.0.0.1/*';
    const without = (list: unknown) => (list as string[]).filter((p) => p !== host);
    if (browser === 'firefox') {
      // MV2 lists hosts among the permissions.
      expect(e2eManifest.permissions).toContain(host);
      expect({ ...e2eManifest, permissions: without(e2eManifest.permissions) }).toEqual(shippedManifest);
    } else {
      expect(e2eManifest.host_permissions).toEqual([host]);
      expect({ ...e2eManifest, host_permissions: [] }).toEqual({ host_permissions: [], ...shippedManifest });
    }
  });

  it('differs in code only by the ?tab= branch of the popup: every other file within a few bytes of its size', () => {
    const { shippedFiles, e2eFiles } = load();
    const withBranch = [...e2eFiles].filter(([, text]) => text.includes(TAB_PARAM)).map(([name]) => name);
    expect(withBranch).toHaveLength(1);
    expect([...shippedFiles.values()].some((text) => text.includes(TAB_PARAM))).toBe(false);
    for (const [name, text] of e2eFiles) {
      if (name === 'manifest.json') continue;
      const shippedText = shippedFiles.get(name)!;
      // The branch is a few dozen bytes; the mode name ("e2e" vs "production") may differ in
      // WXT's own globals. Anything more would be a different bundle.
      const allowance = withBranch.includes(name) ? 400 : 200;
      expect(Math.abs(text.length - shippedText.length), `${name} differs in size`).toBeLessThan(allowance);
    }
  });
});
