import { err } from '@/lib/result';
import type { Result } from '@/lib/result';

export const UNREACHABLE_MESSAGE =
  'The extension’s background did not answer. Try again; if it keeps happening, reload the extension.';

/**
 * Runs one message round trip and turns a thrown error (background not running, extension
 * reloaded under the page) into a Result, so every caller has exactly one error path.
 * The thrown error itself is not shown or logged: it may echo the request.
 */
export async function call<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    const result = await run();
    if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
      return err('unreachable', UNREACHABLE_MESSAGE);
    }
    return result;
  } catch {
    return err('unreachable', UNREACHABLE_MESSAGE);
  }
}
