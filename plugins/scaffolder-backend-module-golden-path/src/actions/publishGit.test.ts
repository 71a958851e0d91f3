import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { LocalRepositories } from '@golden-path/template-upgrade';
import { createPublishGitAction } from './publishGit';

async function setup(
  files: Record<string, string> = {
    'catalog-info.yaml': 'kind: Component\n',
    'src/a.js': 'x\n',
    '.env.local': 'SECRET=1\n',
    '.gitignore': '.env*\n',
  },
) {
  const base = await fsp.mkdtemp(path.join(os.tmpdir(), 'publish-'));
  const workspacePath = path.join(base, 'workspace');
  for (const [rel, content] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(workspacePath, rel)), {
      recursive: true,
    });
    await fsp.writeFile(path.join(workspacePath, rel), content);
  }
  const repositories = new LocalRepositories({
    root: path.join(base, 'git'),
    baseUrl: 'http://localhost:7007/golden-path-git',
  });
  return {
    base,
    workspacePath,
    repositories,
    action: createPublishGitAction({ repositories }),
  };
}

describe('goldenpath:publish:git', () => {
  it('creates the bare repository and pushes one commit with the workspace files', async () => {
    const { workspacePath, repositories, action } = await setup();
    const ctx = createMockActionContext({
      workspacePath,
      input: { repoName: 'svc' },
    });
    await action.handler(ctx);
    const gitdir = path.join(repositories.root, 'svc.git');
    const head = await git.resolveRef({ fs, gitdir, ref: 'refs/heads/main' });
    expect(await git.listFiles({ fs, gitdir, ref: head })).toEqual([
      '.gitignore',
      'catalog-info.yaml',
      'src/a.js',
    ]);
    const { blob } = await git.readBlob({
      fs,
      gitdir,
      oid: head,
      filepath: 'catalog-info.yaml',
    });
    expect(Buffer.from(blob).toString()).toBe('kind: Component\n');
    expect(ctx.output).toHaveBeenCalledWith('commitHash', head);
    expect(ctx.output).toHaveBeenCalledWith('remoteUrl', `file://${gitdir}`);
    expect(ctx.output).toHaveBeenCalledWith(
      'catalogInfoUrl',
      'http://localhost:7007/golden-path-git/svc/blob/main/catalog-info.yaml',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'repoContentsUrl',
      'http://localhost:7007/golden-path-git/svc/tree/main',
    );
    const commit = await git.readCommit({ fs, gitdir, oid: head });
    expect(commit.commit.parent).toEqual([]);
  });

  it('publishes nothing in a dry run', async () => {
    const { workspacePath, repositories, action } = await setup();
    const ctx = {
      ...createMockActionContext({ workspacePath, input: { repoName: 'svc' } }),
      isDryRun: true,
    };
    await action.handler(ctx);
    expect(fs.existsSync(repositories.root)).toBe(false);
    expect(fs.existsSync(path.join(workspacePath, '.git'))).toBe(false);
  });

  it.each([
    [
      'a repository name that is not a DNS label',
      { repoName: '../evil' },
      /DNS label/,
    ],
    [
      'a remote outside the root',
      { repoName: 'svc', remoteUrl: 'file:///tmp/svc.git' },
      /directly under/,
    ],
    [
      'a remote of another protocol',
      { repoName: 'svc', remoteUrl: 'https://example.com/svc.git' },
      /file:\/\//,
    ],
    [
      'a remote naming another repository',
      { repoName: 'svc', remoteUrl: 'REMOTE_OTHER' },
      /does not name/,
    ],
    [
      'a traversing sourcePath',
      { repoName: 'svc', sourcePath: '../..' },
      /must not leave/,
    ],
    [
      'a template expression in the commit message',
      { repoName: 'svc', commitMessage: '${{ secrets.x }}' },
      /template expression/,
    ],
  ])('refuses %s and publishes nothing', async (_what, input, message) => {
    const { workspacePath, repositories, action } = await setup();
    const resolved = { ...input } as Record<string, string>;
    if (resolved.remoteUrl === 'REMOTE_OTHER')
      resolved.remoteUrl = repositories.remoteUrl('other');
    await expect(
      action.handler(
        createMockActionContext({ workspacePath, input: resolved as never }),
      ),
    ).rejects.toThrow(message);
    expect(fs.existsSync(repositories.root)).toBe(false);
  });

  it('refuses symlinks, an existing .git and an existing repository', async () => {
    const a = await setup();
    await fsp.symlink('/etc/passwd', path.join(a.workspacePath, 'passwd'));
    await expect(
      a.action.handler(
        createMockActionContext({
          workspacePath: a.workspacePath,
          input: { repoName: 'svc' },
        }),
      ),
    ).rejects.toThrow(/symbolic links.*passwd/);

    const b = await setup();
    await fsp.mkdir(path.join(b.workspacePath, '.git', 'hooks'), {
      recursive: true,
    });
    await expect(
      b.action.handler(
        createMockActionContext({
          workspacePath: b.workspacePath,
          input: { repoName: 'svc' },
        }),
      ),
    ).rejects.toThrow(/already has a \.git/);

    const c = await setup();
    await fsp.mkdir(path.join(c.repositories.root, 'svc.git'), {
      recursive: true,
    });
    await expect(
      c.action.handler(
        createMockActionContext({
          workspacePath: c.workspacePath,
          input: { repoName: 'svc' },
        }),
      ),
    ).rejects.toThrow(/already exists/);
  });
});
