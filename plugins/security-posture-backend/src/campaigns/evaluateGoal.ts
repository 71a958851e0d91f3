import {
  CelCompileError,
  compileExpression,
  evaluatePosture,
  Policy,
  PostureInventory,
} from '@golden-path/policy';
import {
  CampaignGoal,
  Posture,
} from '@golden-path/plugin-security-posture-common';
import semver from 'semver';
import { normalizeVulnId } from '../parsers/util';
import { parsePurl } from '../parsers/inventory';
import { policyInput } from '../posture/PosturePolicies';

/** What a policy goal's expression may read: what a posture policy rule reads. */
const GOAL_VARIABLES = ['component', 'posture', 'inventory'] as const;

/** An open finding of a component, as far as a no-finding goal looks at it. @internal */
export interface GoalFinding {
  ruleId: string;
  aliases: string[];
  packagePurl: string | null;
}

/** One component's facts a goal is evaluated over. @internal */
export interface GoalSubject {
  /** Its posture, as `GET …/posture` serves it (for a policy or template goal). */
  posture?: Posture;
  /** Its open findings on the default branch (for a no-finding goal; others ignore them). */
  openFindings?: GoalFinding[];
  /** Its inventory facts (for a policy goal that reads `inventory`; the empty one when not given). */
  inventory?: PostureInventory;
}

/** Whether one component meets a goal, and why not. @internal */
export interface GoalResult {
  compliant: boolean;
  reason: string | null;
}

const NO_POSTURE: GoalResult = { compliant: false, reason: 'no posture' };

/** A goal ready to evaluate: a policy goal's expression compiled once. @internal */
export interface CompiledGoal {
  goal: CampaignGoal;
  /** A policy goal's expression as a posture policy of one rule ({@link evaluatePolicyGoals}). */
  policy?: Policy;
  evaluate(subject: GoalSubject): GoalResult;
}

let policySerial = 0;

/**
 * Policy goals (their {@link CompiledGoal.policy}) against one component in one pass: the posture
 * and inventory converted for CEL once for all of them; each goal's result is the one its own
 * `evaluate` gives (compliant when its expression is true, else the first violation's message).
 *
 * @internal
 */
export function evaluatePolicyGoals(
  policies: Policy[],
  { posture, inventory }: GoalSubject,
): GoalResult[] {
  if (!posture) return policies.map(() => NO_POSTURE);
  const violations = evaluatePosture(policies, policyInput(posture, inventory));
  const first = new Map<string, string>();
  for (const v of violations) {
    if (!first.has(v.policy)) first.set(v.policy, v.message);
  }
  return policies.map(policy => {
    const message = first.get(policy.name);
    return message === undefined
      ? { compliant: true, reason: null }
      : { compliant: false, reason: message };
  });
}

/**
 * Compiles a policy goal's expression with the posture policies' engine and variables; a
 * {@link CelCompileError} names what is wrong.
 *
 * @internal
 */
export function compileGoalExpression(expression: string) {
  return compileExpression(expression, GOAL_VARIABLES);
}

/** A package filter's name part: a purl's name (with its namespace), or the name as given. */
function packageMatches(filter: string, purl: string | null): boolean {
  if (!purl) return false;
  const found = parsePurl(purl);
  if (!found) return false;
  const wanted = filter.startsWith('pkg:') ? parsePurl(filter) : undefined;
  if (wanted) {
    return (
      wanted.type === found.type &&
      wanted.name.toLowerCase() === found.name.toLowerCase() &&
      (wanted.namespace ?? '').toLowerCase() ===
        (found.namespace ?? '').toLowerCase() &&
      (!wanted.version || wanted.version === found.version)
    );
  }
  const name = filter.trim().toLowerCase();
  const full = found.namespace
    ? `${found.namespace}/${found.name}`.toLowerCase()
    : found.name.toLowerCase();
  return name === found.name.toLowerCase() || name === full;
}

function ruleMatches(filter: string, f: GoalFinding): boolean {
  const id = normalizeVulnId(filter.trim());
  return [f.ruleId, ...f.aliases].some(
    x => x === filter.trim() || normalizeVulnId(x) === id,
  );
}

/**
 * Compiles a goal into one pure function per component: a policy goal evaluates its CEL
 * expression over the posture (`component`, `posture`, `inventory`, exactly as a posture policy
 * rule sees them; compliant when it is true), a template goal compares the posture's template
 * ref and version with the target (semver), a no-finding goal looks for an open finding naming the
 * rule id (or an alias) and/or on the package.
 *
 * @internal
 */
export function compileGoal(goal: CampaignGoal): CompiledGoal {
  switch (goal.type) {
    case 'policy': {
      const evaluate = compileGoalExpression(goal.expression ?? '');
      const policy: Policy = {
        // one name per compiled goal: several goals' results told apart in one evaluation
        name: `campaign-goal-${++policySerial}`,
        description: 'the campaign goal',
        target: 'posture',
        mode: 'enforce',
        file: 'campaign',
        rules: [
          {
            id: 'goal',
            title: 'the campaign goal',
            severity: 'info',
            fix: '',
            message: `does not meet ${goal.expression}`,
            source: { kind: 'expression', text: goal.expression ?? '' },
            evaluate,
          },
        ],
      };
      return {
        goal,
        policy,
        evaluate(subject) {
          return evaluatePolicyGoals([policy], subject)[0];
        },
      };
    }
    case 'template': {
      const target = goal.templateRef ?? '';
      const min = goal.minVersion ?? '0.0.0';
      return {
        goal,
        evaluate({ posture }) {
          if (!posture) return NO_POSTURE;
          const t = posture.template;
          if (!t || t.ref !== target) {
            return {
              compliant: false,
              reason: t
                ? `made from ${t.ref}, not ${target}`
                : `not made from ${target}`,
            };
          }
          const version =
            semver.valid(t.version) ?? semver.coerce(t.version)?.version;
          if (!version || semver.lt(version, min)) {
            return {
              compliant: false,
              reason: `on ${target} ${t.version}, below ${min}`,
            };
          }
          return { compliant: true, reason: null };
        },
      };
    }
    case 'no-finding':
    default: {
      const rule = goal.filter?.rule?.trim() || undefined;
      const pkg = goal.filter?.package?.trim() || undefined;
      return {
        goal,
        evaluate({ openFindings = [] }) {
          const matching = openFindings.filter(
            f =>
              (!rule || ruleMatches(rule, f)) &&
              (!pkg || packageMatches(pkg, f.packagePurl)),
          );
          if (matching.length === 0) return { compliant: true, reason: null };
          const ids = [...new Set(matching.map(f => f.ruleId))].sort();
          return {
            compliant: false,
            reason: `${matching.length} open finding(s) match: ${ids
              .slice(0, 5)
              .join(', ')}${ids.length > 5 ? ', …' : ''}`,
          };
        },
      };
    }
  }
}

export { CelCompileError };
