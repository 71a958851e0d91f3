import {
  AuthService,
  LoggerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
} from '@golden-path/plugin-security-posture-common';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Knex } from 'knex';
import semver from 'semver';
import {
  behind,
  ChangelogVersion,
  parseChangelog,
} from '@golden-path/template-upgrade';
import { templateRefOf } from '../catalog/CatalogFacts';
import { lowerRef, refOf } from '../lib/refs';
import { DriftCheck } from './DriftCheck';
import { PublishedVersions } from './publishedVersions';
import { UpgradeRecordStore } from './UpgradeRecordStore';
import { isUnderLocalRoots } from './localRoots';
import { UpgradeRecord } from './UpgradeRecordStore';

/** A golden-path template as the templates page shows it. @internal */
export type TemplateSummary = {
  ref: string;
  namespace: string;
  name: string;
  title: string;
  latestVersion: string;
  versions: ChangelogVersion[];
  adoption: { version: string; components: number }[];
};

/** A component made from a template. @internal */
export type TemplateComponent = {
  entityRef: string;
  owner: string | null;
  version: string;
  behindBy: number;
  securityReleasesBehind: number;
  drifted: boolean | null;
  upgrade: UpgradeRecord | null;
};

const MAX_CHANGELOG_BYTES = 512 * 1024;

/**
 * The golden-path templates in the catalog (Template entities with a template-version annotation),
 * their versions from the CHANGELOG.md beside each template.yaml, and the components made from
 * them (their template-ref and template-version annotations).
 *
 * The changelog is read through the UrlReader for `url:` locations, and from disk for `file:`
 * locations only under `securityPosture.templates.localRoots` (never a path outside them, never a
 * symlink).
 *
 * @internal
 */
export class TemplateCatalog {
  private cache = new Map<
    string,
    { at: number; current?: string; versions: ChangelogVersion[] }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      urlReader: UrlReaderService;
      logger: LoggerService;
      localRoots: string[];
      cacheMs?: number;
      /** Records every version the catalog shows, so it can be re-rendered later. */
      published?: PublishedVersions;
      /** Upgrade records; without them upgrades are not served. */
      records?: UpgradeRecordStore;
      /** Drift of components' managed files; without it drift is not served. */
      drift?: DriftCheck;
    },
  ) {}

  private async credentials() {
    return { credentials: await this.options.auth.getOwnServiceCredentials() };
  }

  private async templates(): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Template',
          [`metadata.annotations.${ANNOTATION_TEMPLATE_VERSION}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      await this.credentials(),
    );
    // every template version the catalog shows is kept, so it can be re-rendered later
    for (const entity of items)
      await this.options.published?.recordFromCatalog(entity);
    return items;
  }

  private async components(): Promise<Entity[]> {
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          kind: 'Component',
          [`metadata.annotations.${ANNOTATION_TEMPLATE_REF}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      await this.credentials(),
    );
    return items;
  }

  /** The CHANGELOG.md beside a template's definition, or undefined when it cannot be read. */
  private async readChangelog(entity: Entity): Promise<string | undefined> {
    const location = entity.metadata.annotations?.[ANNOTATION_LOCATION] ?? '';
    const [type, ...rest] = location.split(':');
    const target = rest.join(':');
    try {
      if (type === 'url') {
        const url = new URL('CHANGELOG.md', target).toString();
        const response = await this.options.urlReader.readUrl(url);
        const buffer = await response.buffer();
        return buffer.subarray(0, MAX_CHANGELOG_BYTES).toString('utf8');
      }
      if (type === 'file') {
        const file = path.resolve(path.dirname(target), 'CHANGELOG.md');
        if (!isUnderLocalRoots(this.options.localRoots, file)) return undefined;
        const stat = await fs.lstat(file);
        if (!stat.isFile() || stat.size > MAX_CHANGELOG_BYTES) return undefined;
        return await fs.readFile(file, 'utf8');
      }
    } catch (error) {
      this.options.logger.debug(
        `security-posture: no changelog for ${stringifyEntityRef(
          entity,
        )}: ${error}`,
      );
    }
    return undefined;
  }

  /**
   * A template's versions, newest first: its changelog, plus its current version if missing.
   * Cached per template for `cacheMs` (the changelog is a file or URL read).
   */
  private async versionsOf(entity: Entity): Promise<ChangelogVersion[]> {
    const ref = refOf(entity);
    const current = entity.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION];
    const cached = this.cache.get(ref);
    const now = Date.now();
    if (
      cached &&
      cached.current === current &&
      now - cached.at < (this.options.cacheMs ?? 60_000)
    ) {
      return cached.versions;
    }
    const text = await this.readChangelog(entity);
    let versions = text ? parseChangelog(text) : [];
    if (
      current &&
      semver.valid(current) &&
      !versions.some(v => v.version === current)
    ) {
      versions = [
        { version: current, releasedAt: null, changelog: [] },
        ...versions,
      ].sort((a, b) => semver.rcompare(a.version, b.version));
    }
    this.cache.set(ref, { at: now, current, versions });
    return versions;
  }

  /** Every golden-path template with its versions and adoption. */
  async list(): Promise<TemplateSummary[]> {
    const [templates, components] = await Promise.all([
      this.templates(),
      this.components(),
    ]);
    const out: TemplateSummary[] = [];
    for (const entity of templates) {
      const ref = refOf(entity);
      const versions = await this.versionsOf(entity);
      const counts = new Map<string, number>();
      for (const c of components) {
        if (templateRefOf(c) !== ref) continue;
        const version =
          c.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION] ?? 'unknown';
        counts.set(version, (counts.get(version) ?? 0) + 1);
      }
      out.push({
        ref,
        namespace: entity.metadata.namespace ?? 'default',
        name: entity.metadata.name,
        title: entity.metadata.title ?? entity.metadata.name,
        latestVersion:
          entity.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION] ??
          versions[0]?.version ??
          '',
        versions,
        adoption: [...counts]
          .map(([version, n]) => ({ version, components: n }))
          .sort((a, b) =>
            semver.valid(a.version) && semver.valid(b.version)
              ? semver.rcompare(a.version, b.version)
              : a.version.localeCompare(b.version),
          ),
      });
    }
    return out.sort((a, b) => a.title.localeCompare(b.title));
  }

  private async templateByName(namespace: string, name: string) {
    const ref = refOf({ kind: 'template', namespace, name });
    const template = (await this.templates()).find(t => refOf(t) === ref);
    if (!template) {
      throw new NotFoundError(`No golden-path template ${ref} in the catalog`);
    }
    return { ref, template };
  }

  /** The catalog entities of the components made from a template, with how far behind each is. */
  async componentEntities(
    namespace: string,
    name: string,
  ): Promise<{ ref: string; items: { entity: Entity; behindBy: number }[] }> {
    const { ref, template } = await this.templateByName(namespace, name);
    const versions = await this.versionsOf(template);
    return {
      ref,
      items: (await this.components())
        .filter(c => templateRefOf(c) === ref)
        .map(entity => ({
          entity,
          behindBy:
            behind(
              versions,
              entity.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION] ?? '',
            )?.behindBy ?? 0,
        })),
    };
  }

  /** The components made from one template, most versions behind first. */
  async componentsOf(
    namespace: string,
    name: string,
  ): Promise<TemplateComponent[]> {
    const { ref, template } = await this.templateByName(namespace, name);
    const versions = await this.versionsOf(template);
    const upgrades = new Map(
      ((await this.options.records?.list(ref)) ?? []).map(u => [
        u.entityRef,
        u,
      ]),
    );
    const made = (await this.components()).filter(
      e => templateRefOf(e) === ref,
    );
    const out: TemplateComponent[] = await Promise.all(
      made.map(async c => {
        const version =
          c.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION] ?? '';
        const distance = behind(versions, version);
        const entityRef = refOf(c);
        return {
          entityRef,
          owner: lowerRef(
            c.relations?.find(r => r.type === RELATION_OWNED_BY)?.targetRef,
          ),
          version,
          behindBy: distance?.behindBy ?? 0,
          securityReleasesBehind: distance?.securityReleasesBehind ?? 0,
          drifted: (await this.options.drift?.drifted(c)) ?? null,
          upgrade: upgrades.get(entityRef) ?? null,
        };
      }),
    );
    return out.sort(
      (a, b) =>
        b.behindBy - a.behindBy || a.entityRef.localeCompare(b.entityRef),
    );
  }

  /**
   * How far a component's template version is behind, for its posture (computed at every ingest:
   * one catalog lookup by ref, the changelog from the cache).
   */
  async versionStatus(
    templateRef: string,
    version: string | null,
    entityRef?: string,
    tx?: Knex,
  ): Promise<
    | {
        latestVersion: string;
        behindBy: number;
        securityReleasesBehind: number;
        drifted?: boolean | null;
      }
    | undefined
  > {
    const template = await this.options.catalog.getEntityByRef(
      lowerRef(templateRef)!,
      await this.credentials(),
    );
    if (
      !template ||
      !template.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION]
    ) {
      return undefined;
    }
    const versions = await this.versionsOf(template);
    const distance = behind(versions, version);
    if (!distance || !versions[0]) return undefined;
    let drifted: boolean | null = null;
    if (entityRef && this.options.drift) {
      const component = await this.options.catalog.getEntityByRef(
        entityRef,
        await this.credentials(),
      );
      // inside the posture's transaction: the template version is read through it (SQLite has
      // one connection), so a replica that has not loaded the version yet still answers
      if (component) {
        drifted = await this.options.drift.drifted(component, tx);
      }
    }
    return { latestVersion: versions[0].version, ...distance, drifted };
  }
}
