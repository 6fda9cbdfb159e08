import { useState } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import { call } from '@/lib/messaging/page/call';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { LockIcon } from '@/components/ui/icons';
import { useStatus } from '@/components/ui/status';

/** "Lock" (the one word for it, everywhere): wipes the session copy of the data key; every page falls back to the unlock form. */
export function LockButton({ label = 'Lock', variant = 'ghost' }: { label?: string; variant?: 'ghost' | 'secondary' }) {
  const { state, refresh } = useVault();
  const { announce } = useStatus();
  const [busy, setBusy] = useState(false);
  if (state?.state !== 'unlocked') return null;
  return (
    <Button
      variant={variant}
      size="sm"
      busy={busy}
      onClick={async () => {
        setBusy(true);
        const result = await call(() => sendMessage('vault.lock'));
        setBusy(false);
        if (result.ok) announce('Vault locked');
        else announce(result.message, 'danger');
        await refresh();
      }}
    >
      <LockIcon />
      {label}
    </Button>
  );
}
