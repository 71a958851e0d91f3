import {
  celEnv,
  CelScalar,
  isCelError,
  isCelList,
  isCelMap,
  isCelUint,
  parse,
  plan,
} from '@bufbuild/cel';
import type { CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';

import { POLICY_FUNCTIONS } from './functions';

type Expr = ReturnType<typeof parse>['expr'];

/**
 * Limits applied to every CEL expression when a policy is loaded.
 *
 * CEL has no loops other than the comprehension macros (`all`, `exists`, `exists_one`,
 * `map`, `filter`) over finite inputs, so an expression's cost is bounded by its size and by
 * its comprehension nesting depth: with inputs capped (see `WORKSPACE_LIMITS`), an expression
 * of at most `maxNodes` nodes nesting at most `maxComprehensionDepth` comprehensions runs at
 * most `maxNodes × n^depth` steps for lists of `n` items. Regular expressions (`matches`) run
 * on RE2, which is linear-time.
 *
 * @public
 */
export const CEL_LIMITS = {
  /** Longest expression accepted, in characters. */
  maxLength: 4096,
  /** Most AST nodes (after macro expansion) in one expression. */
  maxNodes: 1500,
  /** Deepest nesting of comprehension macros. */
  maxComprehensionDepth: 4,
} as const;

/** CEL type names that may appear as identifiers (in `type(x) == string`). */
const TYPE_IDENTIFIERS = new Set([
  'bool',
  'bytes',
  'double',
  'dyn',
  'int',
  'list',
  'map',
  'null_type',
  'string',
  'type',
  'uint',
]);

/**
 * A problem found in an expression; `column` is 1-based within the expression.
 *
 * @public
 */
export class CelCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelCompileError';
  }
}

interface WalkState {
  nodes: number;
  unknown: Set<string>;
  functions: Set<string>;
}

function walk(
  expr: Expr | undefined,
  bound: ReadonlySet<string>,
  depth: number,
  allowed: ReadonlySet<string>,
  state: WalkState,
): void {
  if (!expr) return;
  state.nodes++;
  if (state.nodes > CEL_LIMITS.maxNodes) {
    throw new CelCompileError(
      `expression is too large (more than ${CEL_LIMITS.maxNodes} nodes)`,
    );
  }
  const kind = expr.exprKind;
  switch (kind.case) {
    case 'identExpr': {
      const name = kind.value.name;
      if (
        !bound.has(name) &&
        !allowed.has(name) &&
        !TYPE_IDENTIFIERS.has(name)
      ) {
        state.unknown.add(name);
      }
      return;
    }
    case 'selectExpr':
      walk(kind.value.operand, bound, depth, allowed, state);
      return;
    case 'callExpr':
      state.functions.add(kind.value.function);
      walk(kind.value.target, bound, depth, allowed, state);
      for (const arg of kind.value.args)
        walk(arg, bound, depth, allowed, state);
      return;
    case 'listExpr':
      for (const el of kind.value.elements)
        walk(el, bound, depth, allowed, state);
      return;
    case 'structExpr':
      for (const entry of kind.value.entries) {
        if (entry.keyKind.case === 'mapKey') {
          walk(entry.keyKind.value, bound, depth, allowed, state);
        }
        walk(entry.value, bound, depth, allowed, state);
      }
      return;
    case 'comprehensionExpr': {
      const c = kind.value;
      if (depth + 1 > CEL_LIMITS.maxComprehensionDepth) {
        throw new CelCompileError(
          `comprehensions nested deeper than ${CEL_LIMITS.maxComprehensionDepth} levels`,
        );
      }
      walk(c.iterRange, bound, depth, allowed, state);
      walk(c.accuInit, bound, depth, allowed, state);
      const inner = new Set(bound);
      inner.add(c.iterVar);
      if (c.iterVar2) inner.add(c.iterVar2);
      inner.add(c.accuVar);
      walk(c.loopCondition, inner, depth + 1, allowed, state);
      walk(c.loopStep, inner, depth + 1, allowed, state);
      walk(c.result, inner, depth + 1, allowed, state);
      return;
    }
    default:
      return;
  }
}

/**
 * A compiled expression: call it with the variables' values.
 *
 * @public
 */
export type CompiledExpression = (vars: Record<string, unknown>) => unknown;

/**
 * Parses and checks a CEL expression: syntax, size, nesting and identifiers (every free
 * identifier must be one of `variables`). Throws a {@link CelCompileError} naming the problem.
 *
 * @public
 */
export function compileExpression(
  source: string,
  variables: readonly string[],
): CompiledExpression {
  if (source.length > CEL_LIMITS.maxLength) {
    throw new CelCompileError(
      `expression is longer than ${CEL_LIMITS.maxLength} characters`,
    );
  }
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(source);
  } catch (e) {
    throw new CelCompileError(`syntax error: ${(e as Error).message}`);
  }
  const state: WalkState = {
    nodes: 0,
    unknown: new Set(),
    functions: new Set(),
  };
  walk(parsed.expr, new Set(), 0, new Set(variables), state);
  if (state.unknown.size > 0) {
    throw new CelCompileError(
      `unknown identifier(s) ${[...state.unknown]
        .map(n => `'${n}'`)
        .join(', ')}; ` + `known: ${variables.join(', ')}`,
    );
  }
  const env = celEnv({
    variables: Object.fromEntries(variables.map(v => [v, CelScalar.DYN])),
    funcs: [...strings, ...POLICY_FUNCTIONS],
  });
  // Operators (`_&&_`, `!_`, `@in`, ...) are built into the planner; every named function
  // must be known to the environment.
  const unknownFunctions = [...state.functions].filter(
    f => /^[A-Za-z]/.test(f) && !env.funcs.find(f),
  );
  if (unknownFunctions.length > 0) {
    throw new CelCompileError(
      `unknown function(s) ${unknownFunctions.map(n => `'${n}'`).join(', ')}`,
    );
  }
  const evaluate = plan(env, parsed) as (
    ctx: Record<string, unknown>,
  ) => CelValue | Error;
  return vars => {
    const result = evaluate(vars as never);
    if (isCelError(result)) {
      throw new Error(result.message);
    }
    return fromCel(result);
  };
}

/**
 * Converts a CEL result to plain data (lists, objects, numbers, strings, booleans, null).
 *
 * @public
 */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (isCelUint(value)) return Number(value.value);
  if (isCelList(value)) return [...value].map(fromCel);
  if (isCelMap(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) out[String(k)] = fromCel(v);
    return out;
  }
  return value;
}
