import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  TemplateComponent,
  TemplateSummary,
} from '@golden-path/plugin-security-posture-common';
import { securityPostureApiRef } from '../api';
import { GoldenPathTemplatesPage } from '../components/GoldenPathTemplatesPage';
import { mockSecurityPostureApi } from './fixtures';
import { permissionApi } from './permissions';

const nodeService: TemplateSummary = {
  ref: 'template:default/node-service',
  namespace: 'default',
  name: 'node-service',
  title: 'Hardened Node.js service',
  latestVersion: '1.1.0',
  versions: [
    {
      version: '1.1.0',
      releasedAt: '2026-11-24T00:00:00.000Z',
      changelog: [
        {
          security: true,
          text: 'Dockerfile: <img src=x onerror=alert(1)> pinned by digest',
        },
        { security: false, text: 'Service: /api/hello answers JSON' },
      ],
    },
    {
      version: '1.0.0',
      releasedAt: '2026-11-23T00:00:00.000Z',
      changelog: [{ security: false, text: 'First release.' }],
    },
  ],
  adoption: [
    { version: '1.0.0', components: 2 },
    { version: '1.1.0', components: 1 },
  ],
};

const goService: TemplateSummary = {
  ...nodeService,
  ref: 'template:default/go-service',
  name: 'go-service',
  title: 'Hardened Go service',
  latestVersion: '1.0.0',
  versions: [{ version: '1.0.0', releasedAt: null, changelog: [] }],
  adoption: [{ version: '1.0.0', components: 0 }],
};

const components: TemplateComponent[] = [
  {
    entityRef: 'component:default/payments-api',
    owner: 'group:default/payments',
    version: '1.0.0',
    behindBy: 1,
    securityReleasesBehind: 1,
    drifted: true,
    upgrade: null,
  },
  {
    entityRef: 'component:default/ledger-worker',
    owner: null,
    version: '1.0.0',
    behindBy: 1,
    securityReleasesBehind: 1,
    drifted: false,
    upgrade: null,
  },
  {
    entityRef: 'component:default/quotes',
    owner: 'group:default/payments',
    version: '1.1.0',
    behindBy: 0,
    securityReleasesBehind: 0,
    drifted: null,
    upgrade: null,
  },
];

export function setup() {
  const api = mockSecurityPostureApi();
  api.listTemplates.mockResolvedValue({ items: [nodeService, goService] });
  api.listTemplateComponents.mockImplementation(async ({ name }) => ({
    items: name === 'node-service' ? components : [],
  }));
  return api;
}

export async function render(
  api: ReturnType<typeof setup>,
  authorize: 'ALLOW' | 'DENY' = 'ALLOW',
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [securityPostureApiRef, api],
        [permissionApiRef, permissionApi(authorize)],
      ]}
    >
      <GoldenPathTemplatesPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
