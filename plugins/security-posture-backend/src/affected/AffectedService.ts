import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  AffectedAdvisory,
  AffectedAnswer,
  AffectedComponent,
  AffectedNotifyResult,
  AffectedQuery,
  AffectedTeam,
} from '@golden-path/plugin-security-posture-common';
import { parseEntityRef } from '@backstage/catalog-model';
import { AuditLog } from '../audit/AuditLog';
import { CatalogFacts, OrgModel } from '../catalog/CatalogFacts';
import { rollUpByOwner } from '../catalog/rollUpByOwner';
import { Advisory, AffectedPackage, matchVersion } from '../advisories/osv';
import { InventoryHit, InventoryStore } from '../inventory/InventoryStore';
import { packageOf } from '../inventory/InventoryService';
import { VersionTest, versionRange } from '../inventory/versionRanges';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { normalizeVulnId } from '../parsers/util';
import { ExploitSource } from '../priority/ExploitIntel';
import { exposurePoints } from '../priority/priority';
import { VisibleFilter } from '../scorecards/ScorecardService';
import { AffectedFindingRow, AffectedStore } from './AffectedStore';

/** The most components one answer lists (`truncated` beyond). */
const MAX_AFFECTED = 5000;
/** Entity refs per inventory read. */
const PAGE = 1000;
const ADVISORY_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{1,99}$/;
const ADVISORY_TOOL = 'advisory-match';
const NOTIFY_FIELDS = new Set([
  'advisory',
  'purl',
  'type',
  'namespace',
  'name',
  'range',
  'link',
]);

/** One component's evidence while an answer is built. */
interface Evidence {
  hit?: InventoryHit;
  packages: Set<string>;
  versions: Set<string>;
  fixed: Set<string>;
  sources: Set<'inventory' | 'scanner'>;
  openFindings: number;
  kev: boolean;
  epss: number | null;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** The evidence per component, up to {@link MAX_AFFECTED} components. */
class EvidenceSet {
  readonly byRef = new Map<string, Evidence>();
  /** Whether a component was left out because the set was full. */
  truncated = false;

  /** The component's evidence; undefined (and `truncated`) for a new one once full. */
  of(ref: string): Evidence | undefined {
    let e = this.byRef.get(ref);
    if (!e) {
      if (this.byRef.size >= MAX_AFFECTED) {
        this.truncated = true;
        return undefined;
      }
      e = {
        packages: new Set(),
        versions: new Set(),
        fixed: new Set(),
        sources: new Set(),
        openFindings: 0,
        kev: false,
        epss: null,
      };
      this.byRef.set(ref, e);
    }
    return e;
  }
}

/** A package's label as its ecosystem writes it (`group:artifact` for Maven). */
function packageLabel(p: {
  type: string;
  namespace?: string;
  name: string;
}): string {
  if (!p.namespace) return `${p.type}:${p.name}`;
  return p.type === 'maven'
    ? `${p.type}:${p.namespace}:${p.name}`
    : `${p.type}:${p.namespace}/${p.name}`;
}

/** The question of a query: an advisory id, or a package (never both, never neither). */
type Question =
  | { advisory: string }
  | { search: Parameters<typeof packageOf>[0] };

function questionOf(query: AffectedQuery): Question {
  const advisory = query.advisory?.trim();
  const hasPackage = Boolean(
    query.purl?.trim() || query.type?.trim() || query.name?.trim(),
  );
  if (advisory && hasPackage) {
    throw new InputError(
      'advisory, or a package (purl, or type and name): ask one question at a time',
    );
  }
  if (advisory) {
    if (!ADVISORY_ID.test(advisory)) {
      throw new InputError(
        'advisory: not an advisory id (e.g. CVE-2021-44228, GHSA-jfh8-c2jp-5v3q)',
      );
    }
    if (query.range?.trim()) {
      throw new InputError(
        'range: an advisory brings its own affected ranges; give a range with a package',
      );
    }
    return { advisory: normalizeVulnId(advisory) };
  }
  if (!hasPackage) {
    throw new InputError(
      'advisory, or purl, or type and name: say which advisory or package to look for',
    );
  }
  return { search: query };
}

/**
 * The lead's zero-day view (issue #16 item 4): who is affected by an advisory (its affected ranges
 * matched against every inventory of the default branch, with the open findings of any tool that
 * name it), or who runs a package in a version range; with owners, tiers, exposure, KEV/EPSS and
 * the owning teams rolled up through nested groups. "Notify owners" sends one notification per
 * owning group and records it in the audit log.
 *
 * @internal
 */
export class AffectedService {
  constructor(
    private readonly options: {
      store: AffectedStore;
      inventory: InventoryStore;
      catalog: CatalogFacts;
      intel: ExploitSource;
      branch: string;
      notifier?: PostureNotifier;
      audit?: AuditLog;
    },
  ) {}

  async affected(
    query: AffectedQuery,
    visible: VisibleFilter,
  ): Promise<AffectedAnswer> {
    const question = questionOf(query);
    const evidence = new EvidenceSet();
    let advisory: AffectedAdvisory | null = null;
    if ('advisory' in question) {
      const advisories = await this.options.store.advisoriesFor(
        question.advisory,
      );
      const ids = sorted([
        question.advisory,
        ...advisories.flatMap(a => [a.id, ...a.aliases]),
      ]);
      const signal = (await this.options.intel.current()).lookup(ids);
      if (advisories.length > 0) {
        advisory = this.describe(question.advisory, advisories, signal);
      }
      for (const a of advisories) {
        for (const entry of a.affected) {
          await this.matchInventory(entry, evidence);
        }
      }
      addFindings(
        await this.options.store.openFindingsOf(ids, this.options.branch),
        evidence,
      );
      for (const e of evidence.byRef.values()) {
        // the vulnerability's exploitation, whichever record or finding found it
        e.kev ||= signal.kev;
        if (signal.epss !== null && (e.epss === null || signal.epss > e.epss)) {
          e.epss = signal.epss;
        }
      }
    } else {
      const { query: pkg, version } = packageOf(
        question.search,
        this.options.branch,
      );
      const range = question.search.range?.trim();
      const inRange: VersionTest | undefined = range
        ? versionRange(pkg.type, range)
        : undefined;
      await this.scanInventory(
        pkg,
        hit =>
          hit.version !== null &&
          (version === undefined || hit.version === version) &&
          (!inRange || inRange(hit.version))
            ? {}
            : undefined,
        evidence,
      );
      const findings = await this.options.store.openFindingsOnPackage(
        [...evidence.byRef.keys()],
        pkg,
        this.options.branch,
      );
      for (const f of findings) {
        const e = evidence.byRef.get(f.entityRef)!;
        e.openFindings += 1;
        e.kev ||= f.kev;
        if (f.epss !== null && (e.epss === null || f.epss > e.epss)) {
          e.epss = f.epss;
        }
        if (f.fixedVersion) e.fixed.add(f.fixedVersion);
        if (f.tool !== ADVISORY_TOOL) e.sources.add('scanner');
      }
    }

    const allowed = await visible([...evidence.byRef.keys()]);
    const org = await this.options.catalog.loadOrg();
    const components = componentsOf(evidence.byRef, allowed, org);
    return {
      advisory,
      components,
      teams: teamsOf(components, org),
      truncated: evidence.truncated,
      advisoriesStored: await this.options.store.advisoryCount(),
    };
  }

  /**
   * Sends one notification to each owning group of an affected component (re-sending the same
   * question updates it, by its scope) and records the request in the audit log.
   */
  async notifyOwners(
    query: AffectedQuery & { link?: string },
    visible: VisibleFilter,
    actor: string,
  ): Promise<AffectedNotifyResult> {
    const { notifier } = this.options;
    if (!notifier?.enabled) {
      throw new ServiceUnavailableError(
        'notifications are turned off (securityPosture.notifications.enabled: false, or no notifications backend)',
      );
    }
    for (const key of Object.keys(query)) {
      if (!NOTIFY_FIELDS.has(key)) {
        throw new InputError(
          `${key.slice(0, 40)}: not a field of a notify request (${[
            ...NOTIFY_FIELDS,
          ].join(', ')})`,
        );
      }
    }
    const link = query.link?.trim();
    if (link !== undefined && !/^\/(?![/\\])[^\s]*$/.test(link)) {
      throw new InputError(
        'link: an app-relative path starting with one "/" (e.g. /security-affected?advisory=CVE-2021-44228)',
      );
    }
    const { link: _link, ...question } = query;
    const answer = await this.affected(question, visible);
    const label = answer.advisory?.id ?? this.questionText(question);
    const byOwner = new Map<string, AffectedComponent[]>();
    for (const c of answer.components) {
      if (!c.ownerRef) continue;
      if (!byOwner.has(c.ownerRef)) byOwner.set(c.ownerRef, []);
      byOwner.get(c.ownerRef)!.push(c);
    }
    const notified: AffectedNotifyResult['notified'] = [];
    for (const [ownerRef, owned] of [...byOwner].sort(([a], [b]) =>
      a.localeCompare(b),
    )) {
      await notifier.affectedComponents(ownerRef, {
        label,
        components: owned.map(c => c.entityRef),
        knownExploited: owned.some(c => c.kev),
        link: link ?? null,
      });
      notified.push({ ownerRef, components: owned.length });
    }
    await this.options.audit?.record({
      type: 'affected.notified',
      actor,
      details: {
        question: answer.advisory ? { advisory: label } : question,
        label,
        owners: notified,
        components: answer.components.length,
        truncated: answer.truncated,
      },
    });
    return { notified, components: answer.components.length };
  }

  /** The question in a few words: the advisory id asked for, or the package and range. */
  private questionText(query: AffectedQuery): string {
    const asked = query.advisory?.trim();
    if (asked) return normalizeVulnId(asked);
    const { query: pkg, version } = packageOf(query, this.options.branch);
    const range = query.range?.trim();
    return `${packageLabel(pkg)}${version ? `@${version}` : ''}${
      range ? ` ${range}` : ''
    }`;
  }

  private describe(
    asked: string,
    advisories: Advisory[],
    signal: { kev: boolean; epss: number | null },
  ): AffectedAdvisory {
    // the advisory of the id asked for, else the first that aliases it
    const main = advisories.find(a => a.id === asked) ?? advisories[0];
    const severityOrder = ['critical', 'high', 'medium', 'low', 'info'];
    const severity = advisories
      .map(a => a.severity)
      .sort((a, b) => severityOrder.indexOf(a) - severityOrder.indexOf(b))[0];
    return {
      id: main.id,
      aliases: sorted(
        advisories
          .flatMap(a => [a.id, ...a.aliases])
          .filter(id => id !== main.id),
      ),
      summary: main.summary,
      severity,
      url: main.url,
      modified: advisories.map(a => a.modified).sort()[advisories.length - 1],
      fixedVersions: sorted(advisories.flatMap(a => a.fixedVersions)),
      kev: signal.kev,
      epss: signal.epss,
      packages: sorted(
        advisories.flatMap(a => a.affected.map(e => packageLabel(e.package))),
      ),
    };
  }

  /** Every inventory row of an advisory's package whose version it affects. */
  private matchInventory(
    entry: AffectedPackage,
    evidence: EvidenceSet,
  ): Promise<void> {
    return this.scanInventory(
      { ...entry.package, branch: this.options.branch },
      hit => {
        if (hit.version === null) return undefined;
        const match = matchVersion(entry, hit.version);
        return match ? { fixed: match.fixed ?? undefined } : undefined;
      },
      evidence,
    );
  }

  /** Reads the inventory rows of a package, component by component, keeping those `test` accepts. */
  private async scanInventory(
    pkg: { type: string; namespace?: string; name: string; branch: string },
    test: (hit: InventoryHit) => { fixed?: string } | undefined,
    evidence: EvidenceSet,
  ): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const hits = await this.options.inventory.findComponents(
        pkg,
        after,
        PAGE,
      );
      const refs = new Set<string>();
      for (const hit of hits) {
        refs.add(hit.entityRef);
        const match = test(hit);
        if (!match) continue;
        const e = evidence.of(hit.entityRef);
        if (!e) return;
        e.hit ??= hit;
        e.packages.add(hit.purl);
        e.versions.add(hit.version!);
        if (match.fixed) e.fixed.add(match.fixed);
        e.sources.add('inventory');
      }
      if (refs.size < PAGE) return;
      after = [...refs].sort().pop();
    }
  }
}

/** Open findings naming the advisory: counted, with their versions, fixes and signals. */
function addFindings(findings: AffectedFindingRow[], evidence: EvidenceSet) {
  for (const f of findings) {
    const e = evidence.of(f.entityRef);
    if (!e) continue;
    e.openFindings += 1;
    e.kev ||= f.kev;
    if (f.epss !== null && (e.epss === null || f.epss > e.epss)) {
      e.epss = f.epss;
    }
    if (f.tool === ADVISORY_TOOL) {
      e.sources.add('inventory');
    } else {
      e.sources.add('scanner');
      if (f.installedVersion) e.versions.add(f.installedVersion);
      if (f.fixedVersion) e.fixed.add(f.fixedVersion);
      if (f.packagePurl) e.packages.add(f.packagePurl);
    }
  }
}

/** The answer's components: the readable ones, with their catalog facts, most urgent first. */
function componentsOf(
  evidence: Map<string, Evidence>,
  allowed: Set<string>,
  org: OrgModel,
): AffectedComponent[] {
  const facts = new Map(org.components.map(c => [c.entityRef, c]));
  const out: AffectedComponent[] = [];
  for (const [entityRef, e] of evidence) {
    if (!allowed.has(entityRef)) continue;
    const known = facts.get(entityRef);
    const tier = known?.tier ?? e.hit?.tier ?? null;
    const lifecycle = known?.lifecycle ?? e.hit?.lifecycle ?? null;
    const providedApis = known?.providedApis ?? e.hit?.providedApis ?? null;
    out.push({
      entityRef,
      title: known?.title ?? parseEntityRef(entityRef).name,
      ownerRef: known?.ownerRef ?? e.hit?.ownerRef ?? null,
      systemRef: known?.systemRef ?? e.hit?.systemRef ?? null,
      tier,
      lifecycle,
      exposure: {
        providedApis,
        production: lifecycle === 'production',
        points: exposurePoints({
          tier,
          lifecycle,
          providedApis: providedApis ?? 0,
        }),
      },
      packages: sorted(e.packages),
      versions: sorted(e.versions),
      fixedVersions: sorted(e.fixed),
      kev: e.kev,
      epss: e.epss,
      openFindings: e.openFindings,
      sources: (['inventory', 'scanner'] as const).filter(s =>
        e.sources.has(s),
      ),
    });
  }
  // the most urgent first: known exploited, then exposure, then tier
  return out.sort(
    (a, b) =>
      Number(b.kev) - Number(a.kev) ||
      b.exposure.points - a.exposure.points ||
      (a.tier ?? 99) - (b.tier ?? 99) ||
      a.entityRef.localeCompare(b.entityRef),
  );
}

/** The owners of affected components, each group with its own count and its sub-groups' rolled up. */
function teamsOf(
  components: AffectedComponent[],
  org: OrgModel,
): AffectedTeam[] {
  return rollUpByOwner(
    components,
    org,
    (group): AffectedTeam => ({ ...group, components: 0, total: 0 }),
    (team, _c, own) => {
      if (own) team.components += 1;
      else team.total += 1;
    },
  ).sort((a, b) => b.total - a.total || a.title.localeCompare(b.title));
}
