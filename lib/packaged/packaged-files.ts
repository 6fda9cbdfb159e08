import { browser } from 'wxt/browser';

/**
 * Large read-only data shipped inside the extension as plain files, not bundled into scripts:
 * the background script stays small (it is parsed on every wake of the service worker) and the
 * data is read only by the few operations that need it. wxt.config.ts writes the files at build
 * time (hook `build:publicAssets`, from lib/packaged/packaged-sources.ts).
 */
export const PACKAGED_FILES = {
  /** zxcvbn's dictionaries and keyboard graphs (about 1 MB), for the passphrase check. */
  zxcvbn: 'data/zxcvbn-dictionaries.json',
  /** The OpenAPI document of Kaneo 2.22.0 (about 200 KB), the tester's fallback endpoint list. */
  openApiFallback: 'data/kaneo-2.22.0-openapi.json',
} as const;

export type PackagedFile = (typeof PACKAGED_FILES)[keyof typeof PACKAGED_FILES];

/** Reads one packaged JSON file (extension pages and the background alike). */
export async function readPackagedJson(file: PackagedFile): Promise<unknown> {
  // getURL's type lists only files WXT knows of at type-generation time; these are written later.
  const url = (browser.runtime.getURL as (path: string) => string)(`/${file}`);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`The packaged file ${file} could not be read (${response.status}).`);
  return (await response.json()) as unknown;
}
