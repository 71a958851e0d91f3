/** Test fixtures: node-service 1.0.0, 1.1.0 and its newest version, a generated service, local bare repositories. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileTree, readTemplateDirectory, TemplateVersion } from '../content';
import { LocalGitRepository } from '../git';
import { newRepositoryFiles } from '../provenance';

// The types its helpers take and return, also exported by the main entry point.
export type { FileTree, TemplateVersion } from '../content';
export type {
  BranchContent,
  CommitSummary,
  LocalGitRepository,
  UpgradeRepository,
} from '../git';
export { githubStandIn } from './githubStandIn';
export { gitlabStandIn } from './gitlabStandIn';

/**
 * The monorepo root (the folder with templates/ and examples/template-versions/).
 *
 * @public
 */
export function repoRoot(): string {
  let dir = process.cwd();
  while (!fs.existsSync(path.join(dir, 'examples', 'template-versions'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('examples/template-versions not found');
    dir = parent;
  }
  return dir;
}

const REF = 'template:default/node-service';

/**
 * node-service as published at 1.0.0 and at 1.1.0 (the archives in examples/template-versions),
 * and its newest version (`latest`, templates/node-service; its `version` is what its
 * template.yaml declares). `v1` to `v2` is a known upgrade (AppArmor, a migration's rename, a
 * changed seeded file).
 *
 * @public
 */
export async function nodeServiceVersions(): Promise<{
  v1: TemplateVersion;
  v2: TemplateVersion;
  latest: TemplateVersion;
}> {
  const root = repoRoot();
  const archived = (version: string) =>
    readTemplateDirectory(
      REF,
      path.join(
        root,
        'examples',
        'template-versions',
        `node-service-${version}`,
      ),
    );
  return {
    v1: await archived('1.0.0'),
    v2: await archived('1.1.0'),
    latest: await readTemplateDirectory(
      REF,
      path.join(root, 'templates', 'node-service'),
    ),
  };
}

/** @public */
export const ANSWERS = {
  name: 'orders-api',
  owner: 'group:default/payments-team',
  system: 'payments',
  tier: 2,
  lifecycle: 'production',
};

/**
 * What the scaffolder writes at creation: the rendered skeleton, catalog-info and provenance.
 *
 * @public
 */
export async function generatedService(
  version: TemplateVersion,
  answers: Record<string, unknown> = ANSWERS,
): Promise<FileTree> {
  return newRepositoryFiles({ version, answers });
}

/**
 * A new local bare repository whose main branch holds `files` (one commit).
 *
 * @public
 */
export async function bareRepository(
  files: FileTree,
  name = 'orders-api',
  root?: string,
): Promise<{ repository: LocalGitRepository; gitdir: string; commit: string }> {
  const dir = root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'upgrade-repo-'));
  const gitdir = path.join(dir, `${name}.git`);
  const repository = await LocalGitRepository.initialize(gitdir, name);
  const commit = await repository.writeBranch({
    branch: 'main',
    files,
    message: 'Initial commit from the golden-path template',
    author: {
      name: 'Golden Path Scaffolder',
      email: 'scaffolder@golden-path.invalid',
    },
  });
  return { repository, gitdir, commit };
}

/**
 * Edits a text file of a tree with a function (throws when the file is missing).
 *
 * @public
 */
export function edit(
  files: FileTree,
  file: string,
  change: (text: string) => string,
) {
  const content = files.get(file);
  if (!content) throw new Error(`no ${file}`);
  const next = change(content.toString('utf8'));
  if (next === content.toString('utf8'))
    throw new Error(`edit of ${file} changed nothing`);
  files.set(file, Buffer.from(next));
}
