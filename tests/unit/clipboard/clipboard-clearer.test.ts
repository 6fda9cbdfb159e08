import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  CLIPBOARD_ALARM,
  createClipboardClearer,
  registerClipboardClearing,
  type OffscreenApi,
} from '@/lib/clipboard/background/clipboard-clearer';
import { clearClipboardText } from '@/lib/clipboard/clear-clipboard-text';

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

function fakeOffscreen() {
  let open = false;
  const api = {
    hasDocument: vi.fn(async () => open),
    createDocument: vi.fn(async () => {
      if (open) throw new Error('Only a single offscreen document may be created.');
      open = true;
    }),
    closeDocument: vi.fn(async () => {
      open = false;
    }),
  } satisfies OffscreenApi;
  return { api, isOpen: () => open };
}

async function pendingClearAt(): Promise<unknown> {
  return (await fakeBrowser.storage.session.get('clipboard.clearAt'))['clipboard.clearAt'];
}

afterEach(() => {
  vi.useRealTimers();
});

describe('clipboard clearing in Chrome (offscreen document)', () => {
  function setup(now = () => NOW) {
    const offscreen = fakeOffscreen();
    const sendToOffscreen = vi.fn(async (_clearAt: number) => true);
    const clearer = createClipboardClearer({ mode: 'offscreen', now, offscreen: offscreen.api, sendToOffscreen });
    return { offscreen, sendToOffscreen, clearer };
  }

  it('opens an offscreen document for the clipboard and hands it the deadline; a backup alarm follows', async () => {
    const { offscreen, sendToOffscreen, clearer } = setup();
    await clearer.scheduleClear(30);
    expect(offscreen.api.createDocument).toHaveBeenCalledWith({
      url: 'offscreen.html',
      reasons: ['CLIPBOARD'],
      justification: expect.stringMatching(/clipboard/),
    });
    expect(sendToOffscreen).toHaveBeenCalledWith(NOW + 30_000);
    expect(await pendingClearAt()).toBe(NOW + 30_000);
    const alarm = await fakeBrowser.alarms.get(CLIPBOARD_ALARM);
    expect(alarm?.scheduledTime).toBeGreaterThan(NOW + 30_000);
  });

  it('reuses an open document and lets the newest copy set the deadline', async () => {
    let now = NOW;
    const { offscreen, sendToOffscreen, clearer } = setup(() => now);
    await clearer.scheduleClear(30);
    now += 10_000;
    await clearer.scheduleClear(30);
    expect(offscreen.api.createDocument).toHaveBeenCalledTimes(1);
    expect(sendToOffscreen).toHaveBeenLastCalledWith(NOW + 40_000);
    expect(await pendingClearAt()).toBe(NOW + 40_000);

    // The report for the first deadline must not cancel the second.
    await clearer.handleCleared(NOW + 30_000);
    expect(offscreen.isOpen()).toBe(true);
    expect(await pendingClearAt()).toBe(NOW + 40_000);

    await clearer.handleCleared(NOW + 40_000);
    expect(offscreen.isOpen()).toBe(false);
    expect(await pendingClearAt()).toBeUndefined();
    expect(await fakeBrowser.alarms.get(CLIPBOARD_ALARM)).toBeUndefined();
  });

  it('the backup alarm clears at once when the document never reported (e.g. it was closed)', async () => {
    let now = NOW;
    const { offscreen, sendToOffscreen, clearer } = setup(() => now);
    await clearer.scheduleClear(30);
    await offscreen.api.closeDocument();
    sendToOffscreen.mockClear();

    now = NOW + 32_000;
    await clearer.handleAlarm({ name: CLIPBOARD_ALARM });
    expect(offscreen.isOpen()).toBe(true);
    expect(sendToOffscreen).toHaveBeenCalledWith(now);
  });

  it('an early alarm is moved to the deadline, other alarms are ignored', async () => {
    let now = NOW;
    const { sendToOffscreen, clearer } = setup(() => now);
    await clearer.scheduleClear(60);
    sendToOffscreen.mockClear();
    now = NOW + 10_000;
    await clearer.handleAlarm({ name: CLIPBOARD_ALARM });
    await clearer.handleAlarm({ name: 'vault-auto-lock' });
    expect(sendToOffscreen).not.toHaveBeenCalled();
    expect((await fakeBrowser.alarms.get(CLIPBOARD_ALARM))?.scheduledTime).toBeGreaterThan(NOW + 60_000);
  });

  it('the background accepts the "cleared" report only from an extension page', async () => {
    const { offscreen, clearer } = setup();
    await clearer.scheduleClear(30);
    const unregister = registerClipboardClearing(clearer);
    const report = (sender: { id: string; url: string }) =>
      new Promise<void>((resolve) => {
        void fakeBrowser.runtime.onMessage.trigger(
          { id: 7, type: 'offscreen.clipboard.cleared', data: { clearAt: NOW + 30_000 }, timestamp: Date.now() },
          sender,
          () => resolve(),
        );
      });
    try {
      await report({ id: 'test-extension-id', url: 'https://evil.example/' });
      expect(offscreen.isOpen()).toBe(true);
      await report({ id: 'test-extension-id', url: 'chrome-extension://test-extension-id/offscreen.html' });
      expect(offscreen.isOpen()).toBe(false);
    } finally {
      unregister();
    }
  });
});

describe('clipboard clearing in Firefox (background page)', () => {
  it('overwrites the clipboard from the background after the delay; a newer copy restarts the timer', async () => {
    vi.useFakeTimers({ now: NOW });
    const writeClipboard = vi.fn(async (_text: string) => undefined);
    const clearer = createClipboardClearer({ mode: 'background-page', writeClipboard });
    await clearer.scheduleClear(30);
    await vi.advanceTimersByTimeAsync(20_000);
    await clearer.scheduleClear(30);
    await vi.advanceTimersByTimeAsync(29_000);
    expect(writeClipboard).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(writeClipboard).toHaveBeenCalledTimes(1);
    expect(writeClipboard).toHaveBeenCalledWith('');
  });
});

describe('clearClipboardText (offscreen document)', () => {
  function fakeDocument(copyWorks: boolean) {
    const listeners = new Set<(e: unknown) => void>();
    const clipboard: string[] = [];
    const doc = {
      addEventListener: (_type: string, l: (e: unknown) => void) => listeners.add(l),
      removeEventListener: (_type: string, l: (e: unknown) => void) => listeners.delete(l),
      execCommand: vi.fn(() => {
        if (!copyWorks) return false;
        let data: string | null = null;
        const event = {
          clipboardData: { setData: (_format: string, value: string) => (data = value) },
          preventDefault: () => undefined,
        };
        listeners.forEach((l) => l(event));
        if (data !== null) clipboard.push(data);
        return true;
      }),
      createElement: () => ({ value: '', select: vi.fn(), remove: vi.fn() }),
      body: { append: vi.fn() },
    };
    return { doc: doc as unknown as Document, clipboard, listeners };
  }

  it('writes an empty text through a copy event and removes its listener', () => {
    const { doc, clipboard, listeners } = fakeDocument(true);
    expect(clearClipboardText(doc)).toBe(true);
    expect(clipboard).toEqual(['']);
    expect(listeners.size).toBe(0);
  });

  it('reports failure when the copy command is refused', () => {
    const { doc } = fakeDocument(false);
    expect(clearClipboardText(doc)).toBe(false);
  });
});
