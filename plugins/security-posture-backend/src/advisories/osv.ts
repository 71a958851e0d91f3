import {
  Severity,
  maxSeverity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import * as pep440 from '@renovatebot/pep440';
import { cvss3BaseScore } from '../parsers/cvss';
import { parsePurl } from '../parsers/inventory';
import { purlFor } from '../parsers/purl';
import { fallbackSeverity, lookupSeverity } from '../parsers/severityMapping';
import {
  JsonObject,
  arr,
  httpUrl,
  normalizeCwe,
  normalizeVulnId,
  obj,
  objects,
  plainText,
  str,
  uniqueSorted,
} from '../parsers/util';
import {
  RANGE_TYPES,
  VersionTest,
  versionRange,
} from '../inventory/versionRanges';

/** A package an advisory names, as the inventory stores packages (purl type, namespace, name). @internal */
export interface AdvisoryPackage {
  type: string;
  namespace: string;
  name: string;
}

/** One OSV range: its type (SEMVER, ECOSYSTEM, GIT) and its events in order. */
interface AdvisoryRange {
  type: string;
  events: { introduced?: string; fixed?: string; last_affected?: string }[];
}

/** One `affected[]` entry of an OSV record, its package as a purl's parts. @internal */
export interface AffectedPackage {
  ecosystem: string;
  package: AdvisoryPackage;
  ranges: AdvisoryRange[];
  versions: string[];
}

/** What matching keeps of an OSV record. @internal */
export interface Advisory {
  id: string;
  aliases: string[];
  modified: string;
  withdrawn: string | null;
  summary: string;
  severity: Severity;
  affected: AffectedPackage[];
  /** Every fixed version the ranges name. */
  fixedVersions: string[];
  cwes: string[];
  /** The record's first ADVISORY (else WEB) reference. */
  url: string | null;
}

const MAX_ID = 100;
const DB_SEVERITY_FIELD = 'vulnerabilities[].database_specific.severity';

function rangesOf(entry: JsonObject): AdvisoryRange[] {
  return objects(entry.ranges).flatMap(r => {
    const type = str(r.type)?.toUpperCase();
    if (!type) return [];
    const events = objects(r.events).flatMap(e => {
      const event: AdvisoryRange['events'][number] = {};
      for (const key of ['introduced', 'fixed', 'last_affected'] as const) {
        const value = str(e[key]);
        if (value !== undefined) event[key] = value.slice(0, 255);
      }
      return Object.keys(event).length > 0 ? [event] : [];
    });
    return events.length > 0 ? [{ type, events }] : [];
  });
}

/** The severity the OSV-Scanner parser would give the record: CVSS v3 score, else the database's. */
function severityOf(record: JsonObject): Severity {
  const scores = objects(record.severity)
    .filter(s => /^CVSS_V3/.test(str(s.type) ?? ''))
    .map(s => cvss3BaseScore(str(s.score) ?? ''))
    .filter((s): s is number => s !== undefined);
  if (scores.length > 0) return severityFromCvss(Math.max(...scores))!;
  return (
    maxSeverity([
      lookupSeverity(
        'osv-scanner',
        DB_SEVERITY_FIELD,
        obj(record.database_specific)?.severity,
      ),
    ]) ?? fallbackSeverity('osv-scanner', 'severity')
  );
}

/**
 * What matching keeps of one OSV record (https://ossf.github.io/osv-schema/), or undefined when
 * it is not one (no id or modified time) or names no package of an ecosystem with a purl type.
 *
 * @internal
 */
export function parseOsvRecord(record: unknown): Advisory | undefined {
  const r = obj(record);
  const rawId = str(r?.id);
  const modified = str(r?.modified);
  if (!r || !rawId || !modified || rawId.length > MAX_ID) return undefined;
  const affected: AffectedPackage[] = [];
  for (const entry of objects(r.affected)) {
    const pkg = obj(entry.package);
    const ecosystem = str(pkg?.ecosystem);
    const name = str(pkg?.name);
    if (!ecosystem || !name) continue;
    const parts = parsePurl(purlFor(ecosystem, name, undefined) ?? '');
    if (!parts) continue;
    affected.push({
      ecosystem: ecosystem.slice(0, 100),
      package: {
        type: parts.type,
        namespace: parts.namespace,
        name: parts.name,
      },
      ranges: rangesOf(entry),
      versions: arr(entry.versions)
        .map(v => str(v))
        .filter((v): v is string => v !== undefined)
        .map(v => v.slice(0, 255)),
    });
  }
  if (affected.length === 0) return undefined;
  const references = objects(r.references);
  const url =
    httpUrl(references.find(ref => ref.type === 'ADVISORY')?.url) ??
    httpUrl(references.find(ref => ref.type === 'WEB')?.url) ??
    null;
  return {
    id: normalizeVulnId(rawId),
    aliases: uniqueSorted(
      arr(r.aliases)
        .map(a => str(a))
        .filter((a): a is string => a !== undefined && a.length <= MAX_ID)
        .map(normalizeVulnId),
    ),
    modified: modified.slice(0, 40),
    withdrawn: str(r.withdrawn)?.slice(0, 40) ?? null,
    summary: (plainText(r.summary) ?? normalizeVulnId(rawId)).slice(0, 500),
    severity: severityOf(r),
    affected,
    fixedVersions: uniqueSorted(
      affected.flatMap(a =>
        a.ranges.flatMap(range => range.events.map(e => e.fixed)),
      ),
    ),
    cwes: uniqueSorted(
      arr(obj(r.database_specific)?.cwe_ids).map(c => normalizeCwe(c)),
    ),
    url: url && url.length <= 1000 ? url : null,
  };
}

/** The records of an OSV export: a JSON array, one record, or `{ vulns: [...] }`. @internal */
export function osvRecords(doc: unknown): unknown[] {
  if (Array.isArray(doc)) return doc;
  const o = obj(doc);
  if (o && Array.isArray(o.vulns)) return o.vulns;
  return o ? [o] : [];
}

/** One interval of a range: from `introduced` (0: the first version) to `fixed` or `last_affected`. */
interface Interval {
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
}

function intervals(range: AdvisoryRange): Interval[] {
  const out: Interval[] = [];
  let open: string | undefined;
  for (const e of range.events) {
    if (e.introduced !== undefined) {
      if (open !== undefined) out.push({ introduced: open });
      open = e.introduced;
    } else if (e.fixed !== undefined || e.last_affected !== undefined) {
      if (open === undefined) continue;
      out.push({
        introduced: open,
        ...(e.fixed !== undefined ? { fixed: e.fixed } : {}),
        ...(e.last_affected !== undefined
          ? { lastAffected: e.last_affected }
          : {}),
      });
      open = undefined;
    }
  }
  if (open !== undefined) out.push({ introduced: open });
  return out;
}

const isZero = (v: string | undefined) => v === undefined || v === '0';

/**
 * An interval written as a range in the syntax of the purl type's ecosystem (what
 * `versionRanges.ts` compares): npm and Go as node-semver, PyPI as PEP 440 specifiers, Maven as
 * a Maven version range.
 */
function rangeText(type: string, i: Interval): string {
  const low = isZero(i.introduced) ? undefined : i.introduced;
  if (type === 'maven') {
    const lower = low ? `[${low}` : '(';
    if (i.fixed !== undefined) return `${lower},${i.fixed})`;
    if (i.lastAffected !== undefined) return `${lower},${i.lastAffected}]`;
    return `${lower},)`;
  }
  const parts = [
    low ? `>=${low}` : undefined,
    i.fixed !== undefined ? `<${i.fixed}` : undefined,
    i.lastAffected !== undefined ? `<=${i.lastAffected}` : undefined,
  ].filter((p): p is string => p !== undefined);
  if (type === 'pypi') return parts.length ? parts.join(',') : '>=0';
  return parts.length ? parts.join(' ') : '*';
}

/** A match of a version with an advisory's package: the range that holds it and its fix. @internal */
export interface VersionMatch {
  /** The range in the ecosystem's syntax, or `versions` when the record lists the version. */
  range: string;
  fixed: string | null;
}

const compiled = new Map<string, VersionTest | null>();

/**
 * A PyPI interval compared in PEP 440's version order with the same library: OSV orders a
 * pre-release of the fixed version before it (affected), where the specifier `<2.31.0` would
 * leave `2.31.0rc1` out (PEP 440's rule for exclusive comparisons).
 */
function pypiInterval(i: Interval): VersionTest | null {
  const low = isZero(i.introduced) ? undefined : i.introduced;
  const bounds = [low, i.fixed, i.lastAffected].filter(
    (b): b is string => b !== undefined,
  );
  if (bounds.some(b => pep440.valid(b) === null)) return null;
  return version =>
    pep440.valid(version) !== null &&
    (low === undefined || pep440.gte(version, low)) &&
    (i.fixed === undefined || pep440.lt(version, i.fixed)) &&
    (i.lastAffected === undefined || pep440.lte(version, i.lastAffected));
}

function testOf(
  type: string,
  range: string,
  interval: Interval,
): VersionTest | null {
  const key = `${type}\u0000${range}`;
  let test = compiled.get(key);
  if (test === undefined) {
    try {
      test =
        type === 'pypi' ? pypiInterval(interval) : versionRange(type, range);
    } catch {
      test = null;
    }
    if (compiled.size > 50_000) compiled.clear();
    compiled.set(key, test);
  }
  return test;
}

/** Whose comparison a range of an OSV type uses for a purl type (none: not compared). */
function syntaxOf(rangeType: string, type: string): string | undefined {
  if (rangeType === 'SEMVER') return type === 'golang' ? 'golang' : 'npm';
  if (rangeType === 'ECOSYSTEM' && RANGE_TYPES.includes(type)) return type;
  return undefined;
}

/**
 * Whether an affected entry holds a version, with `versionRanges.ts` semantics: SEMVER ranges
 * compared as node-semver, ECOSYSTEM ranges in the ecosystem's order (npm and Go as node-semver
 * ranges, Maven as a Maven range, PyPI in PEP 440 order), `versions` by equality; GIT ranges
 * (commits) are not compared.
 *
 * @internal
 */
export function matchVersion(
  affected: AffectedPackage,
  version: string,
): VersionMatch | undefined {
  const type = affected.package.type;
  for (const range of affected.ranges) {
    const syntax = syntaxOf(range.type, type);
    if (!syntax) continue;
    for (const interval of intervals(range)) {
      const text = rangeText(syntax, interval);
      const test = testOf(syntax, text, interval);
      if (test?.(version)) {
        return { range: text, fixed: interval.fixed ?? null };
      }
    }
  }
  if (affected.versions.includes(version)) {
    return { range: 'versions', fixed: null };
  }
  return undefined;
}
