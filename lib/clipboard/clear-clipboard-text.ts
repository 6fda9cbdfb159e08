/**
 * Overwrite the system clipboard with an empty text from a DOM document that has no focus (the
 * Chrome offscreen document). `navigator.clipboard.writeText` needs a focused document there, so
 * this uses a `copy` command whose event handler supplies the (empty) data.
 */
export function clearClipboardText(doc: Document = document): boolean {
  let supplied = false;
  const onCopy = (event: ClipboardEvent) => {
    event.clipboardData?.setData('text/plain', '');
    event.preventDefault();
    supplied = true;
  };
  doc.addEventListener('copy', onCopy);
  try {
    const done = doc.execCommand('copy');
    if (done && supplied) return true;
  } finally {
    doc.removeEventListener('copy', onCopy);
  }
  // Fallback: copy a selected single space (execCommand does nothing with an empty selection).
  const area = doc.createElement('textarea');
  area.value = ' ';
  doc.body.append(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } finally {
    area.remove();
  }
}
