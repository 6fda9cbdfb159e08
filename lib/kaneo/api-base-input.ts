/**
 * What a person types as a split deployment's API base. Kaneo's own docs write KANEO_API_URL as
 * an origin (`http://localhost:1338`), while the API answers under `/api`: an origin alone gets
 * `/api` added, and the caller says so. Anything with a path is taken as typed.
 */
export function completeApiBase(typed: string): { url: string; addedApi: boolean } {
  const text = typed.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return { url: text, addedApi: false };
  }
  if ((parsed.pathname === '/' || parsed.pathname === '') && !parsed.search && !parsed.hash) {
    return { url: `${parsed.origin}/api`, addedApi: true };
  }
  return { url: text, addedApi: false };
}
