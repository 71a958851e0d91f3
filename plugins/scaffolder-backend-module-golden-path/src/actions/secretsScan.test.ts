import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createSecretsScanAction } from './secretsScan';

// A GitHub personal access token shape and an AWS secret access key assignment, both fake.
const GITHUB_TOKEN = `ghp_${'A1b2C3d4E5f6G7h8I9j0'}${'K1l2M3n4O5p6'}${'Q7r8'}`;
const AWS_SECRET = `Zk3/9pQ+rT7uV2wX5yA8${'bC1dE4fG6hJ0kL3mN9pQ'}`;

async function workspace(files: Record<string, string>) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'secrets-'));
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

function capture() {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', c => chunks.push(String(c)));
  return { stream, text: () => chunks.join('') };
}

describe('goldenpath:secrets:scan', () => {
  const action = createSecretsScanAction();

  it('passes a clean workspace and reports what it scanned', async () => {
    const dir = await workspace({
      'README.md': '# hello\n',
      'src/a.ts': 'export const a = 1;\n',
    });
    const ctx = createMockActionContext({ workspacePath: dir, input: {} });
    await action.handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('filesScanned', 2);
    expect(ctx.output).toHaveBeenCalledWith('findings', 0);
  });

  it('fails with file:line and rule id, and never reveals the secret in the error, log or outputs', async () => {
    const dir = await workspace({
      'README.md': '# hello\n',
      'config/app.env': `# settings\nGITHUB_TOKEN=${GITHUB_TOKEN}\n`,
      'deploy/aws.txt': `\n\naws_secret_access_key = ${AWS_SECRET}\n`,
    });
    const log = capture();
    const outputs: unknown[] = [];
    const ctx = createMockActionContext({
      workspacePath: dir,
      input: {},
      logStream: log.stream,
    } as never);
    (ctx.output as jest.Mock).mockImplementation((...args) =>
      outputs.push(args),
    );
    const error: Error = await action.handler(ctx).then(
      () => {
        throw new Error('expected the scan to fail');
      },
      e => e,
    );
    expect(error.name).toBe('InputError');
    expect(error.message).toMatch(
      /config\/app\.env:2 {2}@secretlint\/secretlint-rule-github/,
    );
    expect(error.message).toMatch(
      /deploy\/aws\.txt:3 {2}@secretlint\/secretlint-rule-aws/,
    );
    const everything = [
      error.message,
      error.stack ?? '',
      log.text(),
      JSON.stringify(outputs),
      JSON.stringify(
        (ctx.logger as unknown as { info: jest.Mock }).info?.mock?.calls ?? [],
      ),
    ].join('\n');
    for (const secret of [GITHUB_TOKEN, AWS_SECRET]) {
      expect(everything).not.toContain(secret);
      expect(everything).not.toContain(Buffer.from(secret).toString('base64'));
      expect(everything).not.toContain(secret.slice(4, 20));
    }
  });

  it('refuses symlinks and paths leaving the workspace', async () => {
    const dir = await workspace({ 'a.txt': 'x' });
    await fs.symlink('/etc/hostname', path.join(dir, 'link'));
    await expect(
      action.handler(
        createMockActionContext({ workspacePath: dir, input: {} }),
      ),
    ).rejects.toThrow(/symbolic links.*link/);
    await expect(
      action.handler(
        createMockActionContext({
          workspacePath: dir,
          input: { path: '../x' },
        }),
      ),
    ).rejects.toThrow(/must not leave/);
  });
});
