import {
  FINDING_KINDS,
  ParsedReport,
  isSeverity,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { parsePurl } from './inventory';
import { redactReport } from './redact';
import { MAX_LINE, brief } from './util';

function fail(message: string): never {
  throw new ReportInputError('invalid-report', message);
}

function checkLine(value: number | undefined, where: string) {
  if (
    value !== undefined &&
    !(Number.isInteger(value) && value >= 1 && value <= MAX_LINE)
  ) {
    fail(`${where} is ${value}; expected an integer in 1..${MAX_LINE}`);
  }
}

/**
 * Checks what a parser produced (built-in or added through the extension point) before it is
 * stored: non-empty fingerprints and tool names, known severities and kinds, every finding's
 * tool listed in `tools`, sane lines, http(s) remediation URLs, scores in range. Returns the
 * report with every secret redacted (`redactReport`): the built-in parsers redact already, a
 * parser or provider added through the extension point may not.
 *
 * @throws {@link ReportInputError} (422) naming the first problem.
 * @public
 */
export function validateParsedReport(input: ParsedReport): ParsedReport {
  return checkParsedReport(redactReport(input));
}

/**
 * {@link validateParsedReport} of a report a built-in parser produced, which redacted it already
 * (with what it knew of the secrets, which a second pass could not know): the checks only.
 *
 * @internal
 */
export function checkParsedReport(report: ParsedReport): ParsedReport {
  const tools = new Set(report.tools.map(t => t.name));
  if (report.tools.some(t => !t.name)) {
    fail('Report lists a tool without a name');
  }
  report.findings.forEach((f, i) => {
    const where = `Finding ${i} (${brief(String(f.ruleId ?? 'no rule id'))})`;
    if (!f.fingerprint || !f.ruleId || !f.title) {
      fail(`${where} lacks a fingerprint, rule id or title`);
    }
    if (!tools.has(f.tool)) {
      fail(
        `${where} is from tool "${brief(
          f.tool,
        )}", which the report does not list`,
      );
    }
    if (!isSeverity(f.severity)) {
      fail(`${where} has unknown severity "${brief(String(f.severity))}"`);
    }
    if (!FINDING_KINDS.includes(f.kind)) {
      fail(`${where} has unknown kind "${brief(String(f.kind))}"`);
    }
    checkLine(f.location?.startLine, `${where} start line`);
    checkLine(f.location?.endLine, `${where} end line`);
    if (f.remediationUrl && !/^https?:\/\//i.test(f.remediationUrl)) {
      fail(`${where} has a remediation URL that is not http(s)`);
    }
    if (f.cvssScore !== undefined && !(f.cvssScore >= 0 && f.cvssScore <= 10)) {
      fail(`${where} has CVSS score ${f.cvssScore}; expected 0..10`);
    }
  });
  if (report.packages !== undefined && !Array.isArray(report.packages)) {
    fail('Report "packages" is not an array');
  }
  report.packages?.forEach((p, i) => {
    const where = `Package ${i} (packages[${i}].purl)`;
    if (typeof p.purl !== 'string' || !parsePurl(p.purl)) {
      fail(`${where} is not a package URL`);
    }
    if (!tools.has(p.tool)) {
      fail(
        `${where} is from tool "${brief(
          String(p.tool),
        )}", which the report does not list`,
      );
    }
    if (!Array.isArray(p.licenses)) {
      fail(`Package ${i} (packages[${i}].licenses) is not an array`);
    }
  });
  report.checks.forEach(c => {
    if (!(c.score === -1 || (c.score >= 0 && c.score <= 10))) {
      fail(
        `Check "${brief(c.name)}" has score ${c.score}; expected -1 or 0..10`,
      );
    }
  });
  return report;
}
