import { useCallback, useState } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import type { ConflictChoice } from '@/lib/backup/merge-plan.types';
import type { ImportSource, MergePreview, MergeSummary } from '@/lib/backup/protocol';

export type ImportStep =
  | { step: 'choose' }
  | { step: 'preview'; source: ImportSource; preview: MergePreview }
  | { step: 'done'; summary: MergeSummary };

/**
 * The import's messages and state: preview a source, hold a choice per conflict, apply. The page
 * keeps only what the person gave it (the file's text, the passphrase, the lines) until the import
 * is applied or cancelled; the preview it gets holds no secrets.
 */
export function useImport(onImported: () => void) {
  const [state, setState] = useState<ImportStep>({ step: 'choose' });
  const [choices, setChoices] = useState<Record<string, ConflictChoice>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const preview = useCallback(async (source: ImportSource) => {
    setBusy(true);
    setError(null);
    const answer = await call(() => sendMessage('backup.preview', { source }));
    setBusy(false);
    if (!answer.ok) {
      setError(answer.message);
      return;
    }
    setChoices(Object.fromEntries(answer.value.conflicts.map((c) => [c.id, 'keep-mine' as const])));
    setState({ step: 'preview', source, preview: answer.value });
  }, []);

  const apply = useCallback(async () => {
    if (state.step !== 'preview') return;
    setBusy(true);
    setError(null);
    const answer = await call(() => sendMessage('backup.apply', { source: state.source, choices }));
    setBusy(false);
    if (!answer.ok) {
      // The vault changed under the preview: show the new one, and say why.
      if (answer.reason === 'conflict') await preview(state.source);
      setError(answer.message);
      return;
    }
    setState({ step: 'done', summary: answer.value });
    onImported();
  }, [state, choices, preview, onImported]);

  const reset = useCallback(() => {
    setState({ step: 'choose' });
    setChoices({});
    setError(null);
  }, []);

  const choose = useCallback((id: string, choice: ConflictChoice) => setChoices((c) => ({ ...c, [id]: choice })), []);

  return { state, choices, choose, error, setError, busy, preview, apply, reset };
}

export function describeSummary(summary: MergeSummary): string {
  const parts = [`${summary.added} added`];
  if (summary.replaced) parts.push(`${summary.replaced} replaced`);
  if (summary.skipped) parts.push(`${summary.skipped} skipped`);
  if (summary.apiBases) parts.push(`${summary.apiBases} API ${summary.apiBases === 1 ? 'base' : 'bases'} set`);
  return `Imported: ${parts.join(', ')}.`;
}
