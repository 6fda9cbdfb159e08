/**
 * Mutual exclusion for vault writes.
 *
 * Where the Web Locks API exists (extension service worker, background page and extension pages
 * of one extension share an origin) the lock holds across every context of the extension. Where
 * it does not (Node in unit tests), an in-process queue per lock name serializes callers, which
 * is enough for several service instances in one process.
 */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

const tails = new Map<string, Promise<unknown>>();

/** In-process FIFO per name: each task starts after the previous one settled. */
export const inProcessLock: LockRunner = (name, task) => {
  const previous = tails.get(name) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  tails.set(name, tail);
  void tail.then(() => {
    if (tails.get(name) === tail) tails.delete(name);
  });
  return run;
};

interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export const defaultLock: LockRunner = (name, task) => {
  const locks = (globalThis.navigator as { locks?: LockManagerLike } | undefined)?.locks;
  if (locks && typeof locks.request === 'function') return locks.request(name, task);
  return inProcessLock(name, task);
};
