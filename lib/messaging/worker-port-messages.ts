/**
 * The messages a page may also send straight to Chromium's service worker on a MessagePort
 * (background/worker-port.ts, page/worker-call.ts): the big reads pages ask for often.
 */
export const WORKER_PORT_MESSAGES = ['keys.changes'] as const;
export type WorkerPortMessage = (typeof WORKER_PORT_MESSAGES)[number];

/**
 * The function Firefox's background page answers the same reads with, set on its own window
 * (background/worker-port.ts `registerBackgroundPageChannel`); pages find it through
 * `runtime.getBackgroundPage()` (page/worker-call.ts).
 */
export const BACKGROUND_PAGE_CALL = '__kaneoBackgroundCall';
