import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { parseReportBody } from './safeJson';
import { detectTrivy, parseTrivy } from './trivy';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseTrivy(parseReportBody(readFixture('trivy', file)));
}

function countBy(report: ParsedReport, key: 'severity' | 'kind') {
  const counts: Record<string, number> = {};
  report.findings.forEach(f => {
    counts[f[key]] = (counts[f[key]] ?? 0) + 1;
  });
  return counts;
}

describe('parseTrivy', () => {
  it.each(fixtureFiles('trivy'))('detects %s', file => {
    expect(detectTrivy(parseReportBody(readFixture('trivy', file)))).toBe(true);
  });

  it('reads an image scan: OS packages as container findings', () => {
    const report = parse('trivy_image_alpine-310.json');
    expect(report.tools).toEqual([{ name: 'trivy', version: 'dev' }]);
    expect(report.scannedAt).toBe('2021-08-25T12:20:30.000000005Z');
    expect(report.findings).toHaveLength(4);
    expect(countBy(report, 'severity')).toEqual({ medium: 4 });
    expect(countBy(report, 'kind')).toEqual({ container: 4 });
    const libcrypto = report.findings.find(
      f => f.ruleId === 'CVE-2019-1549' && f.package?.name === 'libcrypto1.1',
    );
    expect(libcrypto).toMatchObject({
      aliases: ['CVE-2019-1549'],
      cwes: ['CWE-330'],
      cvssScore: 5.3,
      remediationUrl: 'https://avd.aquasec.com/nvd/cve-2019-1549',
      package: {
        name: 'libcrypto1.1',
        purl: 'pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2',
        installedVersion: '1.1.1c-r0',
        fixedVersion: '1.1.1d-r0',
        ecosystem: 'alpine',
      },
    });
    expect(libcrypto?.location).toBeUndefined();
  });

  it('reads language packages of a filesystem scan as sca', () => {
    const report = parse('trivy_fs_npm.json');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: 'sca',
      ruleId: 'CVE-2019-11358',
      severity: 'medium',
      cwes: ['CWE-79'],
      cvssScore: 6.1,
      location: { path: 'package-lock.json' },
      package: { purl: 'pkg:npm/jquery@3.3.9', fixedVersion: '3.4.0' },
    });
  });

  it('reads failed misconfigurations as iac with their lines', () => {
    const report = parse('trivy_config_helm_misconfigurations.json');
    expect(report.findings).toHaveLength(18);
    expect(countBy(report, 'severity')).toEqual({
      high: 3,
      medium: 4,
      low: 11,
    });
    expect(countBy(report, 'kind')).toEqual({ iac: 18 });
    const ksv1 = report.findings.find(f => f.ruleId === 'KSV-0001');
    expect(ksv1).toMatchObject({
      title: 'Can elevate its own privileges',
      location: {
        path: 'testchart.tar.gz:templates/pod.yaml',
        startLine: 19,
        endLine: 22,
      },
      remediationUrl: 'https://avd.aquasec.com/misconfig/ksv-0001',
    });
  });

  it('reads secrets without ever keeping code lines or matches', () => {
    const raw = readFixture('trivy', 'trivy_fs_secrets.json').toString();
    // The fixture's code context holds a GitHub token in clear on a line Trivy did not mask.
    expect(raw).toContain('ghp_0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const report = parse('trivy_fs_secrets.json');
    const out = JSON.stringify(report);
    expect(out).not.toContain('ghp_0123456789');
    expect(out).not.toContain('GITHUB_PAT');
    expect(
      report.findings.map(f => [f.ruleId, f.severity, f.location?.startLine]),
    ).toEqual([
      ['aws-access-key-id', 'critical', 3],
      ['mysecret', 'high', 7],
    ]);
    expect(report.findings.every(f => f.kind === 'secret')).toBe(true);
  });

  it('reads all three kinds in one report', () => {
    const report = parse(
      'defectdojo_trivy_fs_misconfigurations_and_secrets.json',
    );
    expect(report.tools).toEqual([{ name: 'trivy' }]);
    expect(report.findings).toHaveLength(5);
    expect(countBy(report, 'kind')).toEqual({ sca: 2, iac: 1, secret: 2 });
    const urllib = report.findings.filter(f => f.package?.name === 'urllib3');
    expect(urllib.map(f => [f.ruleId, f.severity])).toEqual([
      ['CVE-2021-33503', 'high'],
      ['CVE-2021-28363', 'medium'],
    ]);
    expect(report.findings.find(f => f.kind === 'iac')).toMatchObject({
      ruleId: 'DS002',
      severity: 'high',
      location: { path: 'Dockerfile' },
    });
    const secrets = report.findings.filter(f => f.kind === 'secret');
    expect(secrets.map(f => f.location)).toEqual([
      { path: 'Dockerfile', startLine: 24, endLine: 24 },
      { path: 'secret.txt', startLine: 1, endLine: 1 },
    ]);
  });

  it('falls back to the CVSS score when Trivy gives no severity', () => {
    const doc = JSON.parse(
      readFixture('trivy', 'trivy_fs_npm.json').toString(),
    );
    doc.Results[0].Vulnerabilities[0].Severity = 'UNKNOWN';
    // nvd V3Score 6.1
    expect(parseTrivy(doc).findings[0].severity).toBe('medium');
    delete doc.Results[0].Vulnerabilities[0].CVSS;
    expect(parseTrivy(doc).findings[0].severity).toBe('medium');
  });
});
