import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parsePolicies } from '../load/loadPolicies';
import { WorkspaceError } from '../workspace/readWorkspace';
import { formatResults } from '../format';
import { evaluateWorkspace } from './evaluateWorkspace';
import { evaluatePosture } from './evaluatePosture';

const policy = (spec: string) =>
  parsePolicies(
    `apiVersion: golden-path.dev/v1
kind: Policy
metadata: { name: t, description: test }
spec:
${spec}`,
    't.yaml',
  );

async function workspace(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'eval-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

describe('evaluateWorkspace', () => {
  const yamlRule = policy(`  target: workspace
  mode: warn
  scope: { tiers: [1] }
  rules:
    - id: replicas
      title: Replicas
      severity: low
      fix: Set replicas.
      files: '**/*.yaml'
      violations: >-
        file.documents.filter(d, get(d, "replicas") == null).map(d, {"message": "no replicas", "line": line(d)})
`);

  it('names file and line from the YAML line counter, and the mode and fix', async () => {
    const dir = await workspace({ 'k/a.yaml': 'replicas: 1\n---\nkind: X\n' });
    expect(await evaluateWorkspace(dir, yamlRule)).toEqual([
      {
        policy: 't',
        rule: 'replicas',
        file: 'k/a.yaml',
        line: 3,
        message: 'no replicas',
        fix: 'Set replicas.',
        mode: 'warn',
        severity: 'low',
      },
    ]);
  });

  it('applies the scope', async () => {
    const dir = await workspace({ 'a.yaml': 'kind: X\n' });
    expect(
      await evaluateWorkspace(dir, yamlRule, { subject: { tier: 2 } }),
    ).toEqual([]);
    expect(
      await evaluateWorkspace(dir, yamlRule, { subject: { tier: 1 } }),
    ).toHaveLength(1);
  });

  it('reports unparseable YAML as a violation', async () => {
    const dir = await workspace({ 'a.yaml': 'a: [\n' });
    const results = await evaluateWorkspace(dir, yamlRule);
    expect(results[0]).toMatchObject({
      rule: 'parse',
      file: 'a.yaml',
      mode: 'enforce',
    });
  });

  it('fails closed when a rule cannot be evaluated', async () => {
    const broken = policy(`  target: workspace
  mode: enforce
  rules:
    - id: broken
      title: Broken
      severity: high
      fix: Fix the policy.
      expression: workspace.catalog.spec.owner == "x"
`);
    const dir = await workspace({ 'README.md': 'x' });
    const [result] = await evaluateWorkspace(dir, broken);
    expect(result).toMatchObject({
      rule: 'broken',
      file: '.',
      mode: 'enforce',
    });
    expect(result.message).toMatch(/could not be evaluated/);
  });

  it('refuses a workspace holding a symlink, naming it', async () => {
    const dir = await workspace({ 'a.yaml': 'kind: X\n' });
    await fs.symlink('/etc/passwd', path.join(dir, 'link'));
    await expect(evaluateWorkspace(dir, yamlRule)).rejects.toThrow(
      WorkspaceError,
    );
    await expect(evaluateWorkspace(dir, yamlRule)).rejects.toThrow(
      /symbolic links.*link/,
    );
  });

  it('skips .git and refuses to check binary files', async () => {
    const dir = await workspace({
      '.git/x.yaml': 'kind: X\n',
      'b.yaml': 'replicas: 1',
    });
    await fs.writeFile(path.join(dir, 'bin.yaml'), Buffer.from([0, 1, 2]));
    expect(await evaluateWorkspace(dir, yamlRule)).toEqual([
      expect.objectContaining({
        file: 'bin.yaml',
        rule: 'parse',
        message: 'the file cannot be parsed: binary file',
      }),
    ]);
  });
});

describe('evaluatePosture', () => {
  it('evaluates posture policies over component and posture', () => {
    const posture = policy(`  target: posture
  mode: enforce
  rules:
    - id: no-critical
      title: No open critical finding
      severity: critical
      fix: Fix or except the critical findings.
      expression: posture.counts.critical == 0
      message: the component has open critical findings
`);
    expect(
      evaluatePosture(posture, {
        component: {},
        posture: { counts: { critical: 0 } },
      }),
    ).toEqual([]);
    expect(
      evaluatePosture(posture, {
        component: {},
        posture: { counts: { critical: 2 } },
      }),
    ).toEqual([
      expect.objectContaining({
        rule: 'no-critical',
        message: 'the component has open critical findings',
      }),
    ]);
  });
});

describe('formatResults', () => {
  it('prints file:line, rule, message and fix, then counts', () => {
    const text = formatResults([
      {
        policy: 'p',
        rule: 'r',
        file: 'Dockerfile',
        line: 3,
        message: 'm',
        fix: 'f',
        mode: 'enforce',
        severity: 'high',
      },
      {
        policy: 'p',
        rule: 's',
        file: '.',
        message: 'n',
        fix: 'g',
        mode: 'warn',
        severity: 'low',
      },
    ]);
    expect(text).toBe(
      [
        'Dockerfile:3  [enforce/high] p/r: m',
        '    fix: f',
        '.  [warn/low] p/s: n',
        '    fix: g',
        '2 violation(s): 1 enforced, 1 warning(s), 0 logged.',
      ].join('\n'),
    );
    expect(formatResults([])).toBe('No policy violations.');
  });
});
