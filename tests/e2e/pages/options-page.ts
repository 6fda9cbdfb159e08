import { expect } from 'vitest';
import type { Locator } from '../fixtures/driver';
import type { ExtensionHarness } from '../fixtures/extension';
import { buttonsIn, horizontalOverflow, outsideHorizontally, overflowsSideways, truncatedName, type PlacedControl } from './geometry';
import { KeyRowsPage } from './key-rows-page';

export interface KeyInput {
  name: string;
  secret: string;
  /** The Kaneo web address, e.g. https://kaneo.example.com */
  webOrigin: string;
  /** Empty: web address + /api. */
  apiBaseUrl?: string;
  notes?: string;
}

/** The options page as a person uses it: first-run setup, keys, lock and unlock, sections. */
export class OptionsPage extends KeyRowsPage {

  static async open(ext: ExtensionHarness): Promise<OptionsPage> {
    const options = new OptionsPage(await ext.openOptions());
    await options.waitUntilLoaded();
    return options;
  }

  /** Waits until the page shows something other than "Loading…". */
  async waitUntilLoaded(): Promise<void> {
    await this.page.getByRole('heading', { level: 1 }).first().waitFor();
  }

  /** First run: choose and confirm a passphrase, create the vault, land on the key list. */
  async setPassphrase(passphrase: string): Promise<void> {
    const form = this.page.getByRole('form', { name: 'Set up Kaneo Key Manager' });
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Create vault' }).click();
    await this.page.getByRole('region', { name: 'Keys' }).waitFor();
  }

  /** Opens "Add a key", fills it from `key` and submits; answers the dialog. */
  private async submitAddKeyDialog(key: KeyInput) {
    await this.goTo('Keys');
    await this.page.getByRole('region', { name: 'Keys' }).getByRole('button', { name: 'Add key' }).first().click();
    const dialog = this.page.getByRole('dialog', { name: 'Add a key' });
    await dialog.getByLabel('Name', { exact: true }).fill(key.name);
    await dialog.getByLabel('API key', { exact: true }).fill(key.secret);
    await dialog.getByLabel('Kaneo web address', { exact: true }).fill(key.webOrigin);
    if (key.apiBaseUrl) await dialog.getByLabel('API base URL', { exact: true }).fill(key.apiBaseUrl);
    if (key.notes) await dialog.getByLabel('Notes (optional)', { exact: true }).fill(key.notes);
    await dialog.getByRole('button', { name: 'Add key' }).click();
    return dialog;
  }

  /**
   * Adds a key by hand through the "Add a key" dialog and waits until it is listed (`timeout`:
   * for the save, e.g. into a vault of 10,000 keys; the driver's default otherwise).
   */
  async addKey(key: KeyInput, { timeout }: { timeout?: number } = {}): Promise<void> {
    const dialog = await this.submitAddKeyDialog(key);
    await dialog.waitFor({ state: 'detached', ...(timeout ? { timeout } : {}) });
    await this.copyButton(key.name).waitFor(timeout ? { timeout } : undefined);
  }

  /** Tries to add a key that should be refused; answers what the dialog says (it stays open). */
  async addKeyExpectingRefusal(key: KeyInput): Promise<string> {
    const dialog = await this.submitAddKeyDialog(key);
    const alert = dialog.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    const text = (await alert.innerText()).trim();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    return text;
  }

  /** The key count beside the Keys heading ("10,000 keys"), or null when there is none. */
  async keyCount(): Promise<string | null> {
    const count = this.page.locator('.key-manager__count');
    return (await count.count()) ? (await count.innerText()).trim() : null;
  }

  /** Types into the key search box (the list is virtualised: search to bring a key into view). */
  async search(query: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search keys' }).fill(query);
  }

  async lock(): Promise<void> {
    await this.page.getByRole('button', { name: 'Lock', exact: true }).first().click();
    await this.expectLocked();
  }

  async unlock(passphrase: string): Promise<void> {
    await this.goTo('Keys');
    const form = this.page.getByRole('form', { name: 'Vault locked' });
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
    await form.waitFor({ state: 'detached' });
  }

  /** Tries a passphrase that should be refused; answers what the page says. */
  async unlockExpectingRefusal(passphrase: string): Promise<string> {
    await this.goTo('Keys');
    const form = this.page.getByRole('form', { name: 'Vault locked' });
    await form.getByLabel('Passphrase', { exact: true }).fill(passphrase);
    await form.getByRole('button', { name: 'Unlock' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    return (await alert.innerText()).trim();
  }

  async expectLocked(): Promise<void> {
    await this.goTo('Keys');
    await this.page.getByRole('form', { name: 'Vault locked' }).waitFor();
    expect(await this.page.getByRole('button', { name: /^Copy / }).count()).toBe(0);
  }

  /** Security → "Clear the clipboard after copying": seconds, 0 = never. */
  async setClipboardClearing(seconds: number): Promise<void> {
    await this.goTo('Security');
    const select = this.page.getByLabel('Clear the clipboard after copying', { exact: true });
    await select.selectOption(String(seconds));
    await expect.poll(() => select.inputValue()).toBe(String(seconds));
  }

  /** Resizes the window, e.g. to a narrow one. */
  async resize(width: number, height = 800): Promise<void> {
    await this.page.setViewportSize({ width, height });
  }

  /** How far the page scrolls sideways at its current width (0: it fits). */
  async horizontalOverflow(): Promise<number> {
    return horizontalOverflow(this.page);
  }

  /** The buttons of a section (or of an open dialog) that stick out of the window sideways. */
  async buttonsOutsideWindow(scope: 'Keys' | 'Kaneo' | 'Tester' | 'Security' | 'dialog'): Promise<PlacedControl[]> {
    const width = await this.page.evaluate(() => document.documentElement.clientWidth);
    const region = scope === 'dialog' ? this.page.getByRole('dialog') : this.page.getByRole('region', { name: scope });
    return outsideHorizontally(await buttonsIn(region), { left: 0, right: width, top: 0, bottom: 0 });
  }

  /** The key's name as shown in a section: cut short or not, and its full text. */
  async shownName(section: 'Keys' | 'Tester', name: string): Promise<{ text: string; cut: boolean } | null> {
    return truncatedName(this.page.getByRole('region', { name: section }), name);
  }

  /** Whether the open dialog's content is wider than the dialog (its title, say, sticks out). */
  async dialogOverflowsSideways(): Promise<boolean> {
    return overflowsSideways(this.page.getByRole('dialog'));
  }

  /** Opens the "Edit" dialog of a key and answers the dialog. */
  async openEditDialog(name: string): Promise<Locator> {
    await this.goTo('Keys');
    await this.page.getByRole('button', { name: `Edit ${name}`, exact: true }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.waitFor();
    return dialog;
  }

  /** Edits a key through its "Edit" dialog and waits until the list shows the new name. */
  async editKey(name: string, changes: { name?: string; notes?: string }): Promise<void> {
    const dialog = await this.openEditDialog(name);
    if (changes.name !== undefined) await dialog.getByLabel('Name', { exact: true }).fill(changes.name);
    if (changes.notes !== undefined) await dialog.getByLabel('Notes (optional)', { exact: true }).fill(changes.notes);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
    await dialog.waitFor({ state: 'detached' });
    await this.copyButton(changes.name ?? name).waitFor();
  }

  /** Deletes a key (confirming the dialog) and waits until it is gone from the list. */
  async deleteKey(name: string): Promise<void> {
    await this.goTo('Keys');
    await this.page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
    const dialog = this.page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Delete key', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await this.copyButton(name).waitFor({ state: 'detached' });
  }

  /** Opens a section from the left navigation: Keys, Kaneo, Tester or Security. */
  async goTo(section: 'Keys' | 'Kaneo' | 'Tester' | 'Security'): Promise<void> {
    const link = this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section, exact: true });
    if ((await link.getAttribute('aria-current')) !== 'page') await link.click();
    await this.page.getByRole('region', { name: section }).waitFor();
  }
}
