import type { KeyState } from '@/lib/kaneo/protocol';
import type { BadgeTone } from '@/components/ui/badge';
import { EXPIRING_SOON_DAYS } from '@/lib/kaneo/key-state';

export { hostOf } from '@/lib/request/host-of';

/** A key's state in words, with the badge tone that goes with it. */
export function describeState(state: KeyState): { label: string; tone: BadgeTone } {
  switch (state.kind) {
    case 'active':
      if (state.expiresInDays === null) return { label: 'Active · never expires', tone: 'success' };
      return {
        label: `Expires in ${state.expiresInDays} ${state.expiresInDays === 1 ? 'day' : 'days'}`,
        tone: state.expiresInDays <= EXPIRING_SOON_DAYS ? 'warning' : 'success',
      };
    case 'expired':
      return { label: 'Expired', tone: 'danger' };
    case 'disabled':
      return { label: 'Disabled', tone: 'warning' };
    case 'gone':
      return { label: 'Gone from server', tone: 'danger' };
    case 'revoked':
      return { label: 'Revoked', tone: 'neutral' };
    case 'unknown':
      return { label: 'Not matched', tone: 'neutral' };
  }
}

/** "Last used 3 h ago · 12 requests" — the usage the server reports. */
export function describeUsage(lastRequest: string | null, requestCount: number, now: number = Date.now()): string {
  const count = `${requestCount} ${requestCount === 1 ? 'request' : 'requests'}`;
  if (!lastRequest) return `Never used · ${count}`;
  return `Last used ${relative(new Date(lastRequest).getTime(), now)} · ${count}`;
}

function relative(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'} ago`;
}
