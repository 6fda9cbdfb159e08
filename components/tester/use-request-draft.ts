import { useMemo, useState } from 'react';
import { buildOperationPath, missingRequired, type Operation } from '@/lib/openapi/catalog';
import type { HttpRequest } from '@/lib/request/http-request';
import type { HistoryEntry } from '@/lib/tester/history-schemas';
import { draftToRequest, type DraftErrors, type RequestDraft } from '@/lib/tester/request-draft';
import { TEST_KEY_PATH } from '@/lib/tester/test-request';
import { pathRelativeToBase, resolveApiUrl } from '@/lib/tester/url-guard';
import type { ParamValues } from './request-editor';

const EMPTY_DRAFT: RequestDraft = { method: 'GET', path: TEST_KEY_PATH, headers: [], body: '' };
const NO_PARAMS: ParamValues = { path: {}, query: {} };

/**
 * The request being edited for one instance: the draft, the picked endpoint and its parameters,
 * and the checks before sending. Pure page state; nothing here talks to the background.
 */
export function useRequestDraft(apiBaseUrl: string, initialDraft: RequestDraft = EMPTY_DRAFT) {
  const [draft, setDraft] = useState<RequestDraft>(initialDraft);
  const [errors, setErrors] = useState<DraftErrors>({});
  const [operation, setOperation] = useState<Operation | null>(null);
  const [params, setParams] = useState<ParamValues>(NO_PARAMS);

  const resolvedUrl = useMemo(() => {
    const url = resolveApiUrl(apiBaseUrl, draft.path);
    return url.ok ? url.value : null;
  }, [apiBaseUrl, draft.path]);

  /**
   * Checked on every change, not only on Send: a required parameter still empty (or a `{name}`
   * left in a typed path) blocks Send and Copy with one message, and a body that is not JSON
   * says so under the body at once instead of the preview silently going away.
   */
  const live = useMemo(() => {
    const picked = operation && draft.path === buildOperationPath(operation, params.path, params.query);
    const missing = picked ? missingRequired(operation, params.path, params.query) : [...draft.path.matchAll(/\{([^}/]+)\}/g)].map((m) => m[1]!);
    const result = draftToRequest(apiBaseUrl, draft);
    return { missing, result };
  }, [apiBaseUrl, draft, operation, params]);

  const blocked =
    live.missing.length > 0 ? `Fill in the required parameter${live.missing.length > 1 ? 's' : ''} first: ${live.missing.join(', ')}.` : null;

  /** The request as it would be sent now, for Copy as (null while the draft has errors). */
  const currentRequest: HttpRequest | null = blocked || !live.result.ok ? null : live.result.value;

  /** Errors to show: those found on Send, plus the body's JSON check as the person types. */
  const shownErrors: DraftErrors = {
    ...errors,
    ...(!live.result.ok && live.result.errors?.body ? { body: live.result.errors.body } : {}),
  };

  const pick = (op: Operation) => {
    setOperation(op);
    setParams(NO_PARAMS);
    setErrors({});
    setDraft((d) => ({
      ...d,
      method: op.method,
      path: buildOperationPath(op, NO_PARAMS.path, NO_PARAMS.query),
      body: op.bodyTemplate ?? '',
    }));
  };

  const setParam = (where: 'path' | 'query', name: string, value: string) => {
    const next = { ...params, [where]: { ...params[where], [name]: value } };
    setParams(next);
    if (operation) setDraft((d) => ({ ...d, path: buildOperationPath(operation, next.path, next.query) }));
  };

  const edit = (patch: Partial<RequestDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    if (patch.path !== undefined) setErrors((e) => ({ ...e, path: undefined }));
  };

  /** The draft as a request to send, or null after showing what is wrong with it. */
  const toRequest = (): HttpRequest | null => {
    if (blocked) {
      setErrors({ path: blocked });
      return null;
    }
    const result = draftToRequest(apiBaseUrl, draft);
    if (!result.ok) {
      setErrors(result.errors ?? {});
      return null;
    }
    setErrors({});
    return result.value;
  };

  /** Back to the key test request ("Test this key"). */
  const reset = () => {
    setOperation(null);
    setErrors({});
    setDraft(EMPTY_DRAFT);
  };

  /** Load a request from history into the editor. */
  const loadFromHistory = (entry: HistoryEntry) => {
    setOperation(null);
    setErrors({});
    setDraft({
      method: entry.request.method,
      path: pathRelativeToBase(apiBaseUrl, entry.request.url),
      headers: entry.request.headers.filter(
        (h) => !(h.name.toLowerCase() === 'content-type' && entry.request.body !== null && h.value === 'application/json'),
      ),
      body: entry.request.body ?? '',
    });
  };

  return { draft, errors: shownErrors, blocked, operation, params, resolvedUrl, currentRequest, pick, setParam, edit, toRequest, reset, loadFromHistory };
}
