import {
  REPORT_FORMATS,
  ReportFormat,
} from '@golden-path/plugin-security-posture-common';
import { ReportParser } from '@golden-path/plugin-security-posture-node';
import { detectCycloneDx, parseCycloneDx } from './cyclonedx';
import { detectGitleaks, parseGitleaks } from './gitleaks';
import { detectGrype, parseGrype } from './grype';
import { detectNpmAudit, parseNpmAudit } from './npmAudit';
import { detectOsv, parseOsv } from './osv';
import { detectSarif, parseSarif } from './sarif';
import { detectSpdx, parseSpdx } from './spdx';
import { detectScorecard, parseScorecard } from './scorecard';
import { detectTrivy, parseTrivy } from './trivy';

/**
 * The built-in parsers, in detection order.
 *
 * @public
 */
export const BUILTIN_REPORT_PARSERS: readonly ReportParser[] = Object.freeze([
  { format: 'sarif', detect: detectSarif, parse: parseSarif },
  { format: 'trivy', detect: detectTrivy, parse: parseTrivy },
  { format: 'grype', detect: detectGrype, parse: parseGrype },
  { format: 'osv-scanner', detect: detectOsv, parse: parseOsv },
  { format: 'cyclonedx', detect: detectCycloneDx, parse: parseCycloneDx },
  { format: 'scorecard', detect: detectScorecard, parse: parseScorecard },
  { format: 'npm-audit', detect: detectNpmAudit, parse: parseNpmAudit },
  { format: 'gitleaks', detect: detectGitleaks, parse: parseGitleaks },
  { format: 'spdx', detect: detectSpdx, parse: parseSpdx },
]);

const FORMAT_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * The parsers the backend knows: the built-ins, then those added through the extension
 * point. Detection asks them in that order, so an added parser never shadows a built-in.
 *
 * @public
 */
export class ReportParserRegistry {
  private readonly parsers = new Map<string, ReportParser>();

  constructor(parsers: Iterable<ReportParser> = BUILTIN_REPORT_PARSERS) {
    for (const parser of parsers) {
      this.register(parser);
    }
  }

  /** Adds a parser; its format name must be new and lowercase (`a-z0-9._-`). */
  register(parser: ReportParser): void {
    if (!FORMAT_NAME.test(parser.format)) {
      throw new Error(
        `Invalid report format name "${parser.format}"; use lowercase letters, digits, ".", "_" or "-"`,
      );
    }
    if (this.parsers.has(parser.format)) {
      throw new Error(
        `A parser for report format "${parser.format}" is already registered`,
      );
    }
    this.parsers.set(parser.format, parser);
  }

  /** The parser of a format, if any. */
  get(format: string): ReportParser | undefined {
    return this.parsers.get(format);
  }

  /** Every known format name, in detection order. */
  formats(): string[] {
    return [...this.parsers.keys()];
  }

  /** The first format whose parser recognizes the document. */
  detect(doc: unknown): string | undefined {
    for (const parser of this.parsers.values()) {
      if (parser.detect(doc)) {
        return parser.format;
      }
    }
    return undefined;
  }
}

/**
 * The built-in format of a parsed JSON document, from its shape, or `undefined`.
 *
 * @public
 */
export function detectFormat(doc: unknown): ReportFormat | undefined {
  const format = BUILTIN_REPORT_PARSERS.find(p => p.detect(doc))?.format;
  return REPORT_FORMATS.find(f => f === format);
}
