import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { securityPostureApiRef } from '../api';
import { SecurityAffectedPage } from '../components/AffectedPage';
import { mockSecurityPostureApi } from './fixtures';
import { permissionApi } from './permissions';
import { AffectedAnswer } from '@golden-path/plugin-security-posture-common';

/** A zero-day answer with untrusted text in the places scanners and catalogs fill. */
export const affectedAnswer: AffectedAnswer = {
  advisory: {
    id: 'GHSA-jfh8-c2jp-5v3q',
    aliases: ['CVE-2021-44228'],
    summary: '<img src=x onerror=alert(1)> Remote code injection in Log4j',
    severity: 'critical',
    // eslint-disable-next-line no-script-url -- the attack under test
    url: 'javascript:alert(1)',
    modified: '2022-03-25T20:56:18Z',
    fixedVersions: ['2.12.2', '2.15.0', '2.3.1'],
    kev: true,
    epss: 0.944,
    packages: ['maven:org.apache.logging.log4j:log4j-core'],
  },
  components: [
    {
      entityRef: 'component:default/payments-api',
      title: 'payments-api',
      ownerRef: 'group:default/payments',
      systemRef: 'system:default/payments',
      tier: 1,
      lifecycle: 'production',
      exposure: { providedApis: 1, production: true, points: 25 },
      packages: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2'],
      versions: ['2.13.2'],
      fixedVersions: ['2.15.0'],
      kev: true,
      epss: 0.944,
      openFindings: 1,
      sources: ['inventory'],
    },
    {
      entityRef: 'component:default/checkout-web',
      title: '=HYPERLINK("http://evil")',
      ownerRef: 'group:default/checkout',
      systemRef: null,
      tier: 2,
      lifecycle: 'production',
      exposure: { providedApis: 0, production: true, points: 10 },
      packages: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2'],
      versions: ['2.13.2'],
      fixedVersions: ['2.15.0'],
      kev: true,
      epss: null,
      openFindings: 3,
      sources: ['inventory', 'scanner'],
    },
  ],
  teams: [
    {
      ref: 'group:default/engineering',
      title: 'Engineering',
      email: null,
      parentRef: null,
      components: 0,
      total: 2,
    },
    {
      ref: 'group:default/payments',
      title: 'Payments',
      email: 'payments@example.com',
      parentRef: 'group:default/engineering',
      components: 1,
      total: 2,
    },
    {
      ref: 'group:default/checkout',
      title: 'Checkout',
      // eslint-disable-next-line no-script-url -- the attack under test
      email: 'javascript:alert(1)@x',
      parentRef: 'group:default/payments',
      components: 1,
      total: 1,
    },
  ],
  truncated: false,
  advisoriesStored: 6,
};

/** Renders the zero-day page at `path`, "notify owners" allowed or not, over a mocked API. */
export async function renderAffectedPage(options: {
  path: string;
  notify: 'ALLOW' | 'DENY';
  api?: ReturnType<typeof mockSecurityPostureApi>;
}) {
  const api = options.api ?? mockSecurityPostureApi();
  if (!options.api) api.getAffected.mockResolvedValue(affectedAnswer);
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(options.notify)],
      ]}
    >
      <SecurityAffectedPage />
    </TestApiProvider>,
    {
      routeEntries: [options.path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}
