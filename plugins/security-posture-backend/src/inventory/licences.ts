/**
 * Licences as the inventory stores them (SPDX ids or expressions, or names where a report gives
 * no id): the ids an expression names, a filter over them, and whether an expression is
 * copyleft under a configured list of ids.
 */

/** An SPDX licence id or `LicenseRef-…` (letters, digits, `.`, `-`, `+`, `:`). */
const ID = /^[A-Za-z0-9][A-Za-z0-9.+:-]*$/;
/** SPDX's operators, matched case-sensitively as the specification says (`and` in a name is a word). */
const OPERATORS = new Set(['AND', 'OR', 'WITH']);
/** Control characters, never part of a licence. */
const isControl = (text: string) =>
  [...text].some(c => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

type Node =
  | { op: 'id'; id: string }
  | { op: 'and' | 'or'; args: Node[] }
  | { op: 'with'; arg: Node; exception: string };

/** How many licence texts {@link parseExpression} and {@link licenceIds} keep. */
const PARSED_MAX = 5000;
const trees = new Map<string, Node | undefined>();
const idsByLicence = new Map<string, string[]>();

function tokens(expression: string): string[] | undefined {
  const out = expression
    .replace(/\(/g, ' ( ')
    .replace(/\)/g, ' ) ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  return out.every(t => t === '(' || t === ')' || ID.test(t)) ? out : undefined;
}

/**
 * An SPDX licence expression as a tree (`OR` binds loosest, then `AND`, then `WITH`), or
 * `undefined` for text that is not one (a licence's name, e.g. `Apache License 2.0`).
 */
function parseExpression(expression: string): Node | undefined {
  // a fleet's inventories repeat a few hundred licence texts: each parsed once (the trees are
  // never changed), the oldest forgotten past PARSED_MAX
  if (trees.has(expression)) return trees.get(expression);
  const tree = parseUncached(expression);
  if (trees.size >= PARSED_MAX) trees.delete(trees.keys().next().value!);
  trees.set(expression, tree);
  return tree;
}

function parseUncached(expression: string): Node | undefined {
  const parsed = tokens(expression);
  if (!parsed || parsed.length === 0) return undefined;
  const toks: string[] = parsed;
  let i = 0;
  function atom(): Node | undefined {
    const t = toks[i];
    if (t === '(') {
      i++;
      const inner = or();
      if (!inner || toks[i] !== ')') return undefined;
      i++;
      return inner;
    }
    if (t === undefined || t === ')' || OPERATORS.has(t)) {
      return undefined;
    }
    i++;
    return { op: 'id', id: t };
  }
  function withExpr(): Node | undefined {
    const arg = atom();
    if (!arg) return undefined;
    if (toks[i] !== 'WITH') return arg;
    i++;
    const exception = toks[i];
    if (!exception || !ID.test(exception) || OPERATORS.has(exception)) {
      return undefined;
    }
    i++;
    return { op: 'with', arg, exception };
  }
  function chain(
    op: 'and' | 'or',
    next: () => Node | undefined,
  ): Node | undefined {
    const first = next();
    if (!first) return undefined;
    const args = [first];
    while (toks[i] === op.toUpperCase()) {
      i++;
      const arg = next();
      if (!arg) return undefined;
      args.push(arg);
    }
    return args.length === 1 ? first : { op, args };
  }
  function and(): Node | undefined {
    return chain('and', withExpr);
  }
  function or(): Node | undefined {
    return chain('or', and);
  }
  const tree = or();
  return tree && i === toks.length ? tree : undefined;
}

function idsOf(node: Node, out: string[]): void {
  if (node.op === 'id') out.push(node.id);
  else if (node.op === 'with') idsOf(node.arg, out);
  else for (const a of node.args) idsOf(a, out);
}

/**
 * The licence ids one stored licence names: every id of an SPDX expression (exceptions left
 * out), or the text itself when it is a name rather than an expression.
 *
 * @internal
 */
export function licenceIds(licence: string): string[] {
  let ids = idsByLicence.get(licence);
  if (!ids) {
    const tree = parseExpression(licence);
    const out: string[] = [];
    if (tree) idsOf(tree, out);
    ids = tree ? [...new Set(out)] : [licence.trim()];
    if (idsByLicence.size >= PARSED_MAX) {
      idsByLicence.delete(idsByLicence.keys().next().value!);
    }
    idsByLicence.set(licence, ids);
  }
  // a copy: the kept list is never handed out
  return [...ids];
}

/** What `licence=` asks for: one licence id (or name), ids starting with a prefix, or no licence. */
export type LicenceFilter =
  | { kind: 'none' }
  | { kind: 'id'; id: string }
  | { kind: 'prefix'; prefix: string };

/** The longest `licence=` value accepted. */
const MAX_FILTER = 100;
/** The `licence=` value of packages without a licence. */
const NO_LICENCE_FILTER = 'none';

/**
 * The filter a `licence=` value says, or `undefined` when it has no known shape. Known: `none`;
 * a prefix of ids ending in `*` (`GPL-*`); one SPDX id (`MIT`); or a licence's name as a report
 * gave it (`LGPLv2 and zlib`, as the inventory's licence counts list it). Not: an expression of
 * several licences (`MIT OR GPL-2.0-only`), a `*` elsewhere than at the end, control characters.
 *
 * @internal
 */
export function licenceFilter(value: string): LicenceFilter | undefined {
  const v = value.trim();
  if (!v || v.length > MAX_FILTER || isControl(v)) return undefined;
  if (v.toLowerCase() === NO_LICENCE_FILTER) return { kind: 'none' };
  if (v.endsWith('*')) {
    const prefix = v.slice(0, -1);
    return prefix && ID.test(prefix)
      ? { kind: 'prefix', prefix: prefix.toLowerCase() }
      : undefined;
  }
  if (v.includes('*')) return undefined;
  const tree = parseExpression(v);
  if (!tree) return { kind: 'id', id: v.toLowerCase() };
  return tree.op === 'id'
    ? { kind: 'id', id: tree.id.toLowerCase() }
    : undefined;
}

/** Whether an id (or licence name) is one a pattern (an id, or a prefix ending in `*`) names. */
export function idMatches(id: string, pattern: string): boolean {
  const i = id.toLowerCase();
  const p = pattern.toLowerCase();
  return p.endsWith('*') ? i.startsWith(p.slice(0, -1)) : i === p;
}

/** Licence values that say there is none, or that nothing is known (SPDX `NONE`, `NOASSERTION`). */
const NO_LICENCE_VALUES = new Set(['none', 'noassertion']);

/**
 * The licences a package's reports really state: without `NONE` / `NOASSERTION` (any case),
 * which say that there is no licence or nothing is known of it.
 *
 * @internal
 */
function statedLicences(licences: string[]): string[] {
  return licences.filter(l => !NO_LICENCE_VALUES.has(l.trim().toLowerCase()));
}

/**
 * How many packages carry each licence id (case-insensitively, as the licence filter matches;
 * spelt as first met), `none` for packages that state none; most packages first, then by id.
 *
 * @internal
 */
export function licenceCounts(
  packages: Array<{ licenses: string[] }>,
): Array<{ id: string; packages: number }> {
  const counts = new Map<string, { id: string; packages: number }>();
  for (const p of packages) {
    const ids = new Map<string, string>();
    for (const id of statedLicences(p.licenses).flatMap(licenceIds)) {
      if (!ids.has(id.toLowerCase())) ids.set(id.toLowerCase(), id);
    }
    if (ids.size === 0) ids.set(NO_LICENCE_FILTER, NO_LICENCE_FILTER);
    for (const [key, id] of ids) {
      const seen = counts.get(key);
      if (seen) seen.packages += 1;
      else counts.set(key, { id, packages: 1 });
    }
  }
  return [...counts.values()].sort((a, b) => {
    if (a.packages !== b.packages) return b.packages - a.packages;
    if (a.id === b.id) return 0;
    return a.id < b.id ? -1 : 1;
  });
}

/** Whether a package with these licences passes a licence filter. @internal */
export function passesLicenceFilter(
  licences: string[],
  filter: LicenceFilter,
): boolean {
  const stated = statedLicences(licences);
  if (filter.kind === 'none') return stated.length === 0;
  const ids = stated.flatMap(licenceIds).map(id => id.toLowerCase());
  return filter.kind === 'id'
    ? ids.includes(filter.id)
    : ids.some(id => id.startsWith(filter.prefix));
}

/**
 * Whether a licence leaves no choice but a copyleft one: an id the patterns name, every
 * alternative of an `OR` copyleft, any part of an `AND`; `X WITH exception` as `X` (an exception
 * such as Classpath-exception-2.0 is not taken into account). A name that is not an expression is
 * matched as a whole.
 *
 * @internal
 */
export function isCopyleft(licence: string, patterns: string[]): boolean {
  const tree = parseExpression(licence);
  const test = (node: Node): boolean => {
    switch (node.op) {
      case 'id':
        return patterns.some(p => idMatches(node.id, p));
      case 'with':
        return test(node.arg);
      case 'and':
        return node.args.some(test);
      case 'or':
        return node.args.every(test);
      default:
        return false;
    }
  };
  return tree ? test(tree) : patterns.some(p => idMatches(licence.trim(), p));
}

/**
 * The licences counted as copyleft unless `securityPosture.policies.copyleftLicenses` says
 * otherwise: the GNU licences and the other strong or network copyleft families, by SPDX id
 * prefix.
 *
 * @internal
 */
export const DEFAULT_COPYLEFT_LICENCES: readonly string[] = Object.freeze([
  'GPL-*',
  'AGPL-*',
  'LGPL-*',
  'SSPL-*',
  'EUPL-*',
  'OSL-*',
]);

/** Whether a configured copyleft entry has a known shape: an SPDX id, or a prefix ending in `*`. @internal */
export function isLicencePattern(pattern: string): boolean {
  const id = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
  return id.length > 0 && id.length <= 100 && ID.test(id);
}
