import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadPolicies, parsePolicies, PolicyLoadError } from './loadPolicies';
import { loadBuiltinWorkspacePolicies } from '../builtin';

const valid = `apiVersion: golden-path.dev/v1
kind: Policy
metadata:
  name: sample
  description: A sample.
spec:
  target: workspace
  mode: warn
  rules:
    - id: has-readme
      title: README
      severity: low
      fix: Add a README.
      expression: workspace.files.exists(f, f == "README.md")
`;

function problemsOf(text: string) {
  try {
    parsePolicies(text, 'p.yaml');
  } catch (e) {
    if (e instanceof PolicyLoadError) return e.problems;
    throw e;
  }
  throw new Error('expected a PolicyLoadError');
}

describe('parsePolicies', () => {
  it('loads a valid policy', () => {
    const [policy] = parsePolicies(valid, 'p.yaml');
    expect(policy).toMatchObject({
      name: 'sample',
      mode: 'warn',
      target: 'workspace',
    });
    expect(
      policy.rules[0].evaluate({ workspace: { files: ['README.md'] } }),
    ).toBe(true);
  });

  it('refuses unknown fields with their line', () => {
    const problems = problemsOf(
      valid.replace(
        '      fix: Add a README.\n',
        '      fix: Add a README.\n      fixx: typo\n',
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        file: 'p.yaml',
        line: 14,
        message: expect.stringMatching(/fixx/),
      }),
    ]);
  });

  it('refuses YAML syntax errors with their line', () => {
    const problems = problemsOf(valid.replace('  mode: warn', '  mode: [warn'));
    expect(problems[0]).toMatchObject({
      file: 'p.yaml',
      message: expect.stringMatching(/YAML syntax error/),
    });
    expect(problems[0].line).toBeGreaterThanOrEqual(8);
  });

  it('refuses invalid values, naming the field', () => {
    const problems = problemsOf(valid.replace('mode: warn', 'mode: block'));
    expect(problems[0]).toMatchObject({
      line: 8,
      message: expect.stringMatching(/^spec\.mode/),
    });
  });

  it('refuses CEL syntax errors, unknown identifiers and functions with the rule line', () => {
    expect(
      problemsOf(valid.replace('f == "README.md")', 'f == )'))[0],
    ).toMatchObject({
      line: 14,
      message: expect.stringMatching(/rule 'has-readme': syntax error/),
    });
    expect(
      problemsOf(valid.replace('workspace.files', 'file.files'))[0].message,
    ).toMatch(/unknown identifier\(s\) 'file'/);
    expect(
      problemsOf(valid.replace('f == "README.md"', 'exec(f)'))[0].message,
    ).toMatch(/unknown function\(s\) 'exec'/);
  });

  it('knows `inventory` in posture policies only', () => {
    const posture = valid
      .replace('target: workspace', 'target: posture')
      .replace(
        'workspace.files.exists(f, f == "README.md")',
        'inventory.licenses.all(l, !l.copyleft)',
      );
    const [policy] = parsePolicies(posture, 'p.yaml');
    expect(
      policy.rules[0].evaluate({
        inventory: { licenses: [{ id: 'GPL-3.0-only', copyleft: true }] },
      }),
    ).toBe(false);
    expect(
      problemsOf(posture.replace('target: posture', 'target: workspace'))[0]
        .message,
    ).toMatch(/unknown identifier\(s\) 'inventory'/);
  });

  it('refuses runaway expressions', () => {
    const deep =
      'workspace.files.all(a, workspace.files.all(b, workspace.files.all(c, workspace.files.all(d, workspace.files.all(e, true)))))';
    expect(
      problemsOf(
        valid.replace('workspace.files.exists(f, f == "README.md")', deep),
      )[0].message,
    ).toMatch(/nested deeper/);
  });

  it('refuses rules with both or neither of expression and violations, and duplicate ids', () => {
    expect(
      problemsOf(
        valid.replace(
          '      expression:',
          '      violations: "[]"\n      expression:',
        ),
      )[0].message,
    ).toMatch(/exactly one of/);
    const twice = valid + valid.split('  rules:\n')[1];
    expect(problemsOf(twice)[0]).toMatchObject({
      line: 15,
      message: "duplicate rule id 'has-readme'",
    });
  });

  it('refuses file globs leaving the workspace', () => {
    const problems = problemsOf(
      valid.replace(
        '      expression:',
        '      files: ../etc/*\n      expression:',
      ),
    );
    expect(problems[0].message).toMatch(/must stay inside the workspace/);
  });
});

describe('loadPolicies', () => {
  it('loads a directory and reports every file with problems, refusing symlinks', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'policies-'));
    await fs.writeFile(path.join(dir, 'a.yaml'), valid);
    await fs.writeFile(
      path.join(dir, 'b.yaml'),
      valid
        .replace('name: sample', 'name: other')
        .replace('mode: warn', 'mode: x'),
    );
    await fs.writeFile(path.join(dir, 'c.yaml'), valid);
    await fs.symlink(path.join(dir, 'a.yaml'), path.join(dir, 'd.yaml'));
    await expect(loadPolicies(dir)).rejects.toThrow(PolicyLoadError);
    const error: PolicyLoadError = await loadPolicies(dir).then(
      () => {
        throw new Error('expected a PolicyLoadError');
      },
      e => e,
    );
    expect(error.problems.map(p => [path.basename(p.file), p.line])).toEqual([
      ['b.yaml', 8],
      ['d.yaml', 1],
      ['c.yaml', 1],
    ]);
    expect(error.message).toMatch(
      /c\.yaml:1: policy name 'sample' is also used in .*a\.yaml/,
    );
    await expect(
      loadPolicies([path.join(dir, 'a.yaml')]),
    ).resolves.toHaveLength(1);
  });

  it('loads the built-in workspace policies', async () => {
    const policies = await loadBuiltinWorkspacePolicies();
    expect(policies.map(p => p.name).sort()).toEqual([
      'dockerfile-hardening',
      'kubernetes-hardening',
      'repository-hygiene',
      'workflow-hardening',
    ]);
    expect(
      policies.every(p => p.target === 'workspace' && p.mode === 'enforce'),
    ).toBe(true);
  });
});
