import type { Policy, PolicyResult } from '../types';
import { interpretRuleResult, policyApplies } from './evaluateWorkspace';
import type { PolicySubject } from './evaluateWorkspace';

/**
 * Evaluates posture policies: each rule sees `component` and `posture` (plain data).
 *
 * @public
 */
export function evaluatePosture(
  policies: readonly Policy[],
  input: {
    component: Record<string, unknown>;
    posture: Record<string, unknown>;
  },
  subject?: PolicySubject,
): PolicyResult[] {
  return policies
    .filter(p => p.target === 'posture' && policyApplies(p, subject))
    .flatMap(policy =>
      policy.rules.flatMap(rule =>
        interpretRuleResult(policy, rule, '.', () => rule.evaluate(input)),
      ),
    );
}
