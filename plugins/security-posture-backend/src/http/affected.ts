import {
  securityPostureAffectedNotifyPermission,
  securityPostureScorecardReadPermission,
} from '@golden-path/plugin-security-posture-common';
import { AffectedService } from '../affected/AffectedService';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * `GET /v1/affected` and `POST /v1/affected/notify`: the lead's zero-day view, over the
 * components the caller may read; reading it is the scorecard's permission, notifying owners a
 * permission of its own.
 *
 * @internal
 */
export function bindAffected(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; affected: AffectedService },
): void {
  const { access, affected } = deps;

  router.get('/v1/affected', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureScorecardReadPermission,
      'not allowed to read the zero-day view (security-posture.scorecard.read)',
    );
    const q = req.query;
    res.json(
      await affected.affected(
        {
          advisory: q.advisory,
          purl: q.purl,
          type: q.type,
          namespace: q.namespace,
          name: q.name,
          range: q.range,
        },
        access.visibleTo(credentials),
      ),
    );
  });

  router.post('/v1/affected/notify', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureAffectedNotifyPermission,
      'not allowed to notify the owners of affected components (security-posture.affected.notify)',
    );
    res.json(
      await affected.notifyOwners(
        req.body,
        access.visibleTo(credentials),
        principalRef(credentials),
      ),
    );
  });
}
