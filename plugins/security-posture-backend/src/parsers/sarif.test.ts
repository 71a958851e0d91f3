import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { parseReportBody } from './safeJson';
import { detectSarif, parseSarif } from './sarif';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseSarif(parseReportBody(readFixture('sarif', file)));
}

function byRule(report: ParsedReport, ruleId: string) {
  return report.findings.filter(f => f.ruleId === ruleId);
}

describe('parseSarif', () => {
  it.each(fixtureFiles('sarif'))('detects and parses %s', file => {
    const doc = parseReportBody(readFixture('sarif', file));
    expect(detectSarif(doc)).toBe(true);
    const report = parseSarif(doc);
    expect(report.format).toBe('sarif');
    expect(report.tools.length).toBeGreaterThan(0);
    for (const finding of report.findings) {
      expect(finding.fingerprint).toMatch(/^[0-9a-f]{64}$/);
      expect(finding.message.length).toBeGreaterThan(0);
    }
  });

  it('reads CodeQL: rules by ruleIndex, levels from the rule, CWE tags', () => {
    const report = parse('defectdojo_codeql-2.5.4_codeQL-output.sarif');
    expect(report.tools).toEqual([{ name: 'codeql', version: '2.5.4' }]);
    // 72 results, each a distinct (rule, partialFingerprints, path).
    expect(report.findings).toHaveLength(72);
    expect(new Set(report.findings.map(f => f.fingerprint)).size).toBe(72);
    const sqli = byRule(report, 'py/sql-injection');
    expect(sqli).toHaveLength(2);
    // defaultConfiguration.level "error"; tags external/cwe/cwe-089
    expect(sqli[0].severity).toBe('high');
    expect(sqli[0].cwes).toEqual(['CWE-89']);
    expect(sqli[0].kind).toBe('sast');
    const xss = byRule(report, 'py/reflective-xss')[0];
    expect(xss.cwes).toEqual(['CWE-116', 'CWE-79']);
    // py/empty-except: level "note"; first result at good/db_init.py:39
    const emptyExcept = byRule(report, 'py/empty-except');
    expect(emptyExcept).toHaveLength(7);
    expect(emptyExcept[0].severity).toBe('low');
    expect(emptyExcept[0].location).toEqual({
      path: 'good/db_init.py',
      startLine: 39,
    });
    expect(byRule(report, 'py/unused-import')).toHaveLength(40);
  });

  it('reads Semgrep: word security-severity, fingerprints, CWE tags', () => {
    const report = parse('defectdojo_semgrep-1.69.0_issue_10191.sarif.json');
    expect(report.tools).toEqual([{ name: 'semgrep', version: '1.69.0' }]);
    expect(report.findings).toHaveLength(77);
    const cors = report.findings.find(f =>
      f.ruleId.endsWith('rule-generic-cors'),
    );
    // rule security-severity "MEDIUM", tag CWE-346
    expect(cors?.severity).toBe('medium');
    expect(cors?.cwes).toEqual(['CWE-346']);
    const first = report.findings[0];
    expect(first.location).toEqual({
      path: 'Gruntfile.js',
      startLine: 75,
      endLine: 75,
    });
  });

  it('reads Snyk Code: levels, properties.cwe, colliding fingerprints kept apart', () => {
    const report = parse('defectdojo_snykcode_issue_9270.sarif.json');
    expect(report.tools[0].name).toBe('snykcode');
    // 39 results; two share fingerprint "0" at columns 77 and 111 of one line
    expect(report.findings).toHaveLength(39);
    const counts = { high: 0, medium: 0, low: 0 } as Record<string, number>;
    report.findings.forEach(f => counts[f.severity]++);
    expect(counts).toEqual({ high: 12, medium: 24, low: 3 });
    expect(byRule(report, 'javascript/XSS')[0].cwes).toEqual(['CWE-79']);
    const passwords = report.findings.filter(
      f =>
        f.ruleId === 'javascript/NoHardcodedPasswords' &&
        f.location?.path === 'frontend/src/app/oauth/oauth.component.spec.ts' &&
        f.location.startLine === 85,
    );
    expect(passwords).toHaveLength(2);
    expect(passwords[0].fingerprint).not.toBe(passwords[1].fingerprint);
  });

  it('reads Flawfinder: CWE relationships, rule default level, pass results skipped', () => {
    const report = parse('defectdojo_flawfinder-2.0.19.sarif');
    // 54 results, one of them kind "pass"
    expect(report.findings).toHaveLength(53);
    const counts = { high: 0, medium: 0, low: 0 } as Record<string, number>;
    report.findings.forEach(f => counts[f.severity]++);
    // levels: error 1, warning 1, note 50, and FF1048 at line 29 without level (rule
    // defaultConfiguration.level "error")
    expect(counts).toEqual({ high: 2, medium: 1, low: 50 });
    const setstate = byRule(report, 'FF1048');
    expect(setstate.map(f => f.location?.startLine).sort()).toEqual([29, 75]);
    expect(setstate[0].cwes).toEqual(['CWE-327']);
    expect(setstate[0].remediationUrl).toBe(
      'https://cwe.mitre.org/data/definitions/327.html',
    );
  });

  it('merges KICS identical duplicates and reads CWE from run.taxonomies', () => {
    const report = parse('kics_E2E_CLI_079_RESULT.sarif');
    expect(report.tools[0]).toEqual({ name: 'kics', version: 'development' });
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding.kind).toBe('iac');
    expect(finding.cwes).toEqual(['CWE-22']);
    expect(finding.severity).toBe('high');
    expect(finding.title).toBe('Run Block Injection');
    expect(finding.location).toEqual({
      path: 'path/test/fixtures/test_sarif_cwe_report/run_block_injection/test/positive1.yaml',
      startLine: 10,
    });
  });

  it('reads Trivy and Grype image results as container vulnerabilities', () => {
    const trivy = parse('trivy_alpine-310.sarif');
    expect(trivy.findings).toHaveLength(4);
    const cve = byRule(trivy, 'CVE-2019-1549')[0];
    expect(cve.kind).toBe('container');
    expect(cve.severity).toBe('medium');
    expect(cve.cvssScore).toBe(5.3);
    expect(cve.aliases).toEqual(['CVE-2019-1549']);
    expect(new Set(trivy.findings.map(f => f.fingerprint)).size).toBe(4);

    const grype = parse('grype_TestSarifPresenter_image.sarif');
    const low = byRule(grype, 'CVE-1999-0001-package-1')[0];
    // level "note", but rule security-severity 8.2 wins
    expect(low.severity).toBe('high');
    expect(low.aliases).toEqual(['CVE-1999-0001']);
    expect(low.kind).toBe('container');
  });

  it('never keeps a gitleaks secret and ignores git-metadata partial fingerprints', () => {
    const doc = parseReportBody(
      readFixture('sarif', 'gitleaks_sarif_simple.sarif'),
    );
    const report = parseSarif(doc);
    expect(report.findings).toHaveLength(1);
    const [finding] = report.findings;
    expect(finding.kind).toBe('secret');
    expect(finding.severity).toBe('high');
    expect(finding.location).toEqual({
      path: 'auth.py',
      startLine: 1,
      endLine: 2,
    });
    expect(JSON.stringify(report)).not.toContain('a secret');
    // 'a secret' is 8 characters: too short to show any of it
    expect(finding.secret?.redacted).toBe('…');
    // A result whose only change is the commit author keeps its fingerprint (the author is
    // git metadata, not identity).
    const changed = JSON.parse(JSON.stringify(doc));
    changed.runs[0].results[0].partialFingerprints.author = 'Someone Else';
    expect(parseSarif(changed).findings[0].fingerprint).toBe(
      finding.fingerprint,
    );
    // A history scan meets the same secret at the same place in another commit: the same
    // secret to rotate, so the same identity (the commit is where it was seen, not what it is)
    const otherCommit = JSON.parse(JSON.stringify(doc));
    otherCommit.runs[0].results[0].partialFingerprints.commitSha =
      '1111111111111111';
    expect(parseSarif(otherCommit).findings[0].fingerprint).toBe(
      finding.fingerprint,
    );
    // another secret at that place is another finding
    const otherSecret = JSON.parse(JSON.stringify(doc));
    otherSecret.runs[0].results[0].locations[0].physicalLocation.region.snippet.text =
      'another secret value';
    expect(parseSarif(otherSecret).findings[0].fingerprint).not.toBe(
      finding.fingerprint,
    );
  });

  it('honours accepted suppressions and leaves rejected or under-review ones open', () => {
    const report = parse('sarif-tutorials_Suppressions.sarif');
    expect(report.findings).toHaveLength(9);
    // Each sample message says whether the result should be hidden. The last sample
    // (underReview + rejected, "hidden") contradicts the sixth (underReview alone,
    // "visible"); we follow the sixth: a suppression under review does not suppress.
    report.findings.slice(0, 8).forEach(f => {
      const hidden = /is hidden/.test(f.message);
      expect({
        message: f.message,
        suppressed: Boolean(f.suppression),
      }).toEqual({
        message: f.message,
        suppressed: hidden,
      });
    });
    expect(report.findings[8].suppression).toBeUndefined();
    expect(report.findings[1].suppression).toEqual({
      source: 'sarif',
      state: 'inSource:accepted',
    });
  });

  it('reads the other samples', () => {
    const eslint = parse('eslint_sarif-tutorials_simple-example.sarif');
    expect(eslint.findings[0].location).toEqual({
      path: 'C:/dev/sarif/sarif-tutorials/samples/Introduction/simple-example.js',
      startLine: 1,
    });
    expect(eslint.findings[0].severity).toBe('high');

    const scorecard = parse('scorecard_check3.sarif');
    expect(scorecard.findings.every(f => f.kind === 'repo')).toBe(true);
    // CheckNameID security-severity 7.0; startLine 0 is dropped, not kept
    expect(byRule(scorecard, 'CheckNameID')[0].severity).toBe('high');
    expect(byRule(scorecard, 'CheckNameID')[0].location).toEqual({
      path: 'bin/binary.elf',
    });

    const taxonomies = parse('sarif-tutorials_Taxonomies.sarif');
    expect(taxonomies.findings).toHaveLength(2);
    expect(taxonomies.findings.every(f => f.cwes.length === 0)).toBe(true);
  });

  it('names every tool of a multi-run log and skips passing results', () => {
    const a = JSON.parse(
      readFixture('sarif', 'trivy_alpine-310.sarif').toString(),
    );
    const b = JSON.parse(
      readFixture('sarif', 'kics_E2E_CLI_079_RESULT.sarif').toString(),
    );
    b.runs[0].results[0].kind = 'pass';
    b.runs[0].results[1].kind = 'pass';
    const report = parseSarif({ ...a, runs: [...a.runs, ...b.runs] });
    expect(report.tools.map(t => t.name)).toEqual(['trivy', 'kics']);
    expect(report.findings.filter(f => f.tool === 'kics')).toHaveLength(0);
    expect(report.findings.filter(f => f.tool === 'trivy')).toHaveLength(4);
  });

  it('marks a failed or not computed run incomplete, so nothing of it counts as fixed', () => {
    const doc = JSON.parse(
      readFixture('sarif', 'trivy_alpine-310.sarif').toString(),
    );
    doc.runs[0].invocations = [{ executionSuccessful: false }];
    const failed = parseSarif(doc);
    expect(failed.tools).toEqual([
      { name: 'trivy', version: 'dev', incomplete: true },
    ]);
    expect(failed.findings).toHaveLength(4);
    delete doc.runs[0].invocations;
    delete doc.runs[0].results;
    expect(parseSarif(doc).tools).toEqual([
      { name: 'trivy', version: 'dev', incomplete: true },
    ]);
    expect(parse('trivy_alpine-310.sarif').tools).toEqual([
      { name: 'trivy', version: 'dev' },
    ]);
  });

  it('finds rules of tool extensions through rule.toolComponent', () => {
    const doc = JSON.parse(
      readFixture(
        'sarif',
        'defectdojo_codeql-2.5.4_codeQL-output.sarif',
      ).toString(),
    );
    const run = doc.runs[0];
    // Move py/sql-injection into the third extension and point the results at it there.
    const index = run.tool.driver.rules.findIndex(
      (r: { id: string }) => r.id === 'py/sql-injection',
    );
    run.tool.extensions[2].rules = [run.tool.driver.rules[index]];
    run.tool.driver.rules[index] = { id: 'placeholder' };
    // Only the index path names the rule: no ruleId, no rule.id.
    for (const result of run.results) {
      if (result.ruleId === 'py/sql-injection') {
        delete result.ruleIndex;
        delete result.ruleId;
        result.rule = { index: 0, toolComponent: { index: 2 } };
      }
    }
    const sqli = parseSarif(doc).findings.filter(
      f => f.ruleId === 'py/sql-injection',
    );
    expect(sqli).toHaveLength(2);
    expect(sqli[0].severity).toBe('high');
    expect(sqli[0].cwes).toEqual(['CWE-89']);
    expect(sqli[0].title).toBe('SQL query built from user-controlled sources');
  });
});
