import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { detectCycloneDx, parseCycloneDx } from './cyclonedx';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseCycloneDx(parseReportBody(readFixture('cyclonedx', file)));
}

describe('parseCycloneDx', () => {
  it.each(fixtureFiles('cyclonedx'))('detects %s', file => {
    expect(
      detectCycloneDx(parseReportBody(readFixture('cyclonedx', file))),
    ).toBe(true);
  });

  it('turns a not_affected VEX analysis into a suppression', () => {
    const report = parse('bom-examples_VEX_Use-Case-1_vex.cdx.json');
    expect(report.tools).toEqual([{ name: 'cyclonedx' }]);
    expect(report.scannedAt).toBe('2022-01-13T00:00:00Z');
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      ruleId: 'CVE-2020-25649',
      aliases: ['CVE-2020-25649'],
      // ratings: NVD high 7.5, Acme none 0 — the most severe wins
      severity: 'high',
      cvssScore: 7.5,
      // affects "acme-product", the bom-ref of metadata.component
      package: { name: 'Acme Product', installedVersion: '2.4.0' },
      remediationUrl: 'https://nvd.nist.gov/vuln/detail/CVE-2020-25649',
    });
    expect(finding.suppression?.source).toBe('vex');
    expect(finding.suppression?.state).toBe('not_affected');
    expect(finding.suppression?.justification).toMatch(/^code_not_reachable: /);
  });

  it('reads a list of not-affected statements', () => {
    const report = parse('bom-examples_VEX_CISA-Case-2_vex.cdx.json');
    expect(report.findings).toHaveLength(19);
    expect(
      report.findings.every(f => f.suppression?.state === 'not_affected'),
    ).toBe(true);
    // every rating is severity "none", score 0
    expect(report.findings.every(f => f.severity === 'info')).toBe(true);
  });

  it.each([
    'cyclonedx-spec_valid-vulnerability-1.5.cdx.json',
    'cyclonedx-spec_valid-vulnerability-1.6.cdx.json',
  ])('reads every vulnerability field of %s', file => {
    const report = parse(file);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111',
      aliases: ['CVE-2018-7489', 'SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111'],
      cwes: ['CWE-184', 'CWE-502'],
      severity: 'critical',
      cvssScore: 9.8,
      package: {
        name: 'com.fasterxml.jackson.core/jackson-databind',
        installedVersion: '2.9.4',
        purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4',
      },
      suppression: { source: 'vex', state: 'not_affected' },
    });
    expect(report.findings[0].remediation).toMatch(/^Upgrade com\.fasterxml/);
  });

  it('reads Grype 1.4 BOMs: tools array, in_triage stays open', () => {
    const report = parse(
      'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
    );
    expect(report.tools).toEqual([{ name: 'grype', version: '0.41.0' }]);
    expect(report.findings).toHaveLength(8);
    expect(
      report.findings.every(f => f.tool === 'grype' && !f.suppression),
    ).toBe(true);
    expect(
      report.findings.find(f => f.ruleId === 'CVE-2021-44228'),
    ).toMatchObject({
      severity: 'critical',
      cvssScore: 10,
      // the component (no group) found through its bom-ref
      package: {
        name: 'log4j-core',
        installedVersion: '2.13.2',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
      },
    });
  });

  it('reads Trivy 1.5 image BOMs: one finding per affected component', () => {
    const report = parse(
      'defectdojo_trivy-0.48.1_cyclonedx-1.5_issue_9277.cdx.json',
    );
    expect(report.tools).toEqual([{ name: 'trivy', version: '0.48.1' }]);
    // 10 vulnerabilities affecting 14 components in all
    expect(report.findings).toHaveLength(14);
    expect(report.findings.every(f => f.kind === 'container')).toBe(true);
    const coreutils = report.findings.find(f => f.ruleId === 'CVE-2016-2781');
    expect(coreutils).toMatchObject({ severity: 'medium', cwes: ['CWE-20'] });
    expect(
      report.findings.filter(f => f.ruleId === 'CVE-2022-27943'),
    ).toHaveLength(3);
  });

  it('reads Trivy 1.6 BOMs: metadata.tools.components', () => {
    const report = parse(
      'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
    );
    expect(report.tools).toEqual([{ name: 'trivy', version: 'dev' }]);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: 'CVE-2019-11358',
      kind: 'sca',
      severity: 'medium',
      cwes: ['CWE-79'],
      remediation: 'Upgrade jquery to version 3.4.0',
      package: { purl: 'pkg:npm/jquery@3.3.9' },
    });
  });
});
