import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  CampaignDetail,
  CampaignListItem,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../api';
import { SecurityCampaignsPage } from '../components/CampaignsPage';
import { SecurityEvidencePage } from '../components/EvidencePage';
import { mockSecurityPostureApi } from './fixtures';
import { permissionApi } from './permissions';

const campaign = {
  id: 'c-1',
  title: 'Node service 1.1.0 everywhere',
  description: '<b>not bold</b> upgrade before the audit',
  goal: {
    type: 'template' as const,
    templateRef: 'template:default/node-service',
    minVersion: '1.1.0',
  },
  scope: { tiers: [1], systems: ['system:default/payments'] },
  startsAt: '2026-12-01T00:00:00.000Z',
  deadline: '2099-01-31T23:59:59.000Z',
  ownerRef: 'group:default/platform',
  createdBy: 'user:default/lead',
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 3,
};

/** Two campaigns as the list serves them: one evaluated, one not yet. */
const campaignList: CampaignListItem[] = [
  {
    ...campaign,
    status: 'active',
    summary: {
      evaluatedAt: '2026-12-06T10:00:00.000Z',
      compliant: 1,
      failing: 2,
    },
  },
  {
    ...campaign,
    id: 'c-2',
    title: 'No known-exploited vulnerability',
    goal: { type: 'no-finding', filter: { rule: 'CVE-2021-44228' } },
    status: 'scheduled',
    summary: null,
  },
];

/** A template campaign's detail: three components (two failing), nested teams, a week of series. */
export const campaignDetail: CampaignDetail = {
  campaign,
  progress: {
    evaluatedAt: '2026-12-06T10:00:00.000Z',
    compliant: 1,
    failing: 2,
    history: [
      { day: '2026-12-04', compliant: 0, failing: 3 },
      { day: '2026-12-05', compliant: 1, failing: 2 },
      { day: '2026-12-06', compliant: 1, failing: 2 },
    ],
    components: [
      {
        entityRef: 'component:default/payments-api',
        title: 'payments-api',
        ownerRef: 'group:default/payments',
        compliant: false,
        reason: 'on template:default/node-service 1.0.0, below 1.1.0',
      },
      {
        entityRef: 'component:default/ledger',
        title: '=HYPERLINK("http://evil")',
        ownerRef: 'group:default/payments',
        compliant: false,
        reason: '<img src=x onerror=alert(1)>',
      },
      {
        entityRef: 'component:default/checkout-web',
        title: 'checkout-web',
        ownerRef: 'group:default/checkout',
        compliant: true,
        reason: null,
      },
    ],
    teams: [
      {
        ref: 'group:default/engineering',
        title: 'Engineering',
        parentRef: null,
        compliant: 0,
        failing: 0,
        totalCompliant: 1,
        totalFailing: 2,
      },
      {
        ref: 'group:default/payments',
        title: 'Payments',
        parentRef: 'group:default/engineering',
        compliant: 0,
        failing: 2,
        totalCompliant: 0,
        totalFailing: 2,
      },
      {
        ref: 'group:default/checkout',
        title: 'Checkout',
        parentRef: 'group:default/engineering',
        compliant: 1,
        failing: 0,
        totalCompliant: 1,
        totalFailing: 0,
      },
    ],
  },
};

const mounted = { '/catalog/:namespace/:kind/:name': entityRouteRef };

/** Renders the campaigns page at `path` (`/` the list, `/<id>` one campaign), allowed or not. */
export async function renderCampaignsPage(options: {
  path: string;
  permission: 'ALLOW' | 'DENY';
  api?: ReturnType<typeof mockSecurityPostureApi>;
}) {
  const api = options.api ?? mockSecurityPostureApi();
  if (!options.api) {
    api.listCampaigns.mockResolvedValue({ items: campaignList });
    api.getCampaign.mockResolvedValue(campaignDetail);
    api.listTemplates.mockResolvedValue({ items: [] });
  }
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(options.permission)],
      ]}
    >
      <SecurityCampaignsPage />
    </TestApiProvider>,
    { routeEntries: [options.path], mountedRoutes: mounted },
  );
  return api;
}

/** Renders the evidence page at `path`, allowed or not. */
export async function renderEvidencePage(options: {
  path: string;
  permission: 'ALLOW' | 'DENY';
  api: ReturnType<typeof mockSecurityPostureApi>;
}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, options.api],
        [permissionApiRef, permissionApi(options.permission)],
      ]}
    >
      <SecurityEvidencePage />
    </TestApiProvider>,
    { routeEntries: [options.path], mountedRoutes: mounted },
  );
  return options.api;
}
