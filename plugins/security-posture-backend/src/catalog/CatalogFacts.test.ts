import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { testOrg } from '../__testUtils__/org';
import { CatalogFacts } from './CatalogFacts';

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
});
