import type { Page } from '../fixtures/driver';

/** The options page's Backup section, and the first-run "Restore from a backup", as a person uses them. */
export class BackupPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Backup', exact: true }).click();
    await this.page.getByRole('region', { name: 'Backup', exact: true }).waitFor();
  }

  /**
   * Downloads a backup with the vault's passphrase; answers the file (name and text) the page handed
   * to the browser's download. The download itself runs as usual: the spec only listens in on the
   * Blob and the <a download> the page makes (there is no download API in the driver subset).
   */
  async download(passphrase: string): Promise<{ fileName: string; text: string }> {
    await this.page.evaluate(() => {
      const w = window as unknown as { __download?: { fileName?: string; text?: Promise<string> } };
      w.__download = {};
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        if (blob instanceof Blob) w.__download!.text = blob.text();
        return createObjectURL(blob);
      };
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        if (this.download) w.__download!.fileName = this.download;
        return click.call(this);
      };
    });
    await this.page.getByLabel('Vault passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Download backup' }).click();
    await this.page.getByText(/^Saved kaneo-keys-backup-/).first().waitFor();
    return this.page.evaluate(async () => {
      const d = (window as unknown as { __download: { fileName: string; text: Promise<string> } }).__download;
      return { fileName: d.fileName, text: await d.text };
    });
  }

  /** Puts `text` into the page's one file input as a chosen file (what a file picker would do). */
  async chooseFile(text: string, fileName = 'kaneo-keys-backup.kkmbackup'): Promise<void> {
    await this.page.getByLabel('Backup file', { exact: true }).waitFor();
    await this.page.evaluate(
      ({ text: content, fileName: name }) => {
        const input = document.querySelector<HTMLInputElement>('input[type="file"]');
        if (!input) throw new Error('no file input');
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'application/json' }));
        input.files = transfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      },
      { text, fileName },
    );
  }

  /** First run: restore a backup in one step; waits for the key list. */
  async restoreOnFirstRun(text: string, passphrase: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Restore from a backup' }).click();
    await this.chooseFile(text);
    await this.page.getByLabel('Backup passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Restore', exact: true }).click();
    await this.page.getByRole('region', { name: 'Keys' }).waitFor();
  }

  /** Backup section: choose a file, its passphrase, Preview; answers the summary line or the error. */
  async preview(text: string, passphrase: string): Promise<string> {
    await this.chooseFile(text);
    await this.page.getByLabel('Backup passphrase', { exact: true }).fill(passphrase);
    await this.page.getByRole('button', { name: 'Preview' }).click();
    const answer = this.page.getByTestId('merge-summary').or(this.page.getByRole('region', { name: 'Backup', exact: true }).getByRole('alert'));
    await answer.first().waitFor({ timeout: 30_000 });
    return (await answer.first().innerText()).trim();
  }
}
