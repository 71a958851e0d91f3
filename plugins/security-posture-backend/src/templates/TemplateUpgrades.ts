import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  Answers,
  LocalGitRepository,
  upgradeRepository,
} from '@golden-path/template-upgrade';
import type { DatabaseRunLocks } from '../database/DatabaseRunLocks';
import { RateLimiter } from '../lib/RateLimiter';
import { lowerRef, refOf } from '../lib/refs';
import { TemplateVersionStore } from './TemplateVersionStore';
import {
  toRecord,
  UpgradeRecord,
  UpgradeRecordStore,
  UpgradeRow,
} from './UpgradeRecordStore';
import { UpgradeTargets } from './UpgradeTargets';

export type { UpgradeRecord } from './UpgradeRecordStore';

/** How long a run of a template's upgrades may hold its lock before another may take it over. */
const RUN_LOCK_MS = 30 * 60_000;

/** Errors that refuse one component's upgrade for a reason its record shows as is. */
const EXPECTED_REFUSALS = [
  'InputError',
  'NotFoundError',
  'ConflictError',
  'NotAllowedError',
];

/**
 * Runs template upgrades into the components' repositories (docs/templates.md), one component
 * after the other, and records each one's outcome; one run per template at a time, within the
 * per-request and per-minute limits.
 *
 * @internal
 */
export class TemplateUpgrades {
  constructor(
    private readonly options: {
      versions: TemplateVersionStore;
      records: UpgradeRecordStore;
      targets: UpgradeTargets;
      logger: LoggerService;
      /** Most components one request may upgrade. */
      maxPerRequest: number;
      /** Most upgrades started per minute, over all requests and replicas. */
      rate: RateLimiter;
      /** Keeps two runs of one template from overlapping, across replicas. */
      locks: DatabaseRunLocks;
      /** Open findings of a component on the given files, for the change description. */
      findingsOn?(
        entityRef: string,
        paths: string[],
      ): Promise<{ title: string; path: string }[]>;
    },
  ) {}

  /** The published versions of a template, newest first. */
  versions(templateRef: string): Promise<string[]> {
    return this.options.versions.versions(lowerRef(templateRef)!);
  }

  /** The latest upgrade of every component of a template. */
  list(templateRef: string): Promise<UpgradeRecord[]> {
    return this.options.records.list(templateRef);
  }

  /**
   * Upgrades components made from a template to a version (default the newest stored), one after
   * the other, and records each one's outcome. A refusal for one component (no provenance, a
   * digest mismatch, a person's commit on the branch, ...) is recorded as `failed` with its
   * reason; a request-level problem (too many components, a run already going) throws.
   */
  async start(request: {
    templateRef: string;
    components: Entity[];
    targetVersion?: string;
    answers?: Answers;
    dryRun?: boolean;
    actor: string;
  }): Promise<UpgradeRecord[]> {
    const templateRef = lowerRef(request.templateRef)!;
    const { maxPerRequest } = this.options;
    if (request.components.length === 0) {
      throw new InputError('no component to upgrade');
    }
    if (request.components.length > maxPerRequest) {
      throw new InputError(
        `${request.components.length} components asked for; at most ${maxPerRequest} are upgraded per request (securityPosture.templates.upgrades.maxPerRequest)`,
      );
    }
    // one run of a template at a time, across replicas; a run that dies holding the lock holds
    // it until the lock expires
    const run = await this.options.locks.run(
      `template-upgrades:${templateRef}`,
      RUN_LOCK_MS,
      async () => {
        const published = await this.options.versions.versions(templateRef);
        if (
          request.targetVersion !== undefined &&
          !published.includes(request.targetVersion)
        ) {
          throw new InputError(
            `${templateRef} has no published version ${
              request.targetVersion
            } (published: ${published.join(', ') || 'none'})`,
          );
        }
        if (!request.dryRun) {
          await this.options.rate.take(
            'template-upgrades',
            request.components.length,
          );
        }
        const out: UpgradeRecord[] = [];
        for (const entity of request.components) {
          out.push(
            await this.upgradeOne(entity, templateRef, published, request),
          );
        }
        return out;
      },
    );
    if (!run.ran) {
      throw new ConflictError(
        `upgrades of ${templateRef} are already running; wait for them to finish`,
      );
    }
    return run.value;
  }

  /**
   * One component's upgrade as a job of a run: within the fleet's per-minute allowance (a
   * TooManyRequestsError when it is spent, so the job waits in the queue), never at the same time
   * as another upgrade of the same component, recorded like a request's.
   */
  async runOne(request: {
    templateRef: string;
    entity: Entity;
    targetVersion?: string;
    answers?: Answers;
    actor: string;
  }): Promise<UpgradeRecord> {
    const templateRef = lowerRef(request.templateRef)!;
    const published = await this.options.versions.versions(templateRef);
    await this.options.rate.take('template-upgrades', 1);
    const entityRef = refOf(request.entity);
    const run = await this.options.locks.run(
      `template-upgrade:${templateRef}:${entityRef}`,
      RUN_LOCK_MS,
      () => this.upgradeOne(request.entity, templateRef, published, request),
    );
    if (!run.ran) {
      throw new ConflictError(
        `${entityRef} is being upgraded to ${templateRef} by another request`,
      );
    }
    return run.value;
  }

  private async upgradeOne(
    entity: Entity,
    templateRef: string,
    published: string[],
    request: {
      targetVersion?: string;
      answers?: Answers;
      dryRun?: boolean;
      actor: string;
    },
  ): Promise<UpgradeRecord> {
    const entityRef = refOf(entity);
    const base: UpgradeRow = {
      entity_ref: entityRef,
      template_ref: templateRef,
      from_version:
        entity.metadata.annotations?.['golden-path.dev/template-version'] ?? '',
      to_version: request.targetVersion ?? published[0] ?? '',
      state: 'failed',
      branch: null,
      commit: null,
      change_url: null,
      conflicts: 0,
      changes: '[]',
      description: '',
      error: null,
      requested_by: request.actor,
      updated_at: new Date().toISOString(),
    };
    const row = {
      ...(await this.outcome(entity, base, published, request)),
      updated_at: new Date().toISOString(),
    };
    if (!request.dryRun) {
      await this.options.records.save(row);
    }
    return toRecord(row);
  }

  /** What upgrading one component did, as its record's row. */
  private async outcome(
    entity: Entity,
    base: UpgradeRow,
    published: string[],
    request: { targetVersion?: string; answers?: Answers; dryRun?: boolean },
  ): Promise<UpgradeRow> {
    const { targets, versions, logger } = this.options;
    const entityRef = base.entity_ref;
    let resolved;
    try {
      resolved = await targets.resolve(entity);
    } catch (error) {
      logger.warn(`security-posture: no repository for ${entityRef}: ${error}`);
      resolved = { refused: 'its repository could not be resolved' };
    }
    const { target } = resolved;
    if (!target) {
      return {
        ...base,
        error: `${entityRef} has no repository this backend may write to: ${resolved.refused}`,
      };
    }
    try {
      const { repository, defaultBranch } = target;
      const result = await upgradeRepository({
        repository,
        defaultBranch,
        templateRef: base.template_ref,
        // the repository's provenance must name this component
        component: entityRef,
        targetVersion: request.targetVersion,
        publishedVersions: published,
        loadVersion: (r, v) => versions.load(r, v),
        answers: request.answers,
        dryRun: request.dryRun,
        findingsClosed: async changes =>
          (await this.options.findingsOn?.(
            entityRef,
            changes
              .filter(c => c.ownership === 'managed' || c.action === 'merge')
              .map(c => c.path),
          )) ?? [],
      });
      const local = targets.localRepositories;
      return {
        ...base,
        from_version: result.fromVersion,
        to_version: result.toVersion,
        state: result.state,
        branch: result.state === 'up-to-date' ? null : result.branch,
        commit: result.commit ?? null,
        change_url:
          result.changeUrl ??
          (result.commit && local && repository instanceof LocalGitRepository
            ? local.treeUrl(repository.name, result.branch)
            : null),
        conflicts: result.conflicts,
        changes: JSON.stringify(result.changes),
        description: result.description,
      };
    } catch (error) {
      if (!isError(error)) throw error;
      const expected = EXPECTED_REFUSALS.includes(error.name);
      if (!expected) {
        logger.error(
          `security-posture: the upgrade of ${entityRef} failed: ${
            error.stack ?? error
          }`,
        );
      }
      return {
        ...base,
        error: expected
          ? error.message
          : `the upgrade failed: ${error.message}`,
      };
    }
  }
}
