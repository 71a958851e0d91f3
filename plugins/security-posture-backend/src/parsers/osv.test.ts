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

  it('advises the version that fixes every advisory of an alias group', () => {
    const report = parse('defectdojo_osv-scanner_many_findings.json');
    // guzzlehttp/psr7 1.6.1 in composer.lock: one group of two distinct advisories,
    // GHSA-q7rv-6hp3-vh96 (fixed in 1.8.4 and 2.1.1) and GHSA-wxmh-65f7-jcvw (fixed in
    // 1.9.1 and 2.4.5). 1.8.4 is still vulnerable to the second one.
    const psr7 = report.findings.filter(
      f => f.package?.name === 'guzzlehttp/psr7',
    );
    expect(psr7).toHaveLength(1);
    expect(psr7[0]).toMatchObject({
      ruleId: 'GHSA-q7rv-6hp3-vh96',
      aliases: [
        'BIT-drupal-2022-24775',
        'CVE-2022-24775',
        'CVE-2023-29197',
        'CVE-2023-29530',
        'GHSA-q7rv-6hp3-vh96',
        'GHSA-wxmh-65f7-jcvw',
        'GHSA-xv3h-4844-9h36',
      ],
      package: {
        ecosystem: 'Packagist',
        installedVersion: '1.6.1',
        fixedVersion: '1.9.1',
      },
      remediation: 'Upgrade guzzlehttp/psr7 to 1.9.1.',
    });
    // groups whose advisories share their fixes keep them (urllib3 1.26.17: GHSA and PYSEC
    // both fixed in 1.26.18, the PYSEC's GIT range is not a version)
    expect(
      report.findings.find(f => f.package?.name === 'urllib3')?.package
        ?.fixedVersion,
    ).toBe('1.26.18');
  });

  /** The real report, and its guzzlehttp/psr7 advisories by id, to edit for one case. */
  function psr7Advisories() {
    const doc = JSON.parse(
      readFixture(
        'osv-scanner',
        'defectdojo_osv-scanner_many_findings.json',
      ).toString(),
    );
    const pkg = doc.results
      .flatMap((r: any) => r.packages)
      .find((p: any) => p.package.name === 'guzzlehttp/psr7');
    const byId = (id: string) =>
      pkg.vulnerabilities.find((v: any) => v.id === id);
    const psr7 = () =>
      parseOsv(doc).findings.find(f => f.package?.name === 'guzzlehttp/psr7');
    return { byId, psr7 };
  }

  it('gives no fixed version when an advisory of the group has none', () => {
    const { byId, psr7 } = psr7Advisories();
    for (const affected of byId('GHSA-wxmh-65f7-jcvw').affected) {
      affected.ranges = [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }];
    }
    expect(psr7()?.package?.fixedVersion).toBeUndefined();
    expect(psr7()?.remediation).toBeUndefined();
  });

  it('orders SemVer ecosystems by SemVer precedence', () => {
    const { byId, psr7 } = psr7Advisories();
    // a pre-release comes before its release: 1.9.1 fixes both, not 1.9.1-rc1
    byId('GHSA-wxmh-65f7-jcvw').affected[0].ranges[0].events = [
      { introduced: '0' },
      { fixed: '1.9.1-rc1' },
    ];
    byId('GHSA-q7rv-6hp3-vh96').affected[0].ranges[0].events.splice(1, 1, {
      fixed: '1.9.1',
    });
    expect(psr7()?.package?.fixedVersion).toBe('1.9.1');
  });
});
