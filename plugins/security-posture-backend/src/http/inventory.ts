import { InventoryService } from '../inventory/InventoryService';
import { HttpAccess } from './auth';
import { SecurityPostureRouter } from './routerType';

/**
 * `GET /v1/inventory`: the fleet search by package, for people, answering only the components
 * whose security posture the caller may read (`security-posture.read`, as the posture routes).
 *
 * @internal
 */
export function bindInventory(
  router: SecurityPostureRouter,
  deps: { access: HttpAccess; inventory: InventoryService },
): void {
  const { access, inventory } = deps;

  router.get('/v1/inventory', async (req, res) => {
    const credentials = await access.credentials(req);
    const q = req.query;
    res.json(
      await inventory.search(
        {
          purl: q.purl,
          type: q.type,
          namespace: q.namespace,
          name: q.name,
          range: q.range,
          limit: q.limit === undefined ? undefined : Number(q.limit),
          cursor: q.cursor,
        },
        access.visibleTo(credentials),
      ),
    );
  });
}
