import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  EntityInventoryPackage,
  EntityInventoryPage,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import {
  makeComponent,
  mockSecurityPostureApi,
} from '../../__testUtils__/fixtures';
import { permissionApi } from '../../__testUtils__/permissions';
import { EntityDependenciesContent } from './EntityDependenciesContent';

const ENTITY_REF = 'component:default/payments-api';

// MUI menus driven through user-event are slow on a loaded 2-core machine.
jest.setTimeout(20_000);

const NONE = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };

/** A package as the API answers it (log4j-core with Grype's findings); override what a test is about. */
function makePackage(
  overrides: Partial<EntityInventoryPackage> = {},
): EntityInventoryPackage {
  return {
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
    name: 'org.apache.logging.log4j:log4j-core',
    type: 'maven',
    version: '2.13.2',
    licenses: ['Apache-2.0'],
    direct: true,
    scope: null,
    paths: ['pom.xml'],
    tools: ['grype', 'trivy'],
    findings: {
      total: 8,
      bySeverity: { ...NONE, critical: 4, high: 1, medium: 3 },
    },
    ...overrides,
  };
}

function page(
  overrides: Partial<EntityInventoryPage> = {},
): EntityInventoryPage {
  return {
    items: [
      makePackage(),
      makePackage({
        purl: 'pkg:npm/ms@2.0.0',
        name: 'ms',
        type: 'npm',
        version: '2.0.0',
        licenses: ['MIT'],
        direct: false,
        paths: ['node_modules/ms'],
        tools: ['npm/cli'],
        findings: { total: 0, bySeverity: NONE },
      }),
    ],
    totalCount: 2,
    licences: [
      { licence: 'Apache-2.0', packages: 1 },
      { licence: 'MIT', packages: 1 },
      { licence: 'none', packages: 3 },
    ],
    nextCursor: null,
    ...overrides,
  };
}

function setup() {
  const api = mockSecurityPostureApi();
  api.listEntityInventory.mockResolvedValue(page());
  return api;
}

async function render(
  api: ReturnType<typeof mockSecurityPostureApi>,
  authorize: 'ALLOW' | 'DENY' = 'ALLOW',
  entity = makeComponent(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(authorize)],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityDependenciesContent />
      </EntityProvider>
    </TestApiProvider>,
  );
}

function lastQuery(api: ReturnType<typeof mockSecurityPostureApi>) {
  const calls = api.listEntityInventory.mock.calls;
  return calls[calls.length - 1][1];
}

describe('EntityDependenciesContent', () => {
  it('lists the packages with licences, direct/transitive, paths, tools and finding chips', async () => {
    const api = setup();
    await render(api);
    const table = await screen.findByRole('table', { name: 'Dependencies' });
    const rows = within(table).getAllByRole('row');
    // the header and two packages
    expect(rows).toHaveLength(3);
    const log4j = rows[1];
    expect(
      within(log4j).getByText('org.apache.logging.log4j:log4j-core'),
    ).toBeInTheDocument();
    expect(
      within(log4j).getByText(
        'pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2',
      ),
    ).toBeInTheDocument();
    expect(within(log4j).getByText('Apache-2.0')).toBeInTheDocument();
    expect(within(log4j).getByText('Direct')).toBeInTheDocument();
    expect(within(log4j).getByText('pom.xml')).toBeInTheDocument();
    expect(within(log4j).getByText('grype, trivy')).toBeInTheDocument();
    expect(within(log4j).getByLabelText('8 open findings')).toBeInTheDocument();
    // one chip per severity that has findings, never colour alone
    expect(within(log4j).getByText('Critical: 4')).toBeInTheDocument();
    expect(within(log4j).getByText('High: 1')).toBeInTheDocument();
    expect(within(log4j).getByText('Medium: 3')).toBeInTheDocument();
    expect(within(log4j).queryByText(/^Low/)).not.toBeInTheDocument();
    const ms = rows[2];
    expect(within(ms).getByText('Transitive')).toBeInTheDocument();
    expect(within(ms).getByText('None')).toBeInTheDocument();
    expect(screen.getByText(/2 packages/)).toBeInTheDocument();
    expect(api.listEntityInventory).toHaveBeenCalledWith(ENTITY_REF, {
      limit: 25,
      cursor: undefined,
    });
  });

  it('searches once typing stops, and filters by licence and by direct or transitive', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    await screen.findByRole('table', { name: 'Dependencies' });

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'log4j');
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ q: 'log4j' }));
    expect(
      api.listEntityInventory.mock.calls
        .map(call => call[1]?.q)
        .filter(q => q !== undefined),
    ).toEqual(['log4j']);

    // the licences of the whole inventory, with their package counts
    await user.click(screen.getByRole('combobox', { name: 'Licence' }));
    expect(
      screen.getByRole('option', { name: 'No licence given (3)' }),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'MIT (1)' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        q: 'log4j',
        licence: 'MIT',
        limit: 25,
        cursor: undefined,
      }),
    );

    await user.click(
      screen.getByRole('combobox', { name: 'Direct or transitive' }),
    );
    await user.click(screen.getByRole('option', { name: 'Transitive' }));
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ licence: 'MIT', direct: false }),
    );
    await user.click(
      screen.getByRole('combobox', { name: 'Direct or transitive' }),
    );
    await user.click(screen.getByRole('option', { name: 'Direct' }));
    await waitFor(() => expect(lastQuery(api)).toMatchObject({ direct: true }));

    await user.click(screen.getByRole('combobox', { name: 'Licence' }));
    await user.click(
      screen.getByRole('option', { name: 'No licence given (3)' }),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toMatchObject({ licence: 'none', direct: true }),
    );
  });

  it('pages forward and back with the cursor, and starts again when a filter changes', async () => {
    const api = setup();
    api.listEntityInventory.mockImplementation(async (_ref, query) => {
      const pages: Record<string, EntityInventoryPage> = {
        first: page({
          items: [makePackage({ purl: 'pkg:npm/a@1', name: 'first-package' })],
          totalCount: 2,
          nextCursor: 'c2',
        }),
        c2: page({
          items: [makePackage({ purl: 'pkg:npm/b@1', name: 'second-package' })],
          totalCount: 2,
          nextCursor: null,
        }),
      };
      return pages[query?.cursor ?? 'first'];
    });
    const user = userEvent.setup();
    await render(api);
    expect(await screen.findByText('first-package')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Previous page' }),
    ).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('second-package')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({ cursor: 'c2' });
    expect(screen.getByText(/Page 2/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(await screen.findByText('first-package')).toBeInTheDocument();
    expect(lastQuery(api)).toMatchObject({ cursor: undefined });

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('second-package')).toBeInTheDocument();
    await user.click(
      screen.getByRole('combobox', { name: 'Direct or transitive' }),
    );
    await user.click(screen.getByRole('option', { name: 'Direct' }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual({
        direct: true,
        limit: 25,
        cursor: undefined,
      }),
    );
  });

  it('renders a report’s text as text, never as HTML', async () => {
    const api = setup();
    const hostile = '<img src=x onerror="alert(1)">';
    api.listEntityInventory.mockResolvedValue(
      page({
        items: [
          makePackage({
            name: hostile,
            licenses: [`<b>${hostile}</b>`],
            paths: ['<script>alert(2)</script>'],
          }),
        ],
        totalCount: 1,
      }),
    );
    const { container } = await render(api);
    expect(await screen.findByText(hostile)).toBeInTheDocument();
    expect(screen.getByText(`<b>${hostile}</b>`)).toBeInTheDocument();
    expect(screen.getByText('<script>alert(2)</script>')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
  });

  it('says when no SBOM or package list was uploaded', async () => {
    const api = setup();
    api.listEntityInventory.mockResolvedValue(
      page({ items: [], totalCount: 0, licences: [] }),
    );
    await render(api);
    expect(
      await screen.findByText(
        'No SBOM or scanner package list has been uploaded for this component yet.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when no package matches the filters', async () => {
    const api = setup();
    api.listEntityInventory.mockResolvedValue(
      page({ items: [], totalCount: 0 }),
    );
    await render(api);
    expect(
      await screen.findByText('No package matches these filters.'),
    ).toBeInTheDocument();
  });

  it('requests nothing when the read permission is denied', async () => {
    const api = setup();
    // usePermission caches answers per entity for the whole file: use an entity of its own
    await render(api, 'DENY', makeComponent('restricted-api'));
    expect(
      await screen.findByText(
        'You are not allowed to see the security posture of this component.',
      ),
    ).toBeInTheDocument();
    expect(api.listEntityInventory).not.toHaveBeenCalled();
  });
});
