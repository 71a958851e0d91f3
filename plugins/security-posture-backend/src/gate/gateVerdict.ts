import { PolicyEvaluation } from '../posture/PosturePolicies';

/** A gate decision from an evaluation. @internal */
export type GateVerdict = 'allow' | 'warn' | 'deny';

/** deny when an enforce-mode policy is violated, warn when a warn-mode one is, allow otherwise. @internal */
export function gateVerdict(
  violations: PolicyEvaluation['violations'],
): GateVerdict {
  if (violations.some(v => v.mode === 'enforce')) return 'deny';
  if (violations.some(v => v.mode === 'warn')) return 'warn';
  return 'allow';
}
