import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { BUILTIN_REPORT_PARSERS, ReportParserRegistry } from './registry';
import { ReportLimits, parseReportBody } from './safeJson';
import { checkParsedReport, validateParsedReport } from './validate';

/**
 * Options of {@link parseReport}.
 *
 * @public
 */
export interface ParseReportOptions {
  /** Format named by the uploader (`format=`); overrides detection. */
  format?: string;
  limits?: Partial<ReportLimits>;
  /** Parsers to use; the built-ins when omitted. */
  registry?: ReportParserRegistry;
}

const builtins = new ReportParserRegistry();

/**
 * The single entry point: reads an uploaded report body safely, picks its parser (the given
 * format, else detection), parses it, redacts any secret left in it and validates the result.
 *
 * @throws {@link ReportInputError} carrying the HTTP status (400, 413 or 422) and a message
 * naming the problem.
 * @public
 */
export function parseReport(
  body: Buffer | string,
  options: ParseReportOptions = {},
): ParsedReport {
  const registry = options.registry ?? builtins;
  const doc = parseReportBody(body, options.limits);
  const known = registry.formats().join(', ');
  let format = options.format?.trim().toLowerCase();
  if (format) {
    if (!registry.get(format)) {
      throw new ReportInputError(
        'unknown-format',
        `Unknown report format "${format.slice(
          0,
          64,
        )}"; known formats: ${known}`,
      );
    }
  } else {
    format = registry.detect(doc);
    if (!format) {
      throw new ReportInputError(
        'unknown-format',
        `Could not detect the report format; name it with format= (known formats: ${known})`,
      );
    }
  }
  const parser = registry.get(format)!;
  const report = parser.parse(doc);
  // the built-in parsers redact what they return; a parser added through the extension point
  // may not have, so its output is redacted before it is checked
  return BUILTIN_REPORT_PARSERS.includes(parser)
    ? checkParsedReport(report)
    : validateParsedReport(report);
}
