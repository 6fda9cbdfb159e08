import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from '@/lib/messaging/page/call';
import type { KeySummary } from '@/lib/keys/key-entry';
import { sendMessage } from '@/lib/messaging/protocol';
import type { HttpRequest } from '@/lib/request/http-request';
import { hostPermissionHeld, requestHostPermission } from '@/lib/tester/page/host-permission';
import type { TesterResponse } from '@/lib/tester/protocol';

export type SendState =
  | { phase: 'idle' }
  | { phase: 'running'; requestId: string; request: HttpRequest }
  | { phase: 'done'; request: HttpRequest; response: TesterResponse }
  | { phase: 'failed'; request: HttpRequest; reason: string; message: string };

function newRequestId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
}

export interface SendOptions {
  /** The permission was asked for by an earlier page (a popup Firefox closed): check, don't ask. */
  resume?: boolean;
  /** Called once the browser has answered about the host permission. */
  onPermissionAnswered?: () => void;
}

/**
 * Sends one request at a time through the background. Asks for the instance's host permission
 * first, synchronously inside the click (the browser shows its prompt only during a user gesture).
 */
export function useTesterSend(onSent?: () => void) {
  const [state, setState] = useState<SendState>({ phase: 'idle' });
  const current = useRef<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      // A page that closes stops its request instead of leaving it running in the background.
      if (current.current) void call(() => sendMessage('tester.cancel', { requestId: current.current! }));
    };
  }, []);

  const send = useCallback(
    async (key: KeySummary, request: HttpRequest, timeoutMs?: number, options: SendOptions = {}) => {
      const permission = options.resume
        ? hostPermissionHeld(key.instance.apiBaseUrl)
        : requestHostPermission(key.instance.apiBaseUrl);
      const requestId = newRequestId();
      current.current = requestId;
      setState({ phase: 'running', requestId, request });
      const granted = await permission;
      options.onPermissionAnswered?.();
      if (!granted.ok) {
        current.current = null;
        if (mounted.current) setState({ phase: 'failed', request, reason: granted.reason, message: granted.message });
        return;
      }
      const result = await call(() =>
        sendMessage('tester.send', { requestId, keyId: key.id, request, ...(timeoutMs ? { timeoutMs } : {}) }),
      );
      if (current.current !== requestId || !mounted.current) return;
      current.current = null;
      setState(
        result.ok
          ? { phase: 'done', request, response: result.value }
          : { phase: 'failed', request, reason: result.reason, message: result.message },
      );
      onSent?.();
    },
    [onSent],
  );

  const cancel = useCallback(async () => {
    const requestId = current.current;
    if (!requestId) return;
    await call(() => sendMessage('tester.cancel', { requestId }));
  }, []);

  const reset = useCallback(() => setState({ phase: 'idle' }), []);

  return { state, send, cancel, reset };
}
