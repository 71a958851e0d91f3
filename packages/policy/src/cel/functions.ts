import {
  celFunc,
  CelScalar,
  isCelList,
  isCelMap,
  listType,
} from '@bufbuild/cel';
import type { CelFunc, CelValue } from '@bufbuild/cel';
import { LINE_KEY } from '../parsers/yamlDocuments';

function step(value: CelValue | undefined, key: unknown): CelValue | undefined {
  if (value === undefined || value === null) return undefined;
  if (isCelMap(value)) {
    return typeof key === 'string' && value.has(key)
      ? value.get(key)
      : undefined;
  }
  if (isCelList(value)) {
    const index =
      typeof key === 'bigint' || typeof key === 'string' ? Number(key) : NaN;
    return Number.isInteger(index) && index >= 0 ? value.get(index) : undefined;
  }
  return undefined;
}

function lookup(value: CelValue, path: CelValue): CelValue {
  let parts: unknown[] = [];
  if (isCelList(path)) parts = [...path];
  else if (typeof path === 'string') parts = path.split('.');
  let current: CelValue | undefined = value;
  for (const part of parts) {
    current = step(current, part);
    if (current === undefined) return null;
  }
  return current ?? null;
}

/**
 * The functions policy expressions may call besides CEL's standard library:
 *
 * - `get(value, "a.b.0.c")` or `get(value, ["metadata", "annotations", "x.io/y"])`: the value
 *   at that path, or `null` when any step is missing (CEL's `has()` fails on missing parents);
 *   `get(value, path, fallback)` answers `fallback` instead of `null`.
 * - `keys(map)`: a map's keys without the `_line` bookkeeping key; `[]` for a non-map.
 * - `line(map)`: the 1-based line a YAML mapping starts at, `0` if unknown.
 * - `asList(value)`: `[]` for null, the list itself for a list, the keys for a map (as `keys`),
 *   `[value]` otherwise (for YAML fields that may be a scalar or a list, e.g. `needs:`, `on:`).
 *
 * @public
 */
export const POLICY_FUNCTIONS: CelFunc[] = [
  celFunc('get', [CelScalar.DYN, CelScalar.DYN], CelScalar.DYN, lookup),
  celFunc(
    'get',
    [CelScalar.DYN, CelScalar.DYN, CelScalar.DYN],
    CelScalar.DYN,
    (value, path, fallback) => {
      const found = lookup(value, path);
      return found === null ? fallback : found;
    },
  ),
  celFunc('keys', [CelScalar.DYN], listType(CelScalar.STRING), value =>
    isCelMap(value)
      ? [...value.keys()].map(String).filter(k => k !== LINE_KEY)
      : [],
  ),
  celFunc('line', [CelScalar.DYN], CelScalar.INT, value => {
    const found = isCelMap(value) ? value.get(LINE_KEY) : undefined;
    if (typeof found === 'bigint') return found;
    return typeof found === 'number' && Number.isInteger(found)
      ? BigInt(found)
      : 0n;
  }),
  celFunc('asList', [CelScalar.DYN], listType(CelScalar.DYN), value => {
    if (value === null || value === undefined) return [];
    if (isCelList(value)) return [...value];
    if (isCelMap(value))
      return [...value.keys()].map(String).filter(k => k !== LINE_KEY);
    return [value];
  }),
];
