import { InputError } from '@backstage/errors';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Checks a name used in generated files and URLs: a DNS-1123 label (at most 63 lowercase
 * letters, digits and dashes), which also rules out any YAML or path injection.
 *
 * @public
 */
export function assertDnsLabel(value: string, what: string): string {
  if (!DNS_LABEL.test(value)) {
    throw new InputError(
      `${what} must be a DNS label: 1-63 lowercase letters, digits and '-', starting and ending with a letter or digit`,
    );
  }
  return value;
}

/**
 * Checks a repository-relative path from stored or untrusted content: forward slashes, no
 * empty, `.` or `..` segment, no absolute path, no backslash or NUL, nothing inside `.git/`.
 *
 * @public
 */
export function assertRelativePath(value: string, what: string): string {
  const segments = value.split('/');
  if (
    value.length === 0 ||
    value.length > 512 ||
    value.includes('\\') ||
    value.includes('\0') ||
    segments.some(s => s === '' || s === '.' || s === '..') ||
    segments[0] === '.git'
  ) {
    throw new InputError(
      `${what} '${value.slice(0, 200)}' is not a safe relative path`,
    );
  }
  return value;
}
