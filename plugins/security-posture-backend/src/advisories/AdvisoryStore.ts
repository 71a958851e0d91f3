import { Severity } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { chunks, toIso } from '../database/rows';
import { ID_BATCH, INSERT_BATCH } from '../database/tables';
import { Advisory, AdvisoryPackage } from './osv';

/** What a write of advisories changed. @internal */
export interface AdvisoryWrite {
  /** Ids of the advisories new to the table or stored with another `modified` time. */
  changed: string[];
  /** The packages the changed advisories named before the write (a narrowed advisory's old ones). */
  packagesBefore: AdvisoryPackage[];
}

/** An inventory row matching reads. @internal */
export interface MatchedPackageRow {
  purl: string;
  pkg_type: string;
  pkg_namespace: string;
  pkg_name: string;
  version: string;
}

/** A package at one version, as the inventory stores it. */
type PackageVersion = Omit<MatchedPackageRow, 'purl'>;

/** A finding of another tool that names a package (for the merge rule). @internal */
export interface PackageFindingRow {
  rule_id: string;
  aliases: string | null;
  package_name: string | null;
  package_purl: string | null;
  installed_version: string | null;
  status: string;
}

/** The cached catalog facts of a component matching needs. @internal */
export interface MatchedComponentRow {
  tier: number | null;
  lifecycle: string | null;
  providedApis: number;
  ownerRef: string | null;
}

/** The version stamp of the advisories (`posture_advisory_stamp`). @internal */
export interface AdvisoryStamp {
  version: number;
  advisoryCount: number;
  updatedAt: string;
}

const STAMP_ID = 1;
const WRITE_BATCH = 200;

const packageKey = (p: AdvisoryPackage) =>
  `${p.type}\u0000${p.namespace}\u0000${p.name}`;

/** The distinct packages of a list, in their first order. @internal */
export function distinctPackages(
  packages: AdvisoryPackage[],
): AdvisoryPackage[] {
  const seen = new Map<string, AdvisoryPackage>();
  for (const p of packages) {
    if (!seen.has(packageKey(p))) seen.set(packageKey(p), p);
  }
  return [...seen.values()];
}

function toRow(a: Advisory, source: string, now: string) {
  return {
    id: a.id,
    aliases: JSON.stringify(a.aliases),
    modified: a.modified,
    withdrawn: a.withdrawn,
    summary: a.summary,
    severity: a.severity,
    affected: JSON.stringify(a.affected),
    fixed_versions: JSON.stringify(a.fixedVersions),
    details: JSON.stringify({ cwes: a.cwes, url: a.url }),
    source: source.slice(0, 1000),
    updated_at: now,
  };
}

function fromRow(row: Record<string, any>): Advisory {
  const details = JSON.parse(row.details);
  return {
    id: row.id,
    aliases: JSON.parse(row.aliases),
    modified: row.modified,
    withdrawn: row.withdrawn ?? null,
    summary: row.summary,
    severity: row.severity as Severity,
    affected: JSON.parse(row.affected),
    fixedVersions: JSON.parse(row.fixed_versions),
    cwes: details.cwes ?? [],
    url: details.url ?? null,
  };
}

/**
 * Advisories in the database (`posture_advisories`, `posture_advisory_packages`,
 * `posture_advisory_stamp`): written by the refresh task, read by matching.
 *
 * @internal
 */
export class AdvisoryStore {
  constructor(private readonly db: Knex) {}

  /**
   * Stores the advisories that are new or carry a later `modified` time than the stored one;
   * the others are not written. Bumps the stamp when anything was written.
   */
  async write(
    advisories: Advisory[],
    source: string,
    now: string,
  ): Promise<AdvisoryWrite> {
    const byId = new Map<string, Advisory>();
    for (const a of advisories) {
      const seen = byId.get(a.id);
      if (!seen || seen.modified < a.modified) byId.set(a.id, a);
    }
    const stored = new Map<string, string>();
    for (const ids of chunks([...byId.keys()], ID_BATCH)) {
      const rows = await this.db('posture_advisories')
        .whereIn('id', ids)
        .select('id', 'modified');
      for (const r of rows) stored.set(r.id, r.modified);
    }
    // a record replaces the stored one only when it is newer: the seed, read on every refresh,
    // does not undo what a configured export brought
    const changed = [...byId.values()].filter(a => {
      const was = stored.get(a.id);
      if (was === undefined) return true;
      const [next, last] = [Date.parse(a.modified), Date.parse(was)];
      return Number.isNaN(next) || Number.isNaN(last)
        ? a.modified !== was
        : next > last;
    });
    const packagesBefore: AdvisoryPackage[] = [];
    for (const batch of chunks(changed, WRITE_BATCH)) {
      await this.db.transaction(async tx => {
        const ids = batch.map(a => a.id);
        const before = await tx('posture_advisory_packages')
          .whereIn('advisory_id', ids)
          .select('pkg_type', 'pkg_namespace', 'pkg_name');
        packagesBefore.push(
          ...before.map(r => ({
            type: r.pkg_type,
            namespace: r.pkg_namespace,
            name: r.pkg_name,
          })),
        );
        await tx('posture_advisory_packages')
          .whereIn('advisory_id', ids)
          .delete();
        for (const rows of chunks(
          batch.map(a => toRow(a, source, now)),
          INSERT_BATCH / 4,
        )) {
          await tx('posture_advisories').insert(rows).onConflict('id').merge();
        }
        const packages = batch.flatMap(a =>
          distinctPackages(a.affected.map(x => x.package)).map(p => ({
            advisory_id: a.id,
            pkg_type: p.type.slice(0, 63),
            pkg_namespace: p.namespace.slice(0, 255),
            pkg_name: p.name.slice(0, 255),
          })),
        );
        for (const rows of chunks(packages, INSERT_BATCH)) {
          await tx('posture_advisory_packages').insert(rows);
        }
      });
    }
    if (changed.length > 0) {
      await this.db.transaction(async tx => {
        const [{ n }] = await tx('posture_advisories').count({ n: '*' });
        const stamp = await tx('posture_advisory_stamp')
          .where({ id: STAMP_ID })
          .first();
        if (stamp) {
          await tx('posture_advisory_stamp')
            .where({ id: STAMP_ID })
            .update({
              version: Number(stamp.version) + 1,
              advisory_count: Number(n),
              updated_at: now,
            });
        } else {
          await tx('posture_advisory_stamp').insert({
            id: STAMP_ID,
            version: 1,
            advisory_count: Number(n),
            updated_at: now,
          });
        }
      });
    }
    return {
      changed: changed.map(a => a.id),
      packagesBefore: distinctPackages(packagesBefore),
    };
  }

  /** The stamp, or undefined before the first write. */
  async stamp(): Promise<AdvisoryStamp | undefined> {
    const row = await this.db('posture_advisory_stamp')
      .where({ id: STAMP_ID })
      .first();
    return row
      ? {
          version: Number(row.version),
          advisoryCount: Number(row.advisory_count),
          updatedAt: toIso(row.updated_at),
        }
      : undefined;
  }

  /** The advisories by id. */
  async byIds(tx: Knex, ids: string[]): Promise<Advisory[]> {
    const out: Advisory[] = [];
    for (const batch of chunks(ids, ID_BATCH)) {
      out.push(
        ...(await tx('posture_advisories').whereIn('id', batch).select()).map(
          fromRow,
        ),
      );
    }
    return out;
  }

  /** The versioned packages of a component's inventory of a branch (every tool's). */
  inventoryOf(
    tx: Knex,
    entityRef: string,
    branch: string,
  ): Promise<MatchedPackageRow[]> {
    return tx('posture_inventory')
      .where({ entity_ref: entityRef, branch })
      .whereNotNull('version')
      .select('purl', 'pkg_type', 'pkg_namespace', 'pkg_name', 'version');
  }

  /** The findings of the branch of tools other than `tool` that name a package. */
  packageFindings(
    tx: Knex,
    entityRef: string,
    branch: string,
    tool: string,
  ): Promise<PackageFindingRow[]> {
    return tx('posture_findings')
      .where({ entity_ref: entityRef, branch })
      .whereNot('tool', tool)
      .where(q => q.whereNotNull('package_purl').orWhereNotNull('package_name'))
      .select(
        'rule_id',
        'aliases',
        'package_name',
        'package_purl',
        'installed_version',
        'status',
      );
  }

  /** A component's cached catalog facts (tier, lifecycle, provided APIs, owner). */
  async componentFacts(
    tx: Knex,
    entityRef: string,
  ): Promise<MatchedComponentRow | undefined> {
    const row = await tx('posture_components')
      .where({ entity_ref: entityRef })
      .first('tier', 'lifecycle', 'provided_apis', 'owner_ref');
    if (!row) return undefined;
    return {
      tier:
        row.tier === null || row.tier === undefined ? null : Number(row.tier),
      lifecycle: row.lifecycle ?? null,
      providedApis: Number(row.provided_apis ?? 0),
      ownerRef: row.owner_ref ?? null,
    };
  }

  /**
   * The components an advisory change may concern: those whose inventory of the branch has one
   * of the packages at a version `affects` (the packages' distinct versions are read first, then
   * the components at the affected ones), and those with a match of one of the advisories
   * (`tool`) not fixed.
   */
  async componentsConcerned(
    packages: AdvisoryPackage[],
    advisoryIds: string[],
    branch: string,
    tool: string,
    affects: (version: Omit<MatchedPackageRow, 'purl'>) => boolean,
  ): Promise<string[]> {
    const found = new Set<string>();
    const ofPackages = (batch: PackageVersion[], withVersion: boolean) =>
      this.db('posture_inventory')
        .where({ branch })
        .where(q => {
          for (const p of batch) {
            q.orWhere({
              pkg_type: p.pkg_type,
              pkg_namespace: p.pkg_namespace,
              pkg_name: p.pkg_name,
              ...(withVersion ? { version: p.version } : {}),
            });
          }
        });
    const named = distinctPackages(packages).map(p => ({
      pkg_type: p.type,
      pkg_namespace: p.namespace,
      pkg_name: p.name,
      version: '',
    }));
    for (const batch of chunks(named, Math.floor(ID_BATCH / 3))) {
      const versions: PackageVersion[] = await ofPackages(batch, false)
        .whereNotNull('version')
        .distinct('pkg_type', 'pkg_namespace', 'pkg_name', 'version');
      for (const affected of chunks(
        versions.filter(affects),
        Math.floor(ID_BATCH / 4),
      )) {
        const rows = await ofPackages(affected, true).distinct('entity_ref');
        for (const r of rows) found.add(r.entity_ref);
      }
    }
    for (const ids of chunks(advisoryIds, ID_BATCH)) {
      const rows = await this.db('posture_findings')
        .where({ tool, branch })
        .whereIn('rule_id', ids)
        .whereNot('status', 'fixed')
        .distinct('entity_ref');
      for (const r of rows) found.add(r.entity_ref);
    }
    return [...found].sort();
  }

  /** The advisories (not withdrawn) that name any of the packages. */
  async forPackages(
    tx: Knex,
    packages: AdvisoryPackage[],
  ): Promise<Advisory[]> {
    const ids = new Set<string>();
    const byName = new Map<string, Set<string>>();
    for (const p of distinctPackages(packages)) {
      const key = `${p.type}\u0000${p.name}`;
      if (!byName.has(key)) byName.set(key, new Set());
      byName.get(key)!.add(p.namespace);
    }
    // by type and name (the index's prefix) as two lists, not one condition per package (a
    // statement of hundreds of ORs took 10-25 ms to plan on PostgreSQL); the pair and the
    // namespace are checked here
    const types = [
      ...new Set([...byName.keys()].map(k => k.split('\u0000')[0])),
    ];
    const names = [
      ...new Set([...byName.keys()].map(k => k.split('\u0000')[1])),
    ];
    for (const batch of chunks(names, ID_BATCH - types.length)) {
      const rows = await tx('posture_advisory_packages')
        .whereIn('pkg_type', types)
        .whereIn('pkg_name', batch)
        .select('advisory_id', 'pkg_type', 'pkg_namespace', 'pkg_name');
      for (const r of rows) {
        if (
          byName.get(`${r.pkg_type}\u0000${r.pkg_name}`)?.has(r.pkg_namespace)
        ) {
          ids.add(r.advisory_id);
        }
      }
    }
    return (await this.byIds(tx, [...ids])).filter(a => a.withdrawn === null);
  }
}
