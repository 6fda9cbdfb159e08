import { useCallback } from 'react';
import { useStatus } from '@/components/ui/status';
import { copySecretAs, copyText } from '@/lib/clipboard/page/copy';
import type { HttpRequest } from '@/lib/request/http-request';
import { renderSnippet, type SnippetFormat } from '@/lib/snippets/render-snippet';
import { KEY_VARIABLE, REDACTED_PLACEHOLDER } from './copy-as';

/** Where a snippet gets the key: an environment variable, the key itself, or a placeholder. */
export type SnippetKeyMode = 'env' | 'inline' | 'redacted';

/**
 * Copy one request as a snippet (the tester's "Copy as" and the DevTools panel). "env" and
 * "redacted" hold no secret and are copied as they are. "inline" fetches the key only now
 * (`keys.reveal`), writes it into the snippet on the way to the clipboard and has the clipboard
 * cleared like the key; the page never sees the text.
 * `writeText`: how this page writes the clipboard, when not `navigator.clipboard` (the panel).
 * Answers the error message to show, or null when copied (the status line says so).
 */
export function useCopySnippet(writeText?: (text: string) => Promise<void>) {
  const { announce } = useStatus();
  return useCallback(
    async (keyId: string | null, mode: SnippetKeyMode, format: SnippetFormat, request: HttpRequest): Promise<string | null> => {
      if (mode !== 'inline') {
        let text: string;
        try {
          const secretMode = mode === 'env' ? ({ kind: 'env', variable: KEY_VARIABLE } as const) : ({ kind: 'redacted', placeholder: REDACTED_PLACEHOLDER } as const);
          text = renderSnippet(format, request, secretMode).text;
        } catch (problem) {
          return problem instanceof Error ? problem.message : 'This request cannot be written as a snippet.';
        }
        const written = await copyText(text, { writeText });
        if (!written.ok) return written.message;
        announce(mode === 'env' ? `Copied — set ${KEY_VARIABLE} before running it` : 'Copied (key redacted)', 'success');
        return null;
      }
      if (!keyId) return 'There is no key to include.';
      const copied = await copySecretAs(keyId, (secret) => renderSnippet(format, request, { kind: 'inline', secret }).text, { writeText });
      if (!copied.ok) return copied.message;
      const seconds = copied.value.clearAfterSeconds;
      announce(seconds > 0 ? `Copied with the key — clipboard clears in ${seconds} s` : 'Copied with the key', 'success');
      return null;
    },
    [announce, writeText],
  );
}
