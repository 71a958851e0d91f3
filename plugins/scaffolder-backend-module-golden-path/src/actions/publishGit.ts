import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import git from 'isomorphic-git';
import { LocalRepositories } from '@golden-path/template-upgrade';
import { examples } from './publishGit.examples';
import { assertNoSymlinks, assertPlainText, resolveInside } from './validation';

/**
 * Options of {@link createPublishGitAction}.
 *
 * @public
 */
export interface PublishGitActionOptions {
  /** The local repositories to publish to. */
  repositories: LocalRepositories;
  /** Author of the initial commit (config `scaffolder.defaultAuthor`). */
  author?: { name?: string; email?: string };
}

/** Copies the workspace repository's objects into an empty bare repository and sets its refs. */
async function pushToEmptyBare(
  workDir: string,
  gitdir: string,
  branch: string,
  commitHash: string,
) {
  await fsp.cp(
    path.join(workDir, '.git', 'objects'),
    path.join(gitdir, 'objects'),
    {
      recursive: true,
      force: false,
      errorOnExist: false,
    },
  );
  await git.writeRef({
    fs,
    gitdir,
    ref: `refs/heads/${branch}`,
    value: commitHash,
    force: true,
  });
  await git.writeRef({
    fs,
    gitdir,
    ref: 'HEAD',
    value: `refs/heads/${branch}`,
    symbolic: true,
    force: true,
  });
}

/**
 * Creates `goldenpath:publish:git`: initialises the workspace as a git repository (with
 * isomorphic-git, which runs no hooks) and pushes it to a new local bare repository under
 * `goldenPath.scaffolder.localGitRoot`. Production templates use publish:github or
 * publish:gitlab instead.
 *
 * @public
 */
export function createPublishGitAction(options: PublishGitActionOptions) {
  const { repositories } = options;
  return createTemplateAction({
    id: 'goldenpath:publish:git',
    description:
      'Initialises the workspace as a git repository and pushes it to a new local bare repository (demo and tests; production uses publish:github or publish:gitlab).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .max(63)
            .describe(
              'Repository name (a DNS label); the remote is <localGitRoot>/<repoName>.git.',
            ),
        remoteUrl: z =>
          z
            .string()
            .max(1024)
            .optional()
            .describe(
              'file:// URL of the bare repository; must be <localGitRoot>/<repoName>.git.',
            ),
        defaultBranch: z =>
          z
            .string()
            .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/)
            .optional()
            .describe('Branch to create (default main).'),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace subdirectory to publish (default the whole workspace).',
            ),
        commitMessage: z =>
          z
            .string()
            .optional()
            .describe('Message of the initial commit (plain text).'),
      },
      output: {
        remoteUrl: z =>
          z.string().describe('file:// URL of the bare repository.'),
        repoContentsUrl: z =>
          z
            .string()
            .describe(
              'URL of the repository contents, as the catalog reads them.',
            ),
        catalogInfoUrl: z =>
          z
            .string()
            .describe('URL of catalog-info.yaml, for catalog:register.'),
        commitHash: z => z.string().describe('The initial commit.'),
      },
    },
    async handler(ctx) {
      const branch = ctx.input.defaultBranch ?? 'main';
      const gitdir = repositories.gitdir(ctx.input.repoName);
      if (ctx.input.remoteUrl !== undefined) {
        const repo = await repositories.repoOfRemoteUrl(ctx.input.remoteUrl);
        if (repo !== ctx.input.repoName) {
          throw new InputError(
            'remoteUrl does not name the repository repoName',
          );
        }
      }
      const message = assertPlainText(
        ctx.input.commitMessage ??
          'Initial commit from the golden-path template',
        'commitMessage',
      );
      const dir = await resolveInside(
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
        'sourcePath',
      );
      await assertNoSymlinks(dir, 'the workspace');
      if (await fsp.lstat(path.join(dir, '.git')).catch(() => undefined)) {
        throw new InputError(
          'the workspace already has a .git entry, which is refused',
        );
      }
      const outputs = {
        remoteUrl: repositories.remoteUrl(ctx.input.repoName),
        repoContentsUrl: repositories.treeUrl(ctx.input.repoName, branch),
        catalogInfoUrl: repositories.blobUrl(
          ctx.input.repoName,
          branch,
          'catalog-info.yaml',
        ),
      };
      if (ctx.isDryRun) {
        for (const [k, v] of Object.entries(outputs))
          ctx.output(k as 'remoteUrl', v);
        ctx.output('commitHash', '0'.repeat(40));
        return;
      }
      const commitHash = await ctx.checkpoint({
        key: `goldenpath.publish.git.v1.${ctx.input.repoName}`,
        fn: async () => {
          if (await fsp.lstat(gitdir).catch(() => undefined)) {
            throw new ConflictError(
              `repository ${ctx.input.repoName} already exists`,
            );
          }
          await fsp.mkdir(repositories.root, { recursive: true });
          await git.init({ fs, gitdir, bare: true, defaultBranch: branch });
          await git.init({ fs, dir, defaultBranch: branch });
          await git.add({ fs, dir, filepath: '.' });
          const oid = await git.commit({
            fs,
            dir,
            message,
            author: {
              name: options.author?.name ?? 'Golden Path Scaffolder',
              email: options.author?.email ?? 'scaffolder@golden-path.invalid',
            },
          });
          await pushToEmptyBare(dir, gitdir, branch, oid);
          return oid;
        },
      });
      ctx.logger.info(
        `Published ${ctx.input.repoName} (${branch} at ${commitHash})`,
      );
      for (const [k, v] of Object.entries(outputs))
        ctx.output(k as 'remoteUrl', v);
      ctx.output('commitHash', commitHash);
    },
  });
}
