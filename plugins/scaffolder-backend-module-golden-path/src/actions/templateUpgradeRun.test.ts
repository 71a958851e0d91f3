import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
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
import { createTemplateUpgradeRunAction } from './templateUpgradeRun';
import { examples } from './templateUpgradeRun.examples';

jest.setTimeout(120_000);

const BASE_URL = 'http://localhost:7007/golden-path-git';

function madeFromNodeService(name: string, repo?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'golden-path.dev/template-ref': 'template:default/node-service',
        'golden-path.dev/template-version': '1.0.0',
        ...(repo
          ? {
              'backstage.io/managed-by-location': `url:${BASE_URL}/${repo}/blob/main/catalog-info.yaml`,
            }
          : {}),
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'x' },
  };
}

/** The real security-posture backend (its queue's worker polling fast) with node-service components. */
async function postureBackend() {
  const { v1 } = await nodeServiceVersions();
  const { gitdir } = await bareRepository(await generatedService(v1));
  const root = repoRoot();
  const templateYaml = path.join(
    root,
    'templates',
    'node-service',
    'template.yaml',
  );
  const version = yaml.parse(fs.readFileSync(templateYaml, 'utf8')).metadata
    .annotations['golden-path.dev/template-version'];
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
                'golden-path.dev/template-version': version,
                'backstage.io/managed-by-location': `file:${templateYaml}`,
              },
            },
            spec: { type: 'service', steps: [] },
          },
          madeFromNodeService('orders-api', 'orders-api'),
          madeFromNodeService('unproven-api'),
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
              localRoots: [path.join(root, 'templates')],
              archives: [path.join(root, 'examples', 'template-versions')],
              upgrades: { pollSeconds: 0.1 },
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
    close: () => server.close(),
    discovery: {
      getBaseUrl: async () => baseUrl,
      getExternalBaseUrl: async () => baseUrl,
    },
  };
}

describe('goldenpath:template:upgrade-run (against the real posture backend)', () => {
  it('starts a run on behalf of the task user and follows it; a stopped component fails the step after the outputs', async () => {
    const backend = await postureBackend();
    try {
      const action = createTemplateUpgradeRunAction({
        discovery: backend.discovery,
        auth: mockServices.auth(),
        pollMs: 100,
      });
      const ok = createMockActionContext({
        input: {
          templateRef: 'template:default/node-service',
          entityRefs: ['orders-api'],
        },
        initiatorCredentials: mockCredentials.user('user:default/platform'),
      } as any);
      await action.handler(ok as any);
      expect(ok.output).toHaveBeenCalledWith('total', 1);
      expect(ok.output).toHaveBeenCalledWith('outcomes', { opened: 1 });
      expect(ok.output).toHaveBeenCalledWith('stopped', []);

      const stopped = createMockActionContext({
        input: {
          templateRef: 'template:default/node-service',
          entityRefs: ['unproven-api'],
        },
        initiatorCredentials: mockCredentials.user('user:default/platform'),
      } as any);
      await expect(action.handler(stopped as any)).rejects.toThrow(
        /1 of 1 component\(s\) were not upgraded: component:default\/unproven-api \(component:default\/unproven-api has no repository this backend may write to/,
      );
      expect(stopped.output).toHaveBeenCalledWith('outcomes', { failed: 1 });

      // the examples are valid input: the first one runs (nothing is behind any more but the
      // unproven component), the second names components the catalog does not have
      const [all, some] = examples.map(
        e => yaml.parse(e.example).steps[0].input,
      );
      const allCtx = createMockActionContext({
        input: all,
        initiatorCredentials: mockCredentials.user('user:default/platform'),
      } as any);
      await expect(action.handler(allCtx as any)).rejects.toThrow(
        /were not upgraded: component:default\/unproven-api/,
      );
      const someCtx = createMockActionContext({
        input: { ...some, targetVersion: undefined },
        initiatorCredentials: mockCredentials.user('user:default/platform'),
      } as any);
      await expect(action.handler(someCtx as any)).rejects.toThrow(
        'the upgrade service refused (400): component:default/ledger-worker was not made from template:default/node-service',
      );
    } finally {
      backend.close();
    }
  });

  it('refuses bad input before calling the backend', async () => {
    const action = createTemplateUpgradeRunAction({
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:9',
        getExternalBaseUrl: async () => 'http://127.0.0.1:9',
      },
      auth: mockServices.auth(),
    });
    const run = (input: object) =>
      action.handler(
        createMockActionContext({
          input,
          initiatorCredentials: mockCredentials.user(),
        } as any) as any,
      );
    await expect(
      run({ templateRef: 'template:default/node-service' }),
    ).rejects.toThrow('give either allBehind: true or entityRefs');
    await expect(
      run({ templateRef: 'component:default/x', allBehind: true }),
    ).rejects.toThrow('templateRef must name a Template entity');
  });
});
