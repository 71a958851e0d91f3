import { CacheManager } from '@backstage/backend-defaults/cache';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testOrg } from '../__testUtils__/org';
import { CatalogFacts } from './CatalogFacts';

/** Backstage's own cache service on its in-memory store. */
function memoryCache() {
  return CacheManager.fromConfig(
    mockServices.rootConfig({
      data: { backend: { cache: { store: 'memory' } } },
    }),
  ).forPlugin('security-posture');
}

describe('CatalogFacts', () => {
  it('reads a component with its owner, system, domain and tier', async () => {
    const facts = new CatalogFacts(
      catalogServiceMock({ entities: testOrg }),
      mockServices.auth(),
    );
    expect(await facts.getComponent('component:default/payments-api')).toEqual({
      entityRef: 'component:default/payments-api',
      tier: 1,
      lifecycle: 'production',
      ownerRef: 'group:default/payments',
      systemRef: 'system:default/payments-system',
      domainRef: 'domain:default/commerce',
      providedApis: 1,
      templateRef: null,
      templateVersion: null,
    });
    expect(await facts.getComponent('component:default/ghost')).toBeUndefined();
  });

  it('retries a catalog read once when the connection was reset', async () => {
    const real = catalogServiceMock({ entities: testOrg });
    const reset = Object.assign(new Error('socket hang up'), {
      code: 'ECONNRESET',
    });
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest
        .fn()
        .mockRejectedValueOnce(reset)
        .mockImplementation((ref, options) =>
          real.getEntityByRef(ref, options),
        ),
    });
    const facts = new CatalogFacts(catalog, mockServices.auth());
    const component = await facts.getComponent(
      'component:default/auth-service',
    );
    expect(component?.ownerRef).toBe('group:default/identity');
    // the first call was reset, then the component and its system were read
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it('does not retry other errors', async () => {
    const catalog = catalogServiceMock.mock({
      getEntityByRef: jest.fn().mockRejectedValue(new Error('boom')),
    });
    const facts = new CatalogFacts(catalog, mockServices.auth());
    await expect(
      facts.getComponent('component:default/auth-service'),
    ).rejects.toThrow('boom');
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
  });

  it('reuses the organisation for the configured time through the cache service, and reads it every time with 0', async () => {
    const real = catalogServiceMock({ entities: testOrg });
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn((request, options) =>
        real.getEntities(request, options),
      ),
    });
    let now = Date.parse('2026-12-06T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const cached = new CatalogFacts(catalog, mockServices.auth(), {
        cache: memoryCache(),
        orgTtlSeconds: 30,
      });
      const first = await cached.loadOrg();
      const again = await cached.loadOrg();
      expect(catalog.getEntities).toHaveBeenCalledTimes(1);
      // the cached copy is the same organisation, Maps and all
      expect(again).toEqual(first);
      expect(again.groups.get('group:default/engineering')?.childRefs).toEqual(
        first.groups.get('group:default/engineering')?.childRefs,
      );
      expect(again.components.length).toBeGreaterThan(0);
      // past the time the catalog is read again
      now += 31_000;
      await cached.loadOrg();
      expect(catalog.getEntities).toHaveBeenCalledTimes(2);

      const uncached = new CatalogFacts(catalog, mockServices.auth(), {
        cache: memoryCache(),
        orgTtlSeconds: 0,
      });
      await uncached.loadOrg();
      await uncached.loadOrg();
      expect(catalog.getEntities).toHaveBeenCalledTimes(4);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('shares one read of the organisation between replicas on one cache, and each sees the next read', async () => {
    let entities = testOrg;
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn((request, options) =>
        catalogServiceMock({ entities }).getEntities(request, options),
      ),
    });
    let now = Date.parse('2026-12-06T10:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const cache = memoryCache();
      const replicaA = new CatalogFacts(catalog, mockServices.auth(), {
        cache,
        orgTtlSeconds: 30,
      });
      const replicaB = new CatalogFacts(catalog, mockServices.auth(), {
        cache,
        orgTtlSeconds: 30,
      });
      const readByA = await replicaA.loadOrg();
      const readByB = await replicaB.loadOrg();
      expect(catalog.getEntities).toHaveBeenCalledTimes(1);
      expect(readByB).toEqual(readByA);
      // B keeps what it deserialised while the shared stamp stays
      expect(await replicaB.loadOrg()).toBe(readByB);

      // the catalog changes; after the time, one replica reads it and the other sees that read
      entities = testOrg.filter(
        e => e.metadata.name !== 'auth-service' || e.kind !== 'Component',
      );
      now += 31_000;
      const nextA = await replicaA.loadOrg();
      const nextB = await replicaB.loadOrg();
      expect(catalog.getEntities).toHaveBeenCalledTimes(2);
      expect(nextB).toEqual(nextA);
      expect(nextB.components.map(c => c.entityRef)).not.toContain(
        'component:default/auth-service',
      );
      expect(readByB.components.map(c => c.entityRef)).toContain(
        'component:default/auth-service',
      );
    } finally {
      jest.restoreAllMocks();
    }
  });
});
