import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { NotFoundError } from '@backstage/errors';
import { FindingPage } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import {
  makeComponent,
  makeFinding,
  makeFindingDetail,
  makePosture,
  mockSecurityPostureApi,
} from '../../__testUtils__/fixtures';
import { permissionApi } from '../../__testUtils__/permissions';
import { EntitySecurityPostureContent } from './EntitySecurityPostureContent';

const ENTITY_REF = 'component:default/payments-api';

// MUI menus and dialogs driven through user-event are slow on a loaded 2-core machine.
jest.setTimeout(20_000);

function page(overrides: Partial<FindingPage> = {}): FindingPage {
  return {
    items: [makeFinding()],
    totalCount: 1,
    nextCursor: null,
    ...overrides,
  };
}

function setup() {
  const api = mockSecurityPostureApi();
  api.getPosture.mockResolvedValue(makePosture());
  api.getHistory.mockResolvedValue({ entityRef: ENTITY_REF, points: [] });
  api.listFindings.mockResolvedValue(page());
  api.getFinding.mockResolvedValue(makeFindingDetail());
  return api;
}

async function render(
  api: ReturnType<typeof mockSecurityPostureApi>,
  authorize: 'ALLOW' | 'DENY' = 'ALLOW',
  entity = makeComponent(),
  path = '/',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(authorize)],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntitySecurityPostureContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}

function lastQuery(api: ReturnType<typeof mockSecurityPostureApi>) {
  const calls = api.listFindings.mock.calls;
  return calls[calls.length - 1][1];
}

describe('EntitySecurityPostureContent', () => {
  it('shows a progress bar while loading', async () => {
    const api = setup();
    api.getPosture.mockReturnValue(new Promise(() => {}));
    await render(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows what to do before the first scan', async () => {
    const api = setup();
    api.getPosture.mockResolvedValue(
      makePosture({ state: 'awaiting-first-scan', score: null, grade: null }),
    );
    await render(api);
    expect(await screen.findByText('Awaiting first scan')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('requests nothing when the read permission is denied', async () => {
    const api = setup();
    // usePermission caches answers per entity for the whole file: use an entity of its own.
    await render(api, 'DENY', makeComponent('restricted-api'));
    expect(
      await screen.findByText(
        'You are not allowed to see the security posture of this component.',
      ),
    ).toBeInTheDocument();
    expect(api.getPosture).not.toHaveBeenCalled();
    expect(api.listFindings).not.toHaveBeenCalled();
    expect(api.getHistory).not.toHaveBeenCalled();
  });

  it('shows the error when the posture cannot be read', async () => {
    const api = setup();
    api.getPosture.mockRejectedValue(new NotFoundError('no such component'));
    await render(api);
    expect(
      (await screen.findAllByText(/no such component/)).length,
    ).toBeGreaterThan(0);
  });

  it('lists open findings first, most severe first, with coverage', async () => {
    const api = setup();
    await render(api);
    const table = await screen.findByRole('table', { name: 'Findings' });
    expect(
      within(table).getByText('log4j-core: remote code execution'),
    ).toBeInTheDocument();
    expect(within(table).getByText('pom.xml:12')).toBeInTheDocument();
    expect(within(table).getByText('Past SLA')).toBeInTheDocument();
    expect(within(table).getByText('P1 (100)')).toBeInTheDocument();
    expect(
      within(table).getByText('Known exploited (CISA KEV)'),
    ).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(ENTITY_REF, {
      status: ['open'],
      severity: [],
      kind: [],
      tool: [],
      q: undefined,
      sort: 'priority',
      order: 'desc',
      limit: 25,
      cursor: undefined,
    });
    const coverage = screen.getByRole('table', { name: 'Scanner coverage' });
    expect(within(coverage).getByText('Missing')).toBeInTheDocument();
    expect(within(coverage).getByText('gitleaks')).toBeInTheDocument();
    expect(api.getHistory).toHaveBeenCalledWith(ENTITY_REF, 90);
  });

  it('filters by severity', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await screen.findByRole('table', { name: 'Findings' });

    await user.click(screen.getByRole('combobox', { name: 'Severity' }));
    await user.click(screen.getByRole('option', { name: 'Critical' }));
    await user.click(screen.getByRole('option', { name: 'High' }));
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({
        severity: ['critical', 'high'],
        cursor: undefined,
      }),
    );
  });

  it('combines kind, status and tool filters', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await screen.findByRole('table', { name: 'Findings' });

    await user.click(screen.getByRole('combobox', { name: 'Kind' }));
    await user.click(screen.getByRole('option', { name: 'Secrets' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Status' }));
    await user.click(screen.getByRole('option', { name: 'Suppressed' }));
    await user.keyboard('{Escape}');
    await user.click(screen.getByRole('combobox', { name: 'Tool' }));
    await user.click(screen.getByRole('option', { name: 'gitleaks' }));
    await user.keyboard('{Escape}');
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        status: ['open', 'suppressed'],
        severity: [],
        kind: ['secret'],
        tool: ['gitleaks'],
        q: undefined,
        sort: 'priority',
        order: 'desc',
        limit: 25,
        cursor: undefined,
      }),
    );
  });

  it('searches once typing stops', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await screen.findByRole('table', { name: 'Findings' });
    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'log4j');
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ q: 'log4j' }));
    const searched = api.listFindings.mock.calls
      .map(call => call[1]?.q)
      .filter(q => q !== undefined);
    expect(searched).toEqual(['log4j']);
  });

  it('searches from the link a finding campaign gives (?q=) and lists the campaigns the component is in', async () => {
    const api = setup();
    api.listEntityCampaigns.mockResolvedValue({ items: [] });
    await render(api, 'ALLOW', makeComponent(), '/?q=CVE-2021-44228');
    await screen.findByRole('table', { name: 'Findings' });
    expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveValue(
      'CVE-2021-44228',
    );
    // the first request already searches
    expect(api.listFindings.mock.calls[0][1]).toMatchObject({
      q: 'CVE-2021-44228',
    });
    expect(
      await screen.findByText('This component is in no campaign.'),
    ).toBeInTheDocument();
    expect(api.listEntityCampaigns).toHaveBeenCalledWith(ENTITY_REF);
  });

  it('sorts by a column and toggles the order', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await screen.findByRole('table', { name: 'Findings' });
    await user.click(screen.getByRole('button', { name: 'Finding' }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ sort: 'title', order: 'asc' }),
    );
    await user.click(await screen.findByRole('button', { name: /Finding/ }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ sort: 'title', order: 'desc' }),
    );
  });

  it('pages forward and back with the cursor stack', async () => {
    const api = setup();
    api.listFindings.mockImplementation(async (_ref, query) => {
      const pages: Record<string, FindingPage> = {
        first: page({
          items: [makeFinding({ id: 'a', title: 'First page finding' })],
          totalCount: 3,
          nextCursor: 'c2',
        }),
        c2: page({
          items: [makeFinding({ id: 'b', title: 'Second page finding' })],
          totalCount: 3,
          nextCursor: 'c3',
        }),
        c3: page({
          items: [makeFinding({ id: 'c', title: 'Third page finding' })],
          totalCount: 3,
          nextCursor: null,
        }),
      };
      return pages[query?.cursor ?? 'first'];
    });
    const user = userEvent.setup();
    await render(api);
    expect(await screen.findByText('First page finding')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Second page finding')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({ cursor: 'c2' });
    expect(screen.getByRole('button', { name: 'Next page' })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('Third page finding')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({ cursor: 'c3' });
    expect(screen.getByText(/Page 3/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('Second page finding')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('First page finding')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({ cursor: undefined });
  });

  it('does not skip a page when "next" is clicked twice while loading', async () => {
    const api = setup();
    let releaseSecondPage: (page: FindingPage) => void = () => {};
    api.listFindings.mockImplementation(async (_ref, query) => {
      if (!query?.cursor) {
        return page({
          items: [makeFinding({ title: 'First page finding' })],
          nextCursor: 'c2',
        });
      }
      return new Promise<FindingPage>(resolve => {
        releaseSecondPage = resolve;
      });
    });
    const user = userEvent.setup();
    await render(api);
    await screen.findByText('First page finding');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    releaseSecondPage(
      page({
        items: [makeFinding({ title: 'Second page finding' })],
        nextCursor: 'c3',
      }),
    );
    expect(await screen.findByText('Second page finding')).toBeInTheDocument();
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    expect(api.listFindings.mock.calls.map(call => call[1]?.cursor)).toEqual([
      undefined,
      'c2',
    ]);
  });

  it('opens the details of a finding with advisory and CWE links and history', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await user.click(
      await screen.findByRole('button', {
        name: 'log4j-core: remote code execution',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(api.getFinding).toHaveBeenCalledWith(ENTITY_REF, 'f1');
    expect(
      within(dialog).getByText(/Apache Log4j2 JNDI features/),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('link', { name: 'NVD' })).toHaveAttribute(
      'href',
      'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
    );
    expect(
      within(dialog).getByRole('link', { name: 'GitHub' }),
    ).toHaveAttribute(
      'href',
      'https://github.com/advisories/GHSA-jfh8-c2jp-5v3q',
    );
    expect(
      within(dialog).getByRole('link', { name: 'CWE-502' }),
    ).toHaveAttribute(
      'href',
      'https://cwe.mitre.org/data/definitions/502.html',
    );
    expect(
      await within(dialog).findByText(/Opened · abc1234/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Seen$/)).toBeInTheDocument();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('shows a suppression and its justification', async () => {
    const api = setup();
    const suppressed = makeFinding({
      status: 'suppressed',
      suppression: {
        source: 'cyclonedx-vex',
        state: 'not_affected',
        justification: 'code_not_reachable',
      },
    });
    api.listFindings.mockResolvedValue(page({ items: [suppressed] }));
    api.getFinding.mockResolvedValue(makeFindingDetail(suppressed));
    const user = userEvent.setup();
    await render(api);
    await user.click(
      await screen.findByRole('button', {
        name: 'log4j-core: remote code execution',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/not_affected \(cyclonedx-vex\)/),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/code_not_reachable/)).toBeInTheDocument();
    // a suppression the backend honours (a trusted tool's) needs no approval note
    expect(
      within(dialog).queryByText(/still counts until an exception is approved/),
    ).not.toBeInTheDocument();
  });

  it("says that a scanner's own suppression still counts until an exception is approved", async () => {
    const api = setup();
    const open = makeFinding({
      status: 'open',
      suppression: {
        source: 'sarif',
        state: 'external:accepted',
        justification: null,
      },
    });
    api.listFindings.mockResolvedValue(page({ items: [open] }));
    api.getFinding.mockResolvedValue(makeFindingDetail(open));
    const user = userEvent.setup();
    await render(api);
    await user.click(
      await screen.findByRole('button', {
        name: 'log4j-core: remote code execution',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByText(/external:accepted \(sarif\)/),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        /Suppressed by the scanner: it still counts until an exception is approved\./,
      ),
    ).toBeInTheDocument();
  });

  it('renders hostile scanner text as text and never as a script link', async () => {
    const api = setup();
    const hostile = makeFinding({
      title: '<script>alert(1)</script>',
      message: '<img src=x onerror=alert(1)>',
      remediation: '<a href="javascript:alert(1)">fix</a>',
      // eslint-disable-next-line no-script-url -- the attack under test
      remediationUrl: 'javascript:alert(1)',
      // eslint-disable-next-line no-script-url -- the attack under test
      aliases: ['javascript:alert(1)', 'CVE-2021-44228"><b>x</b>'],
      cwes: ['CWE-79"><script>'],
      location: { path: '<svg onload=alert(1)>', startLine: 1, endLine: 1 },
    });
    api.listFindings.mockResolvedValue(page({ items: [hostile] }));
    api.getFinding.mockResolvedValue(makeFindingDetail(hostile));
    const user = userEvent.setup();
    const { baseElement } = await render(api);

    await user.click(
      await screen.findByRole('button', { name: '<script>alert(1)</script>' }),
    );
    const dialog = await screen.findByRole('dialog');
    await within(dialog).findByText(/Opened/);
    expect(
      within(dialog).getByText('<img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('<a href="javascript:alert(1)">fix</a>'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('<svg onload=alert(1)>:1').length,
    ).toBeGreaterThan(0);
    expect(baseElement.querySelector('script')).toBeNull();
    expect(baseElement.querySelector('img')).toBeNull();
    expect(baseElement.querySelector('b')).toBeNull();
    expect(baseElement.querySelector('svg[onload]')).toBeNull();
    expect(baseElement.querySelector('a[href^="javascript:" i]')).toBeNull();
    expect(
      within(dialog).queryByRole('link', { name: 'Remediation guidance' }),
    ).not.toBeInTheDocument();
    expect(
      within(dialog).queryByRole('link', { name: 'NVD' }),
    ).not.toBeInTheDocument();
  });

  it('draws the trend and states it in words', async () => {
    const api = setup();
    api.getHistory.mockResolvedValue({
      entityRef: ENTITY_REF,
      points: [
        {
          day: '2026-11-20',
          score: 40,
          open: { critical: 2, high: 1, medium: 0, low: 0, info: 0 },
        },
        {
          day: '2026-11-21',
          score: 55,
          open: { critical: 1, high: 1, medium: 0, low: 0, info: 0 },
        },
        {
          day: '2026-11-22',
          score: 62,
          open: { critical: 1, high: 0, medium: 0, low: 0, info: 0 },
        },
      ],
    });
    await render(api);
    expect(
      await screen.findByText(
        'Score from 40 to 62 over 3 days; open findings from 3 to 1.',
      ),
    ).toBeInTheDocument();
  });
});
