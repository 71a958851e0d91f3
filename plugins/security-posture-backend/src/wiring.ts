import {
  AuditorService,
  AuthService,
  CacheService,
  DatabaseService,
  LoggerService,
  RootConfigService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { Config } from '@backstage/config';
import fs from 'node:fs/promises';
import { AuditLog } from './audit/AuditLog';
import { CatalogFacts } from './catalog/CatalogFacts';
import { PostureConfig, readPostureConfig } from './config';
import { ExceptionsConfig, readExceptionsConfig } from './exceptions/config';
import { ConfigurationError } from './lib/errors';
import { guardNotifications } from './notifications/deliveryGuard';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { exceptionsFeature } from './exceptions/wiring';
import { PostureNotifier } from './notifications/PostureNotifier';
import { parseReport, ReportParserRegistry } from './parsers';
import { PosturePolicies } from './posture/PosturePolicies';
import { SharedPosturePolicies } from './posture/SharedPosturePolicies';
import { ExploitSignals } from './priority/ExploitSignals';
import { ExploitSignalStore } from './database/ExploitSignalStore';
import { databaseReachable } from './database/databaseReachable';
import { DatabaseInventoryStore } from './inventory/InventoryStore';
import { AdvisoryStore } from './advisories/AdvisoryStore';
import { AffectedStore } from './affected/AffectedStore';
import { CampaignStore } from './campaigns/CampaignStore';
import { EvidenceStore } from './evidence/EvidenceStore';
import { createPostureServices } from './services';
import { createTemplates } from './templates/createTemplates';
import { DatabaseRateLimitCounter } from './database/DatabaseRateLimitCounter';
import { RateLimiter } from './lib/RateLimiter';
import { readUploadsConfig, UploadsConfig } from './trust/config';
import { UploadBinding } from './trust/UploadBinding';

/** Every `securityPosture.*` value of the app, read with its defaults. @internal */
export interface Configuration {
  posture: PostureConfig;
  uploads: UploadsConfig;
  exceptions: ExceptionsConfig;
}

/**
 * Reads and checks every `securityPosture.*` value before anything else starts: a bad one stops
 * start-up with one message naming its key (a ConfigurationError, without a stack; Backstage's own
 * "invalid type" errors name the key too).
 *
 * @internal
 */
export function readConfiguration(rootConfig: Config): Configuration {
  try {
    return {
      posture: readPostureConfig(rootConfig),
      uploads: readUploadsConfig(rootConfig),
      exceptions: readExceptionsConfig(rootConfig),
    };
  } catch (error) {
    throw ConfigurationError.from(error);
  }
}

/** The posture policies; a folder that cannot be read or a policy with an error stops start-up, naming the folder, or the file and line. */
async function loadPolicies(
  options: PostureConfig['policies'],
): Promise<PosturePolicies> {
  for (const dir of options.directories) {
    const stat = await fs.stat(dir).catch(() => undefined);
    if (!stat?.isDirectory()) {
      throw new ConfigurationError(
        `securityPosture.policies.directories has '${dir}', which is not a folder this backend can read`,
      );
    }
  }
  try {
    return await PosturePolicies.load(options);
  } catch (error) {
    throw new ConfigurationError(
      `securityPosture.policies: ${(error as Error).message}`,
    );
  }
}

/**
 * Every room of the plugin built from the host's services, in the order they depend on each
 * other: configuration, the stores, the templates room, the posture services, then exceptions
 * (which need the posture to recompute). The plugin mounts the result; tests build the same.
 *
 * @internal
 */
export async function createPostureRooms(deps: {
  rootConfig: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  auth: AuthService;
  catalog: CatalogService;
  urlReader: UrlReaderService;
  scheduler: SchedulerService;
  notifications?: NotificationService;
  auditor?: AuditorService;
  /** Where the catalog's organisation is kept between scorecard reads (none: read every time). */
  cache?: CacheService;
  registry?: ReportParserRegistry;
  /** The configuration, when the caller read it already ({@link readConfiguration}). */
  configuration?: Configuration;
}) {
  const { rootConfig, logger } = deps;
  const configuration = deps.configuration ?? readConfiguration(rootConfig);
  const config = configuration.posture;
  // policies before the database: a bad one stops start-up before any table is written
  const local = await loadPolicies(config.policies);
  const store = await DatabasePostureStore.create({ database: deps.database });
  const db = await deps.database.getClient();
  const policies = await SharedPosturePolicies.publish(db, local, logger);
  const audit = new AuditLog(db, undefined, deps.auditor);
  const exceptions = exceptionsFeature(configuration.exceptions, db);
  // exploitation data in the database, seeded once from the shipped files across replicas
  const intel = new ExploitSignals(new ExploitSignalStore(db));
  const { seeded, stamp } = await intel.seed();
  const exploitData = `version ${stamp.version} (${
    seeded ? 'seeded now' : stamp.source
  }): ${stamp.kevCount} KEV and ${stamp.epssCount} EPSS entries`;
  logger.info(
    `security-posture: ${policies.policies.length} posture policies; exploitation data ${exploitData}`,
  );
  const templates = await createTemplates({
    db,
    rootConfig,
    config,
    logger,
    urlReader: deps.urlReader,
    catalog: deps.catalog,
    auth: deps.auth,
    store,
    audit,
  });
  const notifications =
    config.notificationsEnabled && deps.notifications
      ? guardNotifications(deps.notifications, logger)
      : undefined;
  const advisories = new AdvisoryStore(db);
  const services = createPostureServices({
    store,
    catalog: new CatalogFacts(
      deps.catalog,
      deps.auth,
      deps.cache && {
        cache: deps.cache,
        orgTtlSeconds: config.orgCacheSeconds,
      },
    ),
    config,
    logger,
    policies,
    intel,
    notifier: new PostureNotifier(notifications, logger),
    accepted: exceptions.store,
    templateStatus: (ref, version, entityRef, tx) =>
      templates.catalog.versionStatus(ref, version, entityRef, tx),
    audit,
    inventory: new DatabaseInventoryStore(db),
    advisories,
    affected: new AffectedStore(db, advisories),
    campaigns: new CampaignStore(db),
    evidence: new EvidenceStore(db),
    templateRefs: async () => (await templates.catalog.list()).map(t => t.ref),
    parse: (body, { format }) =>
      parseReport(body, {
        format,
        limits: config.limits,
        registry: deps.registry,
      }),
  });
  // a new template version published: the template-goal campaigns evaluated again
  const campaignEvaluator = services.campaignEvaluator;
  if (campaignEvaluator) {
    templates.onVersionPublished(templateRef =>
      campaignEvaluator.templateChanged(templateRef),
    );
  }
  const uploadsConfig = configuration.uploads;
  const uploads = {
    binding: new UploadBinding({
      config: uploadsConfig,
      catalog: deps.catalog,
      auth: deps.auth,
      defaultBranch: config.defaultBranch,
    }),
    rate: new RateLimiter({
      counter: new DatabaseRateLimitCounter(db),
      limit: uploadsConfig.perMinute,
      windowSeconds: 60,
      describe: limit =>
        `at most ${limit} uploads a minute per credential (securityPosture.uploads.perMinute); try again shortly`,
    }),
  };
  return {
    config,
    uploads,
    store,
    audit,
    intel,
    /** Whether the plugin's database answers (the readiness probe, `GET /health`). */
    databaseReachable: () => databaseReachable(db, 3000),
    services,
    templates,
    exceptions: await exceptions.start({
      recompute: (tx, entityRef) =>
        services.postures.recomputeIn(tx, entityRef),
      postureStore: store,
      branch: config.defaultBranch,
      audit,
      scheduler: deps.scheduler,
      notifications,
      logger,
    }),
  };
}
