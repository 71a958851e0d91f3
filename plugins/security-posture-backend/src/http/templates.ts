import {
  securityPostureTemplateReadPermission,
  securityPostureTemplateUpgradePermission,
} from '@golden-path/plugin-security-posture-common';
import { TemplateCatalog } from '../templates/TemplateCatalog';
import { UpgradeRequests } from '../templates/UpgradeRequests';
import { HttpAccess, principalRef } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * The golden-path templates: versions and adoption, the components made from one, and their
 * upgrades (listed with the read permission, started with the upgrade permission).
 *
 * @internal
 */
export function bindTemplates(
  router: SecurityPostureRouter,
  deps: {
    access: HttpAccess;
    templates: TemplateCatalog;
    upgrades: UpgradeRequests;
  },
): void {
  const { access, templates, upgrades } = deps;

  // the catalog's shapes are the spec's (TemplateList, ...); the validator checks them in tests
  router.get('/v1/templates', async (req, res) => {
    await access.require(req, securityPostureTemplateReadPermission);
    res.json({ items: (await templates.list()) as any[] });
  });

  // components and their upgrades are listed like postures: only those the caller may read
  router.get('/v1/templates/:namespace/:name/components', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureTemplateReadPermission,
    );
    const { namespace, name } = req.params;
    const items = await templates.componentsOf(namespace, name);
    const visible = await access.visibleTo(credentials)(
      items.map(i => i.entityRef),
    );
    res.json({ items: items.filter(i => visible.has(i.entityRef)) as any[] });
  });

  router.get('/v1/templates/:namespace/:name/upgrades', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureTemplateReadPermission,
    );
    const { namespace, name } = req.params;
    const items = await upgrades.list(namespace, name);
    const visible = await access.visibleTo(credentials)(
      items.map(i => i.entityRef),
    );
    res.json({ items: items.filter(i => visible.has(i.entityRef)) as any[] });
  });

  router.post('/v1/templates/:namespace/:name/upgrades', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureTemplateUpgradePermission,
    );
    const { namespace, name } = req.params;
    const results = await upgrades.start(
      namespace,
      name,
      req.body,
      principalRef(credentials),
      access.visibleTo(credentials),
    );
    res.json({ items: results as any[] });
  });

  // a run of the queue: any number of components, one durable job each
  router.post(
    '/v1/templates/:namespace/:name/upgrade-runs',
    async (req, res) => {
      const credentials = await access.require(
        req,
        securityPostureTemplateUpgradePermission,
      );
      const { namespace, name } = req.params;
      const run = await upgrades.enqueue(
        namespace,
        name,
        req.body,
        principalRef(credentials),
        access.visibleTo(credentials),
      );
      res.status(202).json(run as any);
    },
  );

  router.get('/v1/upgrade-runs/:id', async (req, res) => {
    const credentials = await access.require(
      req,
      securityPostureTemplateReadPermission,
    );
    const page = await upgrades.run(
      req.params.id,
      { cursor: req.query.cursor, limit: req.query.limit },
      access.visibleTo(credentials),
    );
    res.json(page as any);
  });
}
