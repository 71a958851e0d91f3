import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { DEFAULT_POSTURE_CONFIG } from '../config';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { DatabaseInventoryStore } from '../inventory/InventoryStore';
import { parseReport } from '../parsers';
import {
  createPostureServices,
  PostureServices,
  PostureServicesOptions,
} from '../services';
import { testOrg } from './org';

/**
 * The posture services in process over a test database (migrated), the test organisation's
 * catalog and the default configuration: what service-level tests build on. Test use only.
 */
export async function postureServicesFor(
  knex: Knex,
  options: Partial<Omit<PostureServicesOptions, 'store' | 'catalog'>> & {
    entities?: Entity[];
  } = {},
): Promise<PostureServices & { store: DatabasePostureStore }> {
  const { entities = testOrg, ...rest } = options;
  const store = await DatabasePostureStore.create({
    database: mockServices.database({ knex }),
  });
  const services = createPostureServices({
    config: DEFAULT_POSTURE_CONFIG,
    parse: (body, { format }) => parseReport(body, { format }),
    logger: mockServices.logger.mock(),
    inventory: new DatabaseInventoryStore(knex),
    ...rest,
    store,
    catalog: new CatalogFacts(
      catalogServiceMock({ entities }),
      mockServices.auth(),
    ),
  });
  return { ...services, store };
}
