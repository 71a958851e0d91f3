import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import { checkDrift, TemplateVersion } from '@golden-path/template-upgrade';
import { Knex } from 'knex';
import { TemplateVersionStore } from './TemplateVersionStore';
import { UpgradeTargets } from './UpgradeTargets';

/** A version the provenance names that is not stored: drift is not told, and not cached. */
class VersionNotLoaded extends Error {}

/**
 * Whether a component's managed files drifted from its template version, for components in the
 * backend's local repositories (drift reads every managed file, so no provider API calls per page
 * view). Answers are cached per commit of the repository's main branch.
 *
 * @internal
 */
export class DriftCheck {
  private readonly byCommit = new Map<string, boolean | null>();

  constructor(
    private readonly options: {
      versions: TemplateVersionStore;
      targets: UpgradeTargets;
      logger: LoggerService;
    },
  ) {}

  /**
   * Whether a component's managed files drifted; null when it cannot be told. `db` is the
   * transaction of the caller that stores the answer (the posture's recompute), so the template
   * version is read where the answer is written, whichever replica loaded it first.
   */
  async drifted(entity: Entity, db?: Knex): Promise<boolean | null> {
    const { versions } = this.options;
    return this.compute(entity, (r, v) => versions.load(r, v, db));
  }

  private async compute(
    entity: Entity,
    loadVersion: (r: string, v: string) => Promise<TemplateVersion | undefined>,
  ): Promise<boolean | null> {
    const repository = this.options.targets.localRepositoryOf(entity);
    if (!repository) return null;
    // cached per commit: resolve the head first, read the files only for a commit not seen yet
    const head = await repository.headOf('main');
    if (!head) return null;
    const cached = this.byCommit.get(head);
    if (cached !== undefined) return cached;
    let main;
    try {
      main = await repository.readBranch('main');
    } catch {
      return null;
    }
    if (!main) return null;
    try {
      const result = await checkDrift({
        files: main.files,
        repository: repository.name,
        loadVersion: async (r, v) => {
          const version = await loadVersion(r, v);
          if (!version) throw new VersionNotLoaded();
          return version;
        },
      });
      const value = result.drift.length > 0;
      this.byCommit.set(main.commit, value);
      return value;
    } catch (error) {
      if (error instanceof VersionNotLoaded) return null;
      // no provenance, or a digest that does not match: drift cannot be told for this commit
      this.options.logger.debug(
        `security-posture: no drift for ${repository.name}: ${error}`,
      );
      if (
        isError(error) &&
        ['InputError', 'ConflictError'].includes(error.name)
      ) {
        this.byCommit.set(main.commit, null);
      }
      return null;
    }
  }
}
