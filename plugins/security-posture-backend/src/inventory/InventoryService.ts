import { InputError } from '@backstage/errors';
import { PackageURL } from 'packageurl-js';
import {
  InventoryComponent,
  InventoryPage,
  InventorySearchQuery,
} from '@golden-path/plugin-security-posture-common';
import { parsePurl } from '../parsers/inventory';
import { exposurePoints } from '../priority/priority';
import { VisibleFilter } from '../scorecards/ScorecardService';
import { InventoryHit, InventoryStore, PackageQuery } from './InventoryStore';
import { VersionTest, versionRange } from './versionRanges';

/** What a fleet search asks (the query parameters of `GET /v1/inventory`). @internal */
export type InventorySearch = InventorySearchQuery;

/** The purl types of the purl specification: a search for another type is a mistake (400). */
const PURL_TYPES = new Set([
  'alpm',
  'apk',
  'bitbucket',
  'bitnami',
  'cargo',
  'cocoapods',
  'composer',
  'conan',
  'conda',
  'cpan',
  'cran',
  'deb',
  'docker',
  'gem',
  'generic',
  'github',
  'golang',
  'hackage',
  'hex',
  'huggingface',
  'luarocks',
  'maven',
  'mlflow',
  'npm',
  'nuget',
  'oci',
  'pub',
  'pypi',
  'qpkg',
  'rpm',
  'swid',
  'swift',
]);

const DEFAULT_LIMIT = 50;
/** The namespace a name is normalised with when a search leaves it open. */
const ANY_NAMESPACE = 'any';

function decodeCursor(cursor: string): string {
  try {
    const after = JSON.parse(Buffer.from(cursor, 'base64url').toString()).a;
    if (typeof after === 'string' && after) return after;
  } catch {
    // fall through
  }
  throw new InputError('cursor is not valid; start from the first page');
}

const encodeCursor = (after: string) =>
  Buffer.from(JSON.stringify({ a: after })).toString('base64url');

/**
 * The package a search names, normalised as the inventory stores it (packageurl-js), with the
 * exact version a versioned purl asks for.
 *
 * @internal
 */
export function packageOf(
  search: InventorySearch,
  branch: string,
): { query: PackageQuery; version?: string } {
  if (search.purl) {
    const parts = parsePurl(search.purl);
    if (!parts) {
      throw new InputError(
        'purl: not a package URL (pkg:type/namespace/name[@version])',
      );
    }
    if (!PURL_TYPES.has(parts.type)) {
      throw new InputError(`purl: unknown purl type "${parts.type}"`);
    }
    return {
      query: {
        type: parts.type,
        namespace: parts.namespace,
        name: parts.name,
        branch,
      },
      ...(parts.version ? { version: parts.version } : {}),
    };
  }
  const type = search.type?.trim().toLowerCase();
  const name = search.name?.trim();
  if (!type || !name) {
    throw new InputError(
      'purl, or type and name: say which package to search for',
    );
  }
  if (!PURL_TYPES.has(type)) {
    throw new InputError(`type: unknown purl type "${type.slice(0, 63)}"`);
  }
  const namespace = search.namespace?.trim();
  // normalised as a purl of that type would be (e.g. PyPI names lower-cased, `_` as `-`)
  let purl: PackageURL;
  try {
    // a type that requires a namespace (Maven) is normalised with a stand-in when any is asked
    purl = new PackageURL(
      type,
      namespace || (namespace === undefined ? ANY_NAMESPACE : undefined),
      name,
      undefined,
    );
  } catch {
    throw new InputError('name: not a valid package name for its type');
  }
  const parts = parsePurl(purl.toString());
  if (!parts) {
    throw new InputError('name: not a valid package name for its type');
  }
  return {
    query: {
      type,
      ...(namespace !== undefined ? { namespace: parts.namespace } : {}),
      name: parts.name,
      branch,
    },
  };
}

/** One component's matching rows as the answer's entry. */
function componentOf(hits: InventoryHit[]): InventoryComponent {
  const first = hits[0];
  const byPurl = new Map<
    string,
    { version: string | null; direct: boolean | null; tools: string[] }
  >();
  for (const h of hits) {
    const seen = byPurl.get(h.purl);
    if (seen) {
      seen.tools.push(h.tool);
      if (h.direct !== null) seen.direct = Boolean(seen.direct) || h.direct;
    } else {
      byPurl.set(h.purl, {
        version: h.version,
        direct: h.direct,
        tools: [h.tool],
      });
    }
  }
  return {
    entityRef: first.entityRef,
    versions: [
      ...new Set(
        hits.map(h => h.version).filter((v): v is string => v !== null),
      ),
    ].sort(),
    packages: [...byPurl].map(([purl, p]) => ({
      purl,
      ...p,
      tools: [...new Set(p.tools)].sort(),
    })),
    ownerRef: first.ownerRef,
    systemRef: first.systemRef,
    tier: first.tier,
    lifecycle: first.lifecycle,
    exposure: {
      providedApis: first.providedApis,
      production: first.lifecycle === 'production',
      points: exposurePoints({
        tier: first.tier,
        lifecycle: first.lifecycle,
        providedApis: first.providedApis ?? 0,
      }),
    },
  };
}

/**
 * Fleet search over the dependency inventories: which components (of those a caller may read)
 * have a package, at which versions (within a range in the ecosystem's syntax), with their owner,
 * system, tier, lifecycle and exposure from the cached catalog facts; cursor-paged by entity ref.
 *
 * @internal
 */
export class InventoryService {
  constructor(
    private readonly options: { store: InventoryStore; branch: string },
  ) {}

  async search(
    search: InventorySearch,
    visible: VisibleFilter,
  ): Promise<InventoryPage> {
    const { query, version } = packageOf(search, this.options.branch);
    const inRange: VersionTest | undefined = search.range?.trim()
      ? versionRange(query.type, search.range.trim())
      : undefined;
    const limit = search.limit ?? DEFAULT_LIMIT;
    let after = search.cursor ? decodeCursor(search.cursor) : undefined;
    // a page and one more component (whether a next page follows) when every row qualifies;
    // more per round when a version or range may leave some out
    const batchSize =
      version === undefined && !inRange ? limit + 1 : Math.max(limit * 2, 100);
    const items: InventoryComponent[] = [];
    // once the page is full: the last component on it, while later batches are read only to
    // tell whether another answer follows
    let full: string | undefined;
    for (;;) {
      const hits = await this.options.store.findComponents(
        query,
        after,
        batchSize,
      );
      const byRef = new Map<string, InventoryHit[]>();
      for (const h of hits) {
        const matches =
          (version === undefined || h.version === version) &&
          (!inRange || (h.version !== null && inRange(h.version)));
        if (!byRef.has(h.entityRef)) byRef.set(h.entityRef, []);
        if (matches) byRef.get(h.entityRef)!.push(h);
      }
      const refs = [...byRef.keys()];
      const allowed = await visible(
        refs.filter(ref => byRef.get(ref)!.length > 0),
      );
      const qualifies = (ref: string) =>
        byRef.get(ref)!.length > 0 && allowed.has(ref);
      for (let i = 0; i < refs.length; i++) {
        const ref = refs[i];
        if (!qualifies(ref)) continue;
        if (full !== undefined) {
          return { items, nextCursor: encodeCursor(full) };
        }
        items.push(componentOf(byRef.get(ref)!));
        if (items.length === limit) full = ref;
      }
      if (refs.length < batchSize) return { items, nextCursor: null };
      after = refs[refs.length - 1];
    }
  }
}
