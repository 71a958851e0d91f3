import { createHash } from 'node:crypto';
import { redactText } from '../secrets/redactor';

/** A JSON object as read from a report. */
export type JsonObject = { [key: string]: unknown };

/** Whether a value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value when it is a JSON object, else `undefined`. */
export function obj(value: unknown): JsonObject | undefined {
  return isObject(value) ? value : undefined;
}

/** The value when it is an array, else an empty array. */
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The array's JSON objects, anything else skipped. */
export function objects(value: unknown): JsonObject[] {
  return arr(value).filter(isObject);
}

/** A trimmed non-empty string, else `undefined`. Numbers are accepted as strings. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return String(value);
  }
  if (typeof value !== 'string') {
    return undefined;
  }
  const trimmed = value.trim();
  return trimmed.length > 0 ? trimmed : undefined;
}

/** A finite number, or a string holding one, else `undefined`. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** The largest line number accepted from a report. */
export const MAX_LINE = 10_000_000;

/**
 * A line number when it is an integer in 1..{@link MAX_LINE}; anything else (negative, zero,
 * fractional, absurd) is dropped so that the rest of the finding is kept.
 */
export function line(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && Number.isInteger(n) && n >= 1 && n <= MAX_LINE
    ? n
    : undefined;
}

/** A CVSS score when it is a number in 0..10. */
export function cvss(value: unknown): number | undefined {
  const n = num(value);
  return n !== undefined && n >= 0 && n <= 10 ? n : undefined;
}

/** Sorted unique non-empty strings. */
export function uniqueSorted(values: Iterable<string | undefined>): string[] {
  const set = new Set<string>();
  for (const value of values) {
    if (value) {
      set.add(value);
    }
  }
  return [...set].sort();
}

const CWE_PATTERN = /^(?:external\/cwe\/)?cwe[-_:]?0*(\d{1,6})$/i;

/**
 * Normalizes a CWE reference (`CWE-79`, `cwe-079`, `external/cwe/cwe-79`, `79`, 79) to
 * `CWE-79`; anything else gives `undefined`.
 */
export function normalizeCwe(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) {
    return `CWE-${value}`;
  }
  const text = str(value);
  if (!text) {
    return undefined;
  }
  if (/^\d{1,6}$/.test(text)) {
    return Number(text) > 0 ? `CWE-${Number(text)}` : undefined;
  }
  const match = CWE_PATTERN.exec(text);
  return match && Number(match[1]) > 0 ? `CWE-${Number(match[1])}` : undefined;
}

/** Whether an identifier looks like a vulnerability id (CVE, GHSA, OSV database ids). */
export function isVulnerabilityId(value: string): boolean {
  return /^(CVE-\d{4}-\d+|GHSA(-[0-9a-z]{4}){3}|[A-Z][A-Z0-9]*(-[A-Za-z0-9.]+)+)$/.test(
    value,
  );
}

/**
 * Normalizes a report path: `file://` scheme and percent-encoding removed, backslashes
 * turned into slashes, leading `./` removed.
 */
export function normalizePath(value: unknown): string | undefined {
  let path = str(value);
  if (!path) {
    return undefined;
  }
  if (/^file:/i.test(path)) {
    path = path.replace(/^file:(\/\/)?/i, '');
    if (/^\/[A-Za-z]:\//.test(path)) {
      path = path.slice(1);
    }
  }
  if (/%[0-9A-Fa-f]{2}/.test(path)) {
    try {
      path = decodeURIComponent(path);
    } catch {
      // keep the raw path when it is not valid percent-encoding
    }
  }
  path = path.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  return path.length > 0 ? path : undefined;
}

/** The URL when it is an absolute http(s) URL, else `undefined`. */
export function httpUrl(value: unknown): string | undefined {
  const text = str(value);
  if (!text) {
    return undefined;
  }
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.toString()
      : undefined;
  } catch {
    return undefined;
  }
}

/** The longest message kept on a finding, in characters. */
const MAX_TEXT = 20_000;

// ANSI escape sequences (Trivy colours its code lines) and control characters other than
// tab and newline.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Plain text for display: ANSI escapes and control characters removed, carriage returns
 * normalized, trimmed, and capped at {@link MAX_TEXT} characters.
 */
export function plainText(value: unknown): string | undefined {
  const text = str(value);
  if (!text) {
    return undefined;
  }
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(ANSI, '')
    .replace(CONTROL, '')
    .trim();
  if (cleaned.length === 0) {
    return undefined;
  }
  return cleaned.length > MAX_TEXT ? `${cleaned.slice(0, MAX_TEXT)}…` : cleaned;
}

/**
 * Lowercase tool name: trimmed, whitespace collapsed to `-`. Secrets are redacted before the
 * name is lower-cased (lower case would hide them from the rules).
 */
export function toolName(value: unknown, fallback: string): string {
  const text = str(value);
  return text ? redactText(text).toLowerCase().replace(/\s+/g, '-') : fallback;
}

/**
 * A stable fingerprint: the lowercase hex SHA-256 of the parts, each length-prefixed so that
 * no two different part lists give the same input. Never pass a secret's value.
 */
export function fingerprintOf(
  ...parts: Array<string | number | undefined>
): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    const text = part === undefined ? '\u0000' : String(part);
    hash.update(`${text.length}:${text}|`);
  }
  return hash.digest('hex');
}

/**
 * Normalizes a vulnerability id: `CVE-…` upper case, `GHSA-…` body lower case, others kept;
 * anything secret in it redacted.
 */
export function normalizeVulnId(value: string): string {
  // secrets are redacted before the case changes (a changed case hides them from the rules)
  const id = redactText(value.trim());
  if (/^cve-/i.test(id)) {
    return id.toUpperCase();
  }
  if (/^ghsa-/i.test(id)) {
    return `GHSA-${id.slice(5).toLowerCase()}`;
  }
  return id;
}

const VULN_ID_IN_TEXT = /\b(CVE-\d{4}-\d{4,}|GHSA(?:-[0-9a-z]{4}){3})\b/gi;

/** The CVE and GHSA ids mentioned in a text, normalized. */
export function vulnIdsIn(text: string): string[] {
  return [...text.matchAll(VULN_ID_IN_TEXT)].map(m => normalizeVulnId(m[1]));
}

/** A report value shortened for an error message (at most 80 characters). */
export function brief(value: string): string {
  return value.length > 80 ? `${value.slice(0, 80)}…` : value;
}
