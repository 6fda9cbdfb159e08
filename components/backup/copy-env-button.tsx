import { useState } from 'react';
import type { KeySummary } from '@/lib/keys/key-entry';
import { copyKeyEnv } from '@/lib/backup/page/backup-files';
import { call } from '@/lib/messaging/page/call';
import { IconButton } from '@/components/ui/icon-button';
import { useStatus } from '@/components/ui/status';

/** A terminal prompt: "for a shell". Decorative; the button carries the name. */
function EnvIcon() {
  return (
    <svg width={14} height={14} viewBox="0 0 16 16" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round">
      <rect x="1.5" y="2.5" width="13" height="11" rx="1.5" />
      <path d="m4.5 6 2 2-2 2M8.5 10.5h3" />
    </svg>
  );
}

/** Copies the key's `.env` lines (KANEO_API_URL, KANEO_API_KEY); the clipboard is cleared after the delay. */
export function CopyEnvButton({ keyEntry }: { keyEntry: KeySummary }) {
  const { announce } = useStatus();
  const [busy, setBusy] = useState(false);
  return (
    <IconButton
      label={`${keyEntry.name}: copy as .env`}
      title="Copy as .env (KANEO_API_URL, KANEO_API_KEY)"
      aria-busy={busy || undefined}
      icon={<EnvIcon />}
      onClick={async () => {
        setBusy(true);
        const copied = await call(() => copyKeyEnv(keyEntry));
        setBusy(false);
        if (!copied.ok) announce(copied.message, 'danger');
        else announce(copied.value.clearAfterSeconds > 0 ? `Copied .env — clears in ${copied.value.clearAfterSeconds} s` : 'Copied .env', 'success');
      }}
    />
  );
}
