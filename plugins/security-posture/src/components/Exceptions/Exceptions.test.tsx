import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  makeFinding,
  mockSecurityPostureApi,
} from '../../__testUtils__/fixtures';
import {
  AVERY,
  ENTITY_REF,
  FINLEY,
  makeException,
  renderWithPermissions as render,
} from '../../__testUtils__/exceptions';
import { EntityExceptions } from './EntityExceptions';
import { FindingException } from './FindingException';

jest.setTimeout(20_000);

describe('FindingException', () => {
  it('requests an exception with a justification, a reason and an expiry day', async () => {
    const api = mockSecurityPostureApi();
    api.requestException.mockResolvedValue(makeException());
    const onChange = jest.fn();
    await render(
      api,
      { user: AVERY, request: 'ALLOW', approve: 'DENY' },
      <FindingException
        entityRef={ENTITY_REF}
        finding={makeFinding()}
        onChange={onChange}
      />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request exception' }),
    );
    const submit = screen.getByRole('button', { name: 'Submit request' });
    expect(submit).toBeDisabled();

    await userEvent.click(
      screen.getByRole('combobox', { name: /Justification/ }),
    );
    await userEvent.click(
      screen.getByRole('option', {
        name: 'Not affected: the vulnerable code is not reachable',
      }),
    );
    await userEvent.type(
      screen.getByLabelText(/^Reason/),
      'Only the admin CLI calls it.',
    );
    const expires = screen.getByLabelText(/^Expires on/);
    await userEvent.clear(expires);
    await userEvent.type(expires, '2026-12-24');
    await userEvent.click(submit);

    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(api.requestException).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      scope: 'finding',
      findingId: 'f1',
      justification: 'code_not_reachable',
      reason: 'Only the admin CLI calls it.',
      expiresAt: '2026-12-24T00:00:00.000Z',
    });
    expect(
      screen.getByText(
        'Exception requested. It applies once another person approves it.',
      ),
    ).toBeInTheDocument();
  });

  it("shows the server's refusal as text", async () => {
    const api = mockSecurityPostureApi();
    api.requestException.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'InputError',
              message:
                'expiresAt must be at most 90 days ahead (securityPosture.exceptions.maxDays)',
            },
            response: { statusCode: 400 },
          }),
          { status: 400, headers: { 'Content-Type': 'application/json' } },
        ),
      ),
    );
    await render(
      api,
      { user: AVERY, request: 'ALLOW', approve: 'DENY' },
      <FindingException entityRef={ENTITY_REF} finding={makeFinding()} />,
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request exception' }),
    );
    await userEvent.click(
      screen.getByRole('combobox', { name: /Justification/ }),
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'False positive' }),
    );
    await userEvent.type(screen.getByLabelText(/^Reason/), 'Test fixture.');
    await userEvent.click(
      screen.getByRole('button', { name: 'Submit request' }),
    );
    expect(
      await screen.findByText(
        'expiresAt must be at most 90 days ahead (securityPosture.exceptions.maxDays)',
      ),
    ).toBeInTheDocument();
  });

  it('offers nothing without the request permission, and shows an accepted risk', async () => {
    const api = mockSecurityPostureApi();
    const { unmount } = await render(
      api,
      { user: 'user:default/casey.dev', request: 'DENY', approve: 'DENY' },
      // another component: usePermission caches answers per resource in a test file
      <FindingException
        entityRef="component:default/identity-api"
        finding={makeFinding()}
      />,
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Request exception' }),
      ).not.toBeInTheDocument(),
    );
    unmount();

    await render(
      api,
      { user: AVERY, request: 'ALLOW', approve: 'DENY' },
      <FindingException
        entityRef={ENTITY_REF}
        finding={makeFinding({
          accepted: {
            exceptionId: 'e9',
            justification: 'protected_at_perimeter',
            expiresAt: '2026-12-01T00:00:00.000Z',
          },
        })}
      />,
    );
    expect(
      await screen.findByText(
        'Accepted risk until 2026-12-01: Not affected: protected at the perimeter (exception e9).',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request exception' }),
    ).not.toBeInTheDocument();
  });
});

describe('EntityExceptions', () => {
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

  it('shows no decisions without the approve permission; the requester may revoke', async () => {
    const api = setup();
    api.decideException.mockRejectedValue(new Error('exception e1 is expired'));
    await render(
      api,
      { user: AVERY, request: 'ALLOW', approve: 'DENY' },
      <EntityExceptions entityRef={ENTITY_REF} />,
    );
    const table = await screen.findByRole('table', { name: 'Exceptions' });
    expect(
      within(table).queryByRole('button', { name: /^(Approve|Reject)/ }),
    ).not.toBeInTheDocument();
    const rows = within(table).getAllByRole('row');
    expect(within(rows[2]).queryByRole('button')).not.toBeInTheDocument();
    await userEvent.click(
      within(rows[1]).getByRole('button', { name: /^Revoke/ }),
    );
    expect(
      await screen.findByText('exception e1 is expired'),
    ).toBeInTheDocument();
    expect(within(rows[1]).getByText('Pending approval')).toBeInTheDocument();
  });

  it('says when there are none', async () => {
    const api = mockSecurityPostureApi();
    api.listExceptions.mockResolvedValue({ items: [], nextCursor: null });
    await render(
      api,
      { user: AVERY, request: 'ALLOW', approve: 'DENY' },
      <EntityExceptions entityRef={ENTITY_REF} />,
    );
    expect(
      await screen.findByText('No exceptions for this component.'),
    ).toBeInTheDocument();
    expect(api.listExceptions).toHaveBeenCalledWith({
      entityRef: ENTITY_REF,
      limit: 100,
    });
  });
});
