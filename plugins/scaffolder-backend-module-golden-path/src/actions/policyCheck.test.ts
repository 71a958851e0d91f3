import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createPolicyCheckAction } from './policyCheck';

async function workspace(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'policy-check-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

const readmeOnly = `apiVersion: golden-path.dev/v1
kind: Policy
metadata: { name: readme, description: A README exists. }
spec:
  target: workspace
  mode: warn
  rules:
    - id: readme
      title: README
      severity: low
      fix: Add a README.md.
      expression: workspace.files.exists(f, f == "README.md")
      message: there is no README.md
`;

describe('goldenpath:policy:check', () => {
  it('fails listing every enforced violation with file, line, rule and fix', async () => {
    const dir = await workspace({
      Dockerfile: 'FROM node:22\nADD . /app\nUSER root\n',
    });
    const ctx = createMockActionContext({ workspacePath: dir, input: {} });
    const error: Error = await createPolicyCheckAction()
      .handler(ctx)
      .then(
        () => {
          throw new Error('expected a failure');
        },
        e => e,
      );
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /Dockerfile:1 {2}\[enforce\/medium\] dockerfile-hardening\/multi-stage/,
    );
    expect(error.message).toMatch(
      /Dockerfile:2 {2}\[enforce\/medium\] dockerfile-hardening\/copy-not-add: ADD is used; use COPY\n {4}fix: Replace ADD with COPY/,
    );
    expect(error.message).toMatch(
      /Dockerfile:3 {2}.*non-root-user: USER 'root' is not a numeric non-root user/,
    );
    expect(error.message).toMatch(
      /\. {2}.*repository-hygiene\/security-policy/,
    );
    expect(ctx.output).toHaveBeenCalledWith('passed', false);
  });

  it('applies extra configured policies and reports warnings without failing', async () => {
    const policyDir = await workspace({ 'readme.yaml': readmeOnly });
    const dir = await workspace({ 'src/x.ts': '' });
    const ctx = createMockActionContext({
      workspacePath: dir,
      input: { path: 'src' },
    });
    const action = createPolicyCheckAction({ extraPolicies: [policyDir] });
    const error: Error = await action.handler(ctx).then(
      () => new Error('none'),
      e => e,
    );
    expect(error.message).not.toMatch(/readme/);
    expect(ctx.output).toHaveBeenCalledWith('warnings', 1);
    expect(ctx.output).toHaveBeenCalledWith(
      'summary',
      expect.stringMatching(
        /\[warn\/low\] readme\/readme: there is no README.md/,
      ),
    );
  });

  it('refuses invalid configured policies, symlinks and paths outside the workspace', async () => {
    const policyDir = await workspace({
      'bad.yaml': readmeOnly.replace('mode: warn', 'mode: nope'),
    });
    const dir = await workspace({ 'a.txt': '' });
    await expect(
      createPolicyCheckAction({ extraPolicies: [policyDir] }).handler(
        createMockActionContext({ workspacePath: dir, input: {} }),
      ),
    ).rejects.toThrow(
      /the configured policies are invalid: .*bad\.yaml:6: spec\.mode/s,
    );
    await fs.symlink('/etc', path.join(dir, 'etc'));
    await expect(
      createPolicyCheckAction().handler(
        createMockActionContext({ workspacePath: dir, input: {} }),
      ),
    ).rejects.toThrow(/symbolic links.*etc/);
    await expect(
      createPolicyCheckAction().handler(
        createMockActionContext({
          workspacePath: dir,
          input: { path: '/etc' },
        }),
      ),
    ).rejects.toThrow(/absolute/);
  });
});
