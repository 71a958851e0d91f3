import { InputError } from '@backstage/errors';
import {
  EntityInventoryPackage,
  EntityInventoryPage,
  SEVERITIES,
  Severity,
} from '@golden-path/plugin-security-posture-common';
import { parsePurl } from '../parsers/inventory';
import {
  ComponentPackageRow,
  InventoryStore,
  PackageFindingRow,
} from './InventoryStore';
import {
  LicenceFilter,
  licenceFilter,
  licenceCounts,
  passesLicenceFilter,
} from './licences';

/** What a component's Dependencies tab asks (the query of `GET …/inventory`). @internal */
export interface EntityInventoryQuery {
  q?: string;
  licence?: string;
  direct?: boolean | string;
  limit?: number;
  cursor?: string;
}

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** A package's name as its ecosystem writes it: `group:artifact` for Maven, `scope/name` else. */
function displayName(p: {
  type: string;
  namespace: string;
  name: string;
}): string {
  if (!p.namespace) return p.name;
  return p.type === 'maven'
    ? `${p.namespace}:${p.name}`
    : `${p.namespace}/${p.name}`;
}

const identity = (p: { type: string; namespace: string; name: string }) =>
  `${p.type}\u0000${p.namespace}\u0000${p.name}`;

const zero = (): Record<Severity, number> => ({
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  info: 0,
});

/** The package of a component with every tool's row of its purl merged. */
interface MergedPackage
  extends Omit<EntityInventoryPackage, 'findings' | 'licenses'> {
  namespace: string;
  pkgName: string;
  licenses: string[];
  sortKey: string;
}

/**
 * Every tool's rows of a component merged per purl: licences, paths and tools united, direct
 * when any tool says direct (transitive when the tools that say anything say transitive).
 *
 * @internal
 */
export function mergePackages(rows: ComponentPackageRow[]): MergedPackage[] {
  const byPurl = new Map<string, MergedPackage>();
  for (const r of rows) {
    const seen = byPurl.get(r.purl);
    if (!seen) {
      const name = displayName(r);
      byPurl.set(r.purl, {
        purl: r.purl,
        name,
        type: r.type,
        namespace: r.namespace,
        pkgName: r.name,
        version: r.version,
        licenses: [...r.licenses],
        direct: r.direct,
        scope: r.scope,
        paths: r.path ? [r.path] : [],
        tools: [r.tool],
        sortKey: `${name.toLowerCase()}\u0000${r.purl}`,
      });
      continue;
    }
    seen.licenses.push(...r.licenses);
    if (r.path) seen.paths.push(r.path);
    seen.tools.push(r.tool);
    if (r.direct !== null) seen.direct = Boolean(seen.direct) || r.direct;
    seen.scope = seen.scope ?? r.scope;
    seen.version = seen.version ?? r.version;
  }
  const unique = (xs: string[]) => [...new Set(xs)].sort();
  return [...byPurl.values()]
    .map(p => ({
      ...p,
      licenses: unique(p.licenses),
      paths: unique(p.paths),
      tools: unique(p.tools),
    }))
    .sort((a, b) => {
      if (a.sortKey === b.sortKey) return 0;
      return a.sortKey < b.sortKey ? -1 : 1;
    });
}

/**
 * Which packages each open finding is on: by purl (type, namespace, name; and the version, when
 * both the finding and the package have one), else by the package's name as its ecosystem
 * writes it (case-insensitive).
 */
function findingCounts(
  packages: MergedPackage[],
  findings: PackageFindingRow[],
): Map<string, Record<Severity, number>> {
  const byIdentity = new Map<string, MergedPackage[]>();
  const byName = new Map<string, MergedPackage[]>();
  const add = (
    map: Map<string, MergedPackage[]>,
    key: string,
    p: MergedPackage,
  ) => {
    const list = map.get(key);
    if (list) list.push(p);
    else map.set(key, [p]);
  };
  for (const p of packages) {
    add(
      byIdentity,
      identity({ type: p.type, namespace: p.namespace, name: p.pkgName }),
      p,
    );
    add(byName, p.name.toLowerCase(), p);
    if (p.pkgName.toLowerCase() !== p.name.toLowerCase()) {
      add(byName, p.pkgName.toLowerCase(), p);
    }
  }
  const counts = new Map<string, Record<Severity, number>>();
  for (const f of findings) {
    const parts = f.packagePurl ? parsePurl(f.packagePurl) : undefined;
    let candidates: MergedPackage[] | undefined;
    if (parts) candidates = byIdentity.get(identity(parts));
    else if (f.packageName) {
      candidates = byName.get(f.packageName.trim().toLowerCase());
    }
    if (!candidates) continue;
    const version = parts?.version ?? f.installedVersion ?? undefined;
    const severity = (SEVERITIES as readonly string[]).includes(f.severity)
      ? (f.severity as Severity)
      : 'info';
    for (const p of candidates) {
      if (version && p.version && p.version !== version) continue;
      const c = counts.get(p.purl) ?? zero();
      c[severity] += 1;
      counts.set(p.purl, c);
    }
  }
  return counts;
}

function decodeCursor(cursor: string): string {
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString()).k;
    if (typeof after === 'string' && after) return after;
  } catch {
    // fall through
  }
  throw new InputError(
    'cursor: not a cursor of this list; start from the first page',
  );
}

const encodeCursor = (key: string) =>
  Buffer.from(JSON.stringify({ k: key })).toString('base64url');

function directOf(value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw new InputError(
    'direct: true (direct dependencies) or false (transitive ones)',
  );
}

/**
 * A component's dependency inventory as its Dependencies tab shows it: the packages of the
 * default branch (every tool's list merged per purl) with their open findings by severity,
 * searched, filtered by licence and direct/transitive, and paged by cursor.
 *
 * @internal
 */
export class ComponentInventoryService {
  constructor(
    private readonly options: {
      store: InventoryStore;
      branch: string;
      /** 404 unless the plugin or the catalog knows the entity. */
      requireKnown: (rawRef: string) => Promise<string>;
    },
  ) {}

  async list(
    rawRef: string,
    query: EntityInventoryQuery,
  ): Promise<EntityInventoryPage> {
    // the query first (400), then whether the entity exists (404)
    const limit = query.limit ?? DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      throw new InputError(`limit: an integer from 1 to ${MAX_LIMIT}`);
    }
    let filter: LicenceFilter | undefined;
    if (query.licence !== undefined && query.licence !== '') {
      filter = licenceFilter(query.licence);
      if (!filter) {
        throw new InputError(
          'licence: one licence (an SPDX id such as MIT, or a name as the licence counts list it), a prefix of ids ending in * (GPL-*), or none; not an expression',
        );
      }
    }
    const direct = directOf(query.direct);
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const text = query.q?.trim().toLowerCase();

    const entityRef = await this.options.requireKnown(rawRef);
    const { store, branch } = this.options;
    const packages = mergePackages(
      await store.componentPackages(entityRef, branch),
    );

    const matching = packages.filter(
      p =>
        (direct === undefined || p.direct === direct) &&
        (!filter || passesLicenceFilter(p.licenses, filter)) &&
        (!text ||
          [p.name, p.purl, p.version ?? '', ...p.licenses, ...p.paths].some(
            field => field.toLowerCase().includes(text),
          )),
    );
    const start = after ? matching.findIndex(p => p.sortKey > after) : 0;
    const page = start < 0 ? [] : matching.slice(start, start + limit);
    const more = start >= 0 && start + limit < matching.length;
    const counts = findingCounts(
      page,
      page.length > 0 ? await store.openPackageFindings(entityRef, branch) : [],
    );
    return {
      items: page.map(({ namespace: _n, pkgName: _p, sortKey: _s, ...p }) => {
        const bySeverity = counts.get(p.purl) ?? zero();
        return {
          ...p,
          findings: {
            total: SEVERITIES.reduce((n, s) => n + bySeverity[s], 0),
            bySeverity,
          },
        };
      }),
      totalCount: matching.length,
      licences: licenceCounts(packages).map(l => ({
        licence: l.id,
        packages: l.packages,
      })),
      nextCursor: more ? encodeCursor(page[page.length - 1].sortKey) : null,
    };
  }
}
