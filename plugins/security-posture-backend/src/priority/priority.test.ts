import { gzipSync } from 'node:zlib';
import { ExploitIntel, parseEpss, parseKev } from './ExploitIntel';
import { priorityLabel, priorityScore } from './priority';

const exposure = { tier: 3, lifecycle: 'experimental', providedApis: 0 };
const none = { kev: false, epss: null };

describe('priorityScore', () => {
  it('adds severity, exploitation and exposure, as docs/prioritisation.md says', () => {
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: none,
        exposure,
      }),
    ).toBe(30);
    // EPSS 0.5 adds 15; KEV adds 30 whatever the EPSS
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: false, epss: 0.5 },
        exposure,
      }),
    ).toBe(45);
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: true, epss: 0.01 },
        exposure,
      }),
    ).toBe(60);
    // tier 1, production, provides an API: +20
    expect(
      priorityScore({
        severity: 'high',
        suppressed: false,
        signal: { kev: true, epss: null },
        exposure: { tier: 1, lifecycle: 'production', providedApis: 2 },
      }),
    ).toBe(80);
    // capped at 100
    expect(
      priorityScore({
        severity: 'critical',
        suppressed: false,
        signal: { kev: true, epss: 1 },
        exposure: { tier: 1, lifecycle: 'production', providedApis: 1 },
      }),
    ).toBe(90);
    // not affected (VEX, scanner suppression): nothing to do here
    expect(
      priorityScore({
        severity: 'critical',
        suppressed: true,
        signal: { kev: true, epss: 1 },
        exposure,
      }),
    ).toBe(0);
    expect([70, 69, 50, 49, 30, 29, 0].map(priorityLabel)).toEqual([
      'P1',
      'P2',
      'P2',
      'P3',
      'P3',
      'P4',
      'P4',
    ]);
  });
});

describe('exploitation data', () => {
  it('loads the shipped seed: the grype fixture EPSS scores and Log4Shell on KEV', () => {
    const intel = ExploitIntel.fromFiles();
    expect(intel.sizes).toEqual({ kev: 1, epss: 15 });
    expect(intel.lookup(['GHSA-jfh8-c2jp-5v3q', 'cve-2021-44228'])).toEqual({
      kev: true,
      epss: null,
    });
    // the highest EPSS among a finding's CVEs
    expect(intel.lookup(['CVE-2021-42374', 'CVE-2022-28391'])).toEqual({
      kev: false,
      epss: 0.0719,
    });
  });

  it('names a shipped file the installed package lacks in one line, without a stack', () => {
    let error: Error | undefined;
    try {
      ExploitIntel.fromFiles({ kev: '/nonexistent/package/data/kev.json' });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('ConfigurationError');
    expect(error?.message).toBe(
      'security-posture: /nonexistent/package/data/kev.json is missing, so the installed @golden-path/plugin-security-posture-backend is incomplete (it ships data/kev.json and data/epss.csv, the exploitation data it starts from); reinstall the package',
    );
    expect(error?.stack).not.toMatch(/\n\s+at /);
  });

  it('refuses files that are not the formats it reads, naming the source', () => {
    expect(() => parseKev('{"items": []}', 'kev.json')).toThrow(
      'kev.json: no "vulnerabilities" list',
    );
    expect(() => parseKev('<html>', 'kev.json')).toThrow('kev.json: not JSON');
    expect(() => parseEpss('id,score\n', 'epss.csv')).toThrow(
      'epss.csv: the header must name the columns cve and epss',
    );
    expect(
      parseEpss(
        gzipSync('#model\ncve,epss,percentile\nCVE-2020-0001,0.5,0.9\n'),
        'x',
      ),
    ).toEqual(new Map([['CVE-2020-0001', 0.5]]));
  });
});
