import { ReportInputError } from './errors';
import { jsonErrorOffset } from './jsonErrorOffset';

/**
 * Limits applied to an uploaded report before any parser sees it.
 *
 * @public
 */
export interface ReportLimits {
  /** Largest body in bytes. Default 64 MiB. */
  maxBytes: number;
  /** Deepest nesting of arrays and objects. Default 64. */
  maxDepth: number;
  /** Longest single string (key or value) in characters. Default 1 MiB. */
  maxStringLength: number;
}

/** The default {@link ReportLimits}. @public */
export const DEFAULT_REPORT_LIMITS: Readonly<ReportLimits> = Object.freeze({
  maxBytes: 64 * 1024 * 1024,
  maxDepth: 64,
  maxStringLength: 1024 * 1024,
});

/** Keys refused anywhere in a report: they could pollute prototypes when copied. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
]);

// The leading words of V8's JSON.parse messages that name the problem without quoting input.
const JSON_PROBLEM =
  /^(Unexpected token '.'|Unexpected non-whitespace character after JSON|Bad control character in string literal|Bad escaped character|Unterminated string|Expected [^"]*?)(?= in JSON| at position|,|$)/;

function describeJsonError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const offset = jsonErrorOffset(text);
  let where = '';
  if (offset !== undefined) {
    const before = text.slice(0, offset);
    const lineNo = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    where =
      offset >= text.length
        ? ` at line ${lineNo}, column ${column} (unexpected end of input)`
        : ` at line ${lineNo}, column ${column}`;
  }
  // V8's message may quote report text ("Unexpected token 'x', "...abc"... is not valid
  // JSON"); keep only the words that name the syntax problem.
  const kind = JSON_PROBLEM.exec(raw);
  return `Report is not valid JSON${where}${kind ? `: ${kind[1].trim()}` : ''}`;
}

function formatKey(part: string | number): string {
  if (typeof part === 'number') {
    return `[${part}]`;
  }
  if (/^[A-Za-z_$][\w$]*$/.test(part)) {
    return `.${part}`;
  }
  const shown = part.length > 40 ? `${part.slice(0, 40)}…` : part;
  return `[${JSON.stringify(shown)}]`;
}

function formatPath(path: Array<string | number>): string {
  let out = '$';
  for (const part of path) {
    out += formatKey(part);
  }
  return out;
}

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame): string {
  const parts: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) {
    parts.unshift(f.key!);
  }
  return formatPath(parts);
}

/**
 * Checks a parsed JSON value against the limits, without recursion (a hostile document cannot
 * overflow the stack): nesting depth, string lengths, and forbidden keys.
 */
function checkTree(root: unknown, limits: ReportLimits): void {
  const stack: Frame[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (typeof value === 'string') {
      if (value.length > limits.maxStringLength) {
        throw new ReportInputError(
          'string-too-long',
          `Report string at ${pathOf(frame)} is ${
            value.length
          } characters long; the limit is ${limits.maxStringLength}`,
        );
      }
      continue;
    }
    if (typeof value !== 'object' || value === null) {
      continue;
    }
    if (depth + 1 > limits.maxDepth) {
      throw new ReportInputError(
        'too-deep',
        `Report nesting at ${pathOf(frame)} is deeper than the limit of ${
          limits.maxDepth
        }`,
      );
    }
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (typeof child === 'object' || typeof child === 'string') {
          stack.push({ value: child, depth: depth + 1, parent: frame, key: i });
        }
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) {
        throw new ReportInputError(
          'forbidden-key',
          `Report contains the forbidden key "${key}" at ${pathOf(frame)}`,
        );
      }
      if (key.length > limits.maxStringLength) {
        throw new ReportInputError(
          'string-too-long',
          `Report key at ${pathOf(frame)} is ${
            key.length
          } characters long; the limit is ${limits.maxStringLength}`,
        );
      }
      const child = (value as Record<string, unknown>)[key];
      if (typeof child === 'object' || typeof child === 'string') {
        stack.push({ value: child, depth: depth + 1, parent: frame, key });
      }
    }
  }
}

/**
 * Reads an uploaded report body as JSON, safely: refuses an empty or oversized body, malformed
 * JSON (naming line and column), nesting deeper than `maxDepth`, strings longer than
 * `maxStringLength`, and any `__proto__`, `constructor` or `prototype` key (refused rather
 * than stripped, so nothing is silently dropped and nothing can pollute a prototype later).
 *
 * @throws {@link ReportInputError} with the HTTP status to answer.
 * @public
 */
export function parseReportBody(
  body: Buffer | string,
  limits: Partial<ReportLimits> = {},
): unknown {
  const effective: ReportLimits = { ...DEFAULT_REPORT_LIMITS, ...limits };
  const size = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (size > effective.maxBytes) {
    throw new ReportInputError(
      'too-large',
      `Report is ${size} bytes; the limit is ${effective.maxBytes}`,
    );
  }
  let text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
  }
  if (text.trim().length === 0) {
    throw new ReportInputError('empty', 'Report body is empty');
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new ReportInputError(
      'malformed-json',
      describeJsonError(text, error),
    );
  }
  checkTree(doc, effective);
  return doc;
}
