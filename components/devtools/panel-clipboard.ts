/**
 * Writing to the clipboard from a DevTools panel. The panel is a frame inside the DevTools front
 * end, whose permissions policy may block `navigator.clipboard` there; `execCommand('copy')`
 * (allowed by the extension's `clipboardWrite` permission) is the fallback. The text is put in a
 * detached-at-once textarea, so a secret is in the DOM only for the instant of the copy.
 */
export async function writePanelClipboard(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through to execCommand.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  try {
    area.select();
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } finally {
    area.value = '';
    area.remove();
  }
}
