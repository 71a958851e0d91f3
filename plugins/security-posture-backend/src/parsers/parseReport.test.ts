import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { ReportParser } from '@golden-path/plugin-security-posture-node';
import { ReportInputError } from './errors';
import { parseReport } from './parseReport';
import { ReportParserRegistry, detectFormat } from './registry';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

const FOLDERS = [
  'sarif',
  'trivy',
  'gitleaks',
  'grype',
  'osv-scanner',
  'cyclonedx',
  'scorecard',
  'npm-audit',
] as const;

const everyFixture = FOLDERS.flatMap(folder =>
  fixtureFiles(folder).map(file => [folder, file] as const),
);

function refusal(run: () => unknown): ReportInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof ReportInputError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a ReportInputError');
}

describe('parseReport', () => {
  it.each(everyFixture)(
    'detects %s/%s by its shape and parses it',
    (folder, file) => {
      const body = readFixture(folder, file);
      expect(detectFormat(parseReportBody(body))).toBe(folder);
      const report = parseReport(body);
      expect(report.format).toBe(folder);
    },
  );

  it('detects no built-in format in Dependency-Track FPF', () => {
    for (const file of fixtureFiles('dependency-track-fpf')) {
      const body = readFixture('dependency-track-fpf', file);
      expect(detectFormat(parseReportBody(body))).toBeUndefined();
      const error = refusal(() => parseReport(body));
      expect(error.statusCode).toBe(422);
      expect(error.message).toMatch(
        /^Could not detect the report format; name it with format=/,
      );
    }
  });

  it('lets format= override detection, and refuses a document of another format', () => {
    const body = readFixture('gitleaks', 'gitleaks_empty.json');
    expect(parseReport(body, { format: 'gitleaks' }).tools).toEqual([
      { name: 'gitleaks' },
    ]);
    const sarif = readFixture('sarif', 'kics_E2E_CLI_079_RESULT.sarif');
    const error = refusal(() => parseReport(sarif, { format: 'trivy' }));
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      'Trivy report must have SchemaVersion and Results',
    );
  });

  it('refuses an unknown format= with 422, listing the known ones', () => {
    const error = refusal(() =>
      parseReport(readFixture('sarif', 'trivy_alpine-310.sarif'), {
        format: 'nessus',
      }),
    );
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe(
      'Unknown report format "nessus"; known formats: sarif, trivy, grype, osv-scanner, cyclonedx, scorecard, npm-audit, gitleaks, spdx',
    );
  });

  it('passes the body limits on', () => {
    const body = readFixture('sarif', 'trivy_alpine-310.sarif');
    expect(
      refusal(() => parseReport(body, { limits: { maxBytes: 100 } }))
        .statusCode,
    ).toBe(413);
  });

  it('drops negative and absurd line numbers but keeps the finding', () => {
    const doc = JSON.parse(
      readFixture('sarif', 'kics_E2E_CLI_079_RESULT.sarif').toString(),
    );
    doc.runs[0].results[0].locations[0].physicalLocation.region.startLine = -3;
    doc.runs[0].results[1].locations[0].physicalLocation.region.startLine = 1e12;
    const report = parseReport(JSON.stringify(doc));
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0].location).toEqual({
      path: 'path/test/fixtures/test_sarif_cwe_report/run_block_injection/test/positive1.yaml',
    });
  });

  it('drops remediation URLs that are not http(s)', () => {
    const doc = JSON.parse(
      readFixture('sarif', 'defectdojo_flawfinder-2.0.19.sarif').toString(),
    );
    for (const rule of doc.runs[0].tool.driver.rules) {
      rule.helpUri = ['javascript', 'alert(1)'].join(':');
    }
    const report = parseReport(JSON.stringify(doc));
    expect(report.findings.every(f => f.remediationUrl === undefined)).toBe(
      true,
    );
  });

  it('uses parsers added to a registry, after the built-ins', () => {
    const custom: ReportParser = {
      format: 'my-scanner',
      detect: doc =>
        typeof doc === 'object' && doc !== null && 'myScanner' in doc,
      parse: (): ParsedReport => ({
        format: 'my-scanner',
        tools: [{ name: 'my-scanner' }],
        findings: [],
        checks: [],
      }),
    };
    const registry = new ReportParserRegistry();
    registry.register(custom);
    expect(parseReport('{"myScanner": true}', { registry }).format).toBe(
      'my-scanner',
    );
    expect(() => registry.register(custom)).toThrow(/already registered/);
    expect(() => registry.register({ ...custom, format: 'Bad Name' })).toThrow(
      /Invalid/,
    );
  });

  it('validates what an added parser produces', () => {
    const registry = new ReportParserRegistry([
      {
        format: 'broken',
        detect: () => true,
        parse: () => ({
          format: 'broken',
          tools: [{ name: 'broken' }],
          findings: [
            {
              fingerprint: 'x',
              tool: 'broken',
              kind: 'sast',
              ruleId: 'r1',
              title: 't',
              severity: 'severe' as never,
              aliases: [],
              cwes: [],
              message: 'm',
            },
          ],
          checks: [],
        }),
      },
    ]);
    const error = refusal(() => parseReport('{}', { registry }));
    expect(error.statusCode).toBe(422);
    expect(error.message).toBe('Finding 0 (r1) has unknown severity "severe"');
  });

  it('parses a 100,000-result SARIF log end to end (speed is measured in test/bench)', () => {
    const results = Array.from({ length: 100_000 }, (_, i) => ({
      ruleId: `rule-${i % 50}`,
      message: { text: `Finding number ${i}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: `src/file-${i % 1000}.ts` },
            region: { startLine: (i % 500) + 1 },
          },
        },
      ],
    }));
    const body = JSON.stringify({
      version: '2.1.0',
      runs: [
        {
          tool: { driver: { name: 'Gen', rules: [{ id: 'rule-1' }] } },
          results,
        },
      ],
    });
    const report = parseReport(body);
    expect(report.findings).toHaveLength(100_000);
  });
});
