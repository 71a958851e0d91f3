import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockSecurityPostureApi } from '../../__testUtils__/fixtures';
import {
  ENTITY_REF,
  FINLEY,
  makeException,
  renderWithPermissions as render,
} from '../../__testUtils__/exceptions';
import { EntityExceptions } from './EntityExceptions';

// usePermission caches its answers per test file: this file is the approver's
jest.setTimeout(20_000);

describe('EntityExceptions for an approver', () => {
  function setup() {
    const api = mockSecurityPostureApi();
    api.listExceptions.mockResolvedValue({
      items: [
        makeException(),
        makeException({
          id: 'e2',
          scope: 'rule',
          findingId: null,
          ruleId: 'js/eval',
          tool: null,
          justification: 'will_not_fix',
          reason: '<img src=x onerror=alert(1)>',
          requestedBy: FINLEY,
        }),
      ],
      nextCursor: null,
    });
    return api;
  }

  it("lets an approver approve or reject other people's requests, never their own", async () => {
    const api = setup();
    api.decideException.mockResolvedValue(
      makeException({ state: 'approved', decidedBy: FINLEY }),
    );
    await render(
      api,
      { user: FINLEY, request: 'ALLOW', approve: 'ALLOW' },
      <EntityExceptions entityRef={ENTITY_REF} />,
    );
    const table = await screen.findByRole('table', { name: 'Exceptions' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    // Avery's request: Finley may decide it
    expect(
      within(rows[1]).getByRole('button', {
        name: 'Approve the exception for Finding f1 (CVE-2021-44228)',
      }),
    ).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole('button', { name: /^Reject/ }),
    ).toBeInTheDocument();
    // Finley's own request: no decision, only revoke, and why
    expect(
      within(rows[2]).queryByRole('button', { name: /^Approve/ }),
    ).not.toBeInTheDocument();
    expect(
      within(rows[2]).queryByRole('button', { name: /^Reject/ }),
    ).not.toBeInTheDocument();
    expect(
      within(rows[2]).getByRole('button', { name: /^Revoke/ }),
    ).toBeInTheDocument();
    expect(
      within(rows[2]).getByText('Your request: another person decides it.'),
    ).toBeInTheDocument();
    // a person's text is text
    expect(
      within(rows[2]).getByText('<img src=x onerror=alert(1)>'),
    ).toBeInTheDocument();
    expect(document.querySelector('img[src="x"]')).toBeNull();
    expect(
      within(rows[2]).getByText('Every finding of rule js/eval'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(rows[1]).getByRole('button', { name: /^Approve/ }),
    );
    await waitFor(() =>
      expect(api.decideException).toHaveBeenCalledWith('e1', 'approve'),
    );
    await waitFor(() => expect(api.listExceptions).toHaveBeenCalledTimes(2));
  });
});
