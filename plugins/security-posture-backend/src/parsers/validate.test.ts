import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { validateParsedReport } from './validate';

/** A report as a parser added through the extension point might return it. */
function report(finding: Record<string, unknown>): ParsedReport {
  return {
    format: 'acme-lint',
    tools: [{ name: 'acme' }],
    checks: [],
    findings: [
      {
        fingerprint: 'acme-1',
        tool: 'acme',
        kind: 'sast',
        ruleId: 'no-eval',
        title: 'eval of untrusted input',
        severity: 'high',
        aliases: [],
        cwes: [],
        message: 'eval() of a request parameter',
        ...finding,
      } as ParsedReport['findings'][number],
    ],
  };
}

describe('validateParsedReport', () => {
  it('accepts a well-formed report', () => {
    expect(validateParsedReport(report({})).findings).toHaveLength(1);
  });

  it('refuses (422) a finding without a rule id, naming it, instead of failing on it', () => {
    const error = (() => {
      try {
        validateParsedReport(report({ ruleId: undefined }));
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReportInputError);
    expect((error as ReportInputError).statusCode).toBe(422);
    expect((error as Error).message).toBe(
      'Finding 0 (no rule id) lacks a fingerprint, rule id or title',
    );
  });

  it('refuses an unknown severity and a finding of an unlisted tool', () => {
    expect(() => validateParsedReport(report({ severity: 'urgent' }))).toThrow(
      'Finding 0 (no-eval) has unknown severity "urgent"',
    );
    expect(() => validateParsedReport(report({ tool: 'other' }))).toThrow(
      'Finding 0 (no-eval) is from tool "other", which the report does not list',
    );
  });
});
