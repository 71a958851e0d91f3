import {
  ParsedFinding,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { mergeFindings } from './merge';
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

function leak(item: JsonObject, index: number): ParsedFinding {
  const v7 = !isV8(item) && isV7(item);
  const ruleId = (v7 ? str(item.rule) : str(item.RuleID)) ?? 'unknown';
  const file = normalizePath(v7 ? item.file : item.File);
  const startLine = line(v7 ? item.lineNumber : item.StartLine);
  const endLine = v7 ? undefined : line(item.EndLine);
  const commit = str(v7 ? item.commit : item.Commit);
  const match = str(v7 ? item.line : item.Match);
  // the secret is gitleaks' Secret (offender), else the first secret the rules see in the match
  const secretValue =
    str(v7 ? item.offender : item.Secret) ?? firstSecretIn(match);
  const known = [secretValue, match];
  const description = plainText(item.Description);
  const title = redactText(description ?? ruleId, known, { entropy: true });
  const where = [
    file ? `in ${file}` : undefined,
    startLine !== undefined ? `at line ${startLine}` : undefined,
    commit ? `of commit ${commit.slice(0, 12)}` : undefined,
  ]
    .filter(Boolean)
    .join(' ');
  // gitleaks' own Fingerprint is commit:file:rule:line, without the secret. Without it
  // (gitleaks 7 and early 8) the same fields are hashed; a leak with none of them gets its
  // position in the report so that distinct leaks stay distinct. The SHA-256 of the secret is
  // added (never the secret): another secret at the same place is another finding.
  const ownFingerprint = v7 ? undefined : str(item.Fingerprint);
  const base = ownFingerprint
    ? fingerprintOf('gitleaks', ownFingerprint)
    : fingerprintOf(
        'gitleaks',
        commit,
        file,
        ruleId,
        startLine,
        file || commit ? undefined : index,
      );
  const fingerprint = secretFingerprint(base, secretValue);
  const tags = v7 ? (str(item.tags) ?? '').split(',').map(t => t.trim()) : [];
  return redactFinding(
    {
      fingerprint,
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
        tags.length > 0 && tags[0]
          ? ` Tags: ${uniqueSorted(tags).join(', ')}.`
          : ''
      }`,
      remediation:
        'Revoke and rotate the credential, then remove it from the repository and its history.',
      secret: secretPreview(secretValue),
    },
    known,
  );
}

/**
 * Parses a gitleaks JSON report (v8, or legacy v7). Leaks carry no severity: every leak is
 * `high`. The secret, the matched line and the commit message are never kept; only a masked
 * preview of the secret (at most 4 characters) and, inside the fingerprint, its SHA-256 are.
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
  const findings = doc.map((item, index) => {
    if (!isObject(item)) {
      throw new ReportInputError(
        'invalid-report',
        `gitleaks leak ${index} is not an object`,
      );
    }
    return leak(item, index);
  });
  return redactReport({
    format: 'gitleaks',
    tools: [{ name: TOOL }],
    findings: mergeFindings(findings),
    checks: [],
  });
}
