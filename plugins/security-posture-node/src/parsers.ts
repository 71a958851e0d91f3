import { ParsedReport } from '@golden-path/plugin-security-posture-common';

/**
 * A parser for one scanner report format. The backend ships one for every built-in
 * `ReportFormat`; more can be added through the security-posture extension point.
 *
 * Parsers receive JSON that has already been checked by the backend's safe reader (size,
 * nesting depth, string lengths, no `__proto__` / `constructor` / `prototype` keys), but its
 * shape is still untrusted: a parser must validate every field it reads and throw an error
 * naming the problem when the document is not of its format.
 *
 * @public
 */
export interface ReportParser {
  /** Format name used by `format=` on upload, for example `sarif` or `my-scanner`. */
  format: string;
  /** Whether the parsed JSON document looks like this format (used for auto-detection). */
  detect(doc: unknown): boolean;
  /** Turns the parsed JSON document into normalized findings and checks. */
  parse(doc: unknown): ParsedReport;
}
