import {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { securityPostureAuditReadPermission } from '@golden-path/plugin-security-posture-common';
import { SecurityPostureRouter } from '../service/routerType';
import { AuditLog } from './AuditLog';

/** `GET /v1/audit`: the audit log, for holders of security-posture.audit.read. @internal */
export function registerAuditRoutes(
  router: SecurityPostureRouter,
  options: {
    audit: AuditLog;
    httpAuth: HttpAuthService;
    permissions: PermissionsService;
  },
): void {
  const { audit, httpAuth, permissions } = options;
  router.get('/v1/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: securityPostureAuditReadPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed to read the audit log (${securityPostureAuditReadPermission.name})`,
      );
    }
    const q = req.query;
    res.json(
      await audit.query({
        entityRef: q.entityRef,
        type: q.type,
        actor: q.actor,
        since: q.since,
        cursor: q.cursor,
        limit: q.limit === undefined ? undefined : Number(q.limit),
      }),
    );
  });
}
