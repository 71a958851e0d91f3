import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { detectGitleaks, parseGitleaks } from './gitleaks';
import { parseReportBody } from './safeJson';
import { readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseGitleaks(parseReportBody(readFixture('gitleaks', file)));
}

describe('parseGitleaks', () => {
  it('reads the current v8 fields and keeps no secret, match or commit message', () => {
    const report = parse('gitleaks_json_simple.json');
    expect(
      detectGitleaks(
        parseReportBody(readFixture('gitleaks', 'gitleaks_json_simple.json')),
      ),
    ).toBe(true);
    expect(report.tools).toEqual([{ name: 'gitleaks' }]);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding).toMatchObject({
      kind: 'secret',
      ruleId: 'test-rule',
      severity: 'high',
      location: { path: 'auth.py', startLine: 1, endLine: 2 },
      secret: { redacted: '…' },
    });
    const out = JSON.stringify(report);
    expect(out).not.toContain('a secret');
    expect(out).not.toContain('line containing secret');
    expect(out).not.toContain('opps');
  });

  it('reads an empty report as zero findings of gitleaks', () => {
    const report = parse('gitleaks_empty.json');
    expect(report.findings).toEqual([]);
    expect(report.tools).toEqual([{ name: 'gitleaks' }]);
  });

  it('reads early v8 leaks with redacted secrets and distinct commits', () => {
    const report = parse('defectdojo_gitleaks8_many.json');
    expect(report.findings).toHaveLength(4);
    const out = JSON.stringify(report);
    for (const secret of [
      'secretAWSsecret',
      'dfjksdjfs3294dfjlsdaf213',
      'consetetur',
    ]) {
      expect(out).not.toContain(secret);
    }
    const apiKey = report.findings.find(f => f.ruleId === 'generic-api-key');
    expect(apiKey?.secret?.redacted).toBe('dfjk…');
    expect(apiKey?.location).toEqual({
      path: 'tests/api.py',
      startLine: 21,
      endLine: 21,
    });
    const aws = report.findings.filter(f => f.ruleId === 'aws-access-token');
    expect(aws).toHaveLength(2);
    expect(aws[0].fingerprint).not.toBe(aws[1].fingerprint);
    expect(aws[0].location?.path).toBe('/conf/aws.tf');
  });

  it('reads legacy v7 leaks', () => {
    const report = parse('defectdojo_gitleaks_v7.5.0_legacy.json');
    expect(
      detectGitleaks(
        parseReportBody(
          readFixture('gitleaks', 'defectdojo_gitleaks_v7.5.0_legacy.json'),
        ),
      ),
    ).toBe(true);
    // 8 leaks, each a distinct (commit, file, rule, line)
    expect(report.findings).toHaveLength(8);
    const out = JSON.stringify(report);
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).not.toContain('BEGIN OPENSSH PRIVATE KEY');
    expect(report.findings[0]).toMatchObject({
      ruleId: 'AWS Access Key',
      severity: 'high',
      location: {
        path: 'dojo/unittests/scans/gitlab_secret_detection_report/gitlab_secret_detection_report_1_vuln.json',
        startLine: 13,
      },
      secret: { redacted: 'AKIA…' },
    });
  });

  it('keeps gitleaks own fingerprint, with the hash of the secret, as identity when present', () => {
    const doc = JSON.parse(
      readFixture('gitleaks', 'gitleaks_json_simple.json').toString(),
    );
    doc[0].Fingerprint = '0000000000000000:auth.py:test-rule:1';
    const a = parseGitleaks(doc).findings[0].fingerprint;
    // gitleaks' fingerprint wins over the fields it is made of
    doc[0].StartLine = 7;
    doc[0].Commit = '1111111111111111';
    expect(parseGitleaks(doc).findings[0].fingerprint).toBe(a);
    // another secret at the same place is another finding
    doc[0].Secret = 'another value';
    expect(parseGitleaks(doc).findings[0].fingerprint).not.toBe(a);
  });
});
