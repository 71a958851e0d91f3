import { screen } from '@testing-library/react';
import { render, setup } from '../../__testUtils__/templates';

jest.setTimeout(20_000);

// usePermission caches its answers per test file: this file is the one without the permission
describe('GoldenPathTemplatesPage without the upgrade permission', () => {
  it('offers no upgrade without the permission, and says who may', async () => {
    await render(setup(), 'DENY');
    await screen.findByRole('table', { name: 'Components made from it' });
    expect(
      await screen.findByText(
        'Template upgrades are started by admins and template maintainers.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /upgrade/i })).toBeNull();
  });
});
