import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { Posture } from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../../api';
import {
  makeComponent,
  makeFinding,
  makePosture,
  mockSecurityPostureApi,
} from '../../__testUtils__/fixtures';
import { permissionApi } from '../../__testUtils__/permissions';
import { EntitySecurityPostureCard } from './EntitySecurityPostureCard';

const ownerGroup = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: {
    type: 'team',
    children: [],
    profile: { email: 'payments-team@example.com' },
  },
};

async function renderCard(
  api: ReturnType<typeof mockSecurityPostureApi>,
  docsUrl?: string,
  authorize: 'ALLOW' | 'DENY' = 'ALLOW',
  entity = makeComponent(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(authorize)],
        [catalogApiRef, catalogApiMock({ entities: [ownerGroup] })],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntitySecurityPostureCard docsUrl={docsUrl} />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntitySecurityPostureCard', () => {
  it('shows a progress bar while the posture loads', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockReturnValue(new Promise(() => {}));
    await renderCard(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getPosture).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });

  it('shows grade, score, counts, SLA, top findings, owner, coverage and template', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(makePosture());
    await renderCard(api);

    expect(await screen.findByText('Grade D')).toBeInTheDocument();
    expect(screen.getByText('Score 62 / 100')).toBeInTheDocument();
    expect(screen.getByText('Critical: 2')).toBeInTheDocument();
    expect(screen.getByText('High: 3')).toBeInTheDocument();
    expect(screen.getByText('Medium: 5')).toBeInTheDocument();
    expect(screen.getByText('Low: 1')).toBeInTheDocument();
    expect(screen.getByText('Info: 0')).toBeInTheDocument();
    expect(screen.getByText('1 finding past its SLA')).toBeInTheDocument();
    expect(screen.getByText(/Suppressed \/ accepted: 4/)).toBeInTheDocument();
    expect(screen.getByText('How the score is counted')).toBeInTheDocument();
    expect(screen.getByText('critical findings: -50')).toBeInTheDocument();

    const top = screen.getByRole('list', { name: 'Top findings' });
    expect(
      within(top).getByText('log4j-core: remote code execution'),
    ).toBeInTheDocument();
    expect(
      within(top).getByText('Upgrade log4j-core to 2.15.0'),
    ).toBeInTheDocument();
    const guidance = within(top).getByRole('link', {
      name: 'Remediation guidance',
    });
    expect(guidance).toHaveAttribute(
      'href',
      'https://logging.apache.org/log4j/2.x/security.html',
    );
    expect(guidance).toHaveAttribute('rel', 'noopener noreferrer');

    expect(
      await screen.findByText('payments-team@example.com'),
    ).toHaveAttribute('href', 'mailto:payments-team@example.com');
    expect(screen.getByRole('link', { name: /payments$/ })).toBeInTheDocument();

    expect(
      screen.getByText('Missing required scanners: Code (SAST)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Secrets \(required\): 2026-11-19/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/template:default\/node-service, version 1\.4\.0/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View all findings/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/security',
    );
  });

  it.each(['awaiting-first-scan', 'not-enrolled'] as const)(
    'explains what to do when the state is %s',
    async state => {
      const api = mockSecurityPostureApi();
      api.getPosture.mockResolvedValue(
        makePosture({ state, score: null, grade: null, topFindings: [] }),
      );
      await renderCard(api, 'https://docs.example.com/upload');
      expect(
        await screen.findByText('Awaiting first scan'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /npx @golden-path\/cli upload --entity-ref component:default\/payments-api/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'How to upload scanner reports' }),
      ).toHaveAttribute('href', 'https://docs.example.com/upload');
      expect(screen.queryByText(/Grade/)).not.toBeInTheDocument();
    },
  );

  it('says what the gate would answer, accepted risks and known-exploited findings', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(
      makePosture({
        acceptedRisks: 2,
        knownExploited: 1,
        policy: {
          evaluatedAt: '2026-11-24T00:00:00.000Z',
          policies: [
            'known-exploited',
            'security-hygiene',
            'openssf-scorecard',
          ],
          violations: [
            {
              policy: 'known-exploited',
              rule: 'no-known-exploited',
              mode: 'enforce',
              severity: 'critical',
              message:
                '1 open finding(s) on the CISA Known Exploited Vulnerabilities list',
              fix: 'Upgrade now.',
            },
            {
              policy: 'security-hygiene',
              rule: 'required-scanners',
              mode: 'warn',
              severity: 'medium',
              message: 'no sast scanner has reported',
              fix: 'Add it.',
            },
            {
              policy: 'openssf-scorecard',
              rule: 'weak-checks',
              mode: 'log',
              severity: 'low',
              message: 'Pinned-Dependencies scores 3/10',
              fix: 'Pin.',
            },
          ],
        },
      }),
    );
    await renderCard(api);
    expect(
      await screen.findByText('Denied: an enforced policy is violated'),
    ).toBeInTheDocument();
    const list = screen.getByRole('list', { name: 'Deployment gate' });
    expect(
      within(list).getByText(
        'Enforced: 1 open finding(s) on the CISA Known Exploited Vulnerabilities list',
      ),
    ).toBeInTheDocument();
    expect(
      within(list).getByText('Warning: no sast scanner has reported'),
    ).toBeInTheDocument();
    // log-mode results are recorded, not shown as reasons
    expect(within(list).queryByText(/Pinned-Dependencies/)).toBeNull();
    expect(
      screen.getByText('2 accepted risks (approved exceptions)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('1 open finding on the CISA KEV list'),
    ).toBeInTheDocument();
  });

  it('asks for the read permission and says when it is denied', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(makePosture());
    // usePermission caches answers per entity for the whole file: use an entity of its own.
    await renderCard(api, undefined, 'DENY', makeComponent('restricted-api'));
    expect(
      await screen.findByText(
        'You are not allowed to see the security posture of this component.',
      ),
    ).toBeInTheDocument();
    expect(api.getPosture).not.toHaveBeenCalled();
  });

  it('shows the error of a failed request', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: { name: 'NotAllowedError', message: 'not allowed to read' },
            response: { statusCode: 403 },
          }),
          {
            status: 403,
            statusText: 'Forbidden',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    await renderCard(api);
    expect(
      (await screen.findAllByText(/not allowed to read/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('Awaiting first scan')).not.toBeInTheDocument();
  });

  it('renders scanner text as text and drops non-http links', async () => {
    const api = mockSecurityPostureApi();
    const title = '<script>alert(1)</script>';
    const remediation = '<img src=x onerror=alert(1)>';
    api.getPosture.mockResolvedValue(
      makePosture({
        topFindings: [
          makeFinding({
            title,
            remediation,
            // eslint-disable-next-line no-script-url -- the attack under test
            remediationUrl: 'javascript:alert(1)',
          }),
        ],
      }),
    );
    const { container } = await renderCard(api);
    expect(await screen.findByText(title)).toBeInTheDocument();
    expect(screen.getByText(remediation)).toBeInTheDocument();
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('a[href^="javascript:" i]')).toBeNull();
    expect(
      screen.queryByRole('link', { name: 'Remediation guidance' }),
    ).not.toBeInTheDocument();
  });

  it('lists OpenSSF Scorecard checks weakest first, with details behind a disclosure', async () => {
    const api = mockSecurityPostureApi();
    const checks = [
      { name: 'Code-Review', score: 9, reason: 'most changes reviewed' },
      {
        name: 'Branch-Protection',
        score: 2,
        reason: 'branch protection not enabled',
        documentationUrl:
          'https://github.com/ossf/scorecard/blob/main/docs/checks.md#branch-protection',
        details: ['Warn: no status checks on main <b>x</b>'],
      },
      { name: 'Webhooks', score: -1, reason: 'no webhooks' },
      { name: 'Pinned-Dependencies', score: 4, reason: 'unpinned actions' },
      { name: 'Fuzzing', score: 0, reason: 'project is not fuzzed' },
      { name: 'License', score: 10, reason: 'license file detected' },
    ];
    api.getPosture.mockResolvedValue(makePosture({ checks }));
    await renderCard(api);

    const list = await screen.findByRole('list', {
      name: 'OpenSSF Scorecard checks',
    });
    const items = within(list).getAllByRole('listitem');
    // five shown, weakest first; the unscored one only after "show all"
    expect(
      items
        .filter(item => item.parentElement === list)
        .map(item => item.textContent?.split(':')[0]),
    ).toEqual([
      'Fuzzing',
      'Branch-Protection',
      'Pinned-Dependencies',
      'Code-Review',
      'License',
    ]);
    expect(within(list).getByText('Branch-Protection: 2 / 10')).toBeVisible();
    expect(
      within(list).getByText('branch protection not enabled'),
    ).toBeInTheDocument();
    // the details are plain text inside a native disclosure
    expect(
      within(list).getByText('Details of Branch-Protection'),
    ).toBeInTheDocument();
    expect(
      within(list).getByText('Warn: no status checks on main <b>x</b>'),
    ).toBeInTheDocument();
    expect(
      within(list).getByRole('link', { name: 'What this check looks for' }),
    ).toHaveAttribute(
      'href',
      'https://github.com/ossf/scorecard/blob/main/docs/checks.md#branch-protection',
    );
    expect(within(list).queryByText(/^Webhooks/)).not.toBeInTheDocument();

    const showAll = screen.getByRole('button', { name: 'Show all 6 checks' });
    expect(showAll).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(showAll);
    expect(within(list).getByText('Webhooks: not scored')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Show fewer checks' }),
    ).toHaveAttribute('aria-expanded', 'true');
  });

  it('says when there is no OpenSSF Scorecard report', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(makePosture({ checks: [] }));
    await renderCard(api);
    expect(
      await screen.findByText('No OpenSSF Scorecard report yet.'),
    ).toBeInTheDocument();
  });

  it('says how far behind its template the component is, and whether it drifted', async () => {
    const api = mockSecurityPostureApi();
    const template = {
      ref: 'template:default/node-service',
      version: '1.0.0',
      latestVersion: '1.2.0',
      behindBy: 2,
      securityReleasesBehind: 1,
      drifted: true,
    };
    api.getPosture.mockResolvedValue(
      makePosture({ template: template as Posture['template'] }),
    );
    await renderCard(api);
    expect(
      await screen.findByText(
        /template:default\/node-service, version 1\.0\.0/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Behind by 2 versions (latest 1.2.0). Misses 1 security release.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Files the template owns were changed since it rendered them (drift).',
      ),
    ).toBeInTheDocument();
  });

  it("says when the component is on its template's latest version", async () => {
    const api = mockSecurityPostureApi();
    const template = {
      ref: 'template:default/node-service',
      version: '1.2.0',
      latestVersion: '1.2.0',
      behindBy: 0,
      securityReleasesBehind: 0,
      drifted: false,
    };
    api.getPosture.mockResolvedValue(
      makePosture({ template: template as Posture['template'] }),
    );
    await renderCard(api);
    expect(
      await screen.findByText('On the latest version (1.2.0).'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/drift/)).not.toBeInTheDocument();
  });

  it('shows only ref and version when the backend gives no version status', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(makePosture());
    await renderCard(api);
    expect(
      await screen.findByText(
        /template:default\/node-service, version 1\.4\.0/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Behind by|latest version/),
    ).not.toBeInTheDocument();
  });

  it('shows the campaigns the component is in, failing first, with what it still has to do', async () => {
    const api = mockSecurityPostureApi();
    api.getPosture.mockResolvedValue(makePosture());
    const campaign = (id: string, title: string, deadline: string) => ({
      id,
      title,
      description: '',
      goal: { type: 'policy' as const, expression: 'true' },
      scope: {},
      startsAt: '2026-12-01T00:00:00Z',
      deadline,
      ownerRef: 'group:default/platform',
      createdBy: 'user:default/lead',
      createdAt: '2026-12-01T00:00:00Z',
      updatedAt: '2026-12-01T00:00:00Z',
      version: 1,
    });
    api.listEntityCampaigns.mockResolvedValue({
      items: [
        {
          campaign: campaign(
            'a',
            'Scorecard everywhere',
            '2027-01-01T00:00:00Z',
          ),
          status: 'active',
          compliant: true,
          reason: null,
          evaluatedAt: '2026-12-06T00:00:00Z',
        },
        {
          campaign: campaign('b', '<i>No KEV</i>', '2027-02-01T00:00:00Z'),
          status: 'active',
          compliant: false,
          reason: '1 open finding(s) match: CVE-2021-44228',
          evaluatedAt: '2026-12-06T00:00:00Z',
        },
      ],
    });
    await renderCard(api);
    const list = await screen.findByRole('list', {
      name: 'Campaigns this component is in',
    });
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent('<i>No KEV</i>');
    expect(items[0]).toHaveTextContent('Failing');
    expect(items[0]).toHaveTextContent(
      '1 open finding(s) match: CVE-2021-44228',
    );
    expect(items[0]).toHaveTextContent('due 2027-02-01');
    expect(within(items[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/security-campaigns/b',
    );
    expect(items[1]).toHaveTextContent('Compliant');
    expect(api.listEntityCampaigns).toHaveBeenCalledWith(
      'component:default/payments-api',
    );
  });
});
