import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { render, setup } from '../../__testUtils__/templates';

jest.setTimeout(20_000);

describe('GoldenPathTemplatesPage', () => {
  it('shows versions with their changelog, security entries marked in words, as plain text', async () => {
    const { container } = await render(setup());
    expect(
      await screen.findByRole('tab', {
        name: 'Hardened Node.js service (1.1.0)',
      }),
    ).toHaveAttribute('aria-selected', 'true');
    const versions = screen.getByRole('list', {
      name: 'Versions and changelog',
    });
    expect(within(versions).getByText('Version 1.1.0')).toBeInTheDocument();
    expect(within(versions).getByText('latest')).toBeInTheDocument();
    expect(within(versions).getByText('1 security change')).toBeInTheDocument();
    const entry = within(versions)
      .getByText('Dockerfile: <img src=x onerror=alert(1)> pinned by digest')
      .closest('li')!;
    expect(within(entry).getByText('Security')).toBeInTheDocument();
    const plain = within(versions)
      .getByText('Service: /api/hello answers JSON')
      .closest('li')!;
    expect(within(plain).queryByText('Security')).not.toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('gives the components per version as a table beside the chart', async () => {
    await render(setup());
    const table = await screen.findByRole('table', {
      name: 'Components per version',
    });
    const rows = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => row.textContent);
    expect(rows).toEqual(['1.0.02', '1.1.0 (latest)1']);
  });

  it('lists the components made from it, most behind first, with owner, distance, security releases and drift', async () => {
    await render(setup());
    const table = await screen.findByRole('table', {
      name: 'Components made from it',
    });
    expect(
      screen.getByText('2 components behind the latest version'),
    ).toBeInTheDocument();
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);
    const cells = within(rows[0]).getAllByRole('cell');
    expect(within(cells[0]).getByRole('link')).toHaveTextContent(
      'payments-api',
    );
    expect(within(cells[1]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/payments',
    );
    expect(cells.slice(2, 6).map(c => c.textContent)).toEqual([
      '1.0.0',
      '1',
      '1',
      'Drifted',
    ]);
    expect(within(rows[1]).getByText('No owner in the catalog')).toBeVisible();
    expect(within(rows[1]).getByText('In sync')).toBeVisible();
    // drift not computed by the backend is said, not guessed
    expect(within(rows[2]).getByText('Not checked')).toBeVisible();
    // each component behind offers its upgrade, and all of them at once
    expect(
      within(rows[0]).getByRole('button', {
        name: 'Upgrade component:default/payments-api to 1.1.0',
      }),
    ).toBeEnabled();
    expect(
      within(rows[2]).queryByRole('button', { name: /upgrade/i }),
    ).toBeNull();
    expect(
      screen.getByRole('button', {
        name: 'Upgrade all 2 components behind to 1.1.0',
      }),
    ).toBeEnabled();
  });

  it('starts an upgrade and shows its state, branch, conflicts and description as text', async () => {
    const api = setup();
    const user = userEvent.setup();
    const upgrade = {
      entityRef: 'component:default/payments-api',
      templateRef: 'template:default/node-service',
      fromVersion: '1.0.0',
      toVersion: '1.1.0',
      state: 'opened' as const,
      branch: 'golden-path/upgrade-node-service',
      commit: 'a'.repeat(40),
      changeUrl: null,
      conflicts: 1,
      changes: [],
      description: 'Upgrades <img src=x onerror=alert(1)> README.md',
      error: null,
      requestedBy: 'user:default/avery.lead',
      updatedAt: '2026-12-05T10:00:00.000Z',
    };
    api.startTemplateUpgrades.mockResolvedValue({ items: [upgrade] });
    const { container } = await render(api);
    const button = await screen.findByRole('button', {
      name: 'Upgrade component:default/payments-api to 1.1.0',
    });
    const before = api.listTemplateComponents.mock.calls.length;
    const listed = api.listTemplateComponents.getMockImplementation()!;
    api.listTemplateComponents.mockImplementation(async args => {
      const page = await listed(args);
      return {
        items: page.items.map(c =>
          c.entityRef === upgrade.entityRef ? { ...c, upgrade } : c,
        ),
      };
    });
    await user.click(button);
    expect(api.startTemplateUpgrades).toHaveBeenCalledWith(
      { namespace: 'default', name: 'node-service' },
      { entityRefs: ['component:default/payments-api'] },
    );
    expect(
      await screen.findByText(
        'Upgrades: 1 offered or up to date, 0 stopped (see each component).',
      ),
    ).toBeInTheDocument();
    expect(api.listTemplateComponents.mock.calls.length).toBeGreaterThan(
      before,
    );
    expect(
      await screen.findByText('Upgrade to 1.1.0 offered'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Branch golden-path/upgrade-node-service'),
    ).toBeInTheDocument();
    expect(screen.getByText('1 conflict to resolve')).toBeInTheDocument();
    expect(
      screen.getByText('Upgrades <img src=x onerror=alert(1)> README.md'),
    ).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('runs "upgrade all behind" in the background and follows its progress', async () => {
    const api = setup();
    const user = userEvent.setup();
    const run = {
      id: 'run-1',
      templateRef: 'template:default/node-service',
      targetVersion: null,
      requestedBy: 'user:default/avery.lead',
      total: 2,
      state: 'queued' as const,
      queued: 2,
      running: 0,
      done: 0,
      outcomes: {},
      createdAt: '2026-12-06T10:00:00.000Z',
      finishedAt: null,
    };
    api.startTemplateUpgradeRun.mockResolvedValue(run);
    api.getUpgradeRun
      .mockResolvedValueOnce({
        run: {
          ...run,
          state: 'running',
          queued: 0,
          running: 1,
          done: 1,
          outcomes: { opened: 1 },
        },
        items: [],
        nextCursor: null,
      })
      .mockResolvedValue({
        run: {
          ...run,
          state: 'done',
          queued: 0,
          done: 2,
          outcomes: { opened: 1, failed: 1 },
          finishedAt: '2026-12-06T10:00:05.000Z',
        },
        items: [],
        nextCursor: null,
      });
    await render(api);
    await user.click(
      await screen.findByRole('button', {
        name: 'Upgrade all 2 components behind to 1.1.0',
      }),
    );
    expect(api.startTemplateUpgradeRun).toHaveBeenCalledWith(
      { namespace: 'default', name: 'node-service' },
      { allBehind: true },
    );
    expect(api.startTemplateUpgrades).not.toHaveBeenCalled();
    expect(
      await screen.findByText(
        'Upgrading in the background: 0 of 2 components done',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Upgrading in the background: 1 of 2 components done',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(
        'Upgrades: 1 offered or up to date, 1 stopped (see each component).',
        {},
        { timeout: 3000 },
      ),
    ).toBeInTheDocument();
    expect(api.getUpgradeRun).toHaveBeenCalledWith('run-1', { limit: 1 });
  });

  it('says why the upgrades could not start', async () => {
    const api = setup();
    const user = userEvent.setup();
    api.startTemplateUpgradeRun.mockRejectedValue(
      new Error('at most 60 upgrades start per minute'),
    );
    await render(api);
    await user.click(
      await screen.findByRole('button', {
        name: 'Upgrade all 2 components behind to 1.1.0',
      }),
    );
    expect(
      await screen.findByText(
        'The upgrades could not be started: at most 60 upgrades start per minute',
      ),
    ).toBeInTheDocument();
  });

  it('switches template by tab, with the keyboard', async () => {
    const api = setup();
    const user = userEvent.setup();
    await render(api);
    const tab = await screen.findByRole('tab', {
      name: 'Hardened Node.js service (1.1.0)',
    });
    tab.focus();
    await user.keyboard('{ArrowRight}{Enter}');
    await waitFor(() =>
      expect(
        screen.getByRole('tab', { name: 'Hardened Go service (1.0.0)' }),
      ).toHaveAttribute('aria-selected', 'true'),
    );
    expect(
      await screen.findByText(
        'No component made from this template is in the catalog.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No component was created from this template yet.'),
    ).toBeInTheDocument();
    expect(screen.getByText('No changelog entries.')).toBeInTheDocument();
    expect(api.listTemplateComponents).toHaveBeenLastCalledWith({
      namespace: 'default',
      name: 'go-service',
    });
  });
});
