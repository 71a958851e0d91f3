/**
 * The redacted form of a secret: its first 4 and last 2 characters when it has 16 or more,
 * its first 2 when it has 10 to 15, nothing at all when shorter.
 */
export function redactSecret(secret: string): string {
  const value = secret.trim();
  if (value.length >= 16) {
    return `${value.slice(0, 4)}…${value.slice(-2)}`;
  }
  if (value.length >= 10) {
    return `${value.slice(0, 2)}…`;
  }
  return '********';
}

/**
 * The text with every occurrence of each secret (4 characters or longer) replaced by its
 * redacted form. Use it on any report text that may quote a secret.
 */
export function scrubSecrets(
  text: string,
  secrets: Iterable<string | undefined>,
): string {
  let out = text;
  for (const secret of secrets) {
    const value = secret?.trim();
    if (value && value.length >= 4) {
      out = out.split(value).join(redactSecret(value));
    }
  }
  return out;
}
