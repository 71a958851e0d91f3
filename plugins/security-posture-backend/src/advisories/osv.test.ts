import fs from 'node:fs';
import path from 'node:path';
import { matchVersion, parseOsvRecord } from './osv';

const SEED: unknown[] = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../data/advisories/osv-seed.json'),
    'utf8',
  ),
);

/** An OSV record of one package with the given ranges and versions. */
function record(
  ecosystem: string,
  name: string,
  ranges: { type: string; events: Record<string, string>[] }[],
  versions: string[] = [],
) {
  const advisory = parseOsvRecord({
    id: 'GHSA-aaaa-bbbb-cccc',
    modified: '2024-01-01T00:00:00Z',
    aliases: ['cve-2024-0001'],
    affected: [{ package: { ecosystem, name }, ranges, versions }],
  });
  if (!advisory) throw new Error('not parsed');
  return advisory;
}

describe('OSV records', () => {
  it('reads every seed record with its package as a purl, aliases, severity and fixed versions', () => {
    const advisories = SEED.map(parseOsvRecord);
    expect(
      advisories.map(a => [
        a?.id,
        a?.aliases,
        a?.severity,
        a?.affected.map(
          x => `${x.package.type}/${x.package.namespace}/${x.package.name}`,
        ),
        a?.fixedVersions,
      ]),
    ).toEqual([
      [
        'GHSA-jfh8-c2jp-5v3q',
        ['CVE-2021-44228'],
        'critical',
        Array(3).fill('maven/org.apache.logging.log4j/log4j-core'),
        ['2.12.2', '2.15.0', '2.3.1'],
      ],
      [
        'GHSA-7rjr-3q55-vv33',
        ['CVE-2021-45046'],
        'critical',
        Array(2).fill('maven/org.apache.logging.log4j/log4j-core'),
        ['2.12.2', '2.16.0'],
      ],
      [
        'GHSA-p6xc-xr62-6r2g',
        ['CVE-2021-45105'],
        'high',
        Array(3).fill('maven/org.apache.logging.log4j/log4j-core'),
        ['2.12.3', '2.17.0', '2.3.1'],
      ],
      [
        'GHSA-35jh-r3h4-6jhm',
        ['CVE-2021-23337'],
        'high',
        ['npm//lodash', 'npm//lodash-es'],
        ['4.17.21'],
      ],
      [
        'GHSA-6c3j-c64m-qhgq',
        ['CVE-2019-11358'],
        'medium',
        ['npm//jquery'],
        ['3.4.0'],
      ],
    ]);
    expect(advisories[0]?.url).toBe(
      'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
    );
  });

  it('refuses what is not an OSV record, and keeps the normalised ids', () => {
    expect(parseOsvRecord({ id: 'X-1' })).toBeUndefined();
    expect(
      parseOsvRecord({
        id: 'X-1',
        modified: '2024-01-01T00:00:00Z',
        affected: [{ package: { ecosystem: 'NoSuchEcosystem', name: 'x' } }],
      }),
    ).toBeUndefined();
    expect(record('npm', 'left-pad', []).aliases).toEqual(['CVE-2024-0001']);
  });
});

describe('matching a version with an OSV affected entry', () => {
  it('compares Maven ECOSYSTEM ranges in Maven order, with the fix of the interval that holds the version', () => {
    const [log4shell] = SEED.map(parseOsvRecord);
    const match = (v: string) =>
      log4shell!.affected
        .map(a => matchVersion(a, v))
        .find(m => m !== undefined);
    expect(match('2.13.2')).toEqual({
      range: '[2.13.0,2.15.0)',
      fixed: '2.15.0',
    });
    expect(match('2.0-beta9')).toEqual({ range: '(,2.3.1)', fixed: '2.3.1' });
    expect(match('2.12.1')).toEqual({ range: '[2.4,2.12.2)', fixed: '2.12.2' });
    expect(match('2.15.0')).toBeUndefined();
    expect(match('2.12.2')).toBeUndefined();
    expect(match('2.3.1')).toBeUndefined();
  });

  it('compares npm ranges with node-semver, prereleases included, and last_affected as an inclusive end', () => {
    const [affected] = record('npm', '@scope/pkg', [
      {
        type: 'SEMVER',
        events: [{ introduced: '1.2.0' }, { last_affected: '1.4.0' }],
      },
      {
        type: 'ECOSYSTEM',
        events: [
          { introduced: '2.0.0' },
          { fixed: '2.1.0' },
          { introduced: '3.0.0' },
        ],
      },
    ]).affected;
    expect(affected.package).toEqual({
      type: 'npm',
      namespace: '@scope',
      name: 'pkg',
    });
    expect(matchVersion(affected, '1.4.0')).toEqual({
      range: '>=1.2.0 <=1.4.0',
      fixed: null,
    });
    expect(matchVersion(affected, '1.4.1')).toBeUndefined();
    expect(matchVersion(affected, '2.1.0-rc.1')).toEqual({
      range: '>=2.0.0 <2.1.0',
      fixed: '2.1.0',
    });
    expect(matchVersion(affected, '2.1.0')).toBeUndefined();
    // introduced without an end: every later version
    expect(matchVersion(affected, '9.0.0')).toEqual({
      range: '>=3.0.0',
      fixed: null,
    });
    expect(matchVersion(affected, 'not-a-version')).toBeUndefined();
  });

  it('compares PyPI ranges in PEP 440 order (a pre-release of the fixed version is affected) and Go module versions with or without the v', () => {
    const [pypi] = record('PyPI', 'Requests', [
      { type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '2.31.0' }] },
    ]).affected;
    expect(pypi.package.name).toBe('requests');
    expect(matchVersion(pypi, '2.31.0rc1')).toEqual({
      range: '<2.31.0',
      fixed: '2.31.0',
    });
    expect(matchVersion(pypi, '2.31.0')).toBeUndefined();
    const [go] = record('Go', 'golang.org/x/net', [
      { type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.17.0' }] },
    ]).affected;
    expect(go.package).toEqual({
      type: 'golang',
      namespace: 'golang.org/x',
      name: 'net',
    });
    expect(matchVersion(go, 'v0.16.0')).toEqual({
      range: '<0.17.0',
      fixed: '0.17.0',
    });
    expect(matchVersion(go, '0.17.0')).toBeUndefined();
  });

  it('matches a listed version by equality, and does not compare GIT ranges', () => {
    const [affected] = record(
      'crates.io',
      'smallvec',
      [{ type: 'GIT', events: [{ introduced: '0' }, { fixed: 'abc123' }] }],
      ['1.6.0'],
    ).affected;
    expect(matchVersion(affected, '1.6.0')).toEqual({
      range: 'versions',
      fixed: null,
    });
    expect(matchVersion(affected, '1.6.1')).toBeUndefined();
  });
});
