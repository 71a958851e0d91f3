import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
} from 'yaml';
import type { Node as YamlNode } from 'yaml';

/**
 * The key under which each YAML mapping carries the 1-based line of its first entry.
 *
 * @public
 */
export const LINE_KEY = '_line';

/**
 * A YAML file split into documents, each converted to plain data in which every mapping
 * carries its line under {@link LINE_KEY}.
 *
 * @public
 */
export interface ParsedYamlFile {
  /** The documents, converted to plain data; an empty document is `null`. */
  documents: unknown[];
  /** Parse errors with their line, if any (the documents are then empty). */
  errors: { message: string; line: number }[];
}

/** Limits that keep a hostile YAML file (alias bombs, deep nesting) cheap to convert. */
const MAX_NODES = 200_000;
const MAX_DEPTH = 64;

class YamlLimitError extends Error {}

function lineOf(node: YamlNode | null | undefined, counter: LineCounter) {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : counter.linePos(offset).line;
}

function convert(
  node: unknown,
  doc: Document,
  counter: LineCounter,
  depth: number,
  budget: { nodes: number },
): unknown {
  if (--budget.nodes < 0) {
    throw new YamlLimitError(`more than ${MAX_NODES} YAML nodes`);
  }
  if (depth > MAX_DEPTH) {
    throw new YamlLimitError(`YAML nested deeper than ${MAX_DEPTH} levels`);
  }
  if (isAlias(node)) {
    return convert(
      (node as Alias).resolve(doc),
      doc,
      counter,
      depth + 1,
      budget,
    );
  }
  if (isScalar(node)) {
    const value = node.value;
    if (typeof value === 'bigint') return Number(value);
    if (value instanceof Date) return value.toISOString();
    if (value instanceof Uint8Array)
      return Buffer.from(value).toString('base64');
    return value ?? null;
  }
  if (isSeq(node)) {
    return node.items.map(item =>
      convert(item, doc, counter, depth + 1, budget),
    );
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = Object.create(null);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = convert(pair.key, doc, counter, depth + 1, budget);
      const name = String(key);
      out[name] = convert(pair.value, doc, counter, depth + 1, budget);
    }
    if (!(LINE_KEY in out)) {
      out[LINE_KEY] =
        lineOf(node.items[0]?.key as YamlNode, counter) ||
        lineOf(node, counter);
    }
    return { ...out };
  }
  return node ?? null;
}

/**
 * Parses every document of a YAML text, keeping line numbers.
 *
 * @public
 */
export function parseYamlDocuments(text: string): ParsedYamlFile {
  const counter = new LineCounter();
  const docs = parseAllDocuments(text, {
    lineCounter: counter,
    prettyErrors: false,
  });
  if (!Array.isArray(docs)) {
    return { documents: [], errors: [] };
  }
  const errors = docs.flatMap(d =>
    d.errors.map(e => ({
      message: e.message.split('\n')[0],
      line: counter.linePos(e.pos[0]).line,
    })),
  );
  if (errors.length > 0) return { documents: [], errors };
  const budget = { nodes: MAX_NODES };
  try {
    const documents = docs.map(d => convert(d.contents, d, counter, 0, budget));
    return { documents, errors: [] };
  } catch (e) {
    if (e instanceof YamlLimitError) {
      return { documents: [], errors: [{ message: e.message, line: 1 }] };
    }
    throw e;
  }
}
