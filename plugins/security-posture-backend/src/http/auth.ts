import {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { securityPostureReadPermission } from '@golden-path/plugin-security-posture-common';
import { refOf } from '../lib/refs';
import { VisibleFilter } from '../scorecards/ScorecardService';

/** Any request a route handler gets. @internal */
export type AnyRequest = Parameters<HttpAuthService['credentials']>[0];

/** Who may call an endpoint at all (what each may do is the permission's business). @internal */
export type CallerType = 'user' | 'service';

/** The principal of credentials as the plugin records it: a user's entity ref, or `service:<subject>`. @internal */
export function principalRef(credentials: BackstageCredentials): string {
  const p = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return p.type === 'user'
    ? p.userEntityRef!
    : `service:${p.subject ?? 'unknown'}`;
}

/** The entity ref of a `/v1/entities/:kind/:namespace/:name/...` path. @internal */
export function pathRef(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return refOf(params);
}

/**
 * Authentication and authorization for every binder: who is calling (through Backstage's
 * httpAuth), whether a permission allows it (through the permission framework), and which
 * components a caller may read. Every refusal is a NotAllowedError that names what was refused.
 *
 * @internal
 */
export class HttpAccess {
  constructor(
    private readonly httpAuth: HttpAuthService,
    private readonly permissions: PermissionsService,
  ) {}

  /**
   * The caller's credentials; 401 without, 403 for a caller type not in `allow`. People only by
   * default: a service caller (CI, another plugin on its own behalf) may upload and ask the gate
   * within its binding, and nothing else; a plugin acting for a person brings that person's
   * credentials.
   */
  credentials(
    req: AnyRequest,
    allow: CallerType[] = ['user'],
  ): Promise<BackstageCredentials> {
    return this.httpAuth.credentials(req, {
      allow,
    }) as Promise<BackstageCredentials>;
  }

  /** Whether a permission allows the caller (on the resource, for a resource permission). */
  async allows(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    resourceRef?: string,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [
        permission.type === 'resource'
          ? { permission, resourceRef: resourceRef! }
          : { permission },
      ],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** {@link HttpAccess.allows}, or a 403 saying `denied` (default: the permission's name). */
  async authorize(
    credentials: BackstageCredentials,
    permission: BasicPermission | ResourcePermission,
    options: { resourceRef?: string; denied?: string } = {},
  ): Promise<void> {
    if (!(await this.allows(credentials, permission, options.resourceRef))) {
      throw new NotAllowedError(
        options.denied ?? `not allowed: ${permission.name}`,
      );
    }
  }

  /** The caller's credentials, once a basic permission allows them. */
  async require(
    req: AnyRequest,
    permission: BasicPermission,
    denied?: string,
  ): Promise<BackstageCredentials> {
    const credentials = await this.credentials(req);
    await this.authorize(credentials, permission, { denied });
    return credentials;
  }

  /** The caller's credentials, once they may read the security posture of `entityRef`. */
  async requireRead(
    req: AnyRequest,
    entityRef: string,
  ): Promise<BackstageCredentials> {
    const credentials = await this.credentials(req);
    await this.authorize(credentials, securityPostureReadPermission, {
      resourceRef: entityRef,
      denied: `not allowed to read the security posture of ${entityRef}`,
    });
    return credentials;
  }

  /** Which of some components the caller may read (one conditional decision, then per ref). */
  visibleTo(credentials: BackstageCredentials): VisibleFilter {
    return async refs => {
      const [decision] = await this.permissions.authorizeConditional(
        [{ permission: securityPostureReadPermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.ALLOW) return new Set(refs);
      if (decision.result === AuthorizeResult.DENY || refs.length === 0) {
        return new Set();
      }
      const decisions = await this.permissions.authorize(
        refs.map(resourceRef => ({
          permission: securityPostureReadPermission,
          resourceRef,
        })),
        { credentials },
      );
      return new Set(
        refs.filter((_, i) => decisions[i].result === AuthorizeResult.ALLOW),
      );
    };
  }
}
