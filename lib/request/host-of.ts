/** The host a person recognises in a URL (`kaneo.example.com:8443`); the text itself when it is no URL. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
