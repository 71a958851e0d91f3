import { PackageURL } from 'packageurl-js';

/** purl types of the OSV ecosystems (OSV schema "affected[].package.ecosystem"). */
const ECOSYSTEM_TYPES: Record<string, string> = {
  npm: 'npm',
  pypi: 'pypi',
  go: 'golang',
  'crates.io': 'cargo',
  maven: 'maven',
  packagist: 'composer',
  rubygems: 'gem',
  nuget: 'nuget',
  pub: 'pub',
  hex: 'hex',
  swifturl: 'swift',
};

function split(type: string, fullName: string): [string | undefined, string] {
  if (type === 'maven') {
    const [group, artifact] = fullName.split(':');
    return artifact ? [group, artifact] : [undefined, fullName];
  }
  if (type === 'npm' || type === 'golang' || type === 'composer') {
    const slash = fullName.lastIndexOf('/');
    return slash > 0
      ? [fullName.slice(0, slash), fullName.slice(slash + 1)]
      : [undefined, fullName];
  }
  return [undefined, fullName];
}

/**
 * A package URL for a package of an OSV ecosystem (`npm`, `PyPI`, `Go`, `crates.io`, `Maven`,
 * `Packagist`, …), or `undefined` for an ecosystem without a purl type or an invalid name.
 */
export function purlFor(
  ecosystem: string | undefined,
  name: string,
  version: string | undefined,
): string | undefined {
  const type = ecosystem ? ECOSYSTEM_TYPES[ecosystem.toLowerCase()] : undefined;
  if (!type) {
    return undefined;
  }
  try {
    const [namespace, shortName] = split(type, name);
    return new PackageURL(type, namespace, shortName, version).toString();
  } catch {
    return undefined;
  }
}
