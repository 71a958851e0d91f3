import { AuthService, CacheService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
  RELATION_PART_OF,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { JsonValue } from '@backstage/types';
import { randomUUID } from 'node:crypto';
import {
  ANNOTATION_POSTURE_ENABLED,
  ANNOTATION_TEMPLATE_REF,
  ANNOTATION_TEMPLATE_VERSION,
  readSecurityTier,
} from '@golden-path/plugin-security-posture-common';
import { ComponentFacts } from '../database/PostureStore';
import { lowerRef, normalizeRef, refOf } from '../lib/refs';

/**
 * Runs a catalog call, once more if the connection was reset: a keep-alive socket that the
 * catalog closed as it was reused fails with ECONNRESET, and the call itself is a read.
 */
async function withRetryOnReset<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const code =
      (error as { code?: string }).code ??
      (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'ECONNRESET') {
      throw error;
    }
    return call();
  }
}

/** The golden-path template a component was made from (its annotation), as a full ref. @internal */
export function templateRefOf(entity: Entity): string | null {
  const raw = entity.metadata.annotations?.[ANNOTATION_TEMPLATE_REF];
  return raw ? normalizeRef(raw, 'template') ?? null : null;
}

function relationTarget(
  entity: Entity,
  type: string,
  kind: string,
): string | null {
  const target = entity.relations?.find(
    r => r.type === type && r.targetRef.startsWith(`${kind}:`),
  )?.targetRef;
  return lowerRef(target);
}

/** A group of the organisation; `email` is its profile's contact address. */
interface OrgGroup {
  title: string;
  parentRef: string | null;
  childRefs: string[];
  email?: string | null;
}

/** The organisation as the scorecards need it. */
export interface OrgModel {
  components: (ComponentFacts & { title: string })[];
  groups: Map<string, OrgGroup>;
  systems: Map<string, { title: string; domainRef: string | null }>;
  domains: Map<string, { title: string }>;
}

const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.lifecycle',
  'spec.owner',
  'spec.system',
  'spec.domain',
  'spec.profile.email',
  'relations',
];

/**
 * The organisation is kept in the cache service in two entries: a small stamp (a random id that
 * changes on every read from the catalog) and the organisation under that stamp. Each process
 * keeps the organisation it last deserialised with its stamp, and reuses it while the shared stamp
 * is the same: a scorecard costs one small cache read, not the parse of the whole organisation.
 */
const ORG_STAMP_KEY = 'org-model:v3:stamp';
const orgKey = (stamp: string) => `org-model:v3:${stamp}`;
/** How much longer than its stamp the organisation is kept, so a live stamp finds its body. */
const ORG_BODY_GRACE_SECONDS = 60;

/** An {@link OrgModel} as JSON (the cache service stores JSON values). */
interface CachedOrg {
  components: OrgModel['components'];
  groups: [string, OrgGroup][];
  systems: [string, { title: string; domainRef: string | null }][];
  domains: [string, { title: string }][];
}

function toCached(org: OrgModel): CachedOrg {
  return {
    components: org.components,
    groups: [...org.groups],
    systems: [...org.systems],
    domains: [...org.domains],
  };
}

function fromCached(cached: CachedOrg): OrgModel {
  return {
    components: cached.components,
    groups: new Map(cached.groups),
    systems: new Map(cached.systems),
    domains: new Map(cached.domains),
  };
}

/** Reads what the plugin needs from the catalog, with its own service credentials. */
export class CatalogFacts {
  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    /** Where {@link CatalogFacts.loadOrg} keeps the organisation for `orgTtlSeconds`. */
    private readonly orgCache?: { cache: CacheService; orgTtlSeconds: number },
  ) {}

  /** The organisation this process last read or deserialised, with its stamp. */
  private orgMemo?: { stamp: string; org: OrgModel };

  private async credentials() {
    return { credentials: await this.auth.getOwnServiceCredentials() };
  }

  /** The facts of one component; undefined when the catalog does not have it. */
  async getComponent(entityRef: string): Promise<ComponentFacts | undefined> {
    const options = await this.credentials();
    const entity = await withRetryOnReset(() =>
      this.catalog.getEntityByRef(entityRef, options),
    );
    if (!entity) {
      return undefined;
    }
    const systemRef = relationTarget(entity, RELATION_PART_OF, 'system');
    let domainRef: string | null = null;
    if (systemRef) {
      const system = await withRetryOnReset(() =>
        this.catalog.getEntityByRef(systemRef, options),
      );
      domainRef = system
        ? relationTarget(system, RELATION_PART_OF, 'domain')
        : null;
    }
    return this.toFacts(entity, systemRef, domainRef);
  }

  private toFacts(
    entity: Entity,
    systemRef: string | null,
    domainRef: string | null,
  ): ComponentFacts {
    return {
      entityRef: refOf(entity),
      tier: readSecurityTier(entity) ?? null,
      lifecycle:
        typeof entity.spec?.lifecycle === 'string'
          ? entity.spec.lifecycle
          : null,
      ownerRef:
        relationTarget(entity, RELATION_OWNED_BY, 'group') ??
        relationTarget(entity, RELATION_OWNED_BY, 'user'),
      systemRef,
      domainRef,
      providedApis:
        entity.relations?.filter(r => r.type === 'providesApi').length ?? 0,
      templateRef: templateRefOf(entity),
      templateVersion:
        entity.metadata.annotations?.[ANNOTATION_TEMPLATE_VERSION] ?? null,
    };
  }

  /**
   * Every component, group, system and domain: one catalog query, reused for `orgTtlSeconds`
   * through the cache service when one is given (a scorecard of 10,000 components would
   * otherwise read all of them from the catalog on every page view).
   */
  async loadOrg(): Promise<OrgModel> {
    const { cache, orgTtlSeconds = 0 } = this.orgCache ?? {};
    if (!cache || orgTtlSeconds <= 0) return this.readOrg();
    const stamp = await cache.get(ORG_STAMP_KEY).catch(() => undefined);
    if (typeof stamp === 'string') {
      if (this.orgMemo?.stamp === stamp) return this.orgMemo.org;
      const hit = await cache.get(orgKey(stamp)).catch(() => undefined);
      if (hit) {
        const org = fromCached(hit as unknown as CachedOrg);
        this.orgMemo = { stamp, org };
        return org;
      }
    }
    const org = await this.readOrg();
    const next = randomUUID();
    this.orgMemo = { stamp: next, org };
    // a cache that cannot store is no reason to fail the read; the body first, so that a stamp
    // another replica can see always has its organisation
    try {
      await cache.set(orgKey(next), toCached(org) as unknown as JsonValue, {
        ttl: { seconds: orgTtlSeconds + ORG_BODY_GRACE_SECONDS },
      });
      await cache.set(ORG_STAMP_KEY, next, { ttl: { seconds: orgTtlSeconds } });
    } catch {
      // the next read goes to the catalog again
    }
    return org;
  }

  private async readOrg(): Promise<OrgModel> {
    const options = await this.credentials();
    const { items } = await withRetryOnReset(() =>
      this.catalog.getEntities(
        {
          filter: { kind: ['Component', 'Group', 'System', 'Domain'] },
          fields: FIELDS,
        },
        options,
      ),
    );
    const systems: OrgModel['systems'] = new Map();
    const domains: OrgModel['domains'] = new Map();
    const groups: OrgModel['groups'] = new Map();
    for (const e of items) {
      const ref = refOf(e);
      const title = e.metadata.title ?? e.metadata.name;
      if (e.kind === 'System') {
        systems.set(ref, {
          title,
          domainRef: relationTarget(e, RELATION_PART_OF, 'domain'),
        });
      } else if (e.kind === 'Domain') {
        domains.set(ref, { title });
      } else if (e.kind === 'Group') {
        const email = (e.spec?.profile as { email?: unknown } | undefined)
          ?.email;
        groups.set(ref, {
          title,
          parentRef: relationTarget(e, RELATION_CHILD_OF, 'group'),
          childRefs: [],
          email: typeof email === 'string' ? email : null,
        });
      }
    }
    for (const [ref, group] of groups) {
      if (group.parentRef) {
        groups.get(group.parentRef)?.childRefs.push(ref);
      }
    }
    const components = items
      .filter(
        e =>
          e.kind === 'Component' &&
          e.metadata.annotations?.[ANNOTATION_POSTURE_ENABLED] !== 'false',
      )
      .map(e => {
        const systemRef = relationTarget(e, RELATION_PART_OF, 'system');
        return {
          ...this.toFacts(
            e,
            systemRef,
            systemRef ? systems.get(systemRef)?.domainRef ?? null : null,
          ),
          title: e.metadata.title ?? e.metadata.name,
        };
      });
    return { components, groups, systems, domains };
  }
}
