/**
 * Asks the background for a big read on the fastest way there is: in Chromium, a MessagePort
 * posted to the extension's service worker (lib/messaging/background/worker-port.ts, ~15 ms for
 * a 10,000-key list where runtime messaging takes ~350 ms); in Firefox, a call on the background
 * page's window (same file, `registerBackgroundPageChannel`); anywhere else, and whenever neither
 * answers, the ordinary runtime message. The answer is the same either way.
 */
import { sendMessage, type ProtocolMap } from '../protocol';
import { BACKGROUND_PAGE_CALL, type WorkerPortMessage } from '../worker-port-messages';

/** A port answer slower than this is given up on (the request is a read: asking again is safe). */
const PORT_TIMEOUT_MS = 10_000;

type Answer<K extends WorkerPortMessage> = ReturnType<ProtocolMap[K]>;

interface PortLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}
interface ChannelLike {
  port1: PortLike;
  port2: unknown;
}
interface WorkerLike {
  postMessage(message: unknown, transfer: unknown[]): void;
}

/** The extension's own active service worker, or null (Firefox's background is a page). */
async function activeWorker(): Promise<WorkerLike | null> {
  const container = (globalThis.navigator as { serviceWorker?: { getRegistration(): Promise<{ active: WorkerLike | null } | undefined> } } | undefined)?.serviceWorker;
  if (!container || typeof MessageChannel !== 'function') return null;
  try {
    return (await container.getRegistration())?.active ?? null;
  } catch {
    return null;
  }
}

function overPort<K extends WorkerPortMessage>(worker: WorkerLike, type: K, data: unknown): Promise<Answer<K>> {
  return new Promise((resolve, reject) => {
    const channel = new MessageChannel() as unknown as ChannelLike;
    const timer = setTimeout(() => {
      channel.port1.close();
      reject(new Error('no answer on the port'));
    }, PORT_TIMEOUT_MS);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      channel.port1.close();
      try {
        resolve(JSON.parse(event.data as string) as Answer<K>);
      } catch (error) {
        reject(error);
      }
    };
    worker.postMessage({ type, data }, [channel.port2]);
  });
}

type PageCall = (requestJson: string, pageUrl: string) => Promise<string>;

/** Firefox (MV2): the background page's answering function, or null (no background page here). */
async function backgroundPageCall(): Promise<PageCall | null> {
  const runtime = (globalThis as { browser?: { runtime?: { getBackgroundPage?: () => Promise<unknown> } } }).browser?.runtime;
  if (typeof runtime?.getBackgroundPage !== 'function') return null;
  try {
    const page = (await runtime.getBackgroundPage()) as Record<string, unknown> | null;
    const call = page?.[BACKGROUND_PAGE_CALL];
    return typeof call === 'function' ? (call as PageCall) : null;
  } catch {
    // A private window, or a browser without a background page: the runtime message it is.
    return null;
  }
}

export async function sendThroughWorker<K extends WorkerPortMessage>(type: K, data: Parameters<ProtocolMap[K]>[0]): Promise<Answer<K>> {
  const worker = await activeWorker();
  if (worker) {
    try {
      return await overPort(worker, type, data);
    } catch {
      // The worker went away mid-answer, or is an older one without the port: ask the usual way.
    }
  } else {
    const call = await backgroundPageCall();
    if (call) {
      try {
        return JSON.parse(await call(JSON.stringify({ type, data }), globalThis.location?.href ?? '')) as Answer<K>;
      } catch {
        // The background page is being reloaded, or is an older one: ask the usual way.
      }
    }
  }
  return sendMessage(type, data as never) as Promise<Answer<K>>;
}
