// @ts-check

/**
 * No raw secret kept anywhere (issue #12): redacts what earlier versions stored.
 *
 * - `posture_findings`: the free text (title, message, remediation, suppression justification)
 *   of secret findings loses known secret shapes and high-entropy tokens; that of every other
 *   finding loses the secret shapes (rule families) only, so that digests stay. Rule ids, paths
 *   and package fields lose the rule families; a remediation URL or package URL that holds one is
 *   cleared. `secret_redacted` becomes a masked preview showing at most 4 characters (`AKIA…`;
 *   an older `AKIA…LE` loses its tail, `********` becomes `…`).
 * - `posture_components`: the findings embedded in `top_findings` and `posture` (JSON, served as
 *   they are) get the same treatment.
 * - `posture_finding_events` holds no text of a finding (ids, event and time only): unchanged.
 *
 * The redactor below is a copy of src/secrets/redactor.ts (a migration cannot import
 * TypeScript); src/secrets/redactorTwin.test.ts checks that both agree. Change both together.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const BATCH = 500;
  let lastId = 0;
  for (;;) {
    const rows = await knex('posture_findings')
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(BATCH)
      .select(
        'id',
        'kind',
        'rule_id',
        'title',
        'message',
        'remediation',
        'remediation_url',
        'path',
        'package_name',
        'package_purl',
        'installed_version',
        'fixed_version',
        'suppression_justification',
        'secret_redacted',
      );
    if (rows.length === 0) {
      break;
    }
    for (const row of rows) {
      lastId = Number(row.id);
      const free = { entropy: row.kind === 'secret' };
      /** @type {Record<string, string | null>} */
      const next = {
        rule_id: redactText(row.rule_id),
        title: redactText(row.title, [], free),
        message: redactText(row.message, [], free),
        remediation: nullable(row.remediation, v => redactText(v, [], free)),
        remediation_url: nullable(row.remediation_url, v =>
          redactText(v) === v ? v : null,
        ),
        path: nullable(row.path, v => redactText(v)),
        package_name: nullable(row.package_name, v => redactText(v)),
        package_purl: nullable(row.package_purl, v =>
          redactText(v) === v ? v : null,
        ),
        installed_version: nullable(row.installed_version, v => redactText(v)),
        fixed_version: nullable(row.fixed_version, v => redactText(v)),
        suppression_justification: nullable(row.suppression_justification, v =>
          redactText(v, [], free),
        ),
        secret_redacted: nullable(row.secret_redacted, remask),
      };
      /** @type {Record<string, string | null>} */
      const changed = {};
      for (const [column, value] of Object.entries(next)) {
        if (value !== row[column]) {
          changed[column] = value;
        }
      }
      if (Object.keys(changed).length > 0) {
        await knex('posture_findings').where({ id: row.id }).update(changed);
      }
    }
  }

  const components = await knex('posture_components')
    .whereNotNull('top_findings')
    .orWhereNotNull('posture')
    .select('entity_ref', 'top_findings', 'posture');
  for (const row of components) {
    /** @type {Record<string, string>} */
    const changed = {};
    for (const column of ['top_findings', 'posture']) {
      const value = row[column];
      if (typeof value !== 'string') {
        continue;
      }
      let doc;
      try {
        doc = JSON.parse(value);
      } catch {
        continue;
      }
      const redacted = JSON.stringify(redactEmbedded(doc));
      if (redacted !== JSON.stringify(doc)) {
        changed[column] = redacted;
      }
    }
    if (Object.keys(changed).length > 0) {
      await knex('posture_components')
        .where({ entity_ref: row.entity_ref })
        .update(changed);
    }
  }
};

/**
 * Nothing to undo: redaction cannot be reversed (the secrets are gone), and the redacted rows are
 * valid for every earlier version of the schema.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {};

/**
 * @template T
 * @param {T | null | undefined} value
 * @param {(value: T) => string | null} fn
 * @returns {string | null}
 */
function nullable(value, fn) {
  return value === null || value === undefined ? null : fn(value);
}

/** Served finding fields of free text, and of identifiers. */
const FREE_KEYS = new Set(['title', 'message', 'remediation', 'justification']);
const FIXED_KEYS = new Set([
  'ruleId',
  'path',
  'name',
  'installedVersion',
  'fixedVersion',
]);
const URL_KEYS = new Set(['remediationUrl', 'purl']);
const MASK_KEYS = new Set(['secretRedacted', 'secret_redacted', 'redacted']);

/**
 * A JSON document with the findings in it (objects with a `kind`, or nested in one) redacted:
 * free text with the entropy heuristic when the finding is a secret, identifiers and URLs with
 * the rule families, masked previews re-masked.
 *
 * @param {unknown} node
 * @param {boolean} [isSecret]
 * @returns {unknown}
 */
function redactEmbedded(node, isSecret = false) {
  if (Array.isArray(node)) {
    return node.map(item => redactEmbedded(item, isSecret));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const obj = /** @type {Record<string, unknown>} */ (node);
  const secret = isSecret || obj.kind === 'secret';
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value !== 'string') {
      out[key] = redactEmbedded(value, secret);
    } else if (FREE_KEYS.has(key)) {
      out[key] = redactText(value, [], { entropy: secret });
    } else if (FIXED_KEYS.has(key)) {
      out[key] = redactText(value);
    } else if (URL_KEYS.has(key)) {
      out[key] = redactText(value) === value ? value : null;
    } else if (MASK_KEYS.has(key)) {
      out[key] = remask(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

// ---- copy of src/secrets/redactor.ts (keep in step) ----------------------------------------

const crypto = require('node:crypto');

const MASK = '…';

/** @param {string} secret */
function maskSecret(secret) {
  const chars = Array.from(secret.trim());
  if (chars.length >= 20) {
    return `${chars.slice(0, 4).join('')}${MASK}`;
  }
  if (chars.length >= 12) {
    return `${chars.slice(0, 2).join('')}${MASK}`;
  }
  return MASK;
}

/** @param {string} value */
function isMasked(value) {
  return /^[^…\s]{0,4}…$/u.test(value);
}

/** @param {string} secret */
function secretHash(secret) {
  return crypto
    .createHash('sha256')
    .update(secret.trim().replace(/\r\n?/g, '\n'), 'utf8')
    .digest('hex');
}

/** @param {string} text */
function shannonEntropy(text) {
  /** @type {Map<string, number>} */
  const counts = new Map();
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

/** @param {string} value */
function isPlaceholder(value) {
  return /^(?:\*+|•+|x+|X+|\.+|-+)$/.test(value);
}

/** @param {string} value */
function hasLetterAndDigit(value) {
  return /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

/** @param {string} before */
function insideUrl(before) {
  const word = /\S*$/.exec(before)?.[0] ?? '';
  return /[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(word);
}

/** @param {string} value */
function isAwsSecretKey(value) {
  return (
    /[A-Z]/.test(value) &&
    /[a-z]/.test(value) &&
    /[0-9]/.test(value) &&
    shannonEntropy(value) >= 4
  );
}

/**
 * @param {string} value
 * @param {string} before
 */
function isHighEntropy(value, before) {
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

/** @typedef {{ pattern: RegExp, check?: (secret: string, before: string) => boolean }} Rule */

const KEYWORD =
  '(?:[A-Za-z0-9]+[_.-])*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)(?:[_.-][A-Za-z0-9]+)*';

/** @type {Rule[]} */
const FAMILY_RULES = [
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
    pattern: /\b([A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:/?#@…]*:)([^\s/?#@…]+)(?=@)/g,
  },
  {
    pattern: new RegExp(
      `(\\b${KEYWORD}["']?(?:\\s*(?:=|:=|=>)\\s*["']?|\\s*:\\s*["']))([^\\s"'\`,;&<>(){}$%…][^\\s"'\`,;&<>…]{3,})`,
      'gi',
    ),
    check: value => !isPlaceholder(value),
  },
  {
    pattern: /(^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g,
    check: isAwsSecretKey,
  },
];

/** @type {Rule} */
const ENTROPY_RULE = {
  pattern: /(^|[^A-Za-z0-9+/=_-])([A-Za-z0-9+/=_-]{20,})(?![A-Za-z0-9+/=_-])/g,
  check: isHighEntropy,
};

/**
 * @param {string} text
 * @param {Rule} rule
 * @param {string[]} found
 */
function applyRule(text, rule, found) {
  return text.replace(
    rule.pattern,
    /**
     * @param {string} match
     * @param {string} kept
     * @param {string} secret
     * @param {number} offset
     */
    (match, kept, secret, offset) => {
      const before = text.slice(0, offset + kept.length);
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

/** @param {number} c */
function isBase64Char(c) {
  return (
    (c >= 48 && c <= 57) || // 0-9
    (c >= 65 && c <= 90) || // A-Z
    (c >= 97 && c <= 122) || // a-z
    c === 43 || // +
    c === 47 // /
  );
}

/**
 * @param {string} value
 * @param {number} length
 * @param {boolean} token
 */
function hasRun(value, length, token) {
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
 * @param {string} value
 * @param {{ entropy?: boolean }} options
 */
function couldHoldSecret(value, options) {
  if (value.length < 8) return false;
  if (SECRET_PREFIX.test(value)) return true;
  if (value.includes('://') && value.includes('@')) return true;
  if (CREDENTIAL_WORD.test(value)) return true;
  if (options.entropy && value.length >= 20 && hasRun(value, 20, true)) {
    return true;
  }
  return value.length >= 40 && hasRun(value, 40, false);
}

/**
 * @param {string} text
 * @param {Iterable<string | undefined>} knownSecrets
 * @param {{ entropy?: boolean }} options
 * @param {string[]} found
 */
function run(text, knownSecrets, options, found) {
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
 * @param {string} text
 * @param {Iterable<string | undefined>} [knownSecrets]
 * @param {{ entropy?: boolean }} [options]
 */
function redactText(text, knownSecrets = [], options = {}) {
  return run(text, knownSecrets, options, []);
}

/**
 * @param {string} text
 * @param {{ entropy?: boolean }} [options]
 */
function findSecrets(text, options = {}) {
  /** @type {string[]} */
  const found = [];
  run(text, [], options, found);
  return found;
}

/** @param {string} value */
function remask(value) {
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
 * @param {unknown} value
 * @param {boolean} [free]
 * @returns {unknown}
 */
function redactRecord(value, free = false) {
  if (typeof value === 'string') {
    return redactText(value, [], { entropy: free });
  }
  if (Array.isArray(value)) {
    return value.map(item => redactRecord(item, free));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = redactRecord(item, free || FREE_TEXT_KEYS.has(key));
  }
  return out;
}

// ---- end of the copy ---------------------------------------------------------------------

/** The redactor, for the test that checks it agrees with src/secrets/redactor.ts. */
exports.redactor = Object.freeze({
  MASK,
  maskSecret,
  isMasked,
  secretHash,
  shannonEntropy,
  redactText,
  findSecrets,
  remask,
  redactRecord,
});
