import type { Locator } from '../fixtures/driver';
import type { ExtensionHarness } from '../fixtures/extension';
import { OptionsPage } from './options-page';

/** The options page's Sync section, as a person uses it. */
export class SyncPage extends OptionsPage {
  static async openOn(options: OptionsPage): Promise<SyncPage> {
    return new SyncPage(options.page);
  }

  region(): Locator {
    return this.page.getByRole('region', { name: 'Sync', exact: true });
  }

  async openSync(): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Sync', exact: true });
    if ((await link.getAttribute('aria-current')) !== 'page') await link.click();
    await this.region().waitFor();
  }

  /** First device: Turn on → the preview → confirm. */
  async turnOnFresh(): Promise<void> {
    await this.openSync();
    await this.region().getByRole('button', { name: 'Turn on sync…' }).click();
    await this.region().getByTestId('sync-preview').waitFor();
    await this.region().getByRole('button', { name: 'Turn on sync', exact: true }).click();
    await this.region().getByLabel('Sync status').waitFor();
  }

  /**
   * A device with its own vault: Turn on → passphrase → the merge preview (answered as text).
   * Right after an earlier preview the background still holds the unwrapped key (memory only),
   * so the passphrase is not asked again.
   */
  async previewJoin(passphrase: string): Promise<string> {
    await this.openSync();
    await this.region().getByRole('button', { name: 'Turn on sync…' }).click();
    const form = this.region().getByRole('form', { name: 'Open the synced keys' });
    const alert = this.region().getByRole('alert');
    const preview = this.region().getByTestId('sync-preview');
    await form.or(alert).or(preview).first().waitFor();
    if (await alert.isVisible()) throw new Error(`Sync said: ${await alert.innerText()}`);
    if (await form.isVisible()) {
      await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
      await form.getByRole('button', { name: 'Show what will change' }).click();
    }
    await preview.waitFor();
    return preview.innerText();
  }

  async confirmJoin(): Promise<void> {
    await this.region().getByRole('button', { name: 'Merge and turn on' }).click();
    await this.region().getByLabel('Sync status').waitFor();
  }

  conflicts(): Locator {
    return this.region().getByRole('region', { name: 'Sync conflicts' });
  }

  refusedNotice(): Locator {
    return this.region().getByText('Refused synced records');
  }
}

/**
 * The browser's sync engine cannot run here (no account, no network), so tests carry
 * storage.sync between two profiles themselves: every item of `from` is written into `to`, item
 * by item, the way sync delivers them (a later write of the same item wins). `change` may alter
 * the items in transit.
 */
export async function carrySync(
  from: ExtensionHarness,
  to: ExtensionHarness,
  change: (items: Record<string, unknown>) => Record<string, unknown> = (items) => items,
): Promise<void> {
  const items = change(await from.dumpStorage('sync'));
  await to.evaluateInExtension(async (value) => {
    type SyncArea = { storage: { sync: { set(items: unknown): Promise<void> } } };
    const scope = globalThis as unknown as { browser?: SyncArea; chrome?: SyncArea };
    await (scope.browser ?? scope.chrome)!.storage.sync.set(value);
  }, items);
}
