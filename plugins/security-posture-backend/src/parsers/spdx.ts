import { ParsedReport } from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { inventoryPackage, uniquePackages } from './inventory';
import { redactReport } from './redact';
import { JsonObject, arr, isObject, obj, objects, str, toolName } from './util';

/** Whether a document looks like an SPDX 2.x JSON document. */
export function detectSpdx(doc: unknown): boolean {
  return (
    isObject(doc) &&
    /^SPDX-2\./.test(str(doc.spdxVersion) ?? '') &&
    typeof doc.SPDXID === 'string'
  );
}

/** Relationship types that make a dependency edge, and the scope they give (none: required). */
const EDGES: Record<string, { reverse: boolean; scope?: string }> = {
  DEPENDS_ON: { reverse: false },
  DEPENDENCY_OF: { reverse: true },
  RUNTIME_DEPENDENCY_OF: { reverse: true },
  DEV_DEPENDENCY_OF: { reverse: true, scope: 'dev' },
  TEST_DEPENDENCY_OF: { reverse: true, scope: 'dev' },
  BUILD_DEPENDENCY_OF: { reverse: true, scope: 'dev' },
  OPTIONAL_DEPENDENCY_OF: { reverse: true, scope: 'optional' },
  PROVIDED_DEPENDENCY_OF: { reverse: true, scope: 'optional' },
};

/** The tool of `creationInfo.creators` ("Tool: npm/cli-11.19.1"), else `spdx`. */
function toolOf(doc: JsonObject): { name: string; version?: string } {
  const creator = arr(obj(doc.creationInfo)?.creators)
    .map(c => str(c))
    .find(c => c?.startsWith('Tool:'));
  const text = creator?.slice('Tool:'.length).trim();
  if (!text) return { name: 'spdx' };
  const versioned = /^(.+?)-v?(\d[\w.+-]*)$/.exec(text);
  return versioned
    ? { name: toolName(versioned[1], 'spdx'), version: versioned[2] }
    : { name: toolName(text, 'spdx') };
}

function licensesOf(p: JsonObject): Array<string | undefined> {
  return [str(p.licenseConcluded), str(p.licenseDeclared)].filter(
    l => l !== undefined && l !== 'NOASSERTION' && l !== 'NONE',
  );
}

/**
 * Parses an SPDX 2.3 JSON document into its tool's inventory (no findings): every package with a
 * purl (`externalRefs` of type `purl`) but the ones the document describes. Direct are the
 * packages a described package depends on (`DEPENDS_ON`, or `DEPENDENCY_OF` and its kinds read
 * backwards), transitive the others the graph reaches; a package reached only through dev, test
 * or build dependencies has scope `dev`, through optional ones `optional`.
 *
 * @public
 */
export function parseSpdx(doc: unknown): ParsedReport {
  if (!isObject(doc) || !detectSpdx(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'SPDX document must have spdxVersion "SPDX-2.x" and SPDXID',
    );
  }
  if (!Array.isArray(doc.packages)) {
    throw new ReportInputError(
      'invalid-report',
      'SPDX document must have a "packages" array',
    );
  }
  const tool = toolOf(doc);
  const describes = new Set(
    arr(doc.documentDescribes).map(d => str(d)) as string[],
  );
  const children = new Map<string, { id: string; scope?: string }[]>();
  for (const r of objects(doc.relationships)) {
    const type = str(r.relationshipType) ?? '';
    const from = str(r.spdxElementId);
    const to = str(r.relatedSpdxElement);
    if (!from || !to) continue;
    if (type === 'DESCRIBES' && from === str(doc.SPDXID)) {
      describes.add(to);
      continue;
    }
    const edge = EDGES[type];
    if (!edge) continue;
    const [parent, child] = edge.reverse ? [to, from] : [from, to];
    children.set(parent, [
      ...(children.get(parent) ?? []),
      { id: child, scope: edge.scope },
    ]);
  }
  const graphKnown = describes.size > 0 && children.size > 0;
  const direct = new Set<string>();
  // the scope of each package reached: none when a path of required edges reaches it
  const scopeOf = new Map<string, string | undefined>();
  if (graphKnown) {
    for (const root of describes) {
      for (const c of children.get(root) ?? []) direct.add(c.id);
    }
    for (const requiredOnly of [true, false]) {
      const queue = [...describes].map(id => ({
        id,
        scope: undefined as string | undefined,
      }));
      while (queue.length > 0) {
        const { id, scope } = queue.shift()!;
        for (const c of children.get(id) ?? []) {
          if (requiredOnly && c.scope) continue;
          if (scopeOf.has(c.id) || describes.has(c.id)) continue;
          const childScope = scope ?? c.scope;
          scopeOf.set(c.id, childScope);
          queue.push({ id: c.id, scope: childScope });
        }
      }
    }
  }
  const packages = uniquePackages(
    objects(doc.packages).map(p => {
      const id = str(p.SPDXID);
      if (id && describes.has(id)) return undefined;
      const purl = objects(p.externalRefs).find(
        r => str(r.referenceType) === 'purl',
      )?.referenceLocator;
      const scope = id ? scopeOf.get(id) : undefined;
      return inventoryPackage(tool.name, purl, {
        version: p.versionInfo,
        licenses: licensesOf(p),
        ...(scope ? { scope } : {}),
        ...(graphKnown && id ? { direct: direct.has(id) } : {}),
        path: p.packageFileName,
      });
    }),
  );
  const scannedAt = str(obj(doc.creationInfo)?.created);
  return redactReport({
    format: 'spdx',
    tools: [tool],
    findings: [],
    checks: [],
    packages,
    ...(scannedAt ? { scannedAt } : {}),
  });
}
