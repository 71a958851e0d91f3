import { FindingsQuery } from '@golden-path/plugin-security-posture-common';
import type { Response } from 'express';
import { FindingsService } from '../findings/FindingsService';
import { ComponentInventoryService } from '../inventory/ComponentInventory';
import { PostureService } from '../posture/PostureService';
import { HttpAccess, pathRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * A component's posture, its findings (a page), one finding and its dependency inventory (a
 * page), each for callers who may read that component's security posture.
 *
 * @internal
 */
export function bindPostures(
  router: SecurityPostureRouter,
  deps: {
    access: HttpAccess;
    postures: PostureService;
    findings: FindingsService;
    componentInventory: ComponentInventoryService;
  },
): void {
  const { access, postures, findings, componentInventory } = deps;

  router.get(
    '/v1/entities/:kind/:namespace/:name/posture',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      const app = req.app;
      if (
        app.get('json spaces') !== undefined ||
        app.get('json replacer') !== undefined ||
        app.get('json escape')
      ) {
        // the app formats its JSON its own way (development mode indents it): res.json does
        res.json(await postures.getPosture(entityRef));
        return;
      }
      // the served JSON text as it is (its stored parts never parsed and serialised again),
      // with the headers res.json would set
      const body = await postures.getPostureJson(entityRef);
      const raw = res as unknown as Response;
      if (!raw.get('Content-Type')) raw.set('Content-Type', 'application/json');
      raw.send(body);
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
    '/v1/entities/:kind/:namespace/:name/inventory',
    async (req, res) => {
      const entityRef = pathRef(req.params);
      await access.requireRead(req, entityRef);
      const q = req.query;
      res.json(
        await componentInventory.list(entityRef, {
          q: q.q,
          licence: q.licence,
          direct: q.direct,
          limit: q.limit === undefined ? undefined : Number(q.limit),
          cursor: q.cursor,
        }),
      );
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
