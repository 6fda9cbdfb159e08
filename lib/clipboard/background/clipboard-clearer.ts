/**
 * Clears the clipboard some seconds after a secret was copied — also when the page that copied
 * it has closed.
 *
 * Protects: a copied API key from lingering in the clipboard (clipboard managers, a later paste
 * into the wrong place, screen sharing).
 * Invariants:
 * - The pending deadline lives in `storage.session`, so a service-worker restart does not lose it.
 * - Chrome (MV3): a service worker has no clipboard; an offscreen document (reason CLIPBOARD)
 *   runs the timer and overwrites the clipboard, and a backup alarm re-creates that document if
 *   it disappeared. Firefox (MV2): the persistent background page writes the clipboard itself.
 * - The newest copy decides the deadline: an earlier copy's text was already overwritten.
 * - The clipboard is overwritten unconditionally (reading it would need clipboardRead).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { isExtensionPageSender } from '../../messaging/sender-check';
import { offscreenMessaging } from '../offscreen-protocol';
import { clearClipboardText } from '../clear-clipboard-text';
import { STORAGE } from '../../storage/catalogue';

export const CLIPBOARD_ALARM = 'clipboard-clear';
export const OFFSCREEN_DOCUMENT_PATH = 'offscreen.html';
/** The backup alarm fires this long after the deadline, leaving the offscreen timer the first go. */
const BACKUP_GRACE_MS = 2_000;

export interface OffscreenApi {
  hasDocument?: () => Promise<boolean>;
  createDocument(options: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
}

export interface ClipboardClearerDeps {
  /** 'offscreen' for Chrome MV3, 'background-page' for Firefox MV2. Defaults from the build. */
  mode?: 'offscreen' | 'background-page';
  now?: () => number;
  offscreen?: OffscreenApi;
  /** Tell the offscreen document when to clear. */
  sendToOffscreen?: (clearAt: number) => Promise<unknown>;
  /** Firefox: write text to the clipboard from the background page. */
  writeClipboard?: (text: string) => Promise<void>;
  alarms?: Pick<typeof browser.alarms, 'create' | 'clear'>;
}

/** What pages need from the clearer: clear the clipboard after some seconds. */
export interface ClipboardClearScheduler {
  scheduleClear(delaySeconds: number): Promise<void>;
}

export interface ClipboardClearer extends ClipboardClearScheduler {
  /** The backup alarm (Chrome). */
  handleAlarm(alarm: { name: string }): Promise<void>;
  /** The offscreen document reports it cleared the clipboard for `clearAt`. */
  handleCleared(clearAt: number): Promise<void>;
}

const pendingClearItem = storage.defineItem<number>(STORAGE.clipboardClearAt.key);

function defaultMode(): 'offscreen' | 'background-page' {
  return import.meta.env.MANIFEST_VERSION === 3 && !import.meta.env.FIREFOX ? 'offscreen' : 'background-page';
}

export function createClipboardClearer(deps: ClipboardClearerDeps = {}): ClipboardClearer {
  const mode = deps.mode ?? defaultMode();
  const now = deps.now ?? (() => Date.now());
  const alarms = deps.alarms ?? browser.alarms;
  const offscreen = deps.offscreen ?? (browser as unknown as { offscreen: OffscreenApi }).offscreen;
  const sendToOffscreen =
    deps.sendToOffscreen ?? ((clearAt: number) => offscreenMessaging.sendMessage('offscreen.clipboard.clearAt', { clearAt }));
  const writeClipboard =
    deps.writeClipboard ??
    (async (text: string) => {
      try {
        await navigator.clipboard.writeText(text);
      } catch {
        // Firefox background pages may also write with a copy command (clipboardWrite permission).
        if (!clearClipboardText(document)) throw new Error('The clipboard could not be cleared.');
      }
    });
  let pageTimer: ReturnType<typeof setTimeout> | undefined;
  let creating: Promise<void> | null = null;

  function ensureOffscreenDocument(): Promise<void> {
    creating ??= (async () => {
      try {
        if (await offscreen.hasDocument?.()) return;
      } catch {
        // Older Chrome without hasDocument: fall through and let createDocument decide.
      }
      try {
        await offscreen.createDocument({
          url: OFFSCREEN_DOCUMENT_PATH,
          reasons: ['CLIPBOARD'],
          justification: 'Clear a copied API key from the clipboard after the delay chosen in the settings.',
        });
      } catch (error) {
        // Another call created it meanwhile; anything else is a real failure.
        if (!/single offscreen document/i.test(String(error))) throw error;
      }
    })().finally(() => {
      creating = null;
    });
    return creating;
  }

  async function closeOffscreenDocument(): Promise<void> {
    try {
      await offscreen.closeDocument();
    } catch {
      // Already closed.
    }
  }

  return {
    async scheduleClear(delaySeconds) {
      const clearAt = now() + Math.max(0, delaySeconds) * 1000;
      if (mode === 'background-page') {
        clearTimeout(pageTimer);
        pageTimer = setTimeout(() => {
          pageTimer = undefined;
          writeClipboard('').catch(() => undefined);
        }, clearAt - now());
        return;
      }
      await pendingClearItem.setValue(clearAt);
      await alarms.create(CLIPBOARD_ALARM, { when: clearAt + BACKUP_GRACE_MS });
      await ensureOffscreenDocument();
      await sendToOffscreen(clearAt);
    },

    async handleAlarm(alarm) {
      if (alarm.name !== CLIPBOARD_ALARM || mode !== 'offscreen') return;
      const clearAt = await pendingClearItem.getValue();
      if (clearAt === null) return;
      if (now() < clearAt) {
        await alarms.create(CLIPBOARD_ALARM, { when: clearAt + BACKUP_GRACE_MS });
        return;
      }
      // The offscreen timer did not report back (document gone?): clear now.
      await ensureOffscreenDocument();
      await sendToOffscreen(now());
    },

    async handleCleared(clearAt) {
      const pending = await pendingClearItem.getValue();
      // A newer copy moved the deadline: keep its timer running.
      if (pending !== null && pending > clearAt) return;
      await pendingClearItem.removeValue();
      await alarms.clear(CLIPBOARD_ALARM);
      await closeOffscreenDocument();
    },
  };
}

/** Background: listen for the backup alarm and the offscreen document's report. Synchronous. */
export function registerClipboardClearing(clearer: ClipboardClearer): () => void {
  const onAlarm = (alarm: { name: string }) => {
    void clearer.handleAlarm(alarm).catch(() => undefined);
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  const removeCleared = offscreenMessaging.onMessage('offscreen.clipboard.cleared', async ({ data, sender }) => {
    if (!isExtensionPageSender(sender) || typeof data?.clearAt !== 'number') return;
    await clearer.handleCleared(data.clearAt).catch(() => undefined);
  });
  return () => {
    browser.alarms.onAlarm.removeListener(onAlarm);
    removeCleared();
  };
}
