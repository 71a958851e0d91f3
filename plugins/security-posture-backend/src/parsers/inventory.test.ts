import { InventoryPackage } from '@golden-path/plugin-security-posture-common';
import { parseReport } from './parseReport';
import { readFixture } from './testFixtures';

/** The fixture parsed through the single entry point (detection, limits, validation). */
function parse(folder: string, file: string) {
  return parseReport(readFixture(folder, file));
}

function byName(packages: InventoryPackage[] | undefined) {
  return new Map((packages ?? []).map(p => [p.name, p]));
}

describe('inventory of SBOMs and scanners’ package lists', () => {
  it('reads an SPDX 2.3 document of npm sbom: packages, licences, direct and dev scope', () => {
    const report = parse('spdx', 'npm-cli-11.19.1_sbom-demo-service.spdx.json');
    expect(report.format).toBe('spdx');
    expect(report.tools).toEqual([{ name: 'npm/cli', version: '11.19.1' }]);
    expect(report.findings).toEqual([]);
    // 7 packages, the described one (the service itself) is not its own dependency
    expect(report.packages).toHaveLength(6);
    const packages = byName(report.packages);
    expect(packages.get('argparse')).toEqual({
      tool: 'npm/cli',
      purl: 'pkg:npm/argparse@2.0.1',
      name: 'argparse',
      version: '2.0.1',
      licenses: ['Python-2.0'],
      direct: true,
      path: 'node_modules/argparse',
    });
    // debug depends on ms: transitive
    expect(packages.get('ms')).toMatchObject({
      direct: false,
      version: '2.0.0',
    });
    expect(packages.get('ms')!.scope).toBeUndefined();
    // a dev dependency, and what only it brings in
    expect(packages.get('mkdirp')).toMatchObject({
      direct: true,
      scope: 'dev',
    });
    expect(packages.get('minimist')).toMatchObject({
      direct: false,
      scope: 'dev',
      version: '1.2.8',
      licenses: ['MIT'],
    });
    expect(
      [...packages.values()]
        .filter(p => p.direct)
        .map(p => p.name)
        .sort(),
    ).toEqual(['argparse', 'debug', 'lodash', 'mkdirp']);
  });

  it('reads a CycloneDX 1.6 BOM with a vulnerability: its finding as before plus 12 packages, direct from the root through the lock file', () => {
    const report = parse(
      'cyclonedx',
      'trivy_npm-cyclonedx-1.6_with-vulnerabilities.cdx.json',
    );
    expect(report.findings).toHaveLength(1);
    expect(report.packages).toHaveLength(12);
    const packages = byName(report.packages);
    expect(packages.get('jquery')).toEqual({
      tool: 'trivy',
      purl: 'pkg:npm/jquery@3.3.9',
      name: 'jquery',
      version: '3.3.9',
      licenses: ['MIT'],
      direct: true,
      path: 'package-lock.json',
    });
    expect(
      [...packages.values()]
        .filter(p => p.direct)
        .map(p => p.name)
        .sort(),
    ).toEqual(['jquery', 'promise', 'react', 'redux']);
    expect(packages.get('asap')).toMatchObject({
      direct: false,
      path: 'package-lock.json',
      licenses: [],
    });
  });

  it('reads a CycloneDX 1.5 image BOM: 101 OS packages with their licence names', () => {
    const report = parse(
      'cyclonedx',
      'defectdojo_trivy-0.48.1_cyclonedx-1.5_issue_9277.cdx.json',
    );
    expect(report.packages).toHaveLength(101);
    const libssl = byName(report.packages).get('ubuntu/libssl3');
    expect(libssl).toMatchObject({
      purl: 'pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.12?arch=amd64&distro=ubuntu-22.04',
      version: '3.0.2-0ubuntu1.12',
      licenses: ['Apache-2.0', 'Artistic', 'GPL-1.0'],
      // the image layer it came in
      path: 'sha256:a1360aae5271bbbf575b4057cb4158dbdfbcae76698189b55fb1039bc0207400',
    });
  });

  it('reads a CycloneDX BOM without components as an empty inventory', () => {
    const report = parse(
      'cyclonedx',
      'bom-examples_VEX_Use-Case-1_vex.cdx.json',
    );
    expect(report.packages).toEqual([]);
  });

  it('reads Trivy’s package list (Results[].Packages) with licences, located at the lock file', () => {
    const report = parse('trivy', 'trivy_fs_npm.json');
    expect(report.packages).toHaveLength(12);
    const packages = byName(report.packages);
    expect(packages.get('react')).toEqual({
      tool: 'trivy',
      purl: 'pkg:npm/react@16.8.6',
      name: 'react',
      version: '16.8.6',
      licenses: ['MIT'],
      path: 'package-lock.json',
    });
    expect(packages.get('asap')!.licenses).toEqual([]);
  });

  it('takes the vulnerable packages of a Trivy report without a package list, and none of a secrets scan', () => {
    const image = parse('trivy', 'trivy_image_alpine-310.json');
    expect(image.findings.length).toBeGreaterThan(0);
    expect(
      image.packages!.every(p =>
        image.findings.some(f => f.package?.purl === p.purl),
      ),
    ).toBe(true);
    // a secrets scan says nothing about packages: the inventory is left as it is
    expect(parse('trivy', 'trivy_fs_secrets.json').packages).toBeUndefined();
  });

  it('reads Grype’s matched artifacts, each once, with purls as packageurl-js normalises them', () => {
    const report = parse('grype', 'defectdojo_grype_issue_9618.json');
    // 35 matches of 9 artifacts
    expect(report.findings.length).toBeGreaterThan(9);
    expect(report.packages).toHaveLength(9);
    const all = parse('grype', 'defectdojo_grype_check_all_fields.json');
    expect(all.packages).toHaveLength(5);
    // PyPI names are lower-cased by the purl specification
    expect(byName(all.packages).get('django')).toMatchObject({
      purl: 'pkg:pypi/django@3.2.9',
      version: '3.2.9',
    });
  });

  it('reads OSV-Scanner’s packages with purls of their ecosystems and the scanned lock file', () => {
    const report = parse(
      'osv-scanner',
      'defectdojo_osv-scanner_many_findings.json',
    );
    // 11 packages, one of them a git commit without a name or ecosystem (no purl)
    expect(report.packages).toHaveLength(10);
    expect(byName(report.packages).get('guzzlehttp/psr7')).toMatchObject({
      tool: 'osv-scanner',
      purl: 'pkg:composer/guzzlehttp/psr7@1.6.1',
      version: '1.6.1',
      path: '/tmpcardmarket-api/composer.lock',
    });
    const go = parse('osv-scanner', 'osv-scanner_ci_results-some.json');
    expect(go.packages).toEqual([
      {
        tool: 'osv-scanner',
        purl: 'pkg:golang/github.com/gogo/protobuf@1.3.1',
        name: 'github.com/gogo/protobuf',
        version: '1.3.1',
        licenses: [],
        path: '/path/to/different-dir/go.mod',
      },
    ]);
  });

  it('keeps no secret planted in every string of an SBOM, in any form', () => {
    const secret = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;
    const plant = (value: unknown, key = ''): unknown => {
      if (typeof value === 'string') {
        return ['spdxVersion', 'SPDXID', 'referenceType'].includes(key)
          ? value
          : `${value}${key === 'referenceLocator' ? '-' : ' '}${secret}`;
      }
      if (Array.isArray(value)) return value.map(v => plant(v, key));
      if (value && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, plant(v, k)]),
        );
      }
      return value;
    };
    const doc = plant(
      JSON.parse(
        readFixture(
          'spdx',
          'npm-cli-11.19.1_sbom-demo-service.spdx.json',
        ).toString(),
      ),
    );
    const report = parseReport(JSON.stringify(doc));
    const out = JSON.stringify(report);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).not.toContain('aB3dE5gH');
    // every purl held the secret: no package is kept, rather than a masked one
    expect(report.packages).toEqual([]);
  });

  it('refuses an SPDX document without a packages array, naming the field', () => {
    const body = JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      SPDXID: 'SPDXRef-DOCUMENT',
      packages: 'none',
    });
    expect(() => parseReport(body)).toThrow(/"packages" array/);
    expect(() => parseReport(body, { format: 'spdx' })).toThrow(
      expect.objectContaining({ statusCode: 422 }),
    );
  });
});
