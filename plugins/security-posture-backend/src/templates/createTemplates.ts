import {
  AuthService,
  LoggerService,
  RootConfigService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  githubRepositoryForUrl,
  gitlabRepositoryForUrl,
  localRepositoriesFromConfig,
} from '@golden-path/template-upgrade';
import type { Knex } from 'knex';
import path from 'node:path';
import { AuditLog } from '../audit/AuditLog';
import { DatabaseRateLimitCounter } from '../database/DatabaseRateLimitCounter';
import { DatabaseRunLocks } from '../database/DatabaseRunLocks';
import { RateLimiter } from '../lib/RateLimiter';
import { PostureConfig } from '../config';
import { PostureStore } from '../database/PostureStore';
import { DriftCheck } from './DriftCheck';
import { PublishedVersions } from './publishedVersions';
import { TemplateCatalog } from './TemplateCatalog';
import { TemplateUpgrades } from './TemplateUpgrades';
import { TemplateVersionStore } from './TemplateVersionStore';
import { UpgradeRecordStore } from './UpgradeRecordStore';
import { UpgradeJobStore } from './UpgradeJobStore';
import { UpgradeRequests } from './UpgradeRequests';
import { UpgradeWorker } from './UpgradeWorker';
import { UpgradeTargets } from './UpgradeTargets';

/**
 * The templates room of the plugin, built from the host's services: the version store (with the
 * configured archives imported), where upgrades write, drift, the template catalog and upgrade
 * requests.
 *
 * @internal
 */
export async function createTemplates(deps: {
  db: Knex;
  rootConfig: RootConfigService;
  config: PostureConfig;
  logger: LoggerService;
  urlReader: UrlReaderService;
  catalog: CatalogService;
  auth: AuthService;
  store: PostureStore;
  audit: AuditLog;
}) {
  const { config, logger } = deps;
  const versions = new TemplateVersionStore(deps.db, logger);
  const published = new PublishedVersions({
    versions,
    logger,
    localRoots: config.templateLocalRoots,
    urlReader: deps.urlReader,
  });
  for (const archive of config.templateArchives) {
    const imported = await published.importArchive(path.resolve(archive));
    if (imported > 0) {
      logger.info(
        `security-posture: recorded ${imported} published template version(s) from ${archive}`,
      );
    }
  }
  const integrations = ScmIntegrations.fromConfig(deps.rootConfig);
  const targets = new UpgradeTargets({
    repositories: localRepositoriesFromConfig(deps.rootConfig),
    remoteRepository: async url =>
      (await githubRepositoryForUrl(integrations, url)) ??
      (await gitlabRepositoryForUrl(integrations, url)),
    allowedRepositories: config.upgrades.allowedRepositories,
  });
  const records = new UpgradeRecordStore(deps.db);
  const drift = new DriftCheck({ versions, targets, logger });
  const catalog = new TemplateCatalog({
    catalog: deps.catalog,
    auth: deps.auth,
    urlReader: deps.urlReader,
    logger,
    localRoots: config.templateLocalRoots,
    published,
    records,
    drift,
  });
  const upgrades = new TemplateUpgrades({
    versions,
    records,
    targets,
    logger,
    maxPerRequest: config.upgrades.maxPerRequest,
    rate: new RateLimiter({
      counter: new DatabaseRateLimitCounter(deps.db),
      limit: config.upgrades.perMinute,
      windowSeconds: 60,
      describe: (limit, taken) =>
        `at most ${limit} upgrades start per minute (securityPosture.templates.upgrades.perMinute); ${taken} started this minute, try again shortly`,
    }),
    locks: new DatabaseRunLocks(deps.db),
    findingsOn: (entityRef, paths) =>
      deps.store.openFindingsOn(entityRef, paths),
  });
  const jobs = new UpgradeJobStore(deps.db);
  const requests = new UpgradeRequests({
    templates: catalog,
    upgrades,
    audit: deps.audit,
    jobs,
    targets,
  });
  const worker = new UpgradeWorker({
    jobs,
    logger,
    concurrency: config.upgrades.concurrency,
    perHost: config.upgrades.perHost,
    leaseMs: config.upgrades.leaseSeconds * 1000,
    pollMs: config.upgrades.pollSeconds * 1000,
    run: async (job, run) => {
      const entity = await deps.catalog.getEntityByRef(job.entity_ref, {
        credentials: await deps.auth.getOwnServiceCredentials(),
      });
      if (!entity) {
        return {
          outcome: 'failed',
          error: `${job.entity_ref} is no longer in the catalog`,
          branch: null,
          changeUrl: null,
        };
      }
      const record = await upgrades.runOne({
        templateRef: run.template_ref,
        entity,
        targetVersion: run.target_version ?? undefined,
        answers: run.answers ? JSON.parse(run.answers) : undefined,
        actor: run.requested_by,
      });
      await requests.audited(record, run.requested_by);
      return {
        outcome: record.state,
        error: record.error,
        branch: record.branch,
        changeUrl: record.changeUrl,
      };
    },
  });
  return {
    catalog,
    upgrades: requests,
    worker,
    /** Runs after each newly published template version is recorded. */
    onVersionPublished: (
      listener: (templateRef: string, version: string) => Promise<unknown>,
    ) => versions.onRecorded(listener),
  };
}
