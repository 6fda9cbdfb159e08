import { hasHostPermission, requestHostPermission as requestPattern } from '../../permissions/host-permission';
import { err, ok, type Result } from '../../result';
import { apiOriginOf } from '../url-guard';

/**
 * Asks for the host permission of one instance's API origin. Must be the FIRST thing a click
 * handler awaits: browsers only show the prompt during a user gesture. When the permission is
 * already held it answers at once without a prompt.
 */
export async function requestHostPermission(apiBaseUrl: string): Promise<Result<null>> {
  const origin = apiOriginOf(apiBaseUrl);
  try {
    const granted = await requestPattern(apiBaseUrl);
    if (granted) return ok(null);
    return notAllowed(origin);
  } catch {
    return err(
      'permission-refused',
      `The browser did not ask for access to ${origin}. Open the tester from the options page and try again.`,
    );
  }
}

function notAllowed(origin: string): Result<null> {
  return err(
    'permission-refused',
    `Access to ${origin} was not allowed, so nothing was sent. The tester needs it to send requests to this instance; try again and choose “Allow”.`,
  );
}

/**
 * Whether the instance's host permission is held now, without asking: for finishing a test the
 * popup started before Firefox closed it for the permission prompt (there is no click left to
 * ask in, and the answer was already given in the prompt).
 */
export async function hostPermissionHeld(apiBaseUrl: string): Promise<Result<null>> {
  const granted = await hasHostPermission(apiBaseUrl).catch(() => false);
  return granted ? ok(null) : notAllowed(apiOriginOf(apiBaseUrl));
}
