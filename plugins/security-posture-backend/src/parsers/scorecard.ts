import {
  ParsedReport,
  PostureCheck,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { redactReport } from './redact';
import {
  JsonObject,
  arr,
  httpUrl,
  isObject,
  normalizePath,
  num,
  obj,
  objects,
  plainText,
  str,
  brief,
} from './util';

/** Whether a document looks like OpenSSF Scorecard JSON (checks or probe output). */
export function detectScorecard(doc: unknown): boolean {
  return (
    isObject(doc) &&
    isObject(doc.scorecard) &&
    isObject(doc.repo) &&
    (Array.isArray(doc.checks) || Array.isArray(doc.findings))
  );
}

function texts(value: unknown): string[] {
  return arr(value)
    .map(plainText)
    .filter((t): t is string => t !== undefined);
}

function check(item: JsonObject, index: number): PostureCheck {
  const name = str(item.name);
  if (!name) {
    throw new ReportInputError(
      'invalid-report',
      `Scorecard check ${index} has no name`,
    );
  }
  const score = num(item.score);
  if (score === undefined || score < -1 || score > 10) {
    throw new ReportInputError(
      'invalid-report',
      `Scorecard check "${brief(name)}" has score ${
        typeof item.score === 'number'
          ? item.score
          : `of type ${typeof item.score}`
      }; expected -1..10`,
    );
  }
  const documentationUrl = httpUrl(obj(item.documentation)?.url);
  const details = texts(item.details);
  const annotations = texts(item.annotations);
  return {
    name,
    score,
    reason: plainText(item.reason) ?? '',
    ...(documentationUrl ? { documentationUrl } : {}),
    ...(details.length > 0 ? { details } : {}),
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

/** Probe output has outcomes, not scores: one check per probe, score -1, outcomes in details. */
function probeChecks(findings: JsonObject[]): PostureCheck[] {
  const byProbe = new Map<string, JsonObject[]>();
  for (const finding of findings) {
    const probe = str(finding.probe);
    if (probe) {
      byProbe.set(probe, [...(byProbe.get(probe) ?? []), finding]);
    }
  }
  return [...byProbe.entries()].map(([probe, items]) => {
    const outcomes = [...new Set(items.map(i => str(i.outcome) ?? 'unknown'))];
    return {
      name: probe,
      score: -1,
      reason: `Probe outcome: ${outcomes.join(', ')}`,
      details: items.map(i => {
        const path = normalizePath(obj(i.location)?.path);
        return `${str(i.outcome) ?? 'unknown'}: ${plainText(i.message) ?? ''}${
          path ? ` (${path})` : ''
        }`;
      }),
    };
  });
}

/**
 * Parses OpenSSF Scorecard JSON: its checks (or, for `--format probe`, its probes) become
 * posture checks, never findings. The commit is the scanned repository commit.
 *
 * @public
 */
export function parseScorecard(doc: unknown): ParsedReport {
  if (!detectScorecard(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'Scorecard report must have "repo", "scorecard" and "checks" (or probe "findings")',
    );
  }
  const version = str(obj(doc.scorecard)?.version);
  const commit = str(obj(doc.repo)?.commit);
  const scannedAt = str(doc.date);
  const checks = Array.isArray(doc.checks)
    ? objects(doc.checks).map(check)
    : probeChecks(objects(doc.findings));
  return redactReport({
    format: 'scorecard',
    tools: [{ name: 'scorecard', ...(version ? { version } : {}) }],
    findings: [],
    checks,
    ...(commit ? { commit } : {}),
    ...(scannedAt ? { scannedAt } : {}),
  });
}
