import { Posture } from '@golden-path/plugin-security-posture-common';
import { CelCompileError } from '@golden-path/policy';
import { DEFAULT_POSTURE_CONFIG } from '../config';
import { emptyPosture } from '../posture/servePosture';
import { compileGoal, compileGoalExpression } from './evaluateGoal';

const REF = 'component:default/payments-api';

function posture(extra: Partial<Posture> = {}): Posture {
  return {
    ...emptyPosture(
      {
        entityRef: REF,
        tier: 1,
        lifecycle: 'production',
        ownerRef: 'group:default/payments',
        systemRef: 'system:default/payments-system',
        domainRef: null,
      },
      'scanned',
      DEFAULT_POSTURE_CONFIG,
    ),
    ...extra,
  };
}

describe('compileGoal', () => {
  it('a policy goal is its CEL expression over the posture, as a posture policy rule sees it', () => {
    const goal = compileGoal({
      type: 'policy',
      expression: 'posture.knownExploited == 0',
    });
    expect(goal.evaluate({ posture: posture({ knownExploited: 0 }) })).toEqual({
      compliant: true,
      reason: null,
    });
    const failing = goal.evaluate({
      posture: posture({ knownExploited: 2 }),
    });
    expect(failing.compliant).toBe(false);
    expect(failing.reason).toContain('posture.knownExploited == 0');

    // `component` is the posture policies' component: tier, owner, system
    const tiered = compileGoal({
      type: 'policy',
      expression:
        "component.tier == 1 && component.owner == 'group:default/payments'",
    });
    expect(tiered.evaluate({ posture: posture() }).compliant).toBe(true);
    expect(tiered.evaluate({ posture: posture({ tier: 2 }) }).compliant).toBe(
      false,
    );
  });

  it('a policy goal that cannot be evaluated fails closed, with the reason', () => {
    const goal = compileGoal({
      type: 'policy',
      expression: 'posture.nothingHere > 1',
    });
    const result = goal.evaluate({ posture: posture() });
    expect(result.compliant).toBe(false);
    expect(result.reason).toMatch(/could not be evaluated/);
  });

  it('compiles expressions with the posture variables only', () => {
    expect(() =>
      compileGoalExpression('posture.open.critical == 0'),
    ).not.toThrow();
    expect(() => compileGoalExpression('workspace.files == 0')).toThrow(
      CelCompileError,
    );
    expect(() => compileGoalExpression('posture.open.critical ==')).toThrow(
      /syntax error/,
    );
  });

  it('a template goal compares the template ref and its version (semver)', () => {
    const goal = compileGoal({
      type: 'template',
      templateRef: 'template:default/node-service',
      minVersion: '1.1.0',
    });
    const on = (ref: string, version: string) =>
      goal.evaluate({ posture: posture({ template: { ref, version } }) });
    expect(on('template:default/node-service', '1.1.0')).toEqual({
      compliant: true,
      reason: null,
    });
    expect(on('template:default/node-service', '1.10.0').compliant).toBe(true);
    expect(on('template:default/node-service', '1.0.9')).toEqual({
      compliant: false,
      reason: 'on template:default/node-service 1.0.9, below 1.1.0',
    });
    expect(on('template:default/python-service', '2.0.0')).toEqual({
      compliant: false,
      reason:
        'made from template:default/python-service, not template:default/node-service',
    });
    expect(goal.evaluate({ posture: posture({ template: null }) })).toEqual({
      compliant: false,
      reason: 'not made from template:default/node-service',
    });
    expect(on('template:default/node-service', 'main').compliant).toBe(false);
  });

  it('a no-finding goal fails on an open finding naming the rule id or an alias, or on the package', () => {
    const findings = [
      {
        ruleId: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        packagePurl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
      },
    ];
    const byCve = compileGoal({
      type: 'no-finding',
      filter: { rule: 'cve-2021-44228' },
    });
    expect(byCve.evaluate({ openFindings: findings })).toEqual({
      compliant: false,
      reason: '1 open finding(s) match: GHSA-jfh8-c2jp-5v3q',
    });
    expect(byCve.evaluate({ openFindings: [] })).toEqual({
      compliant: true,
      reason: null,
    });
    const byGhsa = compileGoal({
      type: 'no-finding',
      filter: { rule: 'GHSA-JFH8-C2JP-5V3Q' },
    });
    expect(byGhsa.evaluate({ openFindings: findings }).compliant).toBe(false);

    for (const pkg of [
      'log4j-core',
      'org.apache.logging.log4j/log4j-core',
      'pkg:maven/org.apache.logging.log4j/log4j-core',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
    ]) {
      expect(
        compileGoal({ type: 'no-finding', filter: { package: pkg } }).evaluate({
          openFindings: findings,
        }).compliant,
      ).toBe(false);
    }
    for (const pkg of [
      'log4j-api',
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1',
      'pkg:npm/log4j-core',
    ]) {
      expect(
        compileGoal({ type: 'no-finding', filter: { package: pkg } }).evaluate({
          openFindings: findings,
        }).compliant,
      ).toBe(true);
    }
    // both given: a finding must match both
    expect(
      compileGoal({
        type: 'no-finding',
        filter: { rule: 'CVE-2021-44228', package: 'log4j-api' },
      }).evaluate({ openFindings: findings }).compliant,
    ).toBe(true);
  });
});
