import { browser } from 'wxt/browser';
import type { VaultService } from './vault-service.types';

/** The toolbar button's look per vault state: the key in colour when unlocked, grey with a padlock otherwise. */
export function toolbarIconFor(state: string): { path: Record<string, string>; title: string } {
  const unlocked = state === 'unlocked';
  const name = unlocked ? 'unlocked' : 'locked';
  return {
    path: { '16': `/icon/${name}-16.png`, '32': `/icon/${name}-32.png` },
    title: unlocked ? 'Kaneo Key Manager — unlocked' : state === 'uninitialized' ? 'Kaneo Key Manager — set up' : 'Kaneo Key Manager — locked',
  };
}

type Pixels = Record<string, ImageData>;

/**
 * The images of a look as pixels, for `setIcon({ imageData })`, or null where they cannot be
 * decoded here. In Chrome's service worker `setIcon({ path })` fetches and decodes the files on
 * every call, about 10 ms of the worker's time right after an unlock, when the popup is waiting
 * for its key list (issue 11); decoded once, each later change of look is only the call. Firefox's
 * background page is given the path, as before (no OffscreenCanvas is needed there).
 */
export function iconDecoder(): (path: Record<string, string>) => Promise<Pixels | null> {
  const decoded = new Map<string, Promise<Pixels | null>>();
  const canDecode =
    typeof OffscreenCanvas === 'function' && typeof createImageBitmap === 'function' && typeof fetch === 'function' && typeof document === 'undefined';
  return (path) => {
    if (!canDecode) return Promise.resolve(null);
    const key = JSON.stringify(path);
    let pixels = decoded.get(key);
    if (!pixels) {
      pixels = (async () => {
        const entries = await Promise.all(
          Object.entries(path).map(async ([size, file]) => {
            const bitmap = await createImageBitmap(await (await fetch(browser.runtime.getURL(file as '/'))).blob());
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const context = canvas.getContext('2d');
            if (!context) throw new Error('no 2d context');
            context.drawImage(bitmap, 0, 0);
            return [size, context.getImageData(0, 0, bitmap.width, bitmap.height)] as const;
          }),
        );
        return Object.fromEntries(entries);
      })().catch(() => null);
      decoded.set(key, pixels);
    }
    return pixels;
  };
}

/**
 * Keeps the toolbar icon in step with the vault: on start (a browser restart leaves it locked) and
 * on every vault change (unlock, lock, auto-lock). The expiry badge is drawn over it separately
 * (expiry-watcher.ts). Registered in the background's first turn; the work itself is async. After
 * the first look is shown, the other one is decoded too, while nothing waits for it.
 */
export function registerToolbarIcon({
  vault,
  decode = iconDecoder(),
}: {
  vault: Pick<VaultService, 'state' | 'onChange'>;
  decode?: (path: Record<string, string>) => Promise<Pixels | null>;
}): void {
  const action = browser.action ?? (browser as unknown as { browserAction?: typeof browser.action }).browserAction;
  let last = '';
  const update = async () => {
    const { state } = await vault.state();
    if (state === last) return;
    last = state;
    const look = toolbarIconFor(state);
    const pixels = await decode(look.path);
    if (last !== state) return;
    // Pixels the browser refuses fall back to the files.
    await (pixels ? action?.setIcon({ imageData: pixels }).catch(() => action?.setIcon({ path: look.path })) : action?.setIcon({ path: look.path }));
    await action?.setTitle({ title: look.title });
  };
  const safeUpdate = () => void update().catch(() => undefined);
  vault.onChange(safeUpdate);
  void update()
    .catch(() => undefined)
    .then(() => decode(toolbarIconFor(last === 'unlocked' ? 'locked' : 'unlocked').path));
}
