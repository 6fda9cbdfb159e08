/**
 * The messages a page may also send straight to Chromium's service worker on a MessagePort
 * (background/worker-port.ts, page/worker-call.ts): the big reads pages ask for often.
 */
export const WORKER_PORT_MESSAGES = ['keys.changes'] as const;
export type WorkerPortMessage = (typeof WORKER_PORT_MESSAGES)[number];
