import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { detectOsv, parseOsv } from './osv';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseOsv(parseReportBody(readFixture('osv-scanner', file)));
}

describe('parseOsv', () => {
  it.each(fixtureFiles('osv-scanner'))('detects %s', file => {
    expect(detectOsv(parseReportBody(readFixture('osv-scanner', file)))).toBe(
      true,
    );
  });

  it('makes one finding per package and alias group', () => {
    const report = parse('osv-scanner_ci_test-vuln-results-a.json');
    expect(report.tools).toEqual([{ name: 'osv-scanner' }]);
    expect(report.findings).toHaveLength(2);
    const [gogo, regex] = report.findings;
    expect(gogo).toMatchObject({
      kind: 'sca',
      ruleId: 'GO-2021-0053',
      aliases: ['CVE-2021-3121', 'GHSA-c3h9-896r-86jm', 'GO-2021-0053'],
      // no severity anywhere in the record: the documented fallback
      severity: 'medium',
      location: { path: '/path/to/scorecard-check-osv-e2e/go.mod' },
      package: {
        name: 'github.com/gogo/protobuf',
        installedVersion: '1.3.1',
        fixedVersion: '1.3.2',
        ecosystem: 'Go',
        purl: 'pkg:golang/github.com/gogo/protobuf@1.3.1',
      },
    });
    // GHSA-m5pq-gvj9-9vr8 and RUSTSEC-2022-0013 are one group; CVSS vector
    // AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H is 7.5 (CVE-2022-24713 on NVD)
    expect(regex).toMatchObject({
      ruleId: 'GHSA-m5pq-gvj9-9vr8',
      aliases: ['CVE-2022-24713', 'GHSA-m5pq-gvj9-9vr8', 'RUSTSEC-2022-0013'],
      severity: 'high',
      cvssScore: 7.5,
      package: { purl: 'pkg:cargo/regex@1.5.1', fixedVersion: '1.5.5' },
    });
  });

  it('reads the other OSV-Scanner outputs', () => {
    expect(parse('osv-scanner_ci_results-some.json').findings).toHaveLength(1);
    const some = parse('defectdojo_osv-scanner_some_findings.json');
    expect(some.findings).toHaveLength(1);
    expect(some.findings[0]).toMatchObject({
      ruleId: 'MAL-2023-1035',
      aliases: ['GHSA-8348-2q94-ffjx', 'MAL-2023-1035'],
      package: { name: 'flot-axis', purl: 'pkg:npm/flot-axis@0.0.0' },
    });
  });

  it('reads a large multi-ecosystem output', () => {
    const report = parse('defectdojo_osv-scanner_many_findings.json');
    // 37 groups over 6 sources
    expect(report.findings).toHaveLength(37);
    const jinja = report.findings.find(f => f.package?.name === 'jinja2');
    expect(jinja).toMatchObject({
      ruleId: 'GHSA-h5c8-rqwp-cp95',
      aliases: ['CVE-2024-22195', 'GHSA-h5c8-rqwp-cp95'],
      cwes: ['CWE-79'],
      // CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:L/I:L/A:N = 5.4
      severity: 'medium',
      cvssScore: 5.4,
      package: {
        ecosystem: 'PyPI',
        purl: 'pkg:pypi/jinja2@3.0.3',
        fixedVersion: '3.1.3',
      },
      location: { path: '/tmpgapps/requirements.txt' },
    });
    const git = report.findings.find(f => f.ruleId === 'CVE-2023-50094');
    expect(git?.package?.installedVersion).toBe(
      'f5f3c22f3ed5a6804a2a8d9ee9fa43044cfa24a6',
    );
    expect(git?.package?.purl).toBeUndefined();
  });

  it('prefers the group max_severity', () => {
    const doc = JSON.parse(
      readFixture(
        'osv-scanner',
        'osv-scanner_ci_test-vuln-results-a.json',
      ).toString(),
    );
    doc.results[0].packages[0].groups[0].max_severity = '9.8';
    expect(parseOsv(doc).findings[0]).toMatchObject({
      severity: 'critical',
      cvssScore: 9.8,
    });
  });
});
