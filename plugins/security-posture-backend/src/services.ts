import { LoggerService } from '@backstage/backend-plugin-api';
import { AffectedService } from './affected/AffectedService';
import { AffectedStore } from './affected/AffectedStore';
import { AdvisoryMatcher } from './advisories/AdvisoryMatcher';
import { AdvisoryService } from './advisories/AdvisoryService';
import { AdvisoryStore } from './advisories/AdvisoryStore';
import { AuditLog } from './audit/AuditLog';
import { CampaignEvaluator } from './campaigns/CampaignEvaluator';
import { CampaignService } from './campaigns/CampaignService';
import { CampaignStore } from './campaigns/CampaignStore';
import { CatalogFacts } from './catalog/CatalogFacts';
import { PostureConfig } from './config';
import { PostureStore } from './database/PostureStore';
import { FindingsService } from './findings/FindingsService';
import { GateService } from './gate/GateService';
import { IngestService, ReportParseFn } from './ingest/IngestService';
import { EvidenceService } from './evidence/EvidenceService';
import { EvidenceStore } from './evidence/EvidenceStore';
import { ComponentInventoryService } from './inventory/ComponentInventory';
import { InventoryService } from './inventory/InventoryService';
import { InventoryStore } from './inventory/InventoryStore';
import { PostureNotifier } from './notifications/PostureNotifier';
import { AcceptedRisks, TemplateStatusFn } from './posture/AcceptedRisks';
import { PostureEvaluator } from './posture/SharedPosturePolicies';
import { PostureRecompute } from './posture/PostureRecompute';
import { PostureService } from './posture/PostureService';
import { ExploitIntel, ExploitSource } from './priority/ExploitIntel';
import { ScorecardService } from './scorecards/ScorecardService';
import { PostureTasks } from './tasks/PostureTasks';

/** What the posture services are made of. @internal */
export interface PostureServicesOptions {
  store: PostureStore;
  catalog: CatalogFacts;
  config: PostureConfig;
  parse: ReportParseFn;
  logger: LoggerService;
  /**
   * Exploitation data for priorities: the plugin's are the database rows every replica shares
   * (`ExploitSignals`); the shipped offline seed, in memory, when not given.
   */
  intel?: ExploitSource;
  /** Posture policies; none when not given. */
  policies?: PostureEvaluator;
  notifier?: PostureNotifier;
  /** Approved exceptions: the findings they cover do not count. */
  accepted?: AcceptedRisks;
  /** How far a component's template version is behind, and whether it drifted. */
  templateStatus?: TemplateStatusFn;
  audit?: AuditLog;
  /** Dependency inventories (SBOMs, scanners' package lists) and the fleet search over them. */
  inventory: InventoryStore;
  /** OSV advisories matched against the inventories (none: no advisory matching). */
  advisories?: AdvisoryStore;
  /** The zero-day view's reads (none: no `GET /v1/affected`). */
  affected?: AffectedStore;
  /** The campaigns table (none: no `/v1/campaigns`). */
  campaigns?: CampaignStore;
  /** The compliance evidence's reads (none, or no `audit`: no `GET /v1/evidence`). */
  evidence?: EvidenceStore;
  /** The golden-path templates' refs, which a template campaign goal must name one of. */
  templateRefs?: () => Promise<string[]>;
  now?: () => Date;
}

/** Every service of the posture plugin, built over one store. @internal */
export interface PostureServices {
  ingest: IngestService;
  postures: PostureService;
  findings: FindingsService;
  scorecards: ScorecardService;
  gate: GateService;
  tasks: PostureTasks;
  inventory: InventoryService;
  /** One component's dependency inventory, with the open findings of each package. */
  componentInventory: ComponentInventoryService;
  /** The advisory refresh and matching, when an advisory store was given. */
  advisories?: AdvisoryService;
  /** The zero-day view, when its store was given. */
  affected?: AffectedService;
  /** The compliance evidence export, when its store and the audit log were given. */
  evidence?: EvidenceService;
  /** Campaigns and their progress, when their store was given. */
  campaigns?: CampaignService;
  /** Campaign evaluation (on ingest, template changes and daily), when their store was given. */
  campaignEvaluator?: CampaignEvaluator;
}

/**
 * Builds the posture services in the order they depend on each other: the one recompute path
 * first, then the services that read and write through it.
 *
 * @internal
 */
export function createPostureServices(
  options: PostureServicesOptions,
): PostureServices {
  const { store, catalog, config, logger, notifier, now } = options;
  const intel = options.intel ?? ExploitIntel.fromFiles();
  const recompute = new PostureRecompute({
    store,
    config,
    policies: options.policies,
    accepted: options.accepted,
    templateStatus: options.templateStatus,
    inventory: options.inventory,
  });
  const postures = new PostureService({
    store,
    catalog,
    config,
    recompute,
    audit: options.audit,
    now,
  });
  const requireKnown = (ref: string) => postures.requireKnown(ref);
  const campaignEvaluator = options.campaigns
    ? new CampaignEvaluator({
        store: options.campaigns,
        catalog,
        postures: store,
        config,
        inventory: options.inventory,
        // `inventory` as the posture policies the replicas share see it
        policies: recompute.policies,
        notifier,
        logger,
        now,
      })
    : undefined;
  const matcher = options.advisories
    ? new AdvisoryMatcher({
        store,
        advisories: options.advisories,
        config,
        recompute,
        intel,
        logger,
        notifier,
        now,
      })
    : undefined;
  return {
    ...(options.advisories && matcher
      ? {
          advisories: new AdvisoryService({
            store: options.advisories,
            matcher,
            sources: config.advisories.sources,
            seed: config.advisories.seed,
            logger,
            now,
          }),
        }
      : {}),
    ...(options.affected
      ? {
          affected: new AffectedService({
            store: options.affected,
            inventory: options.inventory,
            catalog,
            intel,
            branch: config.defaultBranch,
            notifier,
            audit: options.audit,
          }),
        }
      : {}),
    ...(options.evidence && options.audit
      ? {
          evidence: new EvidenceService({
            store: options.evidence,
            catalog,
            audit: options.audit,
            policies: options.policies,
            now,
          }),
        }
      : {}),
    ...(options.campaigns && campaignEvaluator
      ? {
          campaigns: new CampaignService({
            store: options.campaigns,
            catalog,
            evaluator: campaignEvaluator,
            templateRefs: options.templateRefs,
            audit: options.audit,
            logger,
            now,
          }),
          campaignEvaluator,
        }
      : {}),
    postures,
    ingest: new IngestService({
      store,
      catalog,
      config,
      parse: options.parse,
      recompute,
      intel,
      logger,
      notifier,
      audit: options.audit,
      inventory: options.inventory,
      advisories: matcher,
      // the campaigns whose scope holds the component, evaluated again in the upload's transaction
      ...(campaignEvaluator
        ? {
            afterApply: async (tx, entityRef, recomputed) => {
              await campaignEvaluator.evaluateComponent(entityRef, tx, {
                posture: recomputed.posture,
                inventory: recomputed.inventory,
              });
            },
          }
        : {}),
      now,
    }),
    inventory: new InventoryService({
      store: options.inventory,
      branch: config.defaultBranch,
    }),
    componentInventory: new ComponentInventoryService({
      store: options.inventory,
      branch: config.defaultBranch,
      requireKnown,
    }),
    findings: new FindingsService({
      store,
      config,
      requireKnown,
      accepted: options.accepted,
      now,
    }),
    scorecards: new ScorecardService({
      store,
      catalog,
      config,
      requireKnown,
      now,
    }),
    gate: new GateService({
      postures,
      policies: options.policies,
      notifier,
      audit: options.audit,
      repeatWindowMinutes: config.gateRepeatWindowMinutes,
      now,
    }),
    tasks: new PostureTasks({
      store,
      catalog,
      config,
      recompute,
      intel,
      logger,
      notifier,
      now,
    }),
  };
}
