/**
 * Returns the URL when it parses as an absolute `http:` or `https:` URL, otherwise undefined.
 * Scanner-provided links pass through here before they become an `href`, so `javascript:`,
 * `data:` and relative URLs are never rendered as links.
 */
export function safeHttpUrl(
  value: string | null | undefined,
): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return undefined;
  }
  if (url.username || url.password) {
    return undefined;
  }
  return url.toString();
}
