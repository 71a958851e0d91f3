import { PackageURL } from 'packageurl-js';
import {
  FindingSuppression,
  ParsedFinding,
  ParsedReport,
  ReportTool,
  Severity,
  maxSeverity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { inventoryPackage, parsePurl, uniquePackages } from './inventory';
import { redactReport } from './redact';
import { mergeFindings } from './merge';
import { fallbackSeverity, lookupSeverity } from './severityMapping';
import {
  JsonObject,
  arr,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  isVulnerabilityId,
  normalizeCwe,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  toolName,
  uniqueSorted,
} from './util';

const SEVERITY_FIELD = 'vulnerabilities[].ratings[].severity (most severe)';

/**
 * VEX `analysis.state` values that close a finding: the component is not affected, the
 * finding is a false positive, or the vulnerability is already resolved in this version.
 * `in_triage` and `exploitable` leave it open.
 *
 * @public
 */
export const VEX_SUPPRESSING_STATES: ReadonlySet<string> = new Set([
  'not_affected',
  'false_positive',
  'resolved',
  'resolved_with_pedigree',
]);

/** Whether a document looks like a CycloneDX JSON BOM. */
export function detectCycloneDx(doc: unknown): boolean {
  return (
    isObject(doc) &&
    (str(doc.bomFormat) === 'CycloneDX' ||
      (typeof doc.specVersion === 'string' &&
        /cyclonedx/i.test(str(doc.$schema) ?? '')))
  );
}

interface Component {
  name: string;
  version?: string;
  purl?: string;
}

function componentsByRef(doc: JsonObject): Map<string, Component> {
  const map = new Map<string, Component>();
  const stack = [...objects(doc.components)];
  const main = obj(obj(doc.metadata)?.component);
  if (main) {
    stack.push(main);
  }
  while (stack.length > 0) {
    const c = stack.pop()!;
    const ref = str(c['bom-ref']);
    const name = str(c.name);
    if (ref && name) {
      const group = str(c.group);
      const version = str(c.version);
      const purl = str(c.purl);
      map.set(ref, {
        name: group ? `${group}/${name}` : name,
        ...(version ? { version } : {}),
        ...(purl ? { purl } : {}),
      });
    }
    stack.push(...objects(c.components));
  }
  return map;
}

function toolsOf(doc: JsonObject): ReportTool[] {
  const tools = obj(doc.metadata)?.tools;
  // 1.4: an array of tools; 1.5+: { components: [...], services: [...] }
  const list = Array.isArray(tools)
    ? objects(tools)
    : [...objects(obj(tools)?.components), ...objects(obj(tools)?.services)];
  return list
    .filter(t => str(t.name))
    .map(t => {
      const version = str(t.version);
      return {
        name: toolName(t.name, 'cyclonedx'),
        ...(version ? { version } : {}),
      };
    });
}

function componentFromRef(
  ref: string,
  components: Map<string, Component>,
): Component {
  const known = components.get(ref);
  if (known) {
    return known;
  }
  if (ref.startsWith('pkg:')) {
    try {
      const purl = PackageURL.fromString(ref);
      return {
        name: purl.namespace ? `${purl.namespace}/${purl.name}` : purl.name,
        ...(purl.version ? { version: purl.version } : {}),
        purl: ref,
      };
    } catch {
      // not a valid purl: fall through
    }
  }
  return { name: ref };
}

function severityOf(vuln: JsonObject): {
  severity: Severity;
  cvssScore?: number;
} {
  const ratings = objects(vuln.ratings);
  const severity = maxSeverity(
    ratings.map(r => {
      const fromWord = lookupSeverity('cyclonedx', SEVERITY_FIELD, r.severity);
      if (fromWord) {
        return fromWord;
      }
      const score = cvss(r.score);
      return score !== undefined ? severityFromCvss(score) : undefined;
    }),
  );
  const cvssScores = ratings
    .filter(r => /^CVSSv(3|31|4)$/i.test(str(r.method) ?? ''))
    .map(r => cvss(r.score))
    .filter((s): s is number => s !== undefined);
  return {
    severity: severity ?? fallbackSeverity('cyclonedx', 'ratings'),
    ...(cvssScores.length > 0 ? { cvssScore: Math.max(...cvssScores) } : {}),
  };
}

function suppressionOf(vuln: JsonObject): FindingSuppression | undefined {
  const analysis = obj(vuln.analysis);
  const state = str(analysis?.state);
  if (!state || !VEX_SUPPRESSING_STATES.has(state)) {
    return undefined;
  }
  const justification = [
    str(analysis?.justification),
    plainText(analysis?.detail),
  ]
    .filter(Boolean)
    .join(': ');
  return { source: 'vex', state, ...(justification ? { justification } : {}) };
}

const SCOPES = new Set(['required', 'optional', 'excluded']);

/** A component's licences: SPDX ids, else names, and expressions. */
function licensesOf(c: JsonObject): Array<string | undefined> {
  return objects(c.licenses).map(
    l =>
      str(obj(l.license)?.id) ?? str(obj(l.license)?.name) ?? str(l.expression),
  );
}

/**
 * Where a tool recorded a component was found: its file (Trivy, Syft, CycloneDX evidence), else the
 * image layer (Trivy's layer diff id).
 */
function recordedPath(c: JsonObject): string | undefined {
  const property = (name: RegExp) =>
    str(objects(c.properties).find(p => name.test(str(p.name) ?? ''))?.value);
  return (
    property(/^(aquasecurity:trivy:FilePath|syft:location:0:path)$/) ??
    str(objects(obj(c.evidence)?.occurrences)[0]?.location) ??
    property(/^aquasecurity:trivy:LayerDiffID$/)
  );
}

/**
 * The BOM's packages (every component with a valid purl but the BOM's own subject): direct when
 * the root component's `dependsOn` reaches it without passing another package (manifests such
 * as a lock file sit between), transitive when the graph reaches it otherwise; the manifest an
 * application component names is the path of the packages under it.
 */
function inventoryOf(doc: JsonObject, tool: string) {
  const root = obj(obj(doc.metadata)?.component);
  const rootRef = str(root?.['bom-ref']);
  const byRef = new Map<string, JsonObject>();
  const all: JsonObject[] = [];
  const stack = [...objects(doc.components)];
  while (stack.length > 0) {
    const c = stack.pop()!;
    all.push(c);
    const ref = str(c['bom-ref']);
    if (ref) byRef.set(ref, c);
    stack.push(...objects(c.components));
  }
  const deps = new Map<string, string[]>();
  for (const d of objects(doc.dependencies)) {
    const ref = str(d.ref);
    if (ref) {
      deps.set(
        ref,
        arr(d.dependsOn)
          .map(x => str(x))
          .filter((x): x is string => x !== undefined),
      );
    }
  }
  const isPackage = (ref: string) => {
    const c = byRef.get(ref);
    return Boolean(c && ref !== rootRef && parsePurl(str(c.purl) ?? ''));
  };
  const graphKnown = rootRef !== undefined && deps.has(rootRef);
  const direct = new Set<string>();
  const manifestOf = new Map<string, string>();
  if (graphKnown) {
    // direct: reached from the root through components that are not packages
    const seen = new Set<string>([rootRef]);
    const queue = [rootRef];
    while (queue.length > 0) {
      for (const child of deps.get(queue.shift()!) ?? []) {
        if (seen.has(child)) continue;
        seen.add(child);
        if (isPackage(child)) direct.add(child);
        else queue.push(child);
      }
    }
    // the manifest (an application component, e.g. package-lock.json) above each package
    for (const c of all) {
      const ref = str(c['bom-ref']);
      const name = str(c.name);
      if (!ref || !name || isPackage(ref) || str(c.type) !== 'application') {
        continue;
      }
      const below = [...(deps.get(ref) ?? [])];
      const reached = new Set<string>();
      while (below.length > 0) {
        const next = below.pop()!;
        if (reached.has(next) || !isPackage(next)) continue;
        reached.add(next);
        if (!manifestOf.has(next)) manifestOf.set(next, name);
        below.push(...(deps.get(next) ?? []));
      }
    }
  }
  return uniquePackages(
    all.map(c => {
      const ref = str(c['bom-ref']);
      if (ref !== undefined && ref === rootRef) return undefined;
      const scope = str(c.scope);
      return inventoryPackage(tool, c.purl, {
        version: c.version,
        licenses: licensesOf(c),
        ...(scope && SCOPES.has(scope) ? { scope } : {}),
        ...(graphKnown && ref ? { direct: direct.has(ref) } : {}),
        path: recordedPath(c) ?? (ref ? manifestOf.get(ref) : undefined),
      });
    }),
  );
}

/**
 * Parses a CycloneDX 1.4–1.6 JSON BOM's `vulnerabilities`: one finding per vulnerability and
 * affected component (resolved through `bom-ref`, or a purl used as the ref). VEX analyses
 * that close a finding ({@link VEX_SUPPRESSING_STATES}) become suppressions. The tool is the
 * first of `metadata.tools`, else `cyclonedx`. Its components are the tool's inventory.
 *
 * @public
 */
export function parseCycloneDx(doc: unknown): ParsedReport {
  if (!detectCycloneDx(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'CycloneDX BOM must have bomFormat "CycloneDX"',
    );
  }
  const tools = toolsOf(doc);
  const tool = tools[0] ?? { name: 'cyclonedx' };
  const components = componentsByRef(doc);
  const isImage = str(obj(obj(doc.metadata)?.component)?.type) === 'container';
  const findings: ParsedFinding[] = [];
  for (const vuln of objects(doc.vulnerabilities)) {
    const id = str(vuln.id);
    if (!id) {
      continue;
    }
    const { severity, cvssScore } = severityOf(vuln);
    const aliases = uniqueSorted(
      [id, ...objects(vuln.references).map(r => str(r.id))]
        .filter((a): a is string => a !== undefined && isVulnerabilityId(a))
        .map(normalizeVulnId),
    );
    const cwes = uniqueSorted(arr(vuln.cwes).map(normalizeCwe));
    const suppression = suppressionOf(vuln);
    const remediation =
      plainText(vuln.recommendation) ?? plainText(vuln.workaround);
    const remediationUrl =
      httpUrl(obj(vuln.source)?.url) ??
      objects(vuln.advisories)
        .map(a => httpUrl(a.url))
        .find(Boolean);
    const refs = objects(vuln.affects)
      .map(a => str(a.ref))
      .filter((r): r is string => r !== undefined);
    const targets: Array<Component | undefined> =
      refs.length > 0
        ? refs.map(ref => componentFromRef(ref, components))
        : [undefined];
    for (const component of targets) {
      const title = component ? `${id} in ${component.name}` : id;
      findings.push({
        fingerprint: fingerprintOf(
          'cyclonedx',
          id,
          component?.purl ?? component?.name,
          component?.purl ? undefined : component?.version,
        ),
        tool: tool.name,
        kind: isImage ? 'container' : 'sca',
        ruleId: id,
        title,
        severity,
        aliases,
        cwes,
        ...(component
          ? {
              package: {
                name: component.name,
                ...(component.purl ? { purl: component.purl } : {}),
                ...(component.version
                  ? { installedVersion: component.version }
                  : {}),
              },
            }
          : {}),
        message: plainText(vuln.description) ?? plainText(vuln.detail) ?? title,
        ...(remediation ? { remediation } : {}),
        ...(remediationUrl ? { remediationUrl } : {}),
        ...(cvssScore !== undefined ? { cvssScore } : {}),
        ...(suppression ? { suppression } : {}),
      });
    }
  }
  const scannedAt = str(obj(doc.metadata)?.timestamp);
  return redactReport({
    format: 'cyclonedx',
    tools: [tool],
    findings: mergeFindings(findings),
    checks: [],
    packages: inventoryOf(doc, tool.name),
    ...(scannedAt ? { scannedAt } : {}),
  });
}
