import {
  FindingSuppression,
  ParsedFinding,
  ParsedReport,
  ReportTool,
  Severity,
  severityFromCvss,
} from '@golden-path/plugin-security-posture-common';
import { ReportInputError } from './errors';
import { guessSarifKind } from './kind';
import { mergeFindings, separateCollisions } from './merge';
import { redactSecret, scrubSecrets } from './redact';
import {
  SARIF_FIELDS,
  fallbackSeverity,
  lookupSeverity,
} from './severityMapping';
import {
  JsonObject,
  arr,
  cvss,
  fingerprintOf,
  httpUrl,
  isObject,
  line,
  normalizeCwe,
  normalizePath,
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

/** Keys of SARIF `partialFingerprints` that identify a location or content (not git metadata). */
const LOCATION_HASH_KEY = /hash|fingerprint/i;

/** Whether a document looks like a SARIF log. */
export function detectSarif(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.runs)) {
    return false;
  }
  const schema = str(doc.$schema) ?? '';
  return str(doc.version) === '2.1.0' || /sarif/i.test(schema);
}

interface RunContext {
  tool: string;
  rules: JsonObject[][];
  rulesById: Map<string, JsonObject>;
  taxonomyNames: { byIndex: string[]; byGuid: Map<string, string> };
  artifacts: JsonObject[];
}

function text(message: unknown): string | undefined {
  const m = obj(message);
  return m ? plainText(m.text) ?? plainText(m.markdown) : undefined;
}

function property(bag: unknown, key: string): unknown {
  const props = obj(bag);
  if (!props) {
    return undefined;
  }
  if (key in props) {
    return props[key];
  }
  // CodeQL writes `problem.severity` as a flat key; others may nest it.
  const [head, ...rest] = key.split('.');
  return rest.length > 0 ? property(props[head], rest.join('.')) : undefined;
}

function tagsOf(...bags: unknown[]): string[] {
  return bags.flatMap(bag =>
    arr(property(bag, 'tags')).filter(
      (t): t is string => typeof t === 'string',
    ),
  );
}

function resolveRule(
  result: JsonObject,
  ctx: RunContext,
): JsonObject | undefined {
  const ref = obj(result.rule);
  const componentIndex = num0(obj(ref?.toolComponent)?.index);
  const rules =
    componentIndex !== undefined ? ctx.rules[componentIndex + 1] : ctx.rules[0];
  const index = num0(result.ruleIndex) ?? num0(ref?.index);
  if (rules && index !== undefined && isObject(rules[index])) {
    return rules[index];
  }
  const id = str(result.ruleId) ?? str(ref?.id);
  return id ? ctx.rulesById.get(id) : undefined;
}

function num0(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? value
    : undefined;
}

function severityOf(
  result: JsonObject,
  rule: JsonObject | undefined,
  isSecret: boolean,
): { severity: Severity; cvssScore?: number } {
  const securitySeverity =
    property(result.properties, 'security-severity') ??
    property(rule?.properties, 'security-severity');
  const score = cvss(securitySeverity);
  if (score !== undefined) {
    return { severity: severityFromCvss(score)!, cvssScore: score };
  }
  const fromWord = lookupSeverity(
    'sarif',
    SARIF_FIELDS.securitySeverity,
    securitySeverity,
  );
  if (fromWord) {
    return { severity: fromWord };
  }
  const level =
    str(result.level) ?? str(obj(rule?.defaultConfiguration)?.level);
  const fromLevel = lookupSeverity('sarif', SARIF_FIELDS.level, level);
  if (fromLevel) {
    return { severity: fromLevel };
  }
  const problem = lookupSeverity(
    'sarif',
    SARIF_FIELDS.problemSeverity,
    property(rule?.properties, 'problem.severity'),
  );
  if (problem) {
    return { severity: problem };
  }
  return {
    severity: isSecret
      ? fallbackSeverity('sarif', SARIF_FIELDS.secretFallback)
      : fallbackSeverity('sarif', 'level'),
  };
}

function cwesOf(
  result: JsonObject,
  rule: JsonObject | undefined,
  ctx: RunContext,
): string[] {
  const found: Array<string | undefined> = [];
  for (const tag of tagsOf(rule?.properties, result.properties)) {
    found.push(normalizeCwe(tag));
  }
  for (const bag of [rule?.properties, result.properties]) {
    for (const key of ['cwe', 'cwes', 'CWE']) {
      const value = property(bag, key);
      for (const item of Array.isArray(value) ? value : [value]) {
        found.push(normalizeCwe(item));
      }
    }
  }
  const references = [
    ...objects(rule?.relationships).map(r => obj(r.target)),
    ...objects(result.taxa),
  ];
  for (const ref of references) {
    if (!ref) {
      continue;
    }
    const component = obj(ref.toolComponent);
    const name =
      str(component?.name) ??
      (num0(component?.index) !== undefined
        ? ctx.taxonomyNames.byIndex[num0(component?.index)!]
        : undefined) ??
      ctx.taxonomyNames.byGuid.get((str(component?.guid) ?? '').toLowerCase());
    if (name && name.toUpperCase() === 'CWE') {
      found.push(normalizeCwe(ref.id));
    }
  }
  return uniqueSorted(found);
}

function locationOf(result: JsonObject, ctx: RunContext) {
  const physical = obj(objects(result.locations)[0]?.physicalLocation);
  if (!physical) {
    return undefined;
  }
  const artifact = obj(physical.artifactLocation);
  let uri = str(artifact?.uri);
  const index = num0(artifact?.index);
  if (!uri && index !== undefined) {
    uri = str(obj(ctx.artifacts[index]?.location)?.uri);
  }
  const path = normalizePath(uri);
  if (!path) {
    return undefined;
  }
  const region = obj(physical.region);
  const startLine = line(region?.startLine);
  const endLine = startLine !== undefined ? line(region?.endLine) : undefined;
  return {
    location: {
      path,
      ...(startLine !== undefined ? { startLine } : {}),
      ...(endLine !== undefined && endLine >= startLine! ? { endLine } : {}),
    },
    startColumn: line(region?.startColumn),
    snippet: str(obj(region?.snippet)?.text),
  };
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function stableFingerprint(
  result: JsonObject,
  ctx: RunContext,
  path: string | undefined,
): string | undefined {
  const fingerprints = obj(result.fingerprints);
  if (fingerprints) {
    // Prefer, per method, its latest version (`name/v2` over `name/v1`), then the first
    // method in sorted order, so the choice does not depend on key order in the file.
    const candidates = Object.entries(fingerprints)
      .filter(
        (e): e is [string, string] =>
          typeof e[1] === 'string' && e[1].length > 0,
      )
      .map(([key, value]) => {
        const m = /^(.*?)\/v(\d+)$/.exec(key);
        return {
          base: m ? m[1] : key,
          version: m ? Number(m[2]) : 0,
          key,
          value,
        };
      })
      .sort((a, b) =>
        a.base === b.base ? b.version - a.version : compareText(a.base, b.base),
      );
    if (candidates.length > 0) {
      return fingerprintOf(
        'sarif-fingerprint',
        ctx.tool,
        candidates[0].key,
        candidates[0].value,
      );
    }
  }
  const partial = obj(result.partialFingerprints);
  if (partial) {
    const entries = Object.entries(partial)
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .sort(([a], [b]) => compareText(a, b));
    // Only location or content hashes identify a result; git metadata alone (gitleaks:
    // commitSha, author, date…) does not say where in the file the result is.
    if (entries.some(([key]) => LOCATION_HASH_KEY.test(key))) {
      return fingerprintOf(
        'sarif-partial',
        ctx.tool,
        str(result.ruleId),
        // CodeQL's primaryLocationLineHash hashes the line's text, not its file
        path,
        ...entries.map(([key, value]) => `${key}=${value}`),
      );
    }
  }
  return undefined;
}

function suppressionOf(result: JsonObject): FindingSuppression | undefined {
  // Suppressed when at least one suppression is accepted or has no status; suppressions that
  // are only underReview or rejected leave the result open.
  for (const s of objects(result.suppressions)) {
    const status = str(s.status);
    if (status === undefined || status === 'accepted') {
      const justification = plainText(s.justification);
      return {
        source: 'sarif',
        state: `${str(s.kind) ?? 'external'}:${status ?? 'accepted'}`,
        ...(justification ? { justification } : {}),
      };
    }
  }
  return undefined;
}

function messageText(
  result: JsonObject,
  rule: JsonObject | undefined,
): string | undefined {
  const direct = text(result.message);
  if (direct) {
    return direct;
  }
  const message = obj(result.message);
  const id = str(message?.id);
  const template = id ? text(obj(rule?.messageStrings)?.[id]) : undefined;
  if (!template) {
    return undefined;
  }
  const args = arr(message?.arguments).map(a =>
    typeof a === 'string' ? a : '',
  );
  return template.replace(
    /\{(\d+)\}/g,
    (_, n: string) => args[Number(n)] ?? '',
  );
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
  const secrets = isSecret ? [snippet] : [];

  const { severity, cvssScore } = severityOf(result, rule, isSecret);
  const rawMessage = messageText(result, rule) ?? ruleId;
  const message = isSecret ? scrubSecrets(rawMessage, secrets) : rawMessage;
  const rawTitle =
    text(rule?.shortDescription) ??
    plainText(rule?.name) ??
    message.split('\n')[0];
  const title = isSecret ? scrubSecrets(rawTitle, secrets) : rawTitle;
  const help = text(rule?.help) ?? text(rule?.fullDescription);
  const fix = text(obj(objects(result.fixes)[0])?.description);
  const remediation = fix ?? (help && help !== title ? help : undefined);
  const remediationUrl = httpUrl(rule?.helpUri);
  const aliases = vulnIdsIn(ruleId);

  const fingerprint =
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
      // image at line 1); secret results use the commit instead, never the snippet
      isSecret
        ? str(obj(result.partialFingerprints)?.commitSha)
        : fingerprintOf(rawMessage),
    );

  const suppression = suppressionOf(result);
  const finding: ParsedFinding = {
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
  if (isSecret) {
    finding.secret = { redacted: snippet ? redactSecret(snippet) : '********' };
  }
  const place = [
    where?.location.path,
    where?.location.startLine,
    where?.startColumn,
  ].join(':');
  return { finding, place };
}

/**
 * Parses a SARIF 2.1.0 log with any number of runs; each run's tool is named after its
 * driver. Results of kind `pass`/`notApplicable` and baseline state `absent` are not findings.
 */
export function parseSarif(doc: unknown): ParsedReport {
  if (!detectSarif(doc) || !isObject(doc)) {
    throw new ReportInputError(
      'invalid-report',
      'SARIF log must have a "runs" array',
    );
  }
  const tools: ReportTool[] = [];
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
    if (!tools.some(t => t.name === tool)) {
      tools.push({ name: tool, ...(version ? { version } : {}) });
    }
    const extensions = objects(obj(run.tool)?.extensions);
    const rules = [driver, ...extensions].map(c =>
      arr(c.rules).map(r => (isObject(r) ? r : {})),
    );
    const rulesById = new Map<string, JsonObject>();
    for (const list of rules) {
      for (const rule of list) {
        const id = str(rule.id);
        if (id && !rulesById.has(id)) {
          rulesById.set(id, rule);
        }
      }
    }
    const taxonomies = objects(run.taxonomies);
    const ctx: RunContext = {
      tool,
      rules,
      rulesById,
      taxonomyNames: {
        byIndex: taxonomies.map(t => str(t.name) ?? ''),
        byGuid: new Map(
          taxonomies.map(t => [
            (str(t.guid) ?? '').toLowerCase(),
            str(t.name) ?? '',
          ]),
        ),
      },
      artifacts: objects(run.artifacts),
    };
    const versionControl = objects(run.versionControlProvenance)[0];
    commit ??= str(versionControl?.revisionId);
    scannedAt ??= str(objects(run.invocations)[0]?.startTimeUtc);
    for (const result of objects(run.results)) {
      const parsed = parseResult(result, ctx);
      if (parsed) {
        findings.push(parsed);
      }
    }
  });
  return {
    format: 'sarif',
    tools,
    findings: mergeFindings(separateCollisions(findings)),
    checks: [],
    ...(commit ? { commit } : {}),
    ...(scannedAt ? { scannedAt } : {}),
  };
}
