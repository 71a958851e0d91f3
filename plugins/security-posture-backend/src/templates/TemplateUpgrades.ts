import fs from 'node:fs/promises';
import path from 'node:path';
import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_SOURCE_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConflictError, InputError, isError } from '@backstage/errors';
import {
  Answers,
  checkDrift,
  decodeFiles,
  encodeFiles,
  FileChange,
  LocalGitRepository,
  LocalRepositories,
  FileTree,
  MAX_TEMPLATE_BYTES,
  readTemplateDirectory,
  TEMPLATE_VERSION_ANNOTATION,
  TemplateVersion,
  templateVersionFromFiles,
  upgradeRepository,
  UpgradeRepository,
  UpgradeResult,
} from '@golden-path/template-upgrade';
import { Knex } from 'knex';
import semver from 'semver';
import { isUnderLocalRoots } from './localRoots';

/** A stored version that is not loaded (yet): drift is not told, and not cached. */
class VersionNotLoaded extends Error {}

/** The latest upgrade of a component to a template version, as the API serves it. @internal */
export type UpgradeRecord = {
  entityRef: string;
  templateRef: string;
  fromVersion: string;
  toVersion: string;
  state: UpgradeResult['state'] | 'failed';
  branch: string | null;
  commit: string | null;
  changeUrl: string | null;
  conflicts: number;
  changes: FileChange[];
  description: string;
  error: string | null;
  requestedBy: string;
  updatedAt: string;
};

type UpgradeRow = {
  entity_ref: string;
  template_ref: string;
  from_version: string;
  to_version: string;
  state: string;
  branch: string | null;
  commit: string | null;
  change_url: string | null;
  conflicts: number;
  changes: string;
  description: string;
  error: string | null;
  requested_by: string;
  updated_at: string | Date;
};

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function toRecord(row: UpgradeRow): UpgradeRecord {
  return {
    entityRef: row.entity_ref,
    templateRef: row.template_ref,
    fromVersion: row.from_version,
    toVersion: row.to_version,
    state: row.state as UpgradeRecord['state'],
    branch: row.branch,
    commit: row.commit,
    changeUrl: row.change_url,
    conflicts: Number(row.conflicts),
    changes: JSON.parse(row.changes),
    description: row.description,
    error: row.error,
    requestedBy: row.requested_by,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/**
 * Template versions and upgrades for the posture backend: keeps every published template version
 * (from the catalog's template directories under the local roots, and from archive folders of
 * versions published before), computes drift, and runs upgrades into the components' repositories
 * (local bare repositories; see docs/templates.md), recording each component's latest upgrade.
 *
 * @internal
 */
export class TemplateUpgrades {
  private readonly driftCache = new Map<string, boolean | null>();
  private readonly versions = new Map<string, TemplateVersion>();
  /** `ref@version` of the versions known to be stored. */
  private readonly stored = new Set<string>();
  private readonly started: number[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly options: {
      db: Knex;
      logger: LoggerService;
      localRoots: string[];
      /** Reads templates at `url:` locations. */
      urlReader?: UrlReaderService;
      repositories?: LocalRepositories;
      /** A repository a provider serves for a source URL (GitHub or GitLab, through Backstage's integrations). */
      remoteRepository?(
        url: string,
      ): Promise<
        { repository: UpgradeRepository; defaultBranch: string } | undefined
      >;
      /** Most components one request may upgrade. */
      maxPerRequest: number;
      /** Most upgrades started per minute, over all requests. */
      perMinute: number;
      /** Open findings of a component on the given files, for the change description. */
      findingsOn?(
        entityRef: string,
        paths: string[],
      ): Promise<{ title: string; path: string }[]>;
    },
  ) {}

  /** Stores a published version unless that version is stored already. */
  async record(
    version: TemplateVersion,
    source: 'catalog' | 'archive',
  ): Promise<'recorded' | 'known' | 'differs'> {
    const ref = lower(version.templateRef);
    const existing = await this.options
      .db('posture_template_versions')
      .where({ template_ref: ref, version: version.version })
      .first('digest');
    if (existing) {
      this.stored.add(`${ref}@${version.version}`);
      if (existing.digest === version.digest) return 'known';
      this.options.logger.warn(
        `security-posture: ${ref} ${version.version} was republished with other content (${version.digest}); the version first published (${existing.digest}) is kept, since repositories record it. Publish a new version instead.`,
      );
      return 'differs';
    }
    await this.options
      .db('posture_template_versions')
      .insert({
        template_ref: ref,
        version: version.version,
        digest: version.digest,
        files: JSON.stringify(encodeFiles(version.files)),
        source,
        recorded_at: new Date(),
      })
      .onConflict(['template_ref', 'version'])
      .ignore();
    this.stored.add(`${ref}@${version.version}`);
    this.options.logger.info(
      `security-posture: recorded ${ref} ${version.version} (${version.digest}) from the ${source}`,
    );
    return 'recorded';
  }

  /** Records the versions of every template directory directly under `dir` (an archive). */
  async importArchive(dir: string): Promise<number> {
    let count = 0;
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (!entry.isDirectory()) continue;
      const templateDir = path.join(dir, entry.name);
      try {
        // the template's own ref, from its template.yaml
        const version = await readTemplateDirectory(undefined, templateDir);
        if ((await this.record(version, 'archive')) === 'recorded') count += 1;
      } catch (error) {
        this.options.logger.warn(
          `security-posture: could not import the template version in ${templateDir}: ${error}`,
        );
      }
    }
    return count;
  }

  /**
   * Records a catalog template's current version: from disk for `file:` locations under a local
   * root, through the UrlReader (its allow list applies) for `url:` locations. A version already
   * stored is not read again.
   */
  async recordFromCatalog(entity: Entity): Promise<void> {
    const ref = lower(stringifyEntityRef(entity));
    const version = entity.metadata.annotations?.[TEMPLATE_VERSION_ANNOTATION];
    if (!version) return;
    // every listing of the templates comes here: remember what is stored, ask the database once
    const key = `${ref}@${version}`;
    if (this.stored.has(key)) return;
    const known = await this.options
      .db('posture_template_versions')
      .where({ template_ref: ref, version })
      .first('version');
    if (known) {
      this.stored.add(key);
      return;
    }
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
    try {
      if (location.startsWith('file:')) {
        const dir = path.dirname(path.resolve(location.slice('file:'.length)));
        if (!isUnderLocalRoots(this.options.localRoots, dir)) return;
        await this.record(await readTemplateDirectory(ref, dir), 'catalog');
      } else if (location.startsWith('url:') && this.options.urlReader) {
        const dirUrl = new URL('./', location.slice('url:'.length)).toString();
        const tree = await this.options.urlReader.readTree(dirUrl);
        const files: FileTree = new Map();
        let size = 0;
        for (const file of await tree.files()) {
          const content = await file.content();
          size += content.length;
          if (size > MAX_TEMPLATE_BYTES) break;
          files.set(file.path.split(path.sep).join('/'), content);
        }
        await this.record(templateVersionFromFiles(ref, files), 'catalog');
      }
    } catch (error) {
      this.options.logger.warn(
        `security-posture: could not record ${ref} ${version}: ${error}`,
      );
    }
  }

  /** A stored version (immutable once stored, so kept in memory after the first read). */
  async loadVersion(
    templateRef: string,
    version: string,
  ): Promise<TemplateVersion | undefined> {
    const key = `${lower(templateRef)}@${version}`;
    const cached = this.versions.get(key);
    if (cached) return cached;
    const row = await this.options
      .db('posture_template_versions')
      .where({ template_ref: lower(templateRef), version })
      .first();
    if (!row) return undefined;
    const loaded: TemplateVersion = {
      ...templateVersionFromFiles(
        row.template_ref,
        decodeFiles(JSON.parse(row.files)),
      ),
      digest: row.digest,
    };
    this.versions.set(key, loaded);
    return loaded;
  }

  /** The stored versions of a template, newest first. */
  async storedVersions(templateRef: string): Promise<string[]> {
    const rows = await this.options
      .db('posture_template_versions')
      .where({ template_ref: lower(templateRef) })
      .select('version');
    return rows
      .map(r => r.version as string)
      .filter(v => semver.valid(v))
      .sort(semver.rcompare);
  }

  /** The local repository a component's catalog entity comes from, if any. */
  localRepositoryOf(entity: Entity): LocalGitRepository | undefined {
    const repositories = this.options.repositories;
    if (!repositories) return undefined;
    for (const key of [ANNOTATION_SOURCE_LOCATION, ANNOTATION_LOCATION]) {
      const value = entity.metadata.annotations?.[key];
      if (!value?.startsWith('url:')) continue;
      try {
        // the repository is named by the path under the local repositories' base path; the
        // host is not compared, so catalog files stay valid when the backend's port changes
        const url = new URL(value.slice('url:'.length));
        const base = new URL(`${repositories.baseUrl}/`);
        if (!url.pathname.startsWith(base.pathname)) continue;
        const parsed = repositories.parseUrl(
          new URL(url.pathname, base.origin).toString(),
        );
        if (parsed) {
          return new LocalGitRepository(
            repositories.gitdir(parsed.repo),
            parsed.repo,
          );
        }
      } catch {
        // not one of ours
      }
    }
    return undefined;
  }

  /**
   * The repository an upgrade writes to: a local repository, or one a configured provider
   * (GitHub or GitLab) serves for the component's source location.
   */
  async repositoryOf(
    entity: Entity,
  ): Promise<
    { repository: UpgradeRepository; defaultBranch: string } | undefined
  > {
    const local = this.localRepositoryOf(entity);
    if (local) return { repository: local, defaultBranch: 'main' };
    const source =
      entity.metadata.annotations?.[ANNOTATION_SOURCE_LOCATION] ?? '';
    if (!source.startsWith('url:') || !this.options.remoteRepository) {
      return undefined;
    }
    return this.options.remoteRepository(source.slice('url:'.length));
  }

  /** Whether a component's managed files drifted; null when it cannot be told. */
  async drifted(entity: Entity): Promise<boolean | null> {
    return this.computeDrift(entity, (r, v) => this.loadVersion(r, v));
  }

  /**
   * {@link TemplateUpgrades.drifted} without reading the database, for callers inside a
   * transaction (the posture's recompute): a version not yet in memory answers null now and is
   * loaded, and the drift computed, in the background for the next recompute.
   */
  async driftedWithoutDatabase(entity: Entity): Promise<boolean | null> {
    let missing = false;
    const value = await this.computeDrift(entity, async (r, v) => {
      const cached = this.versions.get(`${lower(r)}@${v}`);
      if (!cached) missing = true;
      return cached;
    });
    if (missing) {
      this.drifted(entity).catch(() => undefined);
      return null;
    }
    return value;
  }

  private async computeDrift(
    entity: Entity,
    loadVersion: (r: string, v: string) => Promise<TemplateVersion | undefined>,
  ): Promise<boolean | null> {
    // drift reads every managed file: local repositories only (no API calls per page view)
    const repository = this.localRepositoryOf(entity);
    if (!repository) return null;
    // cached per commit: resolve the head first, read the files only for a commit not seen yet
    const head = await repository.headOf('main');
    if (!head) return null;
    const cached = this.driftCache.get(head);
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
      this.driftCache.set(main.commit, value);
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
        this.driftCache.set(main.commit, null);
      }
      return null;
    }
  }

  /** The latest upgrade of every component of a template. */
  async list(templateRef: string): Promise<UpgradeRecord[]> {
    const rows: UpgradeRow[] = await this.options
      .db('posture_template_upgrades')
      .where({ template_ref: lower(templateRef) })
      .orderBy('entity_ref');
    return rows.map(toRecord);
  }

  private takeRate(count: number) {
    const now = Date.now();
    while (this.started.length && now - this.started[0] > 60_000) {
      this.started.shift();
    }
    if (this.started.length + count > this.options.perMinute) {
      const error = new Error(
        `at most ${this.options.perMinute} upgrades start per minute (securityPosture.templates.upgrades.perMinute); ${this.started.length} started in the last minute, try again shortly`,
      );
      error.name = 'TooManyRequestsError';
      throw error;
    }
    for (let i = 0; i < count; i += 1) this.started.push(now);
  }

  /**
   * Upgrades components made from a template to a version (default the newest stored), one after
   * the other, and records each one's outcome. A refusal for one component (no provenance, a
   * digest mismatch, a person's commit on the branch, ...) is recorded as `failed` with its
   * reason; a request-level problem (too many components, a bulk run already going) throws.
   */
  async start(request: {
    templateRef: string;
    components: Entity[];
    targetVersion?: string;
    answers?: Answers;
    dryRun?: boolean;
    actor: string;
  }): Promise<UpgradeRecord[]> {
    const templateRef = lower(request.templateRef);
    if (request.components.length === 0) {
      throw new InputError('no component to upgrade');
    }
    if (request.components.length > this.options.maxPerRequest) {
      throw new InputError(
        `${request.components.length} components asked for; at most ${this.options.maxPerRequest} are upgraded per request (securityPosture.templates.upgrades.maxPerRequest)`,
      );
    }
    if (this.running.has(templateRef)) {
      throw new ConflictError(
        `upgrades of ${templateRef} are already running; wait for them to finish`,
      );
    }
    const published = await this.storedVersions(templateRef);
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
    if (!request.dryRun) this.takeRate(request.components.length);
    this.running.add(templateRef);
    try {
      const out: UpgradeRecord[] = [];
      for (const entity of request.components) {
        out.push(
          await this.upgradeOne(entity, templateRef, published, request),
        );
      }
      return out;
    } finally {
      this.running.delete(templateRef);
    }
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
    const entityRef = lower(stringifyEntityRef(entity));
    const fromVersion =
      entity.metadata.annotations?.['golden-path.dev/template-version'] ?? '';
    const base: UpgradeRow = {
      entity_ref: entityRef,
      template_ref: templateRef,
      from_version: fromVersion,
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
    let row: UpgradeRow;
    let target;
    try {
      target = await this.repositoryOf(entity);
    } catch (error) {
      this.options.logger.warn(
        `security-posture: no repository for ${entityRef}: ${error}`,
      );
    }
    if (!target) {
      row = {
        ...base,
        error: `${entityRef} has no repository this backend can write to: its backstage.io/source-location is neither a local repository nor a GitHub or GitLab repository that Backstage's integrations give credentials for`,
      };
    } else {
      try {
        const { repository, defaultBranch } = target;
        const result = await upgradeRepository({
          repository,
          defaultBranch,
          templateRef,
          targetVersion: request.targetVersion,
          publishedVersions: published,
          loadVersion: (r, v) => this.loadVersion(r, v),
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
        row = {
          ...base,
          from_version: result.fromVersion,
          to_version: result.toVersion,
          state: result.state,
          branch: result.state === 'up-to-date' ? null : result.branch,
          commit: result.commit ?? null,
          change_url:
            result.changeUrl ??
            (result.commit &&
            this.options.repositories &&
            repository instanceof LocalGitRepository
              ? this.options.repositories.treeUrl(
                  repository.name,
                  result.branch,
                )
              : null),
          conflicts: result.conflicts,
          changes: JSON.stringify(result.changes),
          description: result.description,
        };
      } catch (error) {
        if (!isError(error)) throw error;
        const expected = [
          'InputError',
          'NotFoundError',
          'ConflictError',
          'NotAllowedError',
        ].includes(error.name);
        if (!expected) {
          this.options.logger.error(
            `security-posture: the upgrade of ${entityRef} failed: ${
              error.stack ?? error
            }`,
          );
        }
        row = {
          ...base,
          error: expected
            ? error.message
            : `the upgrade failed: ${error.message}`,
        };
      }
    }
    const finished = new Date();
    row = { ...row, updated_at: finished.toISOString() };
    if (!request.dryRun) {
      await this.options
        .db('posture_template_upgrades')
        .insert({ ...row, updated_at: finished })
        .onConflict(['entity_ref', 'template_ref'])
        .merge();
    }
    return toRecord(row);
  }
}
