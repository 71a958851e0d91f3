import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { detectNpmAudit, parseNpmAudit } from './npmAudit';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseNpmAudit(parseReportBody(readFixture('npm-audit', file)));
}

function severities(report: ParsedReport) {
  const counts: Record<string, number> = {};
  report.findings.forEach(f => {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  });
  return counts;
}

describe('parseNpmAudit', () => {
  it.each(fixtureFiles('npm-audit'))('detects %s', file => {
    expect(
      detectNpmAudit(parseReportBody(readFixture('npm-audit', file))),
    ).toBe(true);
  });

  it('makes one finding per package and advisory (npm 7+)', () => {
    const report = parse('npm-audit-report_all-severity-levels.json');
    expect(report.tools).toEqual([{ name: 'npm-audit' }]);
    // 16 vulnerable packages; 18 (package, advisory) pairs among their advisory objects
    expect(report.findings).toHaveLength(18);
    expect(severities(report)).toEqual({
      critical: 2,
      high: 11,
      medium: 2,
      low: 3,
    });
    const handlebars = report.findings.find(f => f.ruleId === 'npm:755');
    expect(handlebars).toMatchObject({
      kind: 'sca',
      title: 'Prototype Pollution',
      severity: 'critical',
      package: {
        name: 'handlebars',
        ecosystem: 'npm',
        purl: 'pkg:npm/handlebars',
      },
      remediation: 'Run `npm audit fix`.',
      remediationUrl: 'https://npmjs.com/advisories/755',
    });
  });

  it('reads the other npm 7+ reports', () => {
    const nyc = parse('npm-audit-report_nyc-mkdirp.json');
    expect(nyc.findings).toHaveLength(13);
    expect(severities(nyc)).toEqual({
      critical: 1,
      high: 8,
      medium: 1,
      low: 3,
    });
    expect(parse('npm-audit-report_no-vulns.json')).toEqual({
      format: 'npm-audit',
      tools: [{ name: 'npm-audit' }],
      findings: [],
      checks: [],
    });
  });

  it('reads GHSA ids, CWEs, CVSS and fixes of current npm', () => {
    const report = parse('defectdojo_npm7plus_audit_many_vulns.json');
    // 6 vulnerable packages; only debug, semver and undici carry advisories
    expect(report.findings.map(f => f.package?.name)).toEqual([
      'debug',
      'semver',
      'undici',
    ]);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'GHSA-gxpj-cx7g-858c',
      aliases: ['GHSA-gxpj-cx7g-858c'],
      cwes: ['CWE-400'],
      severity: 'medium',
      cvssScore: 5.3,
      remediation: 'Upgrade vercel to 32.3.0 (a semver-major change).',
    });
    expect(report.findings[2]).toMatchObject({
      severity: 'low',
      cwes: ['CWE-200'],
    });
  });

  it('reads legacy npm 6 advisories', () => {
    const report = parse('defectdojo_npm6_legacy_audit_many_vuln.json');
    expect(report.findings).toHaveLength(5);
    expect(
      report.findings.find(f => f.package?.name === 'negotiator'),
    ).toMatchObject({
      ruleId: 'npm:106',
      aliases: ['CVE-2016-10539'],
      cwes: ['CWE-400'],
      severity: 'high',
      package: { installedVersion: '0.5.3', purl: 'pkg:npm/negotiator@0.5.3' },
    });
    // "cwe": "CWE-" is not a CWE
    const mime = report.findings.find(f => f.package?.name === 'mime');
    expect(mime).toMatchObject({
      cwes: [],
      severity: 'medium',
      remediation: 'Update to version 2.0.3 or later.',
    });
  });
});
