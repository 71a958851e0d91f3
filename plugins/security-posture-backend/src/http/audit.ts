import { securityPostureAuditReadPermission } from '@golden-path/plugin-security-posture-common';
import { AuditLog } from '../audit/AuditLog';
import { HttpAccess } from './auth';
import { SecurityPostureRouter } from './routerType';

/** `GET /v1/audit`: the audit log, for holders of security-posture.audit.read. @internal */
export function bindAudit(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; audit: AuditLog },
): void {
  const { access, audit } = deps;
  router.get('/v1/audit', async (req, res) => {
    await access.require(
      req,
      securityPostureAuditReadPermission,
      `not allowed to read the audit log (${securityPostureAuditReadPermission.name})`,
    );
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
