import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  FileTree,
  LocalGitRepository,
  localRepositoriesFromConfig,
  newRepositoryFiles,
  readTemplateDirectory,
} from '@golden-path/template-upgrade';

type DemoRepository = {
  name: string;
  title: string;
  /** A template directory of examples/template-versions (relative to the working directory). */
  template: string;
  answers: Record<string, unknown>;
  /** Whether the demo team edited it after creation (a managed file too, so it shows drift). */
  teamChanges: boolean;
};

function readDemoRepositories(config: Config): DemoRepository[] {
  return (
    config.getOptionalConfigArray('goldenPath.demo.repositories') ?? []
  ).map(c => ({
    name: c.getString('name'),
    title: c.getOptionalString('title') ?? c.getString('name'),
    template: c.getString('template'),
    answers: c.getConfig('answers').get() as Record<string, unknown>,
    teamChanges: c.getOptionalBoolean('teamChanges') ?? false,
  }));
}

function edit(files: FileTree, file: string, change: (t: string) => string) {
  const content = files.get(file);
  if (content) files.set(file, Buffer.from(change(content.toString('utf8'))));
}

/**
 * Demo data only: the repositories of the demo catalog's components made from an older template
 * version, created once in the local git root (`goldenPath.demo.repositories`), the way the
 * scaffolder made them at the time, plus what their teams changed since. Template upgrades and
 * drift then have real repositories to work on. Not for production.
 */
export const demoRepositoriesModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path-demo-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ config, logger }) {
        const repositories = localRepositoriesFromConfig(config);
        for (const demo of readDemoRepositories(config)) {
          const gitdir = repositories.gitdir(demo.name);
          if (fs.existsSync(gitdir)) continue;
          // the template's own ref, from its template.yaml
          const version = await readTemplateDirectory(
            undefined,
            path.resolve(demo.template),
          );
          const files = await newRepositoryFiles({
            version,
            answers: demo.answers,
            title: demo.title,
          });
          const repository = await LocalGitRepository.initialize(
            gitdir,
            demo.name,
          );
          let commit = await repository.writeBranch({
            branch: 'main',
            files,
            message: 'Initial commit from the golden-path template',
            author: {
              name: 'Golden Path Scaffolder',
              email: 'scaffolder@golden-path.invalid',
            },
          });
          if (demo.teamChanges) {
            const changed = new Map(files);
            edit(changed, 'README.md', t =>
              t.concat(
                '\n## On call\n\nPage the owning team through the incident tool.\n',
              ),
            );
            edit(changed, 'k8s/deployment.yaml', t =>
              t.replace('replicas: 2', 'replicas: 3'),
            );
            edit(changed, 'Dockerfile', t =>
              t.replace(
                'EXPOSE 8080',
                'LABEL org.example.team=payments\nEXPOSE 8080',
              ),
            );
            changed.set(
              'src/ledger.js',
              Buffer.from('// @ts-check\nexport const entries = [];\n'),
            );
            commit = await repository.writeBranch({
              branch: 'main',
              parent: commit,
              files: changed,
              message: 'On-call notes, three replicas, team label',
              author: { name: 'Payments Team', email: 'payments@example.com' },
            });
          }
          logger.info(
            `demo: created ${demo.name} from ${version.templateRef} ${
              version.version
            } (${commit.slice(0, 7)})`,
          );
        }
      },
    });
  },
});
