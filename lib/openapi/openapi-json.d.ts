// The bundled spec is imported as plain data and validated at run time (lib/openapi/catalog.ts),
// so TypeScript gets `unknown` instead of inferring a 360 kB literal type.
declare module '*/kaneo-2.22.0-openapi.json' {
  const document: unknown;
  export default document;
}
