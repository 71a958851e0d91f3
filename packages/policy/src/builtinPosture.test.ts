import { loadBuiltinPosturePolicies } from './builtin';
import { evaluatePosture } from './evaluate';
import type { Policy, PostureInventory } from './types';

/** A posture as the backend serves it to policies: scanned, clean, tier 2. */
function cleanPosture(): Record<string, any> {
  const zero = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  return {
    entityRef: 'component:default/payments-api',
    state: 'scanned',
    tier: 2,
    open: { ...zero, low: 3 },
    overdue: 0,
    overdueBySeverity: { ...zero },
    knownExploited: 0,
    missingScanners: [],
    checks: [{ name: 'Token-Permissions', score: 10 }],
    template: {
      ref: 'template:default/node-service',
      version: '1.1.0',
      securityReleasesBehind: 0,
    },
  };
}

const component = (tier: number) => ({
  entityRef: 'component:default/payments-api',
  kind: 'component',
  tier,
  system: 'system:default/payments',
});

describe('built-in posture policies', () => {
  let policies: Policy[];
  beforeAll(async () => {
    policies = await loadBuiltinPosturePolicies();
  });

  const run = (
    posture: Record<string, any>,
    tier = 2,
    inventory?: PostureInventory,
  ) =>
    evaluatePosture(
      policies,
      { component: component(tier), posture, inventory },
      { tier, kind: 'component', system: 'system:default/payments' },
    ).map(r => `${r.mode} ${r.policy}/${r.rule}: ${r.message}`);

  it('loads every file as a posture policy with a mode', () => {
    expect(policies.map(p => [p.name, p.target, p.mode]).sort()).toEqual([
      ['copyleft-licences', 'posture', 'warn'],
      ['known-exploited', 'posture', 'enforce'],
      ['openssf-scorecard', 'posture', 'log'],
      ['security-hygiene', 'posture', 'warn'],
      ['sla-breaches', 'posture', 'enforce'],
      ['tier1-template-currency', 'posture', 'enforce'],
    ]);
  });

  it('finds nothing wrong with a clean posture', () => {
    expect(run(cleanPosture())).toEqual([]);
    expect(run(cleanPosture(), 1)).toEqual([]);
  });

  it('enforces SLA breaches on tiers 1 and 2 only', () => {
    const posture = cleanPosture();
    posture.overdueBySeverity.critical = 2;
    posture.overdueBySeverity.high = 1;
    expect(run(posture, 2)).toEqual([
      'enforce sla-breaches/no-overdue-critical: 2 critical finding(s) past the SLA due date',
      'enforce sla-breaches/no-overdue-high: 1 high finding(s) past the SLA due date',
    ]);
    expect(run(posture, 3)).toEqual([]);
  });

  it('enforces known-exploited findings on every tier', () => {
    const posture = cleanPosture();
    posture.knownExploited = 1;
    expect(run(posture, 3)).toEqual([
      'enforce known-exploited/no-known-exploited: 1 open finding(s) on the CISA Known Exploited Vulnerabilities list',
    ]);
  });

  it('warns about a missing scan, missing scanners and open criticals', () => {
    const posture = cleanPosture();
    posture.state = 'awaiting-first-scan';
    posture.missingScanners = ['sast', 'secret'];
    posture.open.critical = 1;
    expect(run(posture)).toEqual([
      'warn security-hygiene/first-scan: no scanner report has been uploaded yet',
      'warn security-hygiene/required-scanners: no sast scanner has reported',
      'warn security-hygiene/required-scanners: no secret scanner has reported',
      'warn security-hygiene/no-open-critical: 1 open critical finding(s)',
    ]);
  });

  it('enforces template security releases on tier 1 and warns elsewhere', () => {
    const posture = cleanPosture();
    posture.template.securityReleasesBehind = 2;
    const message =
      'behind by 2 security releases of template:default/node-service';
    expect(run(posture, 1)).toEqual([
      `warn security-hygiene/template-security-releases: ${message}`,
      `enforce tier1-template-currency/template-security-releases: ${message}`,
    ]);
    expect(run(posture, 2)).toEqual([
      `warn security-hygiene/template-security-releases: ${message}`,
    ]);
    // no template (or no version information) is no violation
    expect(run({ ...cleanPosture(), template: null }, 1)).toEqual([]);
    const unknown = cleanPosture();
    delete unknown.template.securityReleasesBehind;
    expect(run(unknown, 1)).toEqual([]);
  });

  it('warns when the managed files drifted from the template, and only then', () => {
    const posture = cleanPosture();
    posture.template.drifted = true;
    expect(run(posture, 1)).toEqual([
      'warn security-hygiene/template-drift: managed files differ from template:default/node-service 1.1.0',
    ]);
    posture.template.drifted = false;
    expect(run(posture, 1)).toEqual([]);
    posture.template.drifted = null;
    expect(run(posture, 1)).toEqual([]);
  });

  it('logs weak OpenSSF Scorecard checks', () => {
    const posture = cleanPosture();
    posture.checks = [
      { name: 'Pinned-Dependencies', score: 3 },
      { name: 'Branch-Protection', score: -1 },
      { name: 'Code-Review', score: 8 },
    ];
    expect(run(posture)).toEqual([
      'log openssf-scorecard/weak-checks: Pinned-Dependencies scores 3/10',
    ]);
  });

  describe('copyleft licences', () => {
    const pkg = (
      name: string,
      licenses: string[],
      copyleft: boolean,
      version: string | null = '1.0.0',
    ) => ({
      name,
      purl: `pkg:npm/${name}@${version}`,
      version,
      licenses,
      copyleft,
      direct: true,
    });
    /** What the backend computes from an inventory (copyleft as configured). */
    const inventory = (
      packages: PostureInventory['packages'],
      more: Partial<PostureInventory> = {},
    ): PostureInventory => ({
      packageCount: packages.length,
      licenses: [],
      copyleftCount: packages.filter(p => p.copyleft).length,
      packages,
      truncated: false,
      ...more,
    });

    it('warns about each package under a copyleft licence in a tier 1 service, and only there', () => {
      const inv = inventory([
        pkg('readline-gpl', ['GPL-3.0-only'], true),
        pkg('dual', ['GPL-2.0-only OR MIT'], false),
        pkg('libx', ['AGPL-3.0-or-later', 'MIT'], true, null),
        pkg('lodash', ['MIT'], false),
      ]);
      expect(run(cleanPosture(), 1, inv)).toEqual([
        'warn copyleft-licences/no-copyleft-dependencies: readline-gpl 1.0.0 is under GPL-3.0-only',
        'warn copyleft-licences/no-copyleft-dependencies: libx is under AGPL-3.0-or-later / MIT',
      ]);
      expect(run(cleanPosture(), 2, inv)).toEqual([]);
      expect(run(cleanPosture(), 3, inv)).toEqual([]);
    });

    it('counts the copyleft packages beyond the listed ones', () => {
      const inv = inventory([pkg('readline-gpl', ['GPL-3.0-only'], true)], {
        packageCount: 400,
        copyleftCount: 3,
        truncated: true,
      });
      expect(run(cleanPosture(), 1, inv)).toEqual([
        'warn copyleft-licences/no-copyleft-dependencies: readline-gpl 1.0.0 is under GPL-3.0-only',
        'warn copyleft-licences/no-copyleft-dependencies: 2 more package(s) under a copyleft licence',
      ]);
    });

    it('finds nothing without an inventory (the empty one)', () => {
      expect(run(cleanPosture(), 1)).toEqual([]);
      expect(run(cleanPosture(), 1, inventory([]))).toEqual([]);
    });
  });
});
