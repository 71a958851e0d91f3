import { InventoryPackage } from '@golden-path/plugin-security-posture-common';
import { PackageURL } from 'packageurl-js';
import { normalizePath, str, uniqueSorted } from './util';

/** The longest purl kept in an inventory (a longer one is not a package's name). */
const MAX_PURL_LENGTH = 1000;

/** The parts of a package URL the inventory is searched by. @internal */
export interface PurlParts {
  type: string;
  namespace: string;
  name: string;
  version?: string;
}

/**
 * A package URL read with packageurl-js (which normalises each type's name as the purl
 * specification says, e.g. PyPI names lower-cased), or `undefined` for text that is not one.
 *
 * @internal
 */
export function parsePurl(text: string): PurlParts | undefined {
  // a purl never holds white space (it is percent-encoded)
  if (
    !text.startsWith('pkg:') ||
    text.length > MAX_PURL_LENGTH ||
    /\s/.test(text)
  ) {
    return undefined;
  }
  try {
    const purl = PackageURL.fromString(text);
    return {
      type: purl.type,
      namespace: purl.namespace ?? '',
      name: purl.name,
      ...(purl.version ? { version: purl.version } : {}),
    };
  } catch {
    return undefined;
  }
}

/** A package's name as its ecosystem writes it: `group:artifact` for Maven, `scope/name` else. */
function displayName(parts: PurlParts): string {
  if (!parts.namespace) return parts.name;
  return parts.type === 'maven'
    ? `${parts.namespace}:${parts.name}`
    : `${parts.namespace}/${parts.name}`;
}

/**
 * One inventory package out of a report, or `undefined` when its purl is missing or invalid (a
 * package without a purl cannot be searched for across the fleet). The purl is stored as
 * packageurl-js writes it back, so the same package reads the same from every tool.
 *
 * @internal
 */
export function inventoryPackage(
  tool: string,
  purlText: unknown,
  extra: {
    version?: unknown;
    licenses?: Iterable<string | undefined>;
    scope?: string;
    direct?: boolean;
    path?: unknown;
  } = {},
): InventoryPackage | undefined {
  const text = str(purlText);
  const parts = text ? parsePurl(text) : undefined;
  if (!text || !parts) return undefined;
  let purl: string;
  try {
    purl = PackageURL.fromString(text).toString();
  } catch {
    return undefined;
  }
  const version = parts.version ?? str(extra.version);
  const path = normalizePath(extra.path);
  return {
    tool,
    purl,
    name: displayName(parts),
    ...(version ? { version } : {}),
    licenses: uniqueSorted([...(extra.licenses ?? [])].map(l => l?.trim())),
    ...(extra.scope ? { scope: extra.scope } : {}),
    ...(extra.direct !== undefined ? { direct: extra.direct } : {}),
    ...(path ? { path } : {}),
  };
}

/**
 * The packages of a list with each (tool, purl) once: the first occurrence wins, later ones add
 * their licences, and a package listed as direct anywhere is direct.
 *
 * @internal
 */
export function uniquePackages(
  packages: Array<InventoryPackage | undefined>,
): InventoryPackage[] {
  const byKey = new Map<string, InventoryPackage>();
  for (const p of packages) {
    if (!p) continue;
    const key = `${p.tool}\u0000${p.purl}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, p);
      continue;
    }
    const direct =
      seen.direct === undefined && p.direct === undefined
        ? undefined
        : Boolean(seen.direct || p.direct);
    byKey.set(key, {
      ...seen,
      licenses: uniqueSorted([...seen.licenses, ...p.licenses]),
      ...(direct !== undefined ? { direct } : {}),
      ...(!seen.path && p.path ? { path: p.path } : {}),
    });
  }
  return [...byKey.values()];
}
