import { InputError } from '@backstage/errors';
import * as pep440 from '@renovatebot/pep440';
import semver from 'semver';
import { mavenRange } from './mavenVersion';

/** A test of whether a version is in a range. @internal */
export type VersionTest = (version: string) => boolean;

/**
 * Version ranges per purl type, each in its ecosystem's own syntax and compared by a library that
 * implements that ecosystem's ordering (ADR010):
 * - `npm`: node-semver ranges (`<2.0.0`, `^1.2.3 || >=3`), prereleases included;
 * - `pypi`: PEP 440 specifiers (`>=2.0,<2.31.0`, `~=1.4`) with `@renovatebot/pep440`;
 * - `maven`: Maven ranges (`[2.0-beta9,2.17.1)`) with Maven's own version order;
 * - `golang`: Go module versions, semver with a `v` prefix (`<v1.5.0`), with node-semver.
 */
const RANGES: Record<string, (range: string) => VersionTest | undefined> = {
  npm: range => {
    const valid = semver.validRange(range);
    if (valid === null) return undefined;
    return version =>
      semver.valid(version) !== null &&
      semver.satisfies(version, valid, { includePrerelease: true });
  },
  pypi: range => {
    if (!pep440.validRange(range)) return undefined;
    return version =>
      pep440.valid(version) !== null &&
      pep440.satisfies(version, range, { prereleases: true });
  },
  maven: mavenRange,
  golang: range => {
    const valid = semver.validRange(range);
    if (valid === null) return undefined;
    // module versions are written with the v (v1.2.3); OSV-Scanner names them without it
    return version =>
      semver.valid(version) !== null &&
      semver.satisfies(version, valid, { includePrerelease: true });
  },
};

/** The purl types a version range can be given for. @internal */
export const RANGE_TYPES: readonly string[] = Object.keys(RANGES);

/**
 * The test of a version range in the syntax of the purl type's ecosystem.
 *
 * @throws InputError (400) naming the `range` parameter when the type has no range syntax here or
 * the range does not parse.
 * @internal
 */
export function versionRange(type: string, range: string): VersionTest {
  const parse = RANGES[type];
  if (!parse) {
    throw new InputError(
      `range: version ranges are compared for purl types ${RANGE_TYPES.join(
        ', ',
      )}; not for "${type.slice(0, 63)}"`,
    );
  }
  const test = range.length <= 500 ? parse(range) : undefined;
  if (!test) {
    throw new InputError(
      `range: "${range.slice(0, 100)}" is not a valid ${type} version range`,
    );
  }
  return test;
}
