import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import {
  dependencyTrackFpfParser,
  detectDependencyTrackFpf,
  parseDependencyTrackFpf,
} from './dependencyTrack';
import { parseReport } from './parseReport';
import { ReportParserRegistry } from './registry';
import { parseReportBody } from './safeJson';
import { fixtureFiles, readFixture } from './testFixtures';

function parse(file: string): ParsedReport {
  return parseDependencyTrackFpf(
    parseReportBody(readFixture('dependency-track-fpf', file)),
  );
}

describe('parseDependencyTrackFpf', () => {
  it.each(fixtureFiles('dependency-track-fpf'))('detects %s', file => {
    expect(
      detectDependencyTrackFpf(
        parseReportBody(readFixture('dependency-track-fpf', file)),
      ),
    ).toBe(true);
  });

  it('reads an FPF 1.2 export', () => {
    const report = parse('defectdojo_dependency_track_4.10_2024_02_11.json');
    expect(report.tools).toEqual([
      { name: 'dependency-track', version: '4.10.1' },
    ]);
    expect(report.scannedAt).toBe('2024-02-03T09:59:36Z');
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      kind: 'sca',
      ruleId: 'CVE-2023-45803',
      aliases: ['CVE-2023-45803', 'GHSA-g4mx-q9vg-27p4'],
      cwes: ['CWE-200'],
      severity: 'medium',
      cvssScore: 4.2,
      package: {
        name: 'urllib3',
        purl: 'pkg:pypi/urllib3@1.26.16',
        installedVersion: '1.26.16',
        ecosystem: 'pypi',
      },
    });
    expect(report.findings[0].suppression).toBeUndefined();
  });

  it('merges a vulnerability reported under its CVE and its GHSA id', () => {
    const report = parse('defectdojo_deptrack_npm_4.14.1.json');
    // 22 findings; 15 distinct (component, alias group)
    expect(report.findings).toHaveLength(15);
    const axios = report.findings.filter(
      f => f.package?.purl === 'pkg:npm/axios@1.13.6',
    );
    const ssrf = axios.find(f => f.ruleId === 'CVE-2025-62718');
    expect(ssrf).toMatchObject({
      aliases: ['CVE-2025-62718', 'GHSA-3p68-rc4w-qgx5'],
      cwes: ['CWE-441', 'CWE-918'],
      severity: 'medium',
    });
    const brace = report.findings.filter(f => f.ruleId === 'CVE-2026-25547');
    expect(brace.map(f => f.package?.installedVersion).sort()).toEqual([
      '1.1.13',
      '2.0.3',
    ]);
    expect(brace.every(f => f.severity === 'critical')).toBe(true);
  });

  it('turns suppressed analyses into suppressions', () => {
    const doc = JSON.parse(
      readFixture(
        'dependency-track-fpf',
        'defectdojo_dependency_track_4.10_2024_02_11.json',
      ).toString(),
    );
    doc.findings[0].analysis = {
      state: 'NOT_AFFECTED',
      justification: 'CODE_NOT_REACHABLE',
      isSuppressed: true,
    };
    expect(parseDependencyTrackFpf(doc).findings[0].suppression).toEqual({
      source: 'vex',
      state: 'not_affected',
      justification: 'CODE_NOT_REACHABLE',
    });
  });

  it('is detected once registered', () => {
    const registry = new ReportParserRegistry();
    registry.register(dependencyTrackFpfParser);
    const body = readFixture(
      'dependency-track-fpf',
      'defectdojo_deptrack_npm_4.14.1.json',
    );
    expect(parseReport(body, { registry }).format).toBe('dependency-track-fpf');
  });
});
