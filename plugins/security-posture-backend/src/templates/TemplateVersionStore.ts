import { LoggerService } from '@backstage/backend-plugin-api';
import {
  decodeFiles,
  encodeFiles,
  TemplateVersion,
  templateVersionFromFiles,
} from '@golden-path/template-upgrade';
import { Knex } from 'knex';
import semver from 'semver';
import { lowerRef } from '../lib/refs';

const TABLE = 'posture_template_versions';

const key = (templateRef: string, version: string) =>
  `${lowerRef(templateRef)}@${version}`;

/**
 * Every published template version the backend has seen (table `posture_template_versions`): the
 * files of the template directory and their digest. A version is immutable once stored (the first
 * content wins, since repositories record its digest), so a loaded version is kept in memory.
 *
 * @internal
 */
export class TemplateVersionStore {
  private readonly loaded = new Map<string, TemplateVersion>();
  /** `ref@version` of the versions known to be stored. */
  private readonly stored = new Set<string>();
  private readonly listeners: ((
    templateRef: string,
    version: string,
  ) => Promise<unknown>)[] = [];

  constructor(
    private readonly db: Knex,
    private readonly logger: LoggerService,
  ) {}

  /** Stores a published version unless that version is stored already. */
  async record(
    version: TemplateVersion,
    source: 'catalog' | 'archive',
  ): Promise<'recorded' | 'known' | 'differs'> {
    const ref = lowerRef(version.templateRef)!;
    const existing = await this.db(TABLE)
      .where({ template_ref: ref, version: version.version })
      .first('digest');
    if (existing) {
      this.stored.add(key(ref, version.version));
      if (existing.digest === version.digest) return 'known';
      this.logger.warn(
        `security-posture: ${ref} ${version.version} was republished with other content (${version.digest}); the version first published (${existing.digest}) is kept, since repositories record it. Publish a new version instead.`,
      );
      return 'differs';
    }
    await this.db(TABLE)
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
    this.stored.add(key(ref, version.version));
    this.logger.info(
      `security-posture: recorded ${ref} ${version.version} (${version.digest}) from the ${source}`,
    );
    for (const listener of this.listeners) {
      try {
        await listener(ref, version.version);
      } catch (error) {
        this.logger.warn(
          `security-posture: after recording ${ref} ${version.version}: ${error}`,
        );
      }
    }
    return 'recorded';
  }

  /**
   * Runs `listener` after each newly published version is recorded (the template-goal campaigns
   * evaluated again); its failure is logged.
   */
  onRecorded(
    listener: (templateRef: string, version: string) => Promise<unknown>,
  ): void {
    this.listeners.push(listener);
  }

  /** Whether a version is stored (remembered once seen, so listings ask the database once). */
  async has(templateRef: string, version: string): Promise<boolean> {
    const k = key(templateRef, version);
    if (this.stored.has(k)) return true;
    const known = await this.db(TABLE)
      .where({ template_ref: lowerRef(templateRef), version })
      .first('version');
    if (known) this.stored.add(k);
    return Boolean(known);
  }

  /** A stored version, or undefined; read through `db` (a caller's transaction) when given. */
  async load(
    templateRef: string,
    version: string,
    db: Knex = this.db,
  ): Promise<TemplateVersion | undefined> {
    const cached = this.cached(templateRef, version);
    if (cached) return cached;
    const row = await db(TABLE)
      .where({ template_ref: lowerRef(templateRef), version })
      .first();
    if (!row) return undefined;
    const loaded: TemplateVersion = {
      ...templateVersionFromFiles(
        row.template_ref,
        decodeFiles(JSON.parse(row.files)),
      ),
      digest: row.digest,
    };
    this.loaded.set(key(templateRef, version), loaded);
    return loaded;
  }

  /** A version already loaded into memory, without reading the database. */
  cached(templateRef: string, version: string): TemplateVersion | undefined {
    return this.loaded.get(key(templateRef, version));
  }

  /** The stored versions of a template, newest first. */
  async versions(templateRef: string): Promise<string[]> {
    const rows = await this.db(TABLE)
      .where({ template_ref: lowerRef(templateRef) })
      .select('version');
    return rows
      .map(r => r.version as string)
      .filter(v => semver.valid(v))
      .sort(semver.rcompare);
  }
}
