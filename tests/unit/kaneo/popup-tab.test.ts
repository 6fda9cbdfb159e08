import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resolvePopupTabId } from '../../../lib/kaneo/page/popup-tab';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('which tab the popup works on', () => {
  it('is the active tab; ?tab= is ignored outside the e2e build', async () => {
    const query = vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7 }] as never);
    vi.stubGlobal('location', { search: '?tab=999' });
    vi.stubEnv('MODE', 'production');
    expect(await resolvePopupTabId()).toBe(7);
    expect(query).toHaveBeenCalledWith({ active: true, currentWindow: true });
  });

  it('is the ?tab= tab in the e2e build', async () => {
    vi.spyOn(fakeBrowser.tabs, 'query').mockResolvedValue([{ id: 7 }] as never);
    vi.stubGlobal('location', { search: '?tab=999' });
    vi.stubEnv('MODE', 'e2e');
    expect(await resolvePopupTabId()).toBe(999);
  });
});
