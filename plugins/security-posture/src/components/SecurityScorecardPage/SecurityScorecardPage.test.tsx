import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { identityApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { NotAllowedError } from '@backstage/errors';
import { ScorecardList } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import { makeRow, mockSecurityPostureApi } from '../../__testUtils__/fixtures';
import { SecurityScorecardPage } from './SecurityScorecardPage';

jest.setTimeout(20_000);

const teams: ScorecardList = {
  groupBy: 'owner',
  items: [
    makeRow({
      entityRef: 'group:default/engineering',
      title: 'Engineering',
      childRefs: ['group:default/payments'],
      componentRefs: [
        'component:default/payments-api',
        'component:default/tools',
      ],
      score: 74,
      grade: 'C',
      open: { critical: 1, high: 4, medium: 2, low: 0, info: 0 },
      overdue: 3,
      meanTimeToRemediateDays: 6.5,
      coverage: { scanned: 2, total: 2 },
      trend: [60, null, 74],
    }),
    makeRow({
      entityRef: 'group:default/payments',
      title: 'Payments',
      parentRef: 'group:default/engineering',
      componentRefs: ['component:default/payments-api'],
      score: 62,
      grade: 'D',
    }),
    makeRow({
      entityRef: 'group:default/marketing',
      title: '=cmd|"/c calc"!A1',
      componentRefs: [],
      score: null,
      grade: null,
      trend: [],
    }),
  ],
};

function setup(ownershipEntityRefs: string[]) {
  const api = mockSecurityPostureApi();
  api.getScorecards.mockImplementation(async groupBy =>
    groupBy === 'owner'
      ? teams
      : {
          groupBy,
          items: [
            makeRow({
              entityRef: `${groupBy}:default/payments`,
              title: `Payments ${groupBy}`,
              componentRefs: ['component:default/payments-api'],
            }),
          ],
        },
  );
  return { api, ownershipEntityRefs };
}

async function render({ api, ownershipEntityRefs }: ReturnType<typeof setup>) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: 'user:default/ada',
            ownershipEntityRefs,
          }),
        ],
      ]}
    >
      <SecurityScorecardPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function rowNames(table: HTMLElement): string[] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).getAllByRole('cell')[0].textContent ?? '');
}

describe('SecurityScorecardPage', () => {
  beforeEach(() => {
    URL.createObjectURL = jest.fn(() => 'blob:scorecard');
    URL.revokeObjectURL = jest.fn();
  });

  it('shows only my teams by default, with all columns', async () => {
    await render(setup(['user:default/ada', 'group:default/payments']));
    const table = await screen.findByRole('table', { name: 'Teams' });
    expect(rowNames(table)).toEqual(['Payments']);
    expect(
      screen.getByRole('checkbox', { name: 'Only my teams' }),
    ).toBeChecked();
    expect(within(table).getByText('Grade D')).toBeInTheDocument();
  });

  it('shows every team when turned off, nested, with roll-up columns', async () => {
    const user = userEvent.setup();
    await render(setup(['user:default/ada', 'group:default/payments']));
    await screen.findByRole('table', { name: 'Teams' });
    await user.click(screen.getByRole('checkbox', { name: 'Only my teams' }));
    const table = screen.getByRole('table', { name: 'Teams' });
    expect(rowNames(table)).toEqual(['=cmd|"/c calc"!A1', 'Engineering']);
    const engineering = within(table).getAllByRole('row')[2];
    const cells = within(engineering).getAllByRole('cell');
    expect(within(cells[1]).getByText('Grade C')).toBeInTheDocument();
    expect(cells.slice(2, 12).map(cell => cell.textContent)).toEqual([
      '74',
      '1',
      '4',
      '2',
      '0',
      '0',
      '3',
      '6.5',
      '2 / 2',
      expect.stringContaining('Score trend from 60 to 74'),
    ]);
    expect(within(table).getByText('Not graded')).toBeInTheDocument();
  });

  it('defaults to every team for a user in none of them', async () => {
    await render(setup(['user:default/guest']));
    const table = await screen.findByRole('table', { name: 'Teams' });
    expect(rowNames(table)).toEqual(['=cmd|"/c calc"!A1', 'Engineering']);
    expect(
      screen.getByRole('checkbox', { name: 'Only my teams' }),
    ).not.toBeChecked();
  });

  it('drills down from a team to sub-teams and components, linking the Security tab', async () => {
    const user = userEvent.setup();
    await render(setup(['group:default/engineering']));
    await screen.findByRole('table', { name: 'Teams' });
    const expand = screen.getByRole('button', { name: 'Expand Engineering' });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await user.click(expand);
    await user.click(screen.getByRole('button', { name: 'Expand Payments' }));
    const table = screen.getByRole('table', { name: 'Teams' });
    expect(rowNames(table)).toEqual([
      'Engineering',
      'Payments',
      'Component: payments-api',
      'Component: tools',
    ]);
    expect(
      screen.getByRole('link', { name: 'Security tab of payments-api' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security',
    );

    await user.click(
      screen.getByRole('button', { name: 'Collapse Engineering' }),
    );
    expect(rowNames(screen.getByRole('table', { name: 'Teams' }))).toEqual([
      'Engineering',
    ]);
  });

  it('switches to systems and domains', async () => {
    const user = userEvent.setup();
    const context = setup([]);
    await render(context);
    await screen.findByRole('table', { name: 'Teams' });
    await user.click(screen.getByRole('tab', { name: 'Systems' }));
    const systems = await screen.findByRole('table', { name: 'Systems' });
    expect(rowNames(systems)).toEqual(['Payments system']);
    expect(
      screen.queryByRole('checkbox', { name: 'Only my teams' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('tab', { name: 'Domains' }));
    expect(
      rowNames(await screen.findByRole('table', { name: 'Domains' })),
    ).toEqual(['Payments domain']);
    expect(context.api.getScorecards.mock.calls.map(c => c[0])).toEqual([
      'owner',
      'system',
      'domain',
    ]);
  });

  it('exports exactly the shown lines as CSV, formulas neutralised', async () => {
    const user = userEvent.setup();
    await render(setup(['user:default/guest']));
    await screen.findByRole('table', { name: 'Teams' });
    await user.click(
      screen.getByRole('button', { name: 'Expand Engineering' }),
    );
    await user.click(screen.getByRole('button', { name: 'Export CSV' }));

    const createObjectURL = URL.createObjectURL as jest.Mock;
    expect(createObjectURL).toHaveBeenCalledTimes(1);
    const blob: Blob = createObjectURL.mock.calls[0][0];
    const text = await blob.text();
    const lines = text.trimEnd().split('\r\n');
    expect(lines.map(line => line.split('","')[2])).toEqual([
      'name',
      `'=cmd|""/c calc""!A1`,
      'Engineering',
      'Payments',
      'tools',
    ]);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:scorecard');
  });

  it('shows the error of a failed request', async () => {
    const context = setup([]);
    context.api.getScorecards.mockRejectedValue(
      new NotAllowedError('scorecards are not for you'),
    );
    await render(context);
    await waitFor(() =>
      expect(
        screen.getAllByText(/scorecards are not for you/).length,
      ).toBeGreaterThan(0),
    );
  });
});
