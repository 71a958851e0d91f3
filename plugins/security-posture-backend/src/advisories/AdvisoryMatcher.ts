import { LoggerService } from '@backstage/backend-plugin-api';
import { ParsedFinding } from '@golden-path/plugin-security-posture-common';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { PostureConfig } from '../config';
import { ApplyCounts, PostureStore } from '../database/PostureStore';
import { PostureNotifier } from '../notifications/PostureNotifier';
import { parsePurl } from '../parsers/inventory';
import { fingerprintOf } from '../parsers/util';
import { PostureRecompute } from '../posture/PostureRecompute';
import { ExploitIntel, ExploitSource } from '../priority/ExploitIntel';
import { Exposure } from '../priority/priority';
import { rankFinding } from '../priority/rank';
import { AdvisoryStore, distinctPackages } from './AdvisoryStore';
import {
  Advisory,
  AdvisoryPackage,
  AffectedPackage,
  matchVersion,
} from './osv';

/** The tool name of the findings advisory matching opens. */
const ADVISORY_TOOL = 'advisory-match';
/** How many components a refresh matches at once. */
const MATCH_CONCURRENCY = 4;

/** A component as matching sees it: its tier and exposure, for SLA and rank. @internal */
export interface MatchedComponent {
  entityRef: string;
  tier: number | null;
  exposure: Exposure;
}

const keyOf = (p: AdvisoryPackage) =>
  `${p.type}\u0000${p.namespace}\u0000${p.name}`;

/** A package's name as its ecosystem writes it (`group:artifact` for Maven). */
function displayName(p: AdvisoryPackage): string {
  if (!p.namespace) return p.name;
  return p.type === 'maven'
    ? `${p.namespace}:${p.name}`
    : `${p.namespace}/${p.name}`;
}

/** What a scanner's finding says about a vulnerable package (for the merge rule). */
interface ScannerFinding {
  ids: Set<string>;
  packageKey?: string;
  packageName?: string;
  installedVersion: string | null;
  status: string;
}

/** One advisory's match with one package of the inventory (all its affected versions). */
interface Match {
  advisory: Advisory;
  pkg: AdvisoryPackage;
  purl: string;
  versions: Set<string>;
  ranges: Set<string>;
  fixed: Set<string>;
}

const upper = (s: string) => s.toUpperCase();

/**
 * Whether a scanner's finding reports the vulnerability of a match on its package: one of the
 * advisory's ids (its id or an alias) is the finding's rule id or an alias, and the finding's
 * package (its purl, else its name) is the matched package. A scanner's finding takes the match
 * over while it is open or suppressed, or once it is fixed at a version the inventory still
 * holds (the scanner saw that version and stopped reporting it).
 */
function supersedes(f: ScannerFinding, m: Match): boolean {
  if (
    ![m.advisory.id, ...m.advisory.aliases].some(id => f.ids.has(upper(id)))
  ) {
    return false;
  }
  const samePackage = f.packageKey
    ? f.packageKey === keyOf(m.pkg)
    : f.packageName !== undefined &&
      [m.pkg.name, displayName(m.pkg), `${m.pkg.namespace}/${m.pkg.name}`]
        .map(n => n.toLowerCase())
        .includes(f.packageName);
  if (!samePackage) return false;
  if (f.status !== 'fixed') return true;
  return f.installedVersion !== null && m.versions.has(f.installedVersion);
}

function findingOf(m: Match): ParsedFinding {
  const name = displayName(m.pkg);
  const versions = [...m.versions].sort();
  const fixed = [...m.fixed].sort();
  const ranges = [...m.ranges].sort();
  const ids = [m.advisory.id, ...m.advisory.aliases].join(', ');
  const fixedText = fixed.length ? fixed.join(', ') : null;
  return {
    fingerprint: fingerprintOf(
      ADVISORY_TOOL,
      m.advisory.id,
      m.pkg.type,
      m.pkg.namespace,
      m.pkg.name,
    ),
    tool: ADVISORY_TOOL,
    kind: 'sca',
    ruleId: m.advisory.id,
    title: m.advisory.summary,
    severity: m.advisory.severity,
    aliases: m.advisory.aliases,
    cwes: m.advisory.cwes,
    package: {
      name,
      purl: m.purl,
      installedVersion: versions.join(', '),
      ...(fixedText ? { fixedVersion: fixedText } : {}),
    },
    message: `${name} ${versions.join(
      ', ',
    )} is in the affected range ${ranges.join(' or ')} of advisory ${ids}${
      fixedText ? `; fixed in ${fixedText}` : '; no fixed version is known'
    }. Found in the component's dependency inventory, not by a scanner.`,
    ...(fixedText
      ? { remediation: `Upgrade ${name} to version ${fixed[fixed.length - 1]}` }
      : {}),
    ...(m.advisory.url ? { remediationUrl: m.advisory.url } : {}),
  };
}

/**
 * Continuous advisory matching (issue #16 item 3): a component's default-branch inventory against
 * the stored advisories, written as the findings of the tool `advisory-match` through the
 * findings model (`applyFindings`, complete: a match no longer found is fixed), and the
 * components an advisory refresh changed matched again, one transaction per component with its
 * posture recomputed. Scanner findings of the same vulnerability and package take a match over
 * (docs/architecture.md, "Advisory matching").
 *
 * @internal
 */
export class AdvisoryMatcher {
  constructor(
    private readonly options: {
      store: PostureStore;
      advisories: AdvisoryStore;
      config: PostureConfig;
      recompute: PostureRecompute;
      intel: ExploitSource;
      logger: LoggerService;
      notifier?: PostureNotifier;
      now?: () => Date;
    },
  ) {}

  /**
   * Matches the component's inventory of the branch with the stored advisories and applies the
   * matches as `advisory-match` findings, in the caller's transaction. Returns the counts of
   * {@link PostureStore.applyFindings}.
   */
  async matchComponent(
    tx: Knex,
    component: MatchedComponent,
    stamp: { branch: string; now: string; intel: ExploitIntel },
  ): Promise<ApplyCounts> {
    const { store, advisories, config } = this.options;
    const { entityRef } = component;
    const inventory = await advisories.inventoryOf(tx, entityRef, stamp.branch);
    const packages = distinctPackages(
      inventory.map(r => ({
        type: r.pkg_type,
        namespace: r.pkg_namespace,
        name: r.pkg_name,
      })),
    );
    const stored = packages.length
      ? await advisories.forPackages(tx, packages)
      : [];
    const affecting = new Map<
      string,
      { advisory: Advisory; affected: AffectedPackage }[]
    >();
    for (const advisory of stored) {
      for (const affected of advisory.affected) {
        const key = keyOf(affected.package);
        if (!affecting.has(key)) affecting.set(key, []);
        affecting.get(key)!.push({ advisory, affected });
      }
    }
    const matches = new Map<string, Match>();
    for (const row of inventory) {
      const pkg = {
        type: row.pkg_type,
        namespace: row.pkg_namespace,
        name: row.pkg_name,
      };
      for (const { advisory, affected } of affecting.get(keyOf(pkg)) ?? []) {
        const found = matchVersion(affected, row.version);
        if (!found) continue;
        const id = `${advisory.id}\u0000${keyOf(pkg)}`;
        const match = matches.get(id) ?? {
          advisory,
          pkg,
          purl: row.purl.replace(/@[^@/?#]*(?=[?#]|$)/, ''),
          versions: new Set<string>(),
          ranges: new Set<string>(),
          fixed: new Set<string>(),
        };
        match.versions.add(row.version);
        match.ranges.add(found.range);
        if (found.fixed) match.fixed.add(found.fixed);
        matches.set(id, match);
      }
    }
    const scanner = matches.size
      ? await this.scannerFindings(tx, entityRef, stamp.branch)
      : [];
    // the scanner findings by each of their ids, so a match looks at its vulnerability's only
    const byId = new Map<string, ScannerFinding[]>();
    for (const f of scanner) {
      for (const id of f.ids) {
        if (!byId.has(id)) byId.set(id, []);
        byId.get(id)!.push(f);
      }
    }
    const findings = [...matches.values()]
      .filter(
        m =>
          ![m.advisory.id, ...m.advisory.aliases].some(id =>
            (byId.get(upper(id)) ?? []).some(f => supersedes(f, m)),
          ),
      )
      .map(findingOf);
    const exposure = component.exposure;
    return store.applyFindings(tx, {
      entityRef,
      tool: ADVISORY_TOOL,
      branch: stamp.branch,
      scanId: randomUUID(),
      now: stamp.now,
      complete: true,
      findings,
      slaDays:
        (component.tier
          ? config.slaDaysByTier[component.tier as 1 | 2 | 3]
          : undefined) ?? config.slaDays,
      honourSuppressions: false,
      rank: finding =>
        rankFinding(
          stamp.intel,
          {
            severity: finding.severity,
            suppressed: false,
            aliases: finding.aliases,
          },
          exposure,
        ),
    });
  }

  /** The other tools' findings of the branch that name a package (for the merge rule). */
  private async scannerFindings(
    tx: Knex,
    entityRef: string,
    branch: string,
  ): Promise<ScannerFinding[]> {
    const rows = await this.options.advisories.packageFindings(
      tx,
      entityRef,
      branch,
      ADVISORY_TOOL,
    );
    return rows.map(r => {
      const purl = r.package_purl ? parsePurl(r.package_purl) : undefined;
      let aliases: string[] = [];
      try {
        aliases = JSON.parse(r.aliases ?? '[]');
      } catch {
        aliases = [];
      }
      return {
        ids: new Set([r.rule_id, ...aliases].map(upper)),
        ...(purl
          ? { packageKey: keyOf(purl) }
          : { packageName: String(r.package_name).toLowerCase() }),
        installedVersion: r.installed_version ?? null,
        status: r.status,
      };
    });
  }

  /**
   * Matches again every component the changed advisories may concern: those whose default-branch
   * inventory has one of their packages at a version they affect now, and those with an open
   * match of one of them (a component with neither has nothing to change: its matches of the
   * other advisories were made when its inventory last changed). One transaction per component,
   * with its posture recomputed; owners of components with new critical or known-exploited
   * matches are told. Returns how many components were matched.
   */
  async matchChanged(
    changed: string[],
    packagesBefore: AdvisoryPackage[],
  ): Promise<{ components: number; opened: number; fixed: number }> {
    const { store, advisories, config, recompute, notifier } = this.options;
    const current = await store.transaction(tx =>
      advisories.byIds(tx, changed),
    );
    // the affected entries of the changed advisories by package (a withdrawn one affects nothing)
    const affecting = new Map<string, AffectedPackage[]>();
    for (const advisory of current) {
      if (advisory.withdrawn !== null) continue;
      for (const affected of advisory.affected) {
        const key = keyOf(affected.package);
        if (!affecting.has(key)) affecting.set(key, []);
        affecting.get(key)!.push(affected);
      }
    }
    const refs = await advisories.componentsConcerned(
      [
        ...current.flatMap(a => a.affected.map(x => x.package)),
        ...packagesBefore,
      ],
      changed,
      config.defaultBranch,
      ADVISORY_TOOL,
      found =>
        (
          affecting.get(
            keyOf({
              type: found.pkg_type,
              namespace: found.pkg_namespace,
              name: found.pkg_name,
            }),
          ) ?? []
        ).some(affected => matchVersion(affected, found.version) !== undefined),
    );
    const intel = await this.options.intel.current();
    let opened = 0;
    let fixed = 0;
    const matchOne = async (entityRef: string) => {
      const result = await store.transaction(async tx => {
        if (!(await store.lockComponent(tx, entityRef))) return undefined;
        const row = await advisories.componentFacts(tx, entityRef);
        const latest = (await store.latestScanAt(tx, entityRef)) ?? null;
        const clock = (this.options.now?.() ?? new Date()).toISOString();
        const now =
          latest && latest >= clock
            ? new Date(Date.parse(latest) + 1).toISOString()
            : clock;
        const tier = row?.tier ?? null;
        const counts = await this.matchComponent(
          tx,
          {
            entityRef,
            tier,
            exposure: {
              tier,
              lifecycle: row?.lifecycle ?? null,
              providedApis: row?.providedApis ?? 0,
            },
          },
          { branch: config.defaultBranch, now, intel },
        );
        await recompute.recompute(tx, entityRef, now, latest);
        const urgent =
          counts.new > 0
            ? await store.countNewUrgent(tx, entityRef, now)
            : undefined;
        return {
          counts,
          urgent,
          ownerRef: row?.ownerRef ?? null,
        };
      });
      if (!result) return;
      opened += result.counts.new + result.counts.reopened;
      fixed += result.counts.fixed;
      if (result.urgent) {
        await notifier?.newAdvisoryMatches(
          { entityRef, ownerRef: result.ownerRef },
          result.urgent,
        );
      }
    };
    // a few components at a time, each in its own transaction: one's statements run while
    // another's matching and posture are computed (on SQLite they take turns on its connection);
    // a component that fails stops its worker, the others finish, then the failure is thrown
    let next = 0;
    const done = await Promise.allSettled(
      Array.from(
        { length: Math.min(MATCH_CONCURRENCY, refs.length) },
        async () => {
          while (next < refs.length) {
            await matchOne(refs[next++]);
          }
        },
      ),
    );
    const failed = done.find(d => d.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    this.options.logger.info(
      `security-posture: advisory matching of ${changed.length} new or changed advisories: ${refs.length} components, ${opened} findings opened, ${fixed} fixed`,
    );
    return { components: refs.length, opened, fixed };
  }
}
