import path from 'node:path';
import { readWorkspace } from '../workspace/readWorkspace';
import type { WorkspaceFile, WorkspaceModel } from '../workspace/readWorkspace';
import type { Policy, PolicyResult, PolicyRule } from '../types';

/**
 * The component a policy evaluation is for, matched against each policy's `scope`.
 *
 * @public
 */
export interface PolicySubject {
  tier?: number;
  kind?: string;
  system?: string;
}

/**
 * Options of {@link evaluateWorkspace}.
 *
 * @public
 */
export interface EvaluateOptions {
  /** Only policies whose scope matches this component are evaluated. */
  subject?: PolicySubject;
  /** Stop (throw) when evaluation takes longer than this, checked between rules. Default 30 s. */
  timeoutMs?: number;
}

/**
 * Whether a policy's scope includes a component.
 *
 * @public
 */
export function policyApplies(
  policy: Policy,
  subject: PolicySubject = {},
): boolean {
  const scope = policy.scope;
  if (!scope) return true;
  if (
    scope.tiers &&
    subject.tier !== undefined &&
    !scope.tiers.includes(subject.tier)
  ) {
    return false;
  }
  if (
    scope.kinds &&
    subject.kind !== undefined &&
    !scope.kinds.includes(subject.kind)
  ) {
    return false;
  }
  if (
    scope.systems &&
    subject.system !== undefined &&
    !scope.systems.includes(subject.system)
  ) {
    return false;
  }
  return true;
}

function toLine(value: unknown): number | undefined {
  const n = typeof value === 'bigint' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * Turns a rule's CEL result into violations. Anything that is not a well-formed answer is a
 * violation too (fail closed).
 */
export function interpretRuleResult(
  policy: Policy,
  rule: PolicyRule,
  file: string,
  evaluate: () => unknown,
): PolicyResult[] {
  const base = {
    policy: policy.name,
    rule: rule.id,
    file,
    fix: rule.fix,
    mode: policy.mode,
    severity: rule.severity,
  };
  let value: unknown;
  try {
    value = evaluate();
  } catch (e) {
    return [
      {
        ...base,
        message: `the rule could not be evaluated: ${(e as Error).message}`,
      },
    ];
  }
  if (rule.source.kind === 'expression') {
    if (value === true) return [];
    if (value === false)
      return [{ ...base, message: rule.message ?? rule.title }];
    return [{ ...base, message: 'the rule did not evaluate to a boolean' }];
  }
  if (!Array.isArray(value)) {
    return [
      { ...base, message: 'the rule did not evaluate to a list of violations' },
    ];
  }
  return value.map(item => {
    if (typeof item === 'string') return { ...base, message: item };
    if (
      item &&
      typeof item === 'object' &&
      typeof (item as { message?: unknown }).message === 'string'
    ) {
      const v = item as { message: string; line?: unknown; file?: unknown };
      const result: PolicyResult = { ...base, message: v.message };
      if (typeof v.file === 'string' && v.file !== '') result.file = v.file;
      const line = toLine(v.line);
      if (line) result.line = line;
      return result;
    }
    return {
      ...base,
      message: 'the rule returned a violation without a message',
    };
  });
}

/**
 * Evaluates workspace policies over an already-read workspace.
 *
 * @public
 */
export function evaluateWorkspaceModel(
  model: WorkspaceModel,
  files: ReadonlyMap<string, WorkspaceFile>,
  policies: readonly Policy[],
  options: EvaluateOptions = {},
): PolicyResult[] {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const results: PolicyResult[] = [];
  const reportedParseErrors = new Set<string>();
  for (const policy of policies) {
    if (
      policy.target !== 'workspace' ||
      !policyApplies(policy, options.subject)
    )
      continue;
    for (const rule of policy.rules) {
      if (Date.now() > deadline) {
        throw new Error(
          `policy evaluation took longer than ${
            options.timeoutMs ?? 30_000
          } ms (stopped at ${policy.name}/${rule.id})`,
        );
      }
      if (!rule.files) {
        results.push(
          ...interpretRuleResult(policy, rule, '.', () =>
            rule.evaluate({ workspace: model }),
          ),
        );
        continue;
      }
      const globs = rule.files;
      for (const file of files.values()) {
        if (!globs.some(g => path.posix.matchesGlob(file.path, g))) continue;
        for (const err of file.errors) {
          const key = `${file.path}:${err.line}`;
          if (reportedParseErrors.has(key)) continue;
          reportedParseErrors.add(key);
          results.push({
            policy: policy.name,
            rule: 'parse',
            file: file.path,
            line: err.line,
            message: `the file cannot be parsed: ${err.message}`,
            fix: 'Fix the syntax of the file.',
            mode: 'enforce',
            severity: 'high',
          });
        }
        if (file.kind === 'binary' || file.kind === 'oversized') continue;
        results.push(
          ...interpretRuleResult(policy, rule, file.path, () =>
            rule.evaluate({ workspace: model, file }),
          ),
        );
      }
    }
  }
  return results.sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.policy.localeCompare(b.policy) ||
      a.rule.localeCompare(b.rule),
  );
}

/**
 * Reads a workspace directory and evaluates the workspace policies over it.
 *
 * @public
 */
export async function evaluateWorkspace(
  dir: string,
  policies: readonly Policy[],
  options: EvaluateOptions = {},
): Promise<PolicyResult[]> {
  const { model, files } = await readWorkspace(dir);
  return evaluateWorkspaceModel(model, files, policies, options);
}
