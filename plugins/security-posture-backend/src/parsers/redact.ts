import {
  InventoryPackage,
  ParsedFinding,
  ParsedReport,
} from '@golden-path/plugin-security-posture-common';
import {
  MASK,
  RedactOptions,
  findSecrets,
  maskSecret,
  redactText,
  remask,
  secretHash,
} from '../secrets/redactor';
import { fingerprintOf } from './util';

export { findSecrets, maskSecret, redactText };

/** The masked preview of a secret finding whose secret is known, else {@link MASK}. */
export function secretPreview(secret: string | undefined): {
  redacted: string;
} {
  return { redacted: secret ? maskSecret(secret) : MASK };
}

/**
 * The fingerprint of a secret finding: its location identity, plus the SHA-256 of the secret
 * when the secret is known, so that another secret at the same place is another finding and the
 * secret itself is never an input kept anywhere.
 */
export function secretFingerprint(
  base: string,
  secret: string | undefined,
): string {
  return secret
    ? fingerprintOf(base, 'secret-sha256', secretHash(secret))
    : base;
}

/** The first secret the rules (and the entropy heuristic) find in the given texts. */
export function firstSecretIn(
  ...texts: Array<string | undefined>
): string | undefined {
  for (const text of texts) {
    const [found] = text ? findSecrets(text, { entropy: true }) : [];
    if (found) {
      return found;
    }
  }
  return undefined;
}

type Redact = (value: string) => string;

/** Redacts a value, and its percent-decoded form when the value is percent-encoded. */
function redactor(
  known: ReadonlyArray<string | undefined>,
  options: RedactOptions,
): Redact {
  const redact = (text: string) => redactText(text, known, options);
  return value => {
    // what an extension's parser returns is checked after redaction: leave non-strings to it
    if (typeof value !== 'string') {
      return value;
    }
    const out = redact(value);
    if (out !== value || !value.includes('%')) {
      return out;
    }
    try {
      const decoded = decodeURIComponent(value);
      const redacted = redact(decoded);
      return redacted !== decoded ? redacted : value;
    } catch {
      return value;
    }
  };
}

/** An URL, or `undefined` when it holds anything the redactor would change. */
function cleanUrl(
  value: string | undefined,
  redact: Redact,
): string | undefined {
  return value !== undefined && redact(value) === value ? value : undefined;
}

/**
 * A finding with every text field redacted: known secrets, the rule families everywhere, and
 * high-entropy tokens in the free text (title, message, remediation, justification) of secret
 * findings only (other findings legitimately carry digests and hashes). URLs and package URLs
 * that would change are dropped. The secret's preview is re-masked when it is not a mask.
 */
export function redactFinding(
  finding: ParsedFinding,
  knownSecrets: ReadonlyArray<string | undefined> = [],
): ParsedFinding {
  const isSecret = finding.kind === 'secret';
  const free = redactor(knownSecrets, { entropy: isSecret });
  const fixed = redactor(knownSecrets, {});
  const out: ParsedFinding = {
    ...finding,
    tool: fixed(finding.tool),
    ruleId: fixed(finding.ruleId),
    title: free(finding.title),
    message: free(finding.message),
    aliases: Array.isArray(finding.aliases)
      ? finding.aliases.map(fixed)
      : finding.aliases,
    cwes: Array.isArray(finding.cwes) ? finding.cwes.map(fixed) : finding.cwes,
  };
  if (finding.remediation !== undefined) {
    out.remediation = free(finding.remediation);
  }
  const remediationUrl = cleanUrl(finding.remediationUrl, fixed);
  if (remediationUrl) {
    out.remediationUrl = remediationUrl;
  } else {
    delete out.remediationUrl;
  }
  if (finding.location) {
    out.location = { ...finding.location, path: fixed(finding.location.path) };
  }
  if (finding.package) {
    const pkg = finding.package;
    const purl = cleanUrl(pkg.purl, fixed);
    out.package = {
      name: fixed(pkg.name),
      ...(purl ? { purl } : {}),
      ...(pkg.installedVersion !== undefined
        ? { installedVersion: fixed(pkg.installedVersion) }
        : {}),
      ...(pkg.fixedVersion !== undefined
        ? { fixedVersion: fixed(pkg.fixedVersion) }
        : {}),
      ...(pkg.ecosystem !== undefined
        ? { ecosystem: fixed(pkg.ecosystem) }
        : {}),
    };
  }
  if (finding.suppression) {
    const s = finding.suppression;
    out.suppression = {
      ...s,
      state: fixed(s.state),
      ...(s.justification !== undefined
        ? { justification: free(s.justification) }
        : {}),
    };
  }
  if (finding.secret) {
    const redacted = finding.secret.redacted;
    out.secret = {
      redacted: typeof redacted === 'string' ? remask(redacted) : MASK,
    };
  } else if (isSecret) {
    out.secret = { redacted: MASK };
  }
  return out;
}

/**
 * A parsed report with every finding redacted ({@link redactFinding}) and the rule families
 * applied to its tools, checks and metadata. Idempotent: the parsers apply it, and
 * `parseReport` applies it again to whatever a parser (an extension's too) returned.
 */
export function redactReport(
  report: ParsedReport,
  knownSecrets: ReadonlyArray<string | undefined> = [],
): ParsedReport {
  const fixed = redactor(knownSecrets, {});
  return {
    ...report,
    tools: report.tools.map(t => ({
      ...t,
      name: fixed(t.name),
      ...(t.version !== undefined ? { version: fixed(t.version) } : {}),
    })),
    findings: report.findings.map(f => redactFinding(f, knownSecrets)),
    checks: report.checks.map(c => {
      const documentationUrl = cleanUrl(c.documentationUrl, fixed);
      const check = {
        ...c,
        name: fixed(c.name),
        reason: fixed(c.reason),
        ...(Array.isArray(c.details) ? { details: c.details.map(fixed) } : {}),
        ...(Array.isArray(c.annotations)
          ? { annotations: c.annotations.map(fixed) }
          : {}),
      };
      if (documentationUrl) {
        check.documentationUrl = documentationUrl;
      } else {
        delete check.documentationUrl;
      }
      return check;
    }),
    ...(report.packages !== undefined
      ? { packages: redactPackages(report.packages, fixed) }
      : {}),
    ...(report.commit !== undefined ? { commit: fixed(report.commit) } : {}),
    ...(report.scannedAt !== undefined
      ? { scannedAt: fixed(report.scannedAt) }
      : {}),
  };
}

/**
 * Inventory packages with their texts redacted; a package whose purl holds a secret (as written or
 * percent-decoded) is dropped, since a masked purl names no package.
 */
function redactPackages(
  packages: InventoryPackage[],
  fixed: (text: string) => string,
): InventoryPackage[] {
  if (!Array.isArray(packages)) return packages;
  return packages.flatMap(p => {
    if (typeof p?.purl !== 'string') return [p];
    let decoded = p.purl;
    try {
      decoded = decodeURIComponent(p.purl);
    } catch {
      // keep the text as written
    }
    if (fixed(p.purl) !== p.purl || fixed(decoded) !== decoded) return [];
    return [
      {
        ...p,
        name: fixed(p.name),
        ...(p.version !== undefined ? { version: fixed(p.version) } : {}),
        ...(p.path !== undefined ? { path: fixed(p.path) } : {}),
        licenses: Array.isArray(p.licenses)
          ? p.licenses.map(fixed)
          : p.licenses,
      },
    ];
  });
}
