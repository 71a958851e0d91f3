import fs from 'node:fs';
import path from 'node:path';
import {
  coreServices,
  createBackendModule,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  catalogProcessingExtensionPoint,
  locationSpecToLocationEntity,
} from '@backstage/plugin-catalog-node';
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
  /** The component's description, tags, type and APIs in its catalog-info.yaml. */
  entity?: {
    description?: string;
    tags?: string[];
    type?: string;
    providesApis?: string[];
    consumesApis?: string[];
  };
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
    entity: c.getOptionalConfig('entity')?.get() as DemoRepository['entity'],
  }));
}

/** The catalog-info.yaml the scaffolder wrote for a demo component (the template's entity). */
function catalogInfoOf(
  demo: DemoRepository,
  version: { templateRef: string; version: string },
) {
  const { answers, entity = {} } = demo;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: demo.name,
      title: demo.title,
      ...(entity.description ? { description: entity.description } : {}),
      annotations: {
        'golden-path.dev/security-tier': String(answers.tier),
        'golden-path.dev/template-ref': version.templateRef,
        'golden-path.dev/template-version': version.version,
      },
      ...(entity.tags ? { tags: entity.tags } : {}),
    },
    spec: {
      type: entity.type ?? 'service',
      lifecycle: answers.lifecycle,
      owner: answers.owner,
      system: answers.system,
      ...(entity.providesApis ? { providesApis: entity.providesApis } : {}),
      ...(entity.consumesApis ? { consumesApis: entity.consumesApis } : {}),
    },
  };
}

/** Creates the demo repositories that do not exist yet; returns every one's catalog-info URL. */
async function createDemoRepositories(
  config: Config,
  logger: LoggerService,
): Promise<string[]> {
  const repositories = localRepositoriesFromConfig(config);
  const urls: string[] = [];
  for (const demo of readDemoRepositories(config)) {
    urls.push(repositories.blobUrl(demo.name, 'main', 'catalog-info.yaml'));
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
      catalogInfo: catalogInfoOf(demo, version),
    });
    const repository = await LocalGitRepository.initialize(gitdir, demo.name);
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
      commit = await repository.writeBranch({
        branch: 'main',
        parent: commit,
        files: teamEdits(files),
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
  return urls;
}

/** What the demo team changed after creation: a merged, a seeded and a managed file, and one of theirs. */
function teamEdits(files: FileTree): FileTree {
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
    t.replace('EXPOSE 8080', 'LABEL org.example.team=payments\nEXPOSE 8080'),
  );
  changed.set(
    'src/ledger.js',
    Buffer.from('// @ts-check\nexport const entries = [];\n'),
  );
  return changed;
}

function edit(files: FileTree, file: string, change: (t: string) => string) {
  const content = files.get(file);
  if (content) files.set(file, Buffer.from(change(content.toString('utf8'))));
}

/**
 * Demo data only: the repositories of the demo catalog's components made from an older template
 * version, created once in the local git root (`goldenPath.demo.repositories`), the way the
 * scaffolder made them at the time, plus what their teams changed since. The catalog reads each
 * component from its repository's catalog-info.yaml (a Location this module provides), as it does
 * for services the scaffolder registers, so template upgrades and drift have real repositories
 * that the catalog's own location proves. Not for production.
 */
export const demoRepositoriesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path-demo-repositories',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        catalog: catalogProcessingExtensionPoint,
      },
      async init({ config, logger, catalog }) {
        const urls = await createDemoRepositories(config, logger);
        catalog.addEntityProvider({
          getProviderName: () => 'golden-path-demo-repositories',
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: urls.map(target => ({
                entity: locationSpecToLocationEntity({
                  location: { type: 'url', target },
                }),
                locationKey: 'golden-path-demo-repositories',
              })),
            });
          },
        });
      },
    });
  },
});
