import { screen } from '@testing-library/react';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis, renderTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import plugin from './alpha';
import { securityPostureApiRef } from './api';
import { makeRow, mockSecurityPostureApi } from './__testUtils__/fixtures';

describe('security-posture plugin in a new-frontend-system app', () => {
  it('serves the scorecard page at /security-scorecard with the API it is given', async () => {
    const api = mockSecurityPostureApi();
    api.getScorecards.mockResolvedValue({
      groupBy: 'owner',
      items: [makeRow({ title: 'Payments' })],
    });
    renderTestApp({
      features: [plugin],
      initialRouteEntries: ['/security-scorecard'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      apis: [
        [securityPostureApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/ada',
            ownershipEntityRefs: ['user:default/ada'],
          }),
        ],
      ],
    });
    expect(
      await screen.findByRole('table', { name: 'Teams' }, { timeout: 10_000 }),
    ).toBeInTheDocument();
    expect(screen.getByText('Payments')).toBeInTheDocument();
    expect(api.getScorecards).toHaveBeenCalledWith('owner');
  });
});
