import { InventoryPackage } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { chunks } from '../database/rows';
import { ID_BATCH, INSERT_BATCH } from '../database/tables';
import { parsePurl, PurlParts } from '../parsers/inventory';

/**
 * What an upload did to a tool's inventory of a component branch, counted per package (purl
 * type, namespace and name): packages new to it, gone from it, found at other versions, and the
 * same.
 *
 * @internal
 */
export interface InventoryCounts {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
}

/** Where one tool's inventory applies. @internal */
export interface InventoryScope {
  entityRef: string;
  branch: string;
  tool: string;
}

/** A package found by a fleet search, with the cached facts of its component. @internal */
export interface InventoryHit {
  entityRef: string;
  purl: string;
  version: string | null;
  tool: string;
  direct: boolean | null;
  ownerRef: string | null;
  systemRef: string | null;
  tier: number | null;
  lifecycle: string | null;
  providedApis: number | null;
}

/** Which package a fleet search looks for. @internal */
export interface PackageQuery {
  type: string;
  /** Exactly this namespace (`''`: none); any when undefined. */
  namespace?: string;
  name: string;
  branch: string;
}

/**
 * Dependency inventories: one tool's packages of a component branch replaced by an upload (in the
 * upload's transaction), and the components that have a package, across the fleet.
 *
 * @internal
 */
export interface InventoryStore {
  /** Makes the tool's inventory of the branch `packages`; writes only what differs. */
  replace(
    tx: Knex,
    scope: InventoryScope,
    packages: InventoryPackage[],
    stamp: { scanId: string; now: string },
  ): Promise<InventoryCounts>;
  /** The packages (per purl type, namespace and name) the tools' inventories of a branch hold. */
  countPackages(
    tx: Knex,
    scope: Omit<InventoryScope, 'tool'>,
    tools: string[],
  ): Promise<number>;
  /**
   * The next components (by entity ref, after `after`) whose inventory of the branch has the
   * package, at most `limit` of them, with every matching row of each.
   */
  findComponents(
    query: PackageQuery,
    after: string | undefined,
    limit: number,
  ): Promise<InventoryHit[]>;
  /** Every tool's packages of a component branch (for its Dependencies tab and its policies). */
  componentPackages(
    entityRef: string,
    branch: string,
    tx?: Knex,
  ): Promise<ComponentPackageRow[]>;
  /** {@link InventoryStore.componentPackages} of many components, read in bulk (inside `tx` when given). */
  componentPackagesOf(
    entityRefs: string[],
    branch: string,
    tx?: Knex,
  ): Promise<Map<string, ComponentPackageRow[]>>;
  /** The open findings of a component branch that name a package. */
  openPackageFindings(
    entityRef: string,
    branch: string,
  ): Promise<PackageFindingRow[]>;
}

/** One tool's row of a component's inventory. @internal */
export interface ComponentPackageRow {
  tool: string;
  purl: string;
  type: string;
  namespace: string;
  name: string;
  version: string | null;
  licenses: string[];
  scope: string | null;
  direct: boolean | null;
  path: string | null;
}

/** An open finding that names a package. @internal */
export interface PackageFindingRow {
  severity: string;
  packageName: string | null;
  packagePurl: string | null;
  installedVersion: string | null;
}

interface Row {
  id: string;
  entity_ref: string;
  branch: string;
  tool: string;
  purl: string;
  pkg_type: string;
  pkg_namespace: string;
  pkg_name: string;
  version: string | null;
  licenses: string;
  scope: string | null;
  direct: boolean | number | null;
  path: string | null;
}

const rowId = (scope: InventoryScope, purl: string) =>
  createHash('sha256')
    .update(
      [scope.entityRef, scope.branch, scope.tool, purl]
        .map(p => `${p.length}:${p}`)
        .join('|'),
    )
    .digest('hex');

const identity = (r: Pick<Row, 'pkg_type' | 'pkg_namespace' | 'pkg_name'>) =>
  `${r.pkg_type}\u0000${r.pkg_namespace}\u0000${r.pkg_name}`;

const asBoolean = (value: Row['direct']): boolean | null =>
  value === null || value === undefined ? null : Boolean(value);

function toRow(
  scope: InventoryScope,
  p: InventoryPackage,
  parts: Pick<PurlParts, 'type' | 'namespace' | 'name'>,
  id?: string,
): Row {
  return {
    id: id ?? rowId(scope, p.purl),
    entity_ref: scope.entityRef,
    branch: scope.branch,
    tool: scope.tool,
    purl: p.purl,
    pkg_type: parts.type.slice(0, 63),
    pkg_namespace: parts.namespace.slice(0, 255),
    pkg_name: parts.name.slice(0, 255),
    version: p.version?.slice(0, 255) ?? null,
    licenses: JSON.stringify(p.licenses),
    scope: p.scope?.slice(0, 31) ?? null,
    direct: p.direct ?? null,
    path: p.path?.slice(0, 1000) ?? null,
  };
}

/** A row of a fleet search: the inventory row with its component's cached facts. */
interface HitRow {
  entity_ref: string;
  purl: string;
  version: string | null;
  tool: string;
  direct: Row['direct'];
  owner_ref: string | null;
  system_ref: string | null;
  tier: number | string | null;
  lifecycle: string | null;
  provided_apis: number | string | null;
}

/** Whether a stored row says what a new one says. */
function sameRow(a: Row, b: Row): boolean {
  return (
    a.version === b.version &&
    a.licenses === b.licenses &&
    a.scope === b.scope &&
    asBoolean(a.direct) === asBoolean(b.direct) &&
    a.path === b.path
  );
}

/** The columns of a component's package rows. */
const PACKAGE_COLUMNS = [
  'tool',
  'purl',
  'pkg_type',
  'pkg_namespace',
  'pkg_name',
  'version',
  'licenses',
  'scope',
  'direct',
  'path',
];

function toPackageRow(r: Row): ComponentPackageRow {
  let licenses: string[] = [];
  try {
    const parsed = JSON.parse(r.licenses);
    if (Array.isArray(parsed)) {
      licenses = parsed.filter((l): l is string => typeof l === 'string');
    }
  } catch {
    licenses = [];
  }
  return {
    tool: r.tool,
    purl: r.purl,
    type: r.pkg_type,
    namespace: r.pkg_namespace,
    name: r.pkg_name,
    version: r.version,
    licenses,
    scope: r.scope,
    direct: asBoolean(r.direct),
    path: r.path,
  };
}

/**
 * The {@link InventoryStore} on knex (SQLite and PostgreSQL): `posture_inventory` joined with the
 * cached component facts of `posture_components`.
 *
 * @internal
 */
export class DatabaseInventoryStore implements InventoryStore {
  constructor(private readonly db: Knex) {}

  async replace(
    tx: Knex,
    scope: InventoryScope,
    packages: InventoryPackage[],
    stamp: { scanId: string; now: string },
  ): Promise<InventoryCounts> {
    const stored: Row[] = await tx('posture_inventory')
      .where({
        entity_ref: scope.entityRef,
        branch: scope.branch,
        tool: scope.tool,
      })
      // a scope's rows are of one tool: its package columns but the tool
      .select('id', ...PACKAGE_COLUMNS.filter(c => c !== 'tool'));
    // by purl (a row's id is the hash of its scope and purl): a package stored already is not
    // parsed or hashed again, so an unchanged inventory costs its read and a comparison
    const old = new Map(stored.map(r => [r.purl, r]));
    const fresh = new Map<string, Row>();
    for (const p of packages) {
      const known = old.get(p.purl);
      const parts = known
        ? {
            type: known.pkg_type,
            namespace: known.pkg_namespace,
            name: known.pkg_name,
          }
        : parsePurl(p.purl);
      if (!parts) continue;
      fresh.set(p.purl, toRow(scope, p, parts, known?.id));
    }

    // counts per package: the set of versions of each before and after
    const versions = (rows: Iterable<Row>) => {
      const out = new Map<string, Set<string>>();
      for (const r of rows) {
        const key = identity(r);
        if (!out.has(key)) out.set(key, new Set());
        out.get(key)!.add(r.version ?? '');
      }
      return out;
    };
    const before = versions(old.values());
    const after = versions(fresh.values());
    const counts: InventoryCounts = {
      added: 0,
      removed: 0,
      changed: 0,
      unchanged: 0,
    };
    for (const [key, now] of after) {
      const was = before.get(key);
      if (!was) counts.added += 1;
      else if (was.size === now.size && [...now].every(v => was.has(v))) {
        counts.unchanged += 1;
      } else counts.changed += 1;
    }
    for (const key of before.keys()) {
      if (!after.has(key)) counts.removed += 1;
    }

    const gone = [...old.values()]
      .filter(r => !fresh.has(r.purl))
      .map(r => r.id);
    const added = [...fresh.values()].filter(r => !old.has(r.purl));
    const updated = [...fresh.values()].filter(
      r => old.has(r.purl) && !sameRow(old.get(r.purl)!, r),
    );
    for (const ids of chunks(gone, ID_BATCH)) {
      await tx('posture_inventory').whereIn('id', ids).delete();
    }
    for (const batch of chunks(added, INSERT_BATCH)) {
      await tx('posture_inventory').insert(
        batch.map(r => ({
          ...r,
          scan_id: stamp.scanId,
          first_seen_at: stamp.now,
          updated_at: stamp.now,
        })),
      );
    }
    for (const r of updated) {
      await tx('posture_inventory').where({ id: r.id }).update({
        version: r.version,
        licenses: r.licenses,
        scope: r.scope,
        direct: r.direct,
        path: r.path,
        scan_id: stamp.scanId,
        updated_at: stamp.now,
      });
    }
    return counts;
  }

  async countPackages(
    tx: Knex,
    scope: Omit<InventoryScope, 'tool'>,
    tools: string[],
  ): Promise<number> {
    const [row] = await tx
      .from(
        tx('posture_inventory')
          .where({ entity_ref: scope.entityRef, branch: scope.branch })
          .whereIn('tool', tools)
          .distinct('tool', 'pkg_type', 'pkg_namespace', 'pkg_name')
          .as('packages'),
      )
      .count({ n: '*' });
    return Number(row?.n ?? 0);
  }

  async findComponents(
    query: PackageQuery,
    after: string | undefined,
    limit: number,
  ): Promise<InventoryHit[]> {
    const matching = (q: Knex.QueryBuilder, table: string) => {
      q.where({
        [`${table}.pkg_type`]: query.type,
        [`${table}.pkg_name`]: query.name,
        [`${table}.branch`]: query.branch,
      });
      if (query.namespace !== undefined) {
        q.where(`${table}.pkg_namespace`, query.namespace);
      }
      if (after !== undefined) q.where(`${table}.entity_ref`, '>', after);
      return q;
    };
    // the next components in entity-ref order (read from the search index alone), then their
    // rows with the cached facts: one statement
    const next = matching(this.db('posture_inventory as n'), 'n')
      .distinct('n.entity_ref')
      .orderBy('n.entity_ref')
      .limit(limit);
    const rows: HitRow[] = await matching(
      this.db('posture_inventory as i'),
      'i',
    )
      .whereIn('i.entity_ref', next)
      .leftJoin('posture_components as c', 'c.entity_ref', 'i.entity_ref')
      .orderBy(['i.entity_ref', 'i.purl', 'i.tool'])
      .select(
        'i.entity_ref',
        'i.purl',
        'i.version',
        'i.tool',
        'i.direct',
        'c.owner_ref',
        'c.system_ref',
        'c.tier',
        'c.lifecycle',
        'c.provided_apis',
      );
    return rows.map(r => ({
      entityRef: r.entity_ref,
      purl: r.purl,
      version: r.version,
      tool: r.tool,
      direct: asBoolean(r.direct),
      ownerRef: r.owner_ref ?? null,
      systemRef: r.system_ref ?? null,
      tier: r.tier === null || r.tier === undefined ? null : Number(r.tier),
      lifecycle: r.lifecycle ?? null,
      providedApis:
        r.provided_apis === null || r.provided_apis === undefined
          ? null
          : Number(r.provided_apis),
    }));
  }

  async componentPackages(
    entityRef: string,
    branch: string,
    tx?: Knex,
  ): Promise<ComponentPackageRow[]> {
    const rows: Row[] = await (tx ?? this.db)('posture_inventory')
      .where({ entity_ref: entityRef, branch })
      .orderBy(['purl', 'tool'])
      .select(PACKAGE_COLUMNS);
    return rows.map(toPackageRow);
  }

  async componentPackagesOf(
    entityRefs: string[],
    branch: string,
    tx?: Knex,
  ): Promise<Map<string, ComponentPackageRow[]>> {
    const out = new Map<string, ComponentPackageRow[]>();
    for (const refs of chunks([...new Set(entityRefs)], ID_BATCH)) {
      const rows: Row[] = await (tx ?? this.db)('posture_inventory')
        .where({ branch })
        .whereIn('entity_ref', refs)
        .orderBy(['entity_ref', 'purl', 'tool'])
        .select(['entity_ref', ...PACKAGE_COLUMNS]);
      for (const r of rows) {
        const list = out.get(r.entity_ref) ?? [];
        list.push(toPackageRow(r));
        out.set(r.entity_ref, list);
      }
    }
    return out;
  }

  async openPackageFindings(
    entityRef: string,
    branch: string,
  ): Promise<PackageFindingRow[]> {
    const rows = await this.db('posture_findings')
      .where({ entity_ref: entityRef, branch, status: 'open' })
      .where(q => q.whereNotNull('package_purl').orWhereNotNull('package_name'))
      .select('severity', 'package_name', 'package_purl', 'installed_version');
    return rows.map(r => ({
      severity: r.severity,
      packageName: r.package_name ?? null,
      packagePurl: r.package_purl ?? null,
      installedVersion: r.installed_version ?? null,
    }));
  }
}
