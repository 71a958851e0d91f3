import {
  ParsedFinding,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import {
  firstSecretIn,
  redactFinding,
  redactReport,
  redactText,
  secretFingerprint,
  secretPreview,
} from './redact';
import { fallbackSeverity } from './severityMapping';
import {
  JsonObject,
  fingerprintOf,
  isObject,
  line,
  normalizePath,
  plainText,
  str,
  uniqueSorted,
} from './util';

const TOOL = 'gitleaks';

function isV8(item: JsonObject): boolean {
  return 'RuleID' in item || ('Secret' in item && 'File' in item);
}

function isV7(item: JsonObject): boolean {
  return 'offender' in item && 'rule' in item;
}

/**
 * Whether a document looks like a gitleaks JSON report: an array of leaks with the v8
 * (`RuleID`, `Secret`, `File`) or legacy v7 (`rule`, `offender`, `file`) fields. An empty
 * array is gitleaks' "no leaks" report (no other supported format is a top-level array).
 */
export function detectGitleaks(doc: unknown): boolean {
  if (!Array.isArray(doc)) {
    return false;
  }
  return (
    doc.length === 0 || (isObject(doc[0]) && (isV8(doc[0]) || isV7(doc[0])))
  );
}

/** The commits a finding lists in its message; more are counted, not listed. */
const MAX_LISTED_COMMITS = 10;

/** One leak of the report: the fields of its finding, read once. */
interface Leak {
  item: JsonObject;
  v7: boolean;
  ruleId: string;
  file?: string;
  startLine?: number;
  endLine?: number;
  commit?: string;
  /** Commit time in ms, Infinity when unknown. */
  date: number;
  match?: string;
  secretValue?: string;
  fingerprint: string;
}

function readLeak(item: JsonObject, index: number): Leak {
  const v7 = !isV8(item) && isV7(item);
  const ruleId = (v7 ? str(item.rule) : str(item.RuleID)) ?? 'unknown';
  const file = normalizePath(v7 ? item.file : item.File);
  const startLine = line(v7 ? item.lineNumber : item.StartLine);
  const endLine = v7 ? undefined : line(item.EndLine);
  const commit = str(v7 ? item.commit : item.Commit) || undefined;
  const match = str(v7 ? item.line : item.Match);
  // the secret is gitleaks' Secret (offender), else the first secret the rules see in the match
  const secretValue =
    str(v7 ? item.offender : item.Secret) ?? firstSecretIn(match);
  // A secret at a place is one finding, however many commits of the history it is seen in
  // (each commit that touches it, and again in merge commits): the identity is the place
  // (file, line and column range) and the rule, never the commit, so gitleaks' own
  // Fingerprint (commit:file:rule:line) is not used. A leak without a file gets its position
  // in the report so that distinct leaks stay distinct. The SHA-256 of the secret is added
  // (never the secret): another secret at the same place is another finding.
  const base = fingerprintOf(
    'gitleaks',
    'place',
    file,
    ruleId,
    startLine,
    endLine,
    v7 ? undefined : line(item.StartColumn),
    v7 ? undefined : line(item.EndColumn),
    file ? undefined : index,
  );
  return {
    item,
    v7,
    ruleId,
    file,
    startLine,
    endLine,
    commit,
    date: Date.parse(str(v7 ? item.date : item.Date) ?? '') || Infinity,
    match,
    secretValue,
    fingerprint: secretFingerprint(base, secretValue),
  };
}

/** "of commit a", "in 2 commits: a, b", the commits shortened to 12 characters. */
function commitsText(commits: string[]): string | undefined {
  const short = commits.map(c => c.slice(0, 12));
  if (short.length === 0) {
    return undefined;
  }
  if (short.length === 1) {
    return `of commit ${short[0]}`;
  }
  const listed = short.slice(0, MAX_LISTED_COMMITS).join(', ');
  const more = short.length - MAX_LISTED_COMMITS;
  return `in ${short.length} commits: ${listed}${
    more > 0 ? ` and ${more} more` : ''
  }`;
}

/** The finding of the leaks of one secret at one place, the commits kept in the message. */
function findingOf(leaks: Leak[]): ParsedFinding {
  const [first] = leaks;
  const { item, v7, ruleId, file, startLine, endLine, secretValue } = first;
  const commits = commitsOf(leaks);
  const known = [secretValue, ...leaks.map(l => l.match)];
  const description = plainText(item.Description);
  const title = redactText(description ?? ruleId, known, { entropy: true });
  const where = [
    file ? `in ${file}` : undefined,
    startLine !== undefined ? `at line ${startLine}` : undefined,
    commitsText(commits),
  ]
    .filter(Boolean)
    .join(' ');
  const tags = uniqueSorted(
    v7
      ? leaks.flatMap(l =>
          (str(l.item.tags) ?? '').split(',').map(t => t.trim()),
        )
      : [],
  ).filter(Boolean);
  return redactFinding(
    {
      fingerprint: first.fingerprint,
      tool: TOOL,
      kind: 'secret',
      ruleId,
      title,
      severity: fallbackSeverity('gitleaks', 'every leak'),
      aliases: [],
      cwes: ['CWE-798'],
      ...(file
        ? {
            location: {
              path: file,
              ...(startLine !== undefined ? { startLine } : {}),
              ...(endLine !== undefined &&
              startLine !== undefined &&
              endLine >= startLine
                ? { endLine }
                : {}),
            },
          }
        : {}),
      message: `${title} secret found${where ? ` ${where}` : ''}.${
        tags.length > 0 ? ` Tags: ${tags.join(', ')}.` : ''
      }`,
      remediation:
        'Revoke and rotate the credential, then remove it from the repository and its history.',
      secret: secretPreview(secretValue),
    },
    known,
  );
}

/** The distinct commits of the leaks, oldest first (by commit date, then hash). */
function commitsOf(leaks: Leak[]): string[] {
  const dates = new Map<string, number>();
  for (const { commit, date } of leaks) {
    if (commit !== undefined) {
      dates.set(commit, Math.min(dates.get(commit) ?? Infinity, date));
    }
  }
  return [...dates.keys()].sort(
    (a, b) => dates.get(a)! - dates.get(b)! || a.localeCompare(b),
  );
}

/**
 * Parses a gitleaks JSON report (v8, or legacy v7): one finding per secret, place and rule,
 * with the commits of the git history it was seen in listed in its message. Leaks carry no
 * severity: every leak is `high`. The secret, the matched line and the commit message are
 * never kept; only a masked preview of the secret (at most 4 characters) and, inside the
 * fingerprint, its SHA-256 are.
 *
 * @public
 */
export function parseGitleaks(doc: unknown): ParsedReport {
  if (!Array.isArray(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'gitleaks report must be a JSON array of leaks',
    );
  }
  const byPlace = new Map<string, Leak[]>();
  doc.forEach((item, index) => {
    if (!isObject(item)) {
      throw new ReportInputError(
        'invalid-report',
        `gitleaks leak ${index} is not an object`,
      );
    }
    const leak = readLeak(item, index);
    const seen = byPlace.get(leak.fingerprint);
    if (seen) {
      seen.push(leak);
    } else {
      byPlace.set(leak.fingerprint, [leak]);
    }
  });
  const findings = [...byPlace.values()].map(findingOf);
  return redactReport({
    format: 'gitleaks',
    tools: [{ name: TOOL }],
    findings,
    checks: [],
  });
}
