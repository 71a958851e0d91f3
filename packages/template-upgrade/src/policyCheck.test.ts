import { newRepositoryFiles } from './provenance';
import { checkPolicies } from './policyCheck';
import { ANSWERS, edit, nodeServiceVersions } from './testUtils';

// renders a template version through fetch:template
jest.setTimeout(60_000);

describe('checkPolicies', () => {
  it('passes a repository as the template makes it, and fails one that allows privilege escalation', async () => {
    const { v2 } = await nodeServiceVersions();
    const files = await newRepositoryFiles({ version: v2, answers: ANSWERS });
    const clean = await checkPolicies(files, v2, ANSWERS, []);
    expect(clean.passed).toBe(true);
    expect(clean.violations.filter(v => v.mode === 'enforce')).toEqual([]);

    const escalating = new Map(files);
    edit(escalating, 'k8s/deployment.yaml', t =>
      t.replace(
        'allowPrivilegeEscalation: false',
        'allowPrivilegeEscalation: true',
      ),
    );
    const failed = await checkPolicies(escalating, v2, ANSWERS, []);
    expect(failed.passed).toBe(false);
    expect(failed.violations).toContainEqual(
      expect.objectContaining({
        rule: 'no-privilege-escalation',
        file: 'k8s/deployment.yaml',
        mode: 'enforce',
      }),
    );
  });
});
