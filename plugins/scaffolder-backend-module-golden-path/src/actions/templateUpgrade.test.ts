import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import securityPosturePlugin from '@golden-path/plugin-security-posture-backend';
import {
  bareRepository,
  generatedService,
  nodeServiceVersions,
  repoRoot,
} from '@golden-path/template-upgrade/testUtils';
import yaml from 'yaml';
import { goldenPathLocalGitUrlReader } from '../localGit';
import { createTemplateUpgradeAction } from './templateUpgrade';
import { examples } from './templateUpgrade.examples';

jest.setTimeout(120_000);

const BASE_URL = 'http://localhost:7007/golden-path-git';

/** The real security-posture backend, with orders-api made from node-service 1.0.0. */
async function postureBackend(options: { templateViaUrl?: boolean } = {}) {
  const { v1, latest } = await nodeServiceVersions();
  const { repository, gitdir } = await bareRepository(
    await generatedService(v1),
  );
  const root = repoRoot();
  // the template itself, published in a repository the catalog reads through the UrlReader
  if (options.templateViaUrl) {
    await bareRepository(
      new Map([...latest.files].map(([f, c]) => [`node-service/${f}`, c])),
      'golden-templates',
      path.dirname(gitdir),
    );
  }
  const templateLocation = options.templateViaUrl
    ? `url:${BASE_URL}/golden-templates/blob/main/node-service/template.yaml`
    : `file:${path.join(root, 'templates', 'node-service', 'template.yaml')}`;
  const { server } = await startTestBackend({
    features: [
      securityPosturePlugin,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'scaffolder.backstage.io/v1beta3',
            kind: 'Template',
            metadata: {
              name: 'node-service',
              namespace: 'default',
              annotations: {
                'golden-path.dev/template-version': latest.version,
                'backstage.io/managed-by-location': templateLocation,
              },
            },
            spec: { type: 'service', steps: [] },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: {
              name: 'orders-api',
              namespace: 'default',
              annotations: {
                'golden-path.dev/template-ref': 'template:default/node-service',
                'golden-path.dev/template-version': '1.0.0',
                'backstage.io/managed-by-location': `url:${BASE_URL}/orders-api/blob/main/catalog-info.yaml`,
              },
            },
            spec: { type: 'service', lifecycle: 'production', owner: 'x' },
          },
        ],
      }),
      goldenPathLocalGitUrlReader,
      mockServices.rootConfig.factory({
        data: {
          goldenPath: {
            scaffolder: {
              localGitRoot: path.dirname(gitdir),
              localGitBaseUrl: BASE_URL,
            },
          },
          securityPosture: {
            templates: {
              localRoots: options.templateViaUrl
                ? []
                : [path.join(root, 'templates')],
              archives: [path.join(root, 'examples', 'template-versions')],
            },
            notifications: { enabled: false },
          },
        },
      }),
    ],
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}/api/security-posture`;
  return {
    repository,
    close: () => server.close(),
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
  };
}

describe('goldenpath:template:upgrade (against the real posture backend)', () => {
  it('upgrades the component into its upgrade branch on behalf of the task user, and a second run changes nothing', async () => {
    const backend = await postureBackend();
    try {
      const action = createTemplateUpgradeAction({
        discovery: backend.discovery,
        auth: mockServices.auth(),
      });
      const ctx = createMockActionContext({
        input: {
          entityRef: 'orders-api',
          templateRef: 'template:default/node-service',
        },
        initiatorCredentials: mockCredentials.user('user:default/platform'),
      } as any);
      await action.handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('state', 'opened');
      expect(ctx.output).toHaveBeenCalledWith(
        'branch',
        'golden-path/upgrade-node-service',
      );
      const branch = await backend.repository.readBranch(
        'golden-path/upgrade-node-service',
      );
      expect(ctx.output).toHaveBeenCalledWith('commit', branch?.commit);
      expect(ctx.output).toHaveBeenCalledWith('conflicts', 0);

      const again = createMockActionContext({
        input: {
          entityRef: 'component:default/orders-api',
          templateRef: 'template:default/node-service',
        },
      });
      await action.handler(again as any);
      expect(again.output).toHaveBeenCalledWith('state', 'unchanged');

      const bad = createMockActionContext({
        input: {
          entityRef: 'component:default/orders-api',
          templateRef: 'template:default/node-service',
          targetVersion: '0.1.0',
        },
      });
      const { latest } = await nodeServiceVersions();
      await expect(action.handler(bad as any)).rejects.toThrow(
        `the upgrade service refused (400): template:default/node-service has no published version 0.1.0 (published: ${latest.version}, 1.1.0, 1.0.0)`,
      );
      const notOurs = createMockActionContext({
        input: {
          entityRef: 'component:default/orders-api',
          templateRef: 'group:default/x',
        },
      });
      await expect(action.handler(notOurs as any)).rejects.toThrow(
        'templateRef must name a Template entity',
      );
    } finally {
      await backend.close();
    }
  });
});

describe('goldenpath:template:upgrade examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_d, example) => {
      const backend = await postureBackend();
      try {
        const input = yaml.parse(example).steps[0].input;
        // the examples name a demo component or a parameter; the test backend has orders-api
        const ctx = createMockActionContext({
          input: { ...input, entityRef: 'component:default/orders-api' },
        });
        await createTemplateUpgradeAction({
          discovery: backend.discovery,
          auth: mockServices.auth(),
        }).handler(ctx as any);
        expect(ctx.output).toHaveBeenCalledWith('state', 'opened');
        const branch = await backend.repository.readBranch(
          'golden-path/upgrade-node-service',
        );
        expect(ctx.output).toHaveBeenCalledWith('commit', branch?.commit);
      } finally {
        await backend.close();
      }
    },
  );
});

describe('template versions published at url: locations', () => {
  it('are recorded through the UrlReader, so components can be upgraded to them', async () => {
    const backend = await postureBackend({ templateViaUrl: true });
    try {
      // the newest version is in no archive: only the UrlReader can have recorded it
      const { latest } = await nodeServiceVersions();
      const ctx = createMockActionContext({
        input: {
          entityRef: 'component:default/orders-api',
          templateRef: 'template:default/node-service',
          targetVersion: latest.version,
        },
      });
      await createTemplateUpgradeAction({
        discovery: backend.discovery,
        auth: mockServices.auth(),
      }).handler(ctx as any);
      expect(ctx.output).toHaveBeenCalledWith('state', 'opened');
    } finally {
      await backend.close();
    }
  });
});
