import { screen } from '@testing-library/react';
import { renderEvidencePage as render } from '../../__testUtils__/campaigns';
import { mockSecurityPostureApi } from '../../__testUtils__/fixtures';

// usePermission caches its answer per test file: the denied view has its own file
describe('SecurityEvidencePage without security-posture.evidence.read', () => {
  it('says who exports evidence and asks the API nothing', async () => {
    const api = mockSecurityPostureApi();
    await render({
      path: '/?from=2026-11-30&to=2026-12-06',
      permission: 'DENY',
      api,
    });
    expect(
      await screen.findByText(/Compliance evidence is exported by admins/),
    ).toBeInTheDocument();
    expect(api.getEvidence).not.toHaveBeenCalled();
  });
});
