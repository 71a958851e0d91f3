import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderCampaignsPage as render } from '../../__testUtils__/campaigns';

jest.setTimeout(20_000);

// usePermission caches its answer per test file: the denied views have their own file
describe('SecurityCampaignsPage without the permissions', () => {
  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:campaign');
    URL.revokeObjectURL = jest.fn();
  });

  it('shows the list with progress; no "new campaign" without the permission', async () => {
    await render({ path: '/', permission: 'DENY' });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Node service 1.1.0 everywhere');
    expect(rows[1]).toHaveTextContent('Active');
    expect(rows[1]).toHaveTextContent('1 of 3 compliant');
    expect(rows[2]).toHaveTextContent(
      'No open finding matching CVE-2021-44228',
    );
    expect(rows[2]).toHaveTextContent('Not evaluated yet');
    expect(
      screen.queryByRole('button', { name: 'New campaign' }),
    ).not.toBeInTheDocument();
  });

  it('shows one campaign: burn-down summary, teams nested, components failing first as text, CSV', async () => {
    const api = await render({ path: '/c-1', permission: 'DENY' });
    expect(
      await screen.findByRole('heading', {
        name: 'Node service 1.1.0 everywhere',
      }),
    ).toBeInTheDocument();
    // untrusted text stays text
    expect(
      screen.getByText('<b>not bold</b> upgrade before the audit'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('<img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(
      screen.getByText(
        /From 3 failing on 2026-12-04 to 2 failing on 2026-12-06/,
      ),
    ).toBeInTheDocument();
    const teams = screen.getByRole('table', { name: 'Teams in the campaign' });
    const teamRows = within(teams).getAllByRole('row').slice(1);
    expect(teamRows.map(r => r.textContent)).toEqual([
      'Engineering002',
      'Payments202',
      'Checkout010',
    ]);
    const components = screen.getByRole('table', {
      name: 'Components in the campaign',
    });
    const rows = within(components).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Failing');
    expect(rows[2]).toHaveTextContent('Compliant');
    // no edit, delete or upgrades without the permissions
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Offer upgrades/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    expect(URL.createObjectURL).toHaveBeenCalledTimes(1);
    expect(api.getCampaign).toHaveBeenCalledWith('c-1');
  });
});
