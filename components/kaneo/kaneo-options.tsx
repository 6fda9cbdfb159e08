import { useEffect, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import { sendMessage } from '@/lib/messaging/protocol';
import type { Instance } from '@/lib/keys/key-entry';
import { requestHostPermission as defaultRequestHostPermission } from '@/lib/permissions/host-permission';
import { call } from '@/lib/messaging/page/call';
import { useVault } from '@/components/app/vault-context';
import { Button } from '@/components/ui/button';
import { Callout, ErrorMessage } from '@/components/ui/alert';
import { EmptyState } from '@/components/ui/empty-state';
import { Select } from '@/components/ui/select';
import { TextField } from '@/components/ui/text-field';
import { useStatus } from '@/components/ui/status';
import { UnlockForm } from '@/components/vault/unlock-form';
import { completeApiBase } from '@/lib/kaneo/api-base-input';
import { ServerKeys } from './server-keys';
import { hostOf } from './format';
import './kaneo.css';

/**
 * Options page, "Kaneo": the vault's Kaneo instances and, on demand, their keys on the server
 * (listed from the background with one of that instance's stored keys, after the user grants
 * access to that one API origin), plus API bases for split deployments.
 */
export function KaneoOptions({
  requestHostPermission = defaultRequestHostPermission,
}: {
  requestHostPermission?: (url: string) => Promise<boolean>;
}) {
  const vault = useVault();
  if (vault.state?.state !== 'unlocked') {
    return (
      <div className="ui-stack">
        <Callout>Unlock the vault to see your Kaneo instances and their keys on the server.</Callout>
        <UnlockForm autoFocus={false} onUnlocked={() => void vault.refresh()} />
      </div>
    );
  }
  return (
    <div className="ui-stack">
      <Instances requestHostPermission={requestHostPermission} />
      <ApiBases />
    </div>
  );
}

function Instances({ requestHostPermission }: { requestHostPermission: (url: string) => Promise<boolean> }) {
  const { keys } = useVault();
  const instances = useMemo(() => {
    const byOrigin = new Map<string, { instance: Instance; count: number }>();
    for (const key of keys) {
      const found = byOrigin.get(key.instance.webOrigin);
      if (found) found.count += 1;
      else byOrigin.set(key.instance.webOrigin, { instance: key.instance, count: 1 });
    }
    return [...byOrigin.values()].sort((a, b) => a.instance.webOrigin.localeCompare(b.instance.webOrigin));
  }, [keys]);

  if (instances.length === 0) {
    return (
      <EmptyState title="No Kaneo instances yet">
        Open your Kaneo in a tab, sign in, and create a key from the toolbar popup (“This tab”).
      </EmptyState>
    );
  }
  return (
    <section aria-label="Instances" className="ui-stack">
      {/* Said once for the page, not on every card: the same holds for each instance. */}
      <p className="ui-muted ui-small">
        Loading keys from a server without a Kaneo tab asks your browser for access to that instance’s API host and uses
        one of your stored keys for it. Nothing else is sent there.
      </p>
      {instances.map(({ instance, count }) => (
        <InstanceCard key={instance.webOrigin} instance={instance} count={count} requestHostPermission={requestHostPermission} />
      ))}
    </section>
  );
}

function InstanceCard({
  instance,
  count,
  requestHostPermission,
}: {
  instance: Instance;
  count: number;
  requestHostPermission: (url: string) => Promise<boolean>;
}) {
  const { keys } = useVault();
  // The keys that can list this instance's keys: the background tries them in turn unless the
  // person picks one. Revoked and expired keys are never tried.
  const usable = useMemo(() => {
    const now = Date.now();
    return keys.filter(
      (k) => k.instance.webOrigin === instance.webOrigin && !k.revokedAt && (!k.expiresAt || new Date(k.expiresAt).getTime() > now),
    );
  }, [keys, instance.webOrigin]);
  const [keyId, setKeyId] = useState('');
  const chosen = usable.some((k) => k.id === keyId) ? keyId : '';
  const target = useMemo(() => (chosen ? { webOrigin: instance.webOrigin, keyId: chosen } : { webOrigin: instance.webOrigin }), [chosen, instance.webOrigin]);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [reloadToken, setReloadToken] = useState(0);
  const apiHost = hostOf(instance.apiBaseUrl);

  // Called straight from the click: permissions.request needs the user gesture.
  const load = () => {
    setError(null);
    requestHostPermission(instance.apiBaseUrl).then(
      (granted) => {
        if (granted) {
          setOpen(true);
          setReloadToken((n) => n + 1);
        } else {
          setError(
            `Access to ${apiHost} was not granted, so the keys can't be listed from here. ` +
              'You can still manage them from the toolbar popup on a signed-in Kaneo tab.',
          );
        }
      },
      () => setError(`The browser did not ask for access to ${apiHost}. Try again.`),
    );
  };

  return (
    <article className="kaneo-instance" aria-label={hostOf(instance.webOrigin)}>
      <div className="ui-section-head">
        <div className="ui-stack ui-stack--tight" style={{ gap: 'var(--space-1)' }}>
          <h3 className="kaneo-heading">{hostOf(instance.webOrigin)}</h3>
          <span className="ui-muted ui-small">
            API {instance.apiBaseUrl} · {count} {count === 1 ? 'key' : 'keys'} in the vault
          </span>
        </div>
        {!open ? (
          <Button onClick={load} aria-label={`Load keys from server, ${hostOf(instance.webOrigin)}`}>
            Load keys from server
          </Button>
        ) : null}
      </div>
      {usable.length > 1 ? (
        <Select
          label="Key used to list them"
          hint="Only sent to this instance's API."
          value={chosen}
          onChange={setKeyId}
          options={[
            { value: '', label: 'Each key in turn, the last that worked first' },
            ...usable.map((k) => ({ value: k.id, label: k.start ? `${k.name} (${k.start}…)` : k.name })),
          ]}
        />
      ) : null}
      {error ? <ErrorMessage>{error}</ErrorMessage> : null}
      {open ? <ServerKeys target={target} reloadToken={reloadToken} onNeedsPermission={load} /> : null}
    </article>
  );
}

function ApiBases() {
  const { announce } = useStatus();
  const [entries, setEntries] = useState<Instance[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [webOrigin, setWebOrigin] = useState('');
  const [apiBaseUrl, setApiBaseUrl] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void call(() => sendMessage('kaneo.apiBases.list')).then((answer) => {
      if (answer.ok) setEntries(answer.value);
      else setError(answer.message);
    });
  }, []);

  const save = async (origin: string, base: string | null, addedApi = false) => {
    setBusy(true);
    setError(null);
    const answer = await call(() => sendMessage('kaneo.apiBases.set', { webOrigin: origin, apiBaseUrl: base }));
    setBusy(false);
    if (!answer.ok) {
      setError(answer.message);
      return false;
    }
    setEntries(answer.value);
    announce(base === null ? 'API base removed' : addedApi ? `Saved as ${base} — Kaneo serves its API under /api` : 'API base saved', 'success');
    return true;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const completed = completeApiBase(apiBaseUrl);
    if (await save(webOrigin.trim(), completed.url, completed.addedApi)) {
      setWebOrigin('');
      setApiBaseUrl('');
    }
  };

  return (
    <section aria-labelledby="kaneo-api-bases" className="ui-stack ui-stack--tight">
      <h3 id="kaneo-api-bases" className="kaneo-heading">
        API bases (split deployments)
      </h3>
      <p className="ui-muted ui-small">
        When Kaneo’s web app and API live on different origins, say where the API is. Stored encrypted in the vault.
      </p>
      {entries && entries.length > 0 ? (
        <ul className="kaneo-list">
          {entries.map((entry) => (
            <li key={entry.webOrigin} className="kaneo-key">
              <div className="kaneo-key__main">
                <span>{entry.webOrigin}</span>
                <span className="kaneo-key__meta">API {entry.apiBaseUrl}</span>
              </div>
              <Button size="sm" variant="ghost" onClick={() => void save(entry.webOrigin, null)} aria-label={`Remove API base for ${entry.webOrigin}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
      <form className="ui-stack ui-stack--tight" onSubmit={(event) => void submit(event)} aria-label="Add an API base">
        <TextField label="Web app origin" placeholder="https://kaneo.example.com" value={webOrigin} onChange={(e) => setWebOrigin(e.target.value)} />
        <TextField
          label="API base URL"
          placeholder="https://api.example.com/api"
          hint={completeApiBase(apiBaseUrl).addedApi ? `Will be saved as ${completeApiBase(apiBaseUrl).url}: Kaneo serves its API under /api.` : 'Where Kaneo’s API answers, usually ending in /api.'}
          value={apiBaseUrl}
          onChange={(e) => setApiBaseUrl(e.target.value)}
        />
        {error ? <ErrorMessage>{error}</ErrorMessage> : null}
        <div className="ui-row ui-row--end">
          <Button type="submit" busy={busy} disabled={!webOrigin.trim() || !apiBaseUrl.trim()}>
            Save API base
          </Button>
        </div>
      </form>
    </section>
  );
}
