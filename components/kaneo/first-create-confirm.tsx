import { useEffect, useId, useRef } from 'react';
import { Button } from '@/components/ui/button';
import { Callout } from '@/components/ui/alert';

/** Splits an origin so the part a look-alike changes (the host) stands out. */
function originParts(origin: string): { scheme: string; host: string; port: string } {
  try {
    const url = new URL(origin);
    return { scheme: `${url.protocol}//`, host: url.hostname, port: url.port ? `:${url.port}` : '' };
  } catch {
    return { scheme: '', host: origin, port: '' };
  }
}

/**
 * Asked once, before the first key is created for an origin the vault has no key for: a page that
 * answers like Kaneo (a look-alike address) would otherwise get a key bound to itself. Shows the
 * origin large, host apart, and waits for a deliberate choice (Cancel has the focus).
 */
export function FirstCreateConfirm({
  origin,
  onConfirm,
  onCancel,
}: {
  origin: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const cancelRef = useRef<HTMLButtonElement>(null);
  const { scheme, host, port } = originParts(origin);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);

  return (
    <section className="ui-stack ui-stack--tight first-create-confirm" role="alertdialog" aria-labelledby={titleId} aria-describedby={`${titleId}-why`}>
      <h3 id={titleId} className="kaneo-heading">
        First key for this site
      </h3>
      <p className="first-create-confirm__origin" data-testid="first-create-origin">
        <span className="ui-muted">{scheme}</span>
        <strong>{host}</strong>
        <span className="ui-muted">{port}</span>
      </p>
      <Callout tone="warning">
        <span id={`${titleId}-why`}>
          The vault has no key for this address yet. A look-alike site can pose as Kaneo: check the address letter by letter.
          {scheme === 'http://' ? ' It is plain http: the key can be read on the way.' : ''}
        </span>
      </Callout>
      <div className="ui-row ui-row--end">
        <Button ref={cancelRef} variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
        <Button variant="primary" onClick={onConfirm}>
          Create key for {host}
        </Button>
      </div>
    </section>
  );
}
