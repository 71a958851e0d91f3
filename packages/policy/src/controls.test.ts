import {
  loadBuiltinPosturePolicies,
  loadBuiltinWorkspacePolicies,
} from './builtin';
import {
  compareControls,
  CONTROL_CATALOGUE,
  controlIdProblem,
  controlTitle,
} from './controls';
import { parsePolicies, PolicyLoadError } from './load/loadPolicies';

const policyWith = (controls: string) => `apiVersion: golden-path.dev/v1
kind: Policy
metadata:
  name: sample
  description: A sample.
spec:
  target: posture
  mode: warn
${controls}  rules:
    - id: scanned
      title: Scanned
      severity: low
      fix: Scan it.
      expression: posture.state == "scanned"
`;

function problemsOf(text: string) {
  try {
    parsePolicies(text, 'controls.yaml');
  } catch (e) {
    if (e instanceof PolicyLoadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PolicyLoadError');
}

describe('control references', () => {
  it('loads the controls of a policy, each once, and none when it names none', () => {
    const [policy] = parsePolicies(
      policyWith(
        '  controls:\n    - { framework: soc2, id: CC7.1 }\n    - { framework: iso27001, id: A.8.8 }\n    - { framework: soc2, id: CC7.1 }\n',
      ),
      'controls.yaml',
    );
    expect(policy.controls).toEqual([
      { framework: 'soc2', id: 'CC7.1' },
      { framework: 'iso27001', id: 'A.8.8' },
    ]);
    expect(parsePolicies(policyWith(''), 'controls.yaml')[0].controls).toEqual(
      [],
    );
  });

  it('refuses an unknown framework, naming the file, the field and its line', () => {
    expect(
      problemsOf(
        policyWith('  controls:\n    - { framework: pci, id: PCI-6.3 }\n'),
      ),
    ).toEqual([
      {
        file: 'controls.yaml',
        line: 10,
        message: expect.stringMatching(/^spec\.controls\.0\.framework: .*soc2/),
      },
    ]);
  });

  it.each([
    ['soc2', 'A.8.8', /not a SOC 2 Trust Services Criteria id/],
    ['soc2', 'CC6.9', /CC6 ends at CC6\.8/],
    ['soc2', 'cc7.1', /not a SOC 2/],
    ['iso27001', 'CC7.1', /not an ISO\/IEC 27001:2022 Annex A id/],
    ['iso27001', 'A.8.35', /A\.8 ends at A\.8\.34/],
    ['iso27001', 'A.12.6.1', /not an ISO\/IEC 27001:2022 Annex A id/],
  ])(
    'refuses the %s id %s (wrong shape or past the last control)',
    (framework, id, message) => {
      const problems = problemsOf(
        policyWith(
          `  controls:\n    - { framework: ${framework}, id: ${id} }\n`,
        ),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0].file).toBe('controls.yaml');
      expect(problems[0].line).toBe(10);
      expect(problems[0].message).toMatch(/^spec\.controls\.0\.id: /);
      expect(problems[0].message).toMatch(message);
    },
  );

  it('refuses unknown fields of a control', () => {
    const [problem] = problemsOf(
      policyWith(
        '  controls:\n    - { framework: soc2, id: CC7.1, title: Monitoring }\n',
      ),
    );
    expect(problem.message).toMatch(/^spec\.controls\.0: .*title/);
  });

  it('gives every built-in posture and workspace policy controls of the catalogue', async () => {
    const policies = [
      ...(await loadBuiltinPosturePolicies()),
      ...(await loadBuiltinWorkspacePolicies()),
    ];
    expect(policies.length).toBe(10);
    const catalogued = new Set(
      CONTROL_CATALOGUE.map(c => `${c.framework}:${c.id}`),
    );
    const used = new Set<string>();
    for (const policy of policies) {
      // named in the failure: which policy has no controls, or one the catalogue lacks
      expect([policy.name, policy.controls!.length > 0]).toEqual([
        policy.name,
        true,
      ]);
      for (const c of policy.controls!) {
        const key = `${c.framework}:${c.id}`;
        expect([policy.name, key, catalogued.has(key)]).toEqual([
          policy.name,
          key,
          true,
        ]);
        used.add(key);
      }
    }
    // the catalogue lists the controls the built-in policies use, no more
    expect([...used].sort()).toEqual([...catalogued].sort());
    // the vulnerability-management control is evidenced by the known-exploited and SLA policies
    const a88 = policies
      .filter(p => p.controls!.some(c => c.id === 'A.8.8'))
      .map(p => p.name)
      .sort();
    expect(a88).toEqual([
      'known-exploited',
      'repository-hygiene',
      'security-hygiene',
      'sla-breaches',
      'tier1-template-currency',
    ]);
  });

  it('catalogues only ids that exist in their framework, with titles', () => {
    for (const c of CONTROL_CATALOGUE) {
      expect(controlIdProblem(c.framework, c.id)).toBeUndefined();
      expect(controlTitle(c)).toBe(c.title);
    }
    expect(controlTitle({ framework: 'iso27001', id: 'A.8.8' })).toBe(
      'Management of technical vulnerabilities',
    );
    // a control the catalogue does not list is named by its id
    expect(controlTitle({ framework: 'iso27001', id: 'A.5.1' })).toBe('A.5.1');
  });

  it('orders controls by framework, then numerically', () => {
    const sorted = [
      { framework: 'iso27001' as const, id: 'A.8.22' },
      { framework: 'iso27001' as const, id: 'A.8.9' },
      { framework: 'soc2' as const, id: 'CC8.1' },
      { framework: 'iso27001' as const, id: 'A.5.32' },
      { framework: 'soc2' as const, id: 'CC6.8' },
    ].sort(compareControls);
    expect(sorted.map(c => c.id)).toEqual([
      'CC6.8',
      'CC8.1',
      'A.5.32',
      'A.8.9',
      'A.8.22',
    ]);
  });
});
