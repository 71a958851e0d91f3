import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import yaml from 'yaml';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { LocalRepositories } from '@golden-path/template-upgrade';
import { createPublishGitAction } from './publishGit';
import { examples } from './publishGit.examples';

describe('goldenpath:publish:git examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const input = yaml.parse(example).steps[0].input;
      const base = await fsp.mkdtemp(
        path.join(os.tmpdir(), 'publish-example-'),
      );
      const workspacePath = path.join(base, 'workspace');
      await fsp.mkdir(path.join(workspacePath, input.sourcePath ?? '.'), {
        recursive: true,
      });
      await fsp.writeFile(
        path.join(workspacePath, input.sourcePath ?? '.', 'README.md'),
        '# x\n',
      );
      const repositories = new LocalRepositories({
        root: path.join(base, 'git'),
        baseUrl: 'http://h/g',
      });
      await createPublishGitAction({ repositories }).handler(
        createMockActionContext({ workspacePath, input }),
      );
      const gitdir = repositories.gitdir(input.repoName);
      const head = await git.resolveRef({
        fs,
        gitdir,
        ref: `refs/heads/${input.defaultBranch ?? 'main'}`,
      });
      expect(await git.listFiles({ fs, gitdir, ref: head })).toEqual([
        'README.md',
      ]);
    },
  );
});
