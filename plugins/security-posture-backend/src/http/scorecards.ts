import { securityPostureScorecardReadPermission } from '@golden-path/plugin-security-posture-common';
import { ScorecardService } from '../scorecards/ScorecardService';
import { HttpAccess } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * `GET /v1/scorecards` and `GET /v1/history`: roll-ups and daily series, over the components the
 * caller may read.
 *
 * @internal
 */
export function bindScorecards(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; scorecards: ScorecardService },
): void {
  const { access, scorecards } = deps;

  router.get('/v1/scorecards', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureScorecardReadPermission,
    );
    res.json(
      await scorecards.scorecards(
        req.query.groupBy,
        access.visibleTo(credentials),
      ),
    );
  });

  router.get('/v1/history', async (req, res) => {
    const credentials = await access.credentials(req);
    const days = req.query.days === undefined ? 90 : Number(req.query.days);
    res.json(
      await scorecards.history(
        req.query.entityRef,
        days,
        access.visibleTo(credentials),
      ),
    );
  });
}
