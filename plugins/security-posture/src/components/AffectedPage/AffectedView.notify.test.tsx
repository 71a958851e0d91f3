import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  affectedAnswer as answer,
  renderAffectedPage as render,
} from '../../__testUtils__/affected';
import { mockSecurityPostureApi } from '../../__testUtils__/fixtures';

// usePermission caches its answers per test file: this file is the notifier's (allowed)
jest.setTimeout(20_000);

describe('SecurityAffectedPage for those who may notify owners', () => {
  it('asks by package and range, and notifies the owners after a confirmation', async () => {
    const user = userEvent.setup();
    const api = mockSecurityPostureApi();
    api.getAffected.mockResolvedValue({ ...answer, advisory: null });
    api.notifyAffectedOwners.mockResolvedValue({
      notified: [
        { ownerRef: 'group:default/checkout', components: 1 },
        { ownerRef: 'group:default/payments', components: 1 },
      ],
      components: 2,
    });
    await render({ path: '/', notify: 'ALLOW', api });
    expect(api.getAffected).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Package' }));
    await user.type(
      screen.getByRole('textbox', { name: 'Package' }),
      'org.apache.logging.log4j:log4j-core',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Version range' }),
      '<2.17.1',
    );
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await waitFor(() =>
      expect(api.getAffected).toHaveBeenCalledWith({
        type: 'maven',
        namespace: 'org.apache.logging.log4j',
        name: 'log4j-core',
        range: '<2.17.1',
      }),
    );
    await screen.findByRole('table', { name: 'Affected components' });

    await user.click(screen.getByRole('button', { name: 'Notify owners' }));
    const dialog = screen.getByRole('dialog');
    expect(dialog).toHaveTextContent(
      '2 team(s) will each get one notification',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Notify' }));
    expect(api.notifyAffectedOwners).toHaveBeenCalledWith({
      type: 'maven',
      namespace: 'org.apache.logging.log4j',
      name: 'log4j-core',
      range: '<2.17.1',
      link: expect.stringContaining(
        'ecosystem=maven&package=org.apache.logging.log4j%3Alog4j-core&range=%3C2.17.1',
      ),
    });
    expect(
      await screen.findByText(
        'Notified 2 team(s): group:default/checkout, group:default/payments',
      ),
    ).toBeInTheDocument();
  });

  it('says when an advisory is unknown, and when no component is affected', async () => {
    const api = mockSecurityPostureApi();
    api.getAffected.mockResolvedValue({
      advisory: null,
      components: [],
      teams: [],
      truncated: false,
      advisoriesStored: 6,
    });
    await render({ path: '/?advisory=CVE-2099-0001', notify: 'ALLOW', api });
    expect(
      await screen.findByText(
        /No stored advisory is called CVE-2099-0001 \(6 advisories stored\)/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No component you may see is affected.'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Notify owners' }),
    ).toBeDisabled();
  });
});
