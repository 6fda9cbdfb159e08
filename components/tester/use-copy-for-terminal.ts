import { useCallback } from 'react';
import { useStatus } from '@/components/ui/status';
import { copySecretAs } from '@/lib/clipboard/page/copy';
import type { HttpRequest } from '@/lib/request/http-request';
import { renderSetupLine, renderTerminalCommand } from '@/lib/snippets/setup-line';
import type { SnippetFormat, SnippetOptions } from '@/lib/snippets/snippet-format';
import { KEY_VARIABLE } from './copy-as';

export type TerminalCopy = 'setup' | 'both';

/**
 * Copy the line that sets $KANEO_API_KEY to a stored key ("setup"), or that line followed by the
 * snippet ("both": one paste that runs). Both hold the key, so they are cleared from the
 * clipboard like the key itself; the page never sees the text.
 * Answers the error message to show, or null when copied (the status line says so).
 */
export function useCopyForTerminal() {
  const { announce } = useStatus();
  return useCallback(
    async (
      keyId: string,
      what: TerminalCopy,
      format: SnippetFormat,
      request: HttpRequest,
      options: SnippetOptions = {},
    ): Promise<string | null> => {
      const copied = await copySecretAs(keyId, (secret) =>
        what === 'setup'
          ? renderSetupLine(format, KEY_VARIABLE, secret)
          : renderTerminalCommand(format, request, KEY_VARIABLE, secret, options),
      );
      if (!copied.ok) return copied.message;
      const seconds = copied.value.clearAfterSeconds;
      const clears = seconds > 0 ? ` — clipboard clears in ${seconds} s` : '';
      announce(what === 'setup' ? `Copied the setup line with the key${clears}` : `Copied, ready to paste${clears}`, 'success');
      return null;
    },
    [announce],
  );
}
