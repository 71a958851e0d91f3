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

  it('reads legacy v7 leaks, one finding per secret and place over the history', () => {
    const report = parse('defectdojo_gitleaks_v7.5.0_legacy.json');
    expect(
      detectGitleaks(
        parseReportBody(
          readFixture('gitleaks', 'defectdojo_gitleaks_v7.5.0_legacy.json'),
        ),
      ),
    ).toBe(true);
    // 8 leaks: 4 secrets at 4 places (file, line, rule), each seen in the same 2 commits
    expect(report.findings).toHaveLength(4);
    expect(new Set(report.findings.map(f => f.fingerprint)).size).toBe(4);
    const out = JSON.stringify(report);
    expect(out).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(out).not.toContain('BEGIN OPENSSH PRIVATE KEY');
    const scans = 'dojo/unittests/scans/gitlab_secret_detection_report/';
    expect(
      report.findings.map(f => [f.ruleId, f.location, f.secret?.redacted]),
    ).toEqual([
      [
        'AWS Access Key',
        {
          path: `${scans}gitlab_secret_detection_report_1_vuln.json`,
          startLine: 13,
        },
        'AKIA…',
      ],
      [
        'Asymmetric Private Key',
        {
          path: `${scans}gitlab_secret_detection_report_3_vuln.json`,
          startLine: 13,
        },
        expect.any(String),
      ],
      [
        'AWS Access Key',
        {
          path: `${scans}gitlab_secret_detection_report_3_vuln.json`,
          startLine: 44,
        },
        'AKIA…',
      ],
      [
        'AWS Access Key',
        {
          path: 'dojo/unittests/tools/test_gitlab_secret_detection_report_parser.py',
          startLine: 37,
        },
        'AKIA…',
      ],
    ]);
    // the commits it was seen in are kept, in report order
    for (const finding of report.findings) {
      expect(finding.severity).toBe('high');
      expect(finding.message).toContain(
        'in 2 commits: 6d1279809668, 8bbcdfd743c5',
      );
    }
  });

  it('keeps a secret seen in one commit with that commit', () => {
    const report = parse('gitleaks_json_simple.json');
    expect(report.findings[0].message).toContain('of commit 000000000000');
  });

  it('identifies a leak by its place, rule and secret hash, never by its commit', () => {
    const doc = JSON.parse(
      readFixture('gitleaks', 'gitleaks_json_simple.json').toString(),
    );
    doc[0].Fingerprint = '0000000000000000:auth.py:test-rule:1';
    const a = parseGitleaks(doc).findings[0].fingerprint;
    // another commit (and so another gitleaks Fingerprint) is the same finding
    doc[0].Commit = '1111111111111111';
    doc[0].Fingerprint = '1111111111111111:auth.py:test-rule:1';
    expect(parseGitleaks(doc).findings[0].fingerprint).toBe(a);
    // another place is another finding
    doc[0].StartColumn = 7;
    const b = parseGitleaks(doc).findings[0].fingerprint;
    expect(b).not.toBe(a);
    // another secret at the same place is another finding
    doc[0].Secret = 'another value';
    expect(parseGitleaks(doc).findings[0].fingerprint).not.toBe(b);
  });

  it('merges the leaks of one secret at one place across commits', () => {
    const doc = JSON.parse(
      readFixture('gitleaks', 'gitleaks_json_simple.json').toString(),
    );
    const commits = Array.from({ length: 12 }, (_, i) =>
      i.toString(16).repeat(40),
    );
    const leaks = commits.map(Commit => ({
      ...doc[0],
      Commit,
      Fingerprint: `${Commit}:auth.py:test-rule:1`,
    }));
    // a merge commit reports the first one again
    leaks.push({ ...leaks[0] });
    const report = parseGitleaks(leaks);
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].message).toBe(
      `test-rule secret found in auth.py at line 1 in 12 commits: ${commits
        .slice(0, 10)
        .map(c => c.slice(0, 12))
        .join(', ')} and 2 more.`,
    );
    expect(JSON.stringify(report)).not.toContain('a secret');
  });
});
