import { FindingsQuery } from '@golden-path/plugin-security-posture-common';
import { FindingsService } from '../findings/FindingsService';
import { PostureService } from '../posture/PostureService';
import { HttpAccess, pathRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * A component's posture, its findings (a page) and one finding, each for callers who may read
 * that component's security posture.
 *
 * @internal
 */
export function bindPostures(
  router: SecurityPostureRouter,
  deps: {
    access: HttpAccess;
    postures: PostureService;
    findings: FindingsService;
  },
): void {
  const { access, postures, findings } = deps;

  router.get(
    '/v1/entities/:kind/:namespace/:name/posture',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      res.json(await postures.getPosture(entityRef));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/findings',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      const q = req.query;
      const query: FindingsQuery = {
        status: q.status,
        severity: q.severity,
        kind: q.kind,
        tool: q.tool,
        q: q.q,
        sort: q.sort,
        order: q.order,
        limit: q.limit === undefined ? undefined : Number(q.limit),
        cursor: q.cursor,
      };
      res.json(await findings.listFindings(entityRef, query));
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/findings/:findingId',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      res.json(await findings.getFinding(entityRef, req.params.findingId));
    },
  );
}
