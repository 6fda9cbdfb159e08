import { HANDOFF_PARAM, readTesterHandoff, type TesterHandoff } from '../tester-handoff';

/**
 * The options page's side of "Open in tester" (../tester-handoff.ts): the request handed over in
 * this page's address, read once per page load. The parameter is taken out of the address bar at
 * once (a reload or a bookmark does not bring it back); `forgetTesterHandoff` drops it once the
 * tester has shown it, so coming back to the tester later starts empty.
 */
let pending: TesterHandoff | null | undefined;

export function takeTesterHandoff(): TesterHandoff | null {
  if (pending !== undefined) return pending;
  pending = readTesterHandoff(window.location.search);
  if (new URLSearchParams(window.location.search).has(HANDOFF_PARAM)) {
    window.history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
  }
  return pending;
}

export function forgetTesterHandoff(): void {
  pending = null;
}
