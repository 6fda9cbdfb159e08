// A copy of the OpenAPI document a real Kaneo v2.22.0 serves at GET /api/openapi (server URL
// replaced by a placeholder; source: ../shared/fixtures/kaneo-2.22.0-openapi.json). It is a public
// spec, committed here so the extension stays self-contained: the tester falls back to it when an
// instance's own /openapi cannot be fetched. Keep it byte-identical to the shared fixture.
import bundledDocument from '../kaneo-2.22.0-openapi.json';

export const BUNDLED_SPEC_VERSION = 'Kaneo 2.22.0';
export const bundledOpenApiDocument: unknown = bundledDocument;
