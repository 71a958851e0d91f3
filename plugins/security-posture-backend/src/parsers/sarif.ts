import {
  ParsedFinding,
  ParsedReport,
  ReportTool,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { guessSarifKind } from './kind';
import { mergeFindings, separateCollisions } from './merge';
import {
  findSecrets,
  redactFinding,
  redactReport,
  redactText,
  secretFingerprint,
  secretPreview,
} from './redact';
import {
  cwesOf,
  severityOf,
  stableFingerprint,
  suppressionOf,
} from './sarifIdentity';
import {
  RunContext,
  createRunContext,
  locationOf,
  messageText,
  resolveRule,
  tagsOf,
  text,
} from './sarifRun';
import {
  JsonObject,
  fingerprintOf,
  httpUrl,
  isObject,
  obj,
  objects,
  plainText,
  str,
  toolName,
  uniqueSorted,
  vulnIdsIn,
} from './util';

const TOOL_ALIASES: Record<string, string> = {
  'semgrep-oss': 'semgrep',
  'semgrep-pro': 'semgrep',
};

/** Whether a document looks like a SARIF log. */
export function detectSarif(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.runs)) {
    return false;
  }
  const schema = str(doc.$schema) ?? '';
  return str(doc.version) === '2.1.0' || /sarif/i.test(schema);
}

function parseResult(
  result: JsonObject,
  ctx: RunContext,
): { finding: ParsedFinding; place: string } | undefined {
  const resultKind = str(result.kind);
  if (resultKind === 'pass' || resultKind === 'notApplicable') {
    return undefined;
  }
  if (str(result.baselineState) === 'absent') {
    return undefined;
  }
  const rule = resolveRule(result, ctx);
  const ruleId =
    str(result.ruleId) ??
    str(rule?.id) ??
    str(obj(result.rule)?.id) ??
    'unknown';
  const where = locationOf(result, ctx);
  const tags = tagsOf(rule?.properties, result.properties);
  const kind = guessSarifKind(ctx.tool, tags, where?.location.path);
  const isSecret = kind === 'secret';
  const snippet = where?.snippet;
  const rawMessage = messageText(result, rule) ?? ruleId;
  // The secret of a secret result is its snippet, else the first secret the rules (and the
  // entropy heuristic) see in its message: scanners without snippets quote it there.
  const found = isSecret ? findSecrets(rawMessage, { entropy: true }) : [];
  const secretValue = isSecret ? snippet ?? found[0] : undefined;
  const known = isSecret ? [snippet, ...found] : [];

  const { severity, cvssScore } = severityOf(result, rule, isSecret);
  // redacted before the title is cut from it, so that no cut leaves part of a secret
  const message = redactText(rawMessage, known, { entropy: isSecret });
  const title =
    text(rule?.shortDescription) ??
    plainText(rule?.name) ??
    message.split('\n')[0].slice(0, 300);
  const help = text(rule?.help) ?? text(rule?.fullDescription);
  const fix = text(obj(objects(result.fixes)[0])?.description);
  const remediation = fix ?? (help && help !== title ? help : undefined);
  const remediationUrl = httpUrl(rule?.helpUri);
  const aliases = vulnIdsIn(ruleId);

  const baseFingerprint =
    stableFingerprint(result, ctx, where?.location.path) ??
    fingerprintOf(
      'sarif-computed',
      ctx.tool,
      ruleId,
      where?.location.path,
      where?.location.startLine,
      where?.startColumn,
      where?.location.endLine,
      // the message identifies results on the same line (Trivy lists every package of an
      // image at line 1); a secret is identified by its place and its value's hash (added
      // below), never the snippet nor the commit: one secret at one place found in every commit
      // of a history scan is one secret to rotate
      isSecret ? undefined : fingerprintOf(rawMessage),
    );
  const fingerprint = isSecret
    ? secretFingerprint(baseFingerprint, secretValue)
    : baseFingerprint;

  const suppression = suppressionOf(result);
  const finding: ParsedFinding = {
    ...(isSecret ? { secret: secretPreview(secretValue) } : {}),
    fingerprint,
    tool: ctx.tool,
    kind,
    ruleId,
    title,
    severity,
    aliases: uniqueSorted(aliases),
    cwes: cwesOf(result, rule, ctx),
    message,
    ...(where ? { location: where.location } : {}),
    ...(remediation ? { remediation } : {}),
    ...(remediationUrl ? { remediationUrl } : {}),
    ...(cvssScore !== undefined ? { cvssScore } : {}),
    ...(suppression ? { suppression } : {}),
  };
  const place = [
    where?.location.path,
    where?.location.startLine,
    where?.startColumn,
  ].join(':');
  return { finding: redactFinding(finding, known), place };
}

/**
 * Parses a SARIF 2.1.0 log with any number of runs; each run's tool is named after its
 * driver. Results of kind `pass`/`notApplicable` and baseline state `absent` are not findings.
 *
 * @public
 */
export function parseSarif(doc: unknown): ParsedReport {
  if (!detectSarif(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'SARIF log must have a "runs" array',
    );
  }
  const tools = new Map<string, ReportTool>();
  const findings: Array<{ finding: ParsedFinding; place: string }> = [];
  let commit: string | undefined;
  let scannedAt: string | undefined;
  objects(doc.runs).forEach((run, runIndex) => {
    const driver = obj(obj(run.tool)?.driver);
    if (!driver) {
      throw new ReportInputError(
        'invalid-report',
        `SARIF run ${runIndex} has no tool.driver`,
      );
    }
    const lowered = toolName(driver.name, 'sarif');
    const tool = TOOL_ALIASES[lowered] ?? lowered;
    const version = str(driver.semanticVersion) ?? str(driver.version);
    // A run that failed, or has no results array ("not computed" in SARIF), is incomplete.
    const invocations = objects(run.invocations);
    const incomplete =
      !Array.isArray(run.results) ||
      invocations.some(i => i.executionSuccessful === false);
    const seen = tools.get(tool);
    tools.set(tool, {
      name: tool,
      ...(seen?.version ?? version
        ? { version: seen?.version ?? version }
        : {}),
      ...(incomplete || seen?.incomplete ? { incomplete: true } : {}),
    });
    const ctx = createRunContext(run, driver, tool);
    commit ??= str(objects(run.versionControlProvenance)[0]?.revisionId);
    scannedAt ??= str(invocations[0]?.startTimeUtc);
    for (const result of objects(run.results)) {
      const parsed = parseResult(result, ctx);
      if (parsed) {
        findings.push(parsed);
      }
    }
  });
  return redactReport({
    format: 'sarif',
    tools: [...tools.values()],
    findings: mergeFindings(separateCollisions(findings)),
    checks: [],
    ...(commit ? { commit } : {}),
    ...(scannedAt ? { scannedAt } : {}),
  });
}
