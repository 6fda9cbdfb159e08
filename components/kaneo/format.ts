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
        label: expiresInWords(state.expiresInDays),
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

/** Calendar days (key-state.ts daysUntil): "Expires today", "Expires in 1 day", "Expires in 3 days". */
export function expiresInWords(days: number): string {
  if (days <= 0) return 'Expires today';
  return `Expires in ${days} ${days === 1 ? 'day' : 'days'}`;
}

/** What "Not matched" means, said once under the row. */
export const NOT_MATCHED_HINT = 'No key on the server has this key’s id or prefix: it may have been added by hand or deleted there.';

/** The flag for a key that looks unneeded (key-state.ts unusedFlag). */
export function describeUnused(flag: { kind: 'never' } | { kind: 'unused'; days: number }): string {
  return flag.kind === 'never' ? 'Never used' : `Unused for ${flag.days} days`;
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
