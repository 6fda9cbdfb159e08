import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * One titled box of an options-page section (Security, Backup): a region named by its heading.
 * Its look is `.security__group` in components/vault/vault.css, which the options page loads.
 */
export function SettingsGroup({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="security__group ui-stack ui-stack--tight">
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}
