import { createHash } from 'node:crypto';

/*
 * The secret redactor. It imports nothing but node:crypto on purpose: the migration
 * `migrations/20261206100000_redact_secrets.js` (plain JavaScript, which cannot import this file)
 * carries a line-for-line copy of it, and `redactorTwin.test.ts` checks that both give the same
 * output on a corpus of samples. Change both together.
 *
 * Policy:
 * - A masked preview shows at most 4 characters of a secret: the first 4 of a secret of 20 or
 *   more characters (`AKIA…`, `ghp_…`), the first 2 of one of 12 to 19 (`hu…`), none of a
 *   shorter one (`…`).
 * - Rule families (secretlint and gitleaks): private key blocks, JWTs, GitHub, GitLab, Slack,
 *   Stripe, Google API and npm tokens, AWS access key ids, `password=`/`secret=`/`token=`/
 *   `api_key=`… assignments, basic-auth URLs, and AWS secret access keys (a 40-character base64
 *   run with a letter and a digit and an entropy of 4 bits or more). They apply to any text.
 * - High-entropy tokens (only when asked: free text of secret findings): runs of 20 or more
 *   base64/base64url characters holding a letter and a digit whose Shannon entropy reaches
 *   4.0 bits at 20 characters, rising by 0.015 per character to 4.5 (random keys are well above,
 *   words, identifiers and paths below); hex runs of 20 or more with a letter and a digit and
 *   an entropy of 3.0 or more. Not redacted: a hex run of exactly 40 characters after the word
 *   `commit` (a git commit id, which gitleaks reports beside every leak), and tokens inside a
 *   URL without credentials (the credentials of a URL are redacted by the basic-auth rule, its
 *   query values by the assignment rule).
 * - Already-masked text is left alone, so redacting twice gives the result of redacting once.
 */

/** What replaces the hidden part of a secret. */
export const MASK = '…';

/** Options of {@link redactText}. */
export interface RedactOptions {
  /** Also redact high-entropy tokens (for free text of secret findings). */
  entropy?: boolean;
}

/** The masked preview of a secret: at most its first 4 characters, then `…`. */
export function maskSecret(secret: string): string {
  const chars = Array.from(secret.trim());
  if (chars.length >= 20) {
    return `${chars.slice(0, 4).join('')}${MASK}`;
  }
  if (chars.length >= 12) {
    return `${chars.slice(0, 2).join('')}${MASK}`;
  }
  return MASK;
}

/** Whether a value is a masked preview as {@link maskSecret} writes it. */
export function isMasked(value: string): boolean {
  return /^[^…\s]{0,4}…$/u.test(value);
}

/** The lowercase hex SHA-256 of a secret (trimmed, line ends normalized): its identity. */
export function secretHash(secret: string): string {
  return createHash('sha256')
    .update(secret.trim().replace(/\r\n?/g, '\n'), 'utf8')
    .digest('hex');
}

/** Shannon entropy of a text, in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const c of text) {
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  const n = Array.from(text).length;
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / n;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A value a scanner already masked (`********`), or a placeholder, is not a secret. */
function isPlaceholder(value: string): boolean {
  return /^(?:\*+|•+|x+|X+|\.+|-+)$/.test(value);
}

function hasLetterAndDigit(value: string): boolean {
  return /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

/** Whether the text before a token ends inside a URL (`scheme://…`). */
function insideUrl(before: string): boolean {
  const word = /\S*$/.exec(before)?.[0] ?? '';
  return /[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(word);
}

function isAwsSecretKey(value: string): boolean {
  return (
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /[0-9]/.test(value) &&
    shannonEntropy(value) >= 4
  );
}

function isHighEntropy(value: string, before: string): boolean {
  if (!hasLetterAndDigit(value) || insideUrl(before)) {
    return false;
  }
  if (/^[0-9A-Fa-f]+$/.test(value)) {
    if (value.length === 40 && /\bcommit\b[\s:=#]*$/i.test(before)) {
      return false;
    }
    return shannonEntropy(value) >= 3;
  }
  const threshold = Math.min(4 + 0.015 * (value.length - 20), 4.5);
  return shannonEntropy(value) >= threshold;
}

interface Rule {
  /** Two groups: 1 is kept as it is (may be empty), 2 is the secret. */
  pattern: RegExp;
  check?: (secret: string, before: string) => boolean;
}

const KEYWORD =
  '(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)(?:[_.-][A-Za-z0-9]+)*';

const FAMILY_RULES: Rule[] = [
  {
    pattern:
      /()(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----|$))/g,
  },
  {
    pattern:
      /()(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)/g,
  },
  {
    pattern:
      /()((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})/g,
  },
  { pattern: /()(glpat-[A-Za-z0-9_-]{20,})/g },
  { pattern: /()(xox[abprs]-[A-Za-z0-9-]{10,})/g },
  { pattern: /()((?:sk|rk)_(?:live|test)_[A-Za-z0-9]{10,})/g },
  { pattern: /()(AIza[A-Za-z0-9_-]{35})/g },
  { pattern: /()(npm_[A-Za-z0-9]{36})/g },
  {
    pattern: /()((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16})(?![A-Z0-9])/g,
  },
  {
    // scheme://user:password@host: the password
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@…]*:)([^\s/?#@…]+)(?=@)/g,
  },
  {
    // password=…, secret: "…", "api_key" => '…' (a colon only with a quoted value)
    pattern: new RegExp(
      `(\\b${KEYWORD}["']?(?:\\s*(?:=|:=|=>)\\s*["']?|\\s*:\\s*["']))([^\\s"'\`,;&<>(){}$%…][^\\s"'\`,;&<>…]{3,})`,
      'gi',
    ),
    check: value => !isPlaceholder(value),
  },
  {
    // AWS secret access key: 40 base64 characters
    pattern: /(^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    check: isAwsSecretKey,
  },
];

const ENTROPY_RULE: Rule = {
  pattern: /(^|[^A-Za-z0-9+/=_-])([A-Za-z0-9+/=_-]{20,})(?![A-Za-z0-9+/=_-])/g,
  check: isHighEntropy,
};

function applyRule(text: string, rule: Rule, found: string[]): string {
  return text.replace(
    rule.pattern,
    (match: string, kept: string, secret: string, offset: number) => {
      const before = text.slice(0, offset + kept.length);
      // a mask written earlier (at most 4 characters, then …) is kept as it is
      if (secret.length <= 4 && text.charAt(offset + match.length) === MASK) {
        return match;
      }
      if (rule.check && !rule.check(secret, before)) {
        return match;
      }
      found.push(secret);
      return `${kept}${maskSecret(secret)}`;
    },
  );
}

/** The token prefixes and key-block marker of the rule families, as they are written. */
const SECRET_PREFIX =
  /-----BEGIN|eyJ|gh[pousr]_|github_pat_|glpat-|xox[abprs]-|_live_|_test_|AIza|npm_|A3T|AKIA|ASIA|ABIA|ACCA/;
/** The credential words of the assignment rule (`key` stands for every *key). */
const CREDENTIAL_WORD = /pass|pwd|secret|token|key|credential/i;

function isBase64Char(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 43 || // +
    c === 47 // /
  );
}

/** Whether the text has a run of `length` characters of base64 (or, `token`, base64url and `=`). */
function hasRun(value: string, length: number, token: boolean): boolean {
  let streak = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    const counts =
      isBase64Char(c) || (token && (c === 61 || c === 95 || c === 45)); // = _ -
    streak = counts ? streak + 1 : 0;
    if (streak >= length) return true;
  }
  return false;
}

/**
 * Whether a text could hold anything the rules match, by each rule's fixed anchor: a key block or
 * token prefix, a credential word, a URL with user info, a 40-character base64 run (and, with
 * the entropy heuristic, any 20-character token run). Most scanner text has none, and skips the
 * rules: the answer is the same, only faster.
 */
function couldHoldSecret(value: string, options: RedactOptions): boolean {
  if (value.length < 8) return false;
  if (SECRET_PREFIX.test(value)) return true;
  if (value.includes('://') && value.includes('@')) return true;
  if (CREDENTIAL_WORD.test(value)) return true;
  if (options.entropy && value.length >= 20 && hasRun(value, 20, true)) {
    return true;
  }
  return value.length >= 40 && hasRun(value, 40, false);
}

function run(
  text: string,
  knownSecrets: Iterable<string | undefined>,
  options: RedactOptions,
  found: string[],
): string {
  let out = text;
  const known = [...knownSecrets]
    .map(s => (s ?? '').trim().replace(/\r\n?/g, '\n'))
    .filter(s => s.length >= 4)
    .sort((a, b) => b.length - a.length);
  for (const secret of known) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      if (out.includes(form)) {
        out = out.split(form).join(maskSecret(secret));
      }
    }
  }
  if (!couldHoldSecret(out, options)) {
    return out;
  }
  for (const rule of FAMILY_RULES) {
    out = applyRule(out, rule, found);
  }
  if (options.entropy) {
    out = applyRule(out, ENTROPY_RULE, found);
  }
  return out;
}

/**
 * The text with every known secret (4 characters or longer), every match of the rule families
 * and, with `entropy`, every high-entropy token replaced by its masked preview. Ordinary prose,
 * paths, CVE ids, URLs without credentials and `commit <sha>` are kept.
 */
export function redactText(
  text: string,
  knownSecrets: Iterable<string | undefined> = [],
  options: RedactOptions = {},
): string {
  return run(text, knownSecrets, options, []);
}

/** The secrets the rules find in a text, in the order the rules found them. */
export function findSecrets(
  text: string,
  options: RedactOptions = {},
): string[] {
  const found: string[] = [];
  run(text, [], options, found);
  return found;
}

/**
 * A stored masked preview made safe: a mask of the current form is kept, an older mask
 * (`AKIA…LE`, `********`) loses what follows its first 4 characters, anything else is taken for
 * a raw secret and masked.
 */
export function remask(value: string): string {
  const trimmed = value.trim();
  if (isMasked(trimmed)) {
    return trimmed;
  }
  if (/^\**$/.test(trimmed)) {
    return MASK;
  }
  const old = /^([^…\s]{0,4})…[^…\s]{0,2}$/u.exec(trimmed);
  if (old) {
    return `${old[1]}${MASK}`;
  }
  return maskSecret(trimmed);
}

/** Keys of free text in records people and scanners write (reasons, comments, messages). */
const FREE_TEXT_KEYS = new Set([
  'reason',
  'comment',
  'justification',
  'message',
  'title',
  'description',
]);

/**
 * A JSON record (audit details) with every string redacted: the rule families everywhere, and
 * high-entropy tokens too in free text (`free`, or a value under a free-text key such as
 * `reason` or `comment`). Digests, ids and counts are kept.
 */
export function redactRecord<T>(value: T, free = false): T {
  if (typeof value === 'string') {
    return redactText(value, [], { entropy: free }) as T;
  }
  if (Array.isArray(value)) {
    return value.map(item => redactRecord(item, free)) as T;
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = redactRecord(item, free || FREE_TEXT_KEYS.has(key));
  }
  return out as T;
}
