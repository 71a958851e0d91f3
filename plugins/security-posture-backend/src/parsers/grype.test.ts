import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { detectGrype, parseGrype } from './grype';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseGrype(parseReportBody(readFixture('grype', file)));
}

function severities(report: ParsedReport) {
  const counts: Record<string, number> = {};
  report.findings.forEach(f => {
    counts[f.severity] = (counts[f.severity] ?? 0) + 1;
  });
  return counts;
}

describe('parseGrype', () => {
  it.each(fixtureFiles('grype'))('detects %s', file => {
    expect(detectGrype(parseReportBody(readFixture('grype', file)))).toBe(true);
  });

  it('reads the current schema', () => {
    const report = parse('grype_TestJsonImgsPresenter.json');
    expect(report.tools).toEqual([{ name: 'grype' }]);
    expect(report.findings).toHaveLength(2);
    const low = report.findings.find(f => f.ruleId === 'CVE-1999-0001');
    // Grype's own severity (Low) wins over its CVSS 8.2
    expect(low).toMatchObject({
      kind: 'container',
      severity: 'low',
      cvssScore: 8.2,
      aliases: ['CVE-1999-0001'],
      package: {
        name: 'package-1',
        installedVersion: '1.1.1',
        fixedVersion: '1.2.1',
      },
      location: { path: '/foo/bar/somefile-1.txt' },
    });
  });

  it('maps Negligible to info, merges duplicate matches, takes aliases from related', () => {
    const report = parse('defectdojo_grype_check_all_fields.json');
    expect(report.tools).toEqual([{ name: 'grype', version: '0.28.0' }]);
    // 6 matches; the two GHSA-v6rh-hp5x-86rv matches are the same package and version
    expect(report.findings).toHaveLength(5);
    expect(severities(report)).toEqual({ critical: 2, high: 2, info: 1 });
    const django = report.findings.find(
      f => f.ruleId === 'GHSA-v6rh-hp5x-86rv',
    );
    expect(django).toMatchObject({
      aliases: ['CVE-2021-44420', 'GHSA-v6rh-hp5x-86rv'],
      package: { purl: 'pkg:pypi/Django@3.2.9', fixedVersion: '3.2.10' },
    });
    // fix.state "wont-fix": no fixed version even though versions are listed
    const redis = report.findings.find(f => f.ruleId === 'CVE-2021-32626');
    expect(redis?.package?.fixedVersion).toBeUndefined();
  });

  it('falls back to related CVSS when a match has no severity', () => {
    const report = parse('defectdojo_grype_issue_9618.json');
    expect(report.findings).toHaveLength(35);
    const noSeverity = report.findings.find(f => f.ruleId === 'CVE-2024-26308');
    // no vulnerability.severity; the related NVD record scores 7.5
    expect(noSeverity?.severity).toBe('high');
    expect(noSeverity?.cvssScore).toBe(7.5);
    expect(severities(report)).toEqual({
      critical: 1,
      high: 19,
      medium: 13,
      low: 2,
    });
  });

  it('reads a grype 0.94 image scan', () => {
    const report = parse('defectdojo_grype_many_vulns_with_epss_values.json');
    expect(report.findings).toHaveLength(15);
    expect(severities(report)).toEqual({
      critical: 1,
      high: 10,
      medium: 2,
      low: 2,
    });
    expect(report.findings.every(f => f.kind === 'container')).toBe(true);
  });

  it('reads matches of a directory scan as sca', () => {
    const doc = JSON.parse(
      readFixture('grype', 'grype_TestJsonImgsPresenter.json').toString(),
    );
    doc.source.type = 'directory';
    expect(parseGrype(doc).findings.every(f => f.kind === 'sca')).toBe(true);
  });
});
