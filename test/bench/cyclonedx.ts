import { randomUUID } from 'node:crypto';
import { sbomHeadPackages } from './inventoryFleet';

/** The purl of a package (namespace segments percent-encoded, as packageurl-js writes them). */
function purlOf(p: {
  type: string;
  namespace: string;
  name: string;
  version: string;
}): string {
  const ns = p.namespace
    ? `${p.namespace
        .split('/')
        .map(s => encodeURIComponent(s))
        .join('/')}/`
    : '';
  return `pkg:${p.type}/${ns}${encodeURIComponent(p.name)}@${encodeURIComponent(
    p.version,
  )}`;
}

/**
 * A CycloneDX 1.5 JSON SBOM of an application as Syft writes one: `packages` library components
 * (the fleet's head packages first, then long-tail `lib-*` packages of this SBOM's own), each
 * with a purl, a version, an SPDX licence, a scope and the lock file it was found in, and the
 * dependency graph (the application depends directly on the first 40). `serialNumber` and the
 * timestamp are new in every call unless given: a CI run regenerates both.
 */
export function generateCycloneDx(options: {
  application: string;
  packages: number;
  /** Selects this SBOM's tail packages (different SBOMs share the head ones). */
  seed: number;
  serialNumber?: string;
  timestamp?: string;
}): Buffer {
  const head = sbomHeadPackages().slice(0, options.packages);
  const tail = Array.from(
    { length: Math.max(0, options.packages - head.length) },
    (_, i) => ({
      type: 'npm',
      namespace: '',
      name: `lib-${options.seed * 100_000 + i}`,
      version: `1.${i % 7}.${i % 3}`,
      license: ['MIT', 'Apache-2.0', 'ISC', 'BSD-3-Clause'][i % 4],
    }),
  );
  const packages = [...head, ...tail];
  const components = packages.map(p => {
    const purl = purlOf(p);
    return {
      'bom-ref': purl,
      type: 'library',
      ...(p.namespace && p.type !== 'golang' ? { group: p.namespace } : {}),
      name: p.type === 'golang' ? `${p.namespace}/${p.name}` : p.name,
      version: p.version,
      licenses: [{ license: { id: p.license } }],
      purl,
      scope: 'required',
      evidence: {
        occurrences: [
          {
            location:
              p.type === 'maven'
                ? 'pom.xml'
                : p.type === 'pypi'
                ? 'requirements.txt'
                : p.type === 'golang'
                ? 'go.mod'
                : 'package-lock.json',
          },
        ],
      },
    };
  });
  const root = `pkg:generic/${options.application}@1.0.0`;
  const refs = components.map(c => c['bom-ref']);
  const doc = {
    $schema: 'http://cyclonedx.org/schema/bom-1.5.schema.json',
    bomFormat: 'CycloneDX',
    specVersion: '1.5',
    serialNumber: options.serialNumber ?? `urn:uuid:${randomUUID()}`,
    version: 1,
    metadata: {
      timestamp: options.timestamp ?? new Date().toISOString(),
      tools: {
        components: [
          {
            type: 'application',
            author: 'anchore',
            name: 'syft',
            version: '1.18.1',
          },
        ],
      },
      component: {
        'bom-ref': root,
        type: 'application',
        name: options.application,
        version: '1.0.0',
      },
    },
    components,
    dependencies: [
      { ref: root, dependsOn: refs.slice(0, 40) },
      ...refs.slice(0, 40).map((ref, i) => ({
        ref,
        dependsOn: refs.slice(40 + i * 20, 60 + i * 20),
      })),
    ],
  };
  return Buffer.from(JSON.stringify(doc));
}
