import {
  AuthService,
  BackstageCredentials,
  BackstageServicePrincipal,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_OWNED_BY,
} from '@backstage/catalog-model';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { lowerRef } from '../lib/refs';
import { CI_SUBJECT_PARSERS, CiIdentity } from './ciSubjects';
import { TokenScope, UploadsConfig } from './config';
import { repositoriesOf } from './repositories';

/** How deep a static token's groups are followed down to sub-groups. */
const MAX_GROUP_DEPTH = 10;

/** Who a service caller is, as far as writing posture goes. @internal */
export type ServiceCaller =
  | { kind: 'ci'; subject: string; identity: CiIdentity }
  | { kind: 'token'; subject: string; scope: TokenScope }
  | { kind: 'unbound'; subject: string; reason?: string };

/**
 * Binds every service caller's write to what it may touch (Backstage allows every permission to a
 * service principal, so the plugin itself decides): a CI identity token may report only for the
 * components whose repository is the token's, and only for its own branch (a pull request's,
 * a tag's or an environment's token never for the default branch); a static credential only for
 * the components and groups `securityPosture.uploads.tokens` names; any other service, nothing.
 * Users are not bound here: their permissions decide.
 *
 * @internal
 */
export class UploadBinding {
  constructor(
    private readonly options: {
      config: UploadsConfig;
      catalog: CatalogService;
      auth: AuthService;
      defaultBranch: string;
    },
  ) {}

  /** What a service principal is bound to. */
  callerOf(principal: BackstageServicePrincipal): ServiceCaller {
    const subject = principal.subject;
    for (const rule of this.options.config.trust) {
      const prefix = `external:${rule.subjectPrefix}:`;
      if (!subject.startsWith(prefix)) continue;
      const identity = CI_SUBJECT_PARSERS[rule.provider](
        subject.slice(prefix.length),
      );
      return identity
        ? { kind: 'ci', subject, identity }
        : {
            kind: 'unbound',
            subject,
            reason: `its identity token's subject is not one of a ${rule.provider} CI job`,
          };
    }
    const scope = this.options.config.tokens.find(t => t.subject === subject);
    return scope
      ? { kind: 'token', subject, scope }
      : { kind: 'unbound', subject };
  }

  /**
   * Refuses (403) unless the caller may write `branch` of `entityRef`; 404 for a component the
   * catalog does not have. Users pass: their permissions decide.
   */
  async checkWrite(
    credentials: BackstageCredentials,
    entityRef: string,
    branch: string | undefined,
  ): Promise<void> {
    const caller = this.serviceCaller(credentials);
    if (!caller) return;
    await this.checkEntity(caller, entityRef);
    if (caller.kind !== 'ci') return;
    const target = branch ?? this.options.defaultBranch;
    const own = caller.identity.branch;
    if (own !== null && own !== target) {
      throw new NotAllowedError(
        `the identity token of ${caller.identity.repository} runs on branch ${own}; it may report for branch ${own} only, not ${target}`,
      );
    }
    if (own === null && target === this.options.defaultBranch) {
      throw new NotAllowedError(
        `the identity token of ${caller.identity.repository} (${caller.identity.context}) is not one of the default branch ${target}; give the branch it reports for`,
      );
    }
  }

  /** Refuses (403) unless the caller may ask the gate about `entityRef` (any branch of its repository). */
  async checkGate(
    credentials: BackstageCredentials,
    entityRef: string,
  ): Promise<void> {
    const caller = this.serviceCaller(credentials);
    if (caller) await this.checkEntity(caller, entityRef);
  }

  private serviceCaller(
    credentials: BackstageCredentials,
  ): ServiceCaller | undefined {
    const principal = credentials.principal as { type: string };
    return principal.type === 'service'
      ? this.callerOf(credentials.principal as BackstageServicePrincipal)
      : undefined;
  }

  private async checkEntity(
    caller: ServiceCaller,
    entityRef: string,
  ): Promise<void> {
    if (caller.kind === 'unbound') {
      throw new NotAllowedError(
        `${caller.subject} is bound to no component${
          caller.reason ? ` (${caller.reason})` : ''
        }: service callers report with a CI identity token or a credential that securityPosture.uploads.tokens scopes`,
      );
    }
    const entity = await this.entity(entityRef);
    if (caller.kind === 'ci') {
      const { provider, repository } = caller.identity;
      const named = repositoriesOf(entity, provider);
      if (!named.includes(repository)) {
        throw new NotAllowedError(
          `the identity token of ${provider} repository ${repository} may not report for ${entityRef}, whose repository is ${
            named.join(', ') || 'not named (no project-slug or source-location)'
          }`,
        );
      }
      return;
    }
    if (caller.scope.entities.includes(entityRef)) return;
    if (await this.ownedWithin(entity, caller.scope.groups)) return;
    throw new NotAllowedError(
      `${caller.subject} may report only for ${[
        ...caller.scope.entities,
        ...caller.scope.groups.map(g => `components of ${g}`),
      ].join(', ')}; not for ${entityRef}`,
    );
  }

  private async entity(entityRef: string): Promise<Entity> {
    const entity = await this.options.catalog.getEntityByRef(entityRef, {
      credentials: await this.options.auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new NotFoundError(`No component ${entityRef} in the catalog`);
    }
    return entity;
  }

  /** Whether the entity's owner is one of `groups` or a sub-group of one. */
  private async ownedWithin(
    entity: Entity,
    groups: string[],
  ): Promise<boolean> {
    if (groups.length === 0) return false;
    let group = lowerRef(
      entity.relations?.find(
        r => r.type === RELATION_OWNED_BY && r.targetRef.startsWith('group:'),
      )?.targetRef,
    );
    const credentials = await this.options.auth.getOwnServiceCredentials();
    for (let depth = 0; group && depth < MAX_GROUP_DEPTH; depth += 1) {
      if (groups.includes(group)) return true;
      const parent: Entity | undefined =
        await this.options.catalog.getEntityByRef(group, { credentials });
      group = lowerRef(
        parent?.relations?.find(r => r.type === RELATION_CHILD_OF)?.targetRef,
      );
    }
    return false;
  }
}
