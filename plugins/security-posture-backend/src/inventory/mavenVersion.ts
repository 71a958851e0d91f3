/**
 * Maven versions and version ranges, as Maven itself orders and reads them: a port of
 * `org.apache.maven.artifact.versioning.ComparableVersion` (Maven 3.9) and of the range syntax of
 * `VersionRange.createFromVersionSpec` (`[1.0,2.0)`, `(,1.0]`, `[1.2]`, sets joined by commas).
 * No npm package implements them (ADR010).
 */

type Item =
  | { kind: 'int'; value: bigint }
  | { kind: 'str'; value: string }
  | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Record<string, string> = {
  ga: '',
  final: '',
  release: '',
  cr: 'rc',
};
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function comparableQualifier(qualifier: string): string {
  const i = QUALIFIERS.indexOf(qualifier);
  return i === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(i);
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) {
    v =
      ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[
        v
      ] ?? v;
  }
  return { kind: 'str', value: ALIASES[v] ?? v };
}

function parseItem(isDigit: boolean, text: string): Item {
  return isDigit
    ? { kind: 'int', value: BigInt(text.replace(/^0+(?=\d)/, '')) }
    : stringItem(text, false);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'str') return item.value === '';
  return item.items.length === 0;
}

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i];
    if (isNull(item)) list.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

function parse(version: string): Item {
  const text = version.toLowerCase();
  const root: Item[] = [];
  let list = root;
  const stack: Item[][] = [root];
  let isDigit = false;
  let start = 0;
  const pushList = () => {
    const next: Item[] = [];
    list.push({ kind: 'list', items: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.' || c === '-') {
      list.push(
        i === start
          ? { kind: 'int', value: 0n }
          : parseItem(isDigit, text.slice(start, i)),
      );
      start = i + 1;
      if (c === '-') pushList();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(stringItem(text.slice(start, i), true));
        start = i;
        pushList();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, text.slice(start, i)));
        start = i;
        pushList();
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.push(parseItem(isDigit, text.slice(start)));
  while (stack.length > 0) normalize(stack.pop()!);
  return { kind: 'list', items: root };
}

/** -1, 0 or 1 as `a` is below, equal to or above `b`. */
function order<T extends string | bigint>(a: T, b: T): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

function compareItems(a: Item, b: Item | undefined): number {
  if (a.kind === 'int') {
    if (!b) return a.value === 0n ? 0 : 1;
    return b.kind === 'int' ? order(a.value, b.value) : 1;
  }
  if (a.kind === 'str') {
    const mine = comparableQualifier(a.value);
    if (!b) return order(mine, RELEASE_INDEX);
    if (b.kind === 'int' || b.kind === 'list') return -1;
    return order(mine, comparableQualifier(b.value));
  }
  if (!b) return a.items.length === 0 ? 0 : compareItems(a.items[0], undefined);
  if (b.kind === 'int') return -1;
  if (b.kind === 'str') return 1;
  const n = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < n; i++) {
    const l = a.items[i];
    const r = b.items[i];
    let result = 0;
    if (l) result = compareItems(l, r);
    else if (r) result = -compareItems(r, undefined);
    if (result !== 0) return result;
  }
  return 0;
}

/** Orders two Maven versions as Maven does (`1.0-alpha-1 < 1.0-rc1 < 1.0 < 1.0-sp1 < 1.0.1`). @internal */
export function compareMavenVersions(a: string, b: string): number {
  return compareItems(parse(a), parse(b));
}

interface Restriction {
  lower?: { version: string; inclusive: boolean };
  upper?: { version: string; inclusive: boolean };
}

const RESTRICTION = /^\s*([[(])([^[\]()]*)([\])])\s*(,|$)/;

const COMPARATOR = /^(<=|>=|<|>|=)\s*([^\s,<>=]+)$/;

/**
 * Comparators (`<2.17.1`, `>=2.0 <2.17.1`, `>=2.0, <2.17.1`), which people type for every
 * ecosystem, compared in Maven's version order: every one must hold. Undefined when a part is not
 * a comparator.
 */
function comparatorRange(
  text: string,
): ((version: string) => boolean) | undefined {
  const parts = text
    .split(/\s*,\s*|\s+(?=[<>=])/)
    .map(p => p.trim())
    .filter(Boolean);
  const tests: ((version: string) => boolean)[] = [];
  for (const part of parts) {
    const m = COMPARATOR.exec(part);
    if (!m) return undefined;
    const [, op, bound] = m;
    tests.push(version => {
      const c = compareMavenVersions(version, bound);
      if (op === '<') return c < 0;
      if (op === '<=') return c <= 0;
      if (op === '>') return c > 0;
      if (op === '>=') return c >= 0;
      return c === 0;
    });
  }
  return tests.length ? version => tests.every(t => t(version)) : undefined;
}

/**
 * A Maven version range (`[1.0,2.0)`, `(,2.17.1)`, `[1.2]`, `(,1.0],[1.2,)`) as a test of a
 * version, or `undefined` when the text is not one. A bare version (`1.2`) means exactly it;
 * comparators (`<2.17.1`, `>=2.0 <2.17.1`) are read as well.
 *
 * @internal
 */
export function mavenRange(
  spec: string,
): ((version: string) => boolean) | undefined {
  const text = spec.trim();
  if (!text) return undefined;
  if (/^[<>=]/.test(text)) return comparatorRange(text);
  if (!/[[\]()]/.test(text)) {
    if (/[,\s]/.test(text)) return undefined;
    return version => compareMavenVersions(version, text) === 0;
  }
  const restrictions: Restriction[] = [];
  let rest = text;
  while (rest.length > 0) {
    const m = RESTRICTION.exec(rest);
    if (!m) return undefined;
    const [whole, open, body, close, comma] = m;
    rest = rest.slice(whole.length);
    if (comma === ',' && rest.trim() === '') return undefined;
    const parts = body.split(',').map(p => p.trim());
    if (parts.length === 1) {
      // [1.2]: exactly that version; (1.2) means nothing
      if (open !== '[' || close !== ']' || !parts[0]) return undefined;
      const bound = { version: parts[0], inclusive: true };
      restrictions.push({ lower: bound, upper: bound });
      continue;
    }
    if (parts.length !== 2 || (!parts[0] && !parts[1])) return undefined;
    const [low, high] = parts;
    if ((!low && open === '[') || (!high && close === ']')) return undefined;
    if (low && high && compareMavenVersions(low, high) > 0) return undefined;
    restrictions.push({
      ...(low ? { lower: { version: low, inclusive: open === '[' } } : {}),
      ...(high ? { upper: { version: high, inclusive: close === ']' } } : {}),
    });
  }
  return version =>
    restrictions.some(r => {
      if (r.lower) {
        const c = compareMavenVersions(version, r.lower.version);
        if (c < 0 || (c === 0 && !r.lower.inclusive)) return false;
      }
      if (r.upper) {
        const c = compareMavenVersions(version, r.upper.version);
        if (c > 0 || (c === 0 && !r.upper.inclusive)) return false;
      }
      return true;
    });
}
