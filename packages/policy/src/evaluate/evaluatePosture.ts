import { celList, celMap } from '@bufbuild/cel';
import { EMPTY_POSTURE_INVENTORY } from '../types';
import type { Policy, PolicyResult, PostureInventory } from '../types';
import { interpretRuleResult, policyApplies } from './evaluateWorkspace';
import type { PolicySubject } from './evaluateWorkspace';

/**
 * Evaluates posture policies: each rule sees `component`, `posture` and `inventory` (plain data,
 * as JSON would carry it: properties holding `undefined` are left out; an inventory not given is
 * the empty one).
 *
 * @public
 */
export function evaluatePosture(
  policies: readonly Policy[],
  input: {
    component: Record<string, unknown>;
    posture: Record<string, unknown>;
    inventory?: PostureInventory;
  },
  subject?: PolicySubject,
): PolicyResult[] {
  const applied = policies.filter(
    p => p.target === 'posture' && policyApplies(p, subject),
  );
  if (applied.length === 0) return [];
  // converted to CEL values once for every rule (CEL would convert each object again for each
  // rule that reads it)
  const vars: Record<string, unknown> = {};
  for (const [name, value] of Object.entries({
    ...input,
    inventory: input.inventory ?? EMPTY_POSTURE_INVENTORY,
  })) {
    if (value !== undefined) vars[name] = celJson(value);
  }
  return applied.flatMap(policy =>
    policy.rules.flatMap(rule =>
      interpretRuleResult(policy, rule, '.', () => rule.evaluate(vars)),
    ),
  );
}

/**
 * A value as CEL sees its JSON form (what `JSON.parse(JSON.stringify(value))` gives), with every
 * object and list already a CEL map or list: `undefined` properties left out, `undefined` in a
 * list and non-finite numbers as null. Anything but plain data takes the JSON round trip.
 */
function celJson(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return null;
      return value === 0 ? 0 : value; // -0 is 0 in JSON
    case 'object':
      break;
    default:
      return null; // undefined, functions and symbols in a list
  }
  if (value === null) return null;
  if (Array.isArray(value)) {
    return celList(value.map(celJson) as never);
  }
  const proto = Object.getPrototypeOf(value);
  if (
    (proto !== Object.prototype && proto !== null) ||
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    return celJson(JSON.parse(JSON.stringify(value)));
  }
  const entries = new Map<string, unknown>();
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') {
      continue;
    }
    entries.set(key, celJson(v));
  }
  return celMap(entries as never);
}
