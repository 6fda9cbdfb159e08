// A copy of the OpenAPI document a real Kaneo v2.22.0 serves at GET /api/openapi (server URL
// replaced by a placeholder; source: ../shared/fixtures/kaneo-2.22.0-openapi.json). It is a public
// spec, committed here (lib/openapi/kaneo-2.22.0-openapi.json) so the extension stays
// self-contained: the tester falls back to it when an instance's own /openapi cannot be fetched.
// Keep it byte-identical to the shared fixture. It ships as a packaged file read on demand
// (lib/packaged/packaged-files.ts), not inside any script: the background's tester and the DevTools
// panel read it from there.
import { PACKAGED_FILES, readPackagedJson } from '../packaged/packaged-files';

export const BUNDLED_SPEC_VERSION = 'Kaneo 2.22.0';

let loading: Promise<unknown> | null = null;

/** The bundled document, read once per page or background lifetime (a failed read is tried again next time). */
export function loadBundledOpenApiDocument(): Promise<unknown> {
  loading ??= readPackagedJson(PACKAGED_FILES.openApiFallback).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}
