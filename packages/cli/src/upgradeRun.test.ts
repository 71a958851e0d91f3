import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import securityPosturePlugin from '@golden-path/plugin-security-posture-backend';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { run } from './run';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '../../..');
const TEMPLATES = path.join(REPO, 'templates');

/** A component made from node-service 1.0.0 that no repository proves (its upgrade is refused). */
function madeFromNodeService(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'golden-path.dev/template-ref': 'template:default/node-service',
        'golden-path.dev/template-version': '1.0.0',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/payments',
    },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/payments' }],
  };
}

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: (env: Record<string, string | undefined>) => ({
      stdout: { write: (s: string) => (out.stdout += s) },
      stderr: { write: (s: string) => (out.stderr += s) },
      env,
      sleep: (ms: number) =>
        new Promise<void>(r => setTimeout(r, Math.min(ms, 100))),
    }),
  };
}

describe('golden-path upgrade-run against the real security-posture backend', () => {
  let url: string;
  const person = mockCredentials.user.token('user:default/platform-engineer');

  beforeAll(async () => {
    const backend = await startTestBackend({
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
                  'golden-path.dev/template-version': '1.1.0',
                  'backstage.io/managed-by-location': `file:${path.join(
                    TEMPLATES,
                    'node-service',
                    'template.yaml',
                  )}`,
                },
              },
              spec: { type: 'service', steps: [] },
            },
            madeFromNodeService('orders-api'),
            madeFromNodeService('billing-api'),
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              notifications: { enabled: false },
              templates: {
                localRoots: [TEMPLATES],
                archives: [path.join(REPO, 'examples', 'template-versions')],
                upgrades: { pollSeconds: 0.1 },
              },
            },
          },
        }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    url = `http://localhost:${(backend.server.address() as AddressInfo).port}`;
  });

  it('starts a run, follows it to the end, prints each outcome and exits 1 when a component was stopped', async () => {
    const { out, io } = capture();
    const code = await run(
      ['upgrade-run', '--template', 'default/node-service', '--all-behind'],
      io({ GOLDEN_PATH_URL: url, GOLDEN_PATH_TOKEN: person }),
    );
    expect(out.stderr).toMatch(
      /upgrade-run [0-9a-f-]{36}: 2 component\(s\) of template:default\/node-service queued/,
    );
    expect(out.stderr).toMatch(/upgrade-run [0-9a-f-]{36}: 2\/2 done/);
    const lines = out.stdout.trim().split('\n');
    // in the order the run took them (the catalog's)
    expect(lines).toEqual([
      'component:default/orders-api: failed (component:default/orders-api has no repository this backend may write to: upgrades write only where the catalog read the component from, and it has no backstage.io/managed-by-location annotation)',
      'component:default/billing-api: failed (component:default/billing-api has no repository this backend may write to: upgrades write only where the catalog read the component from, and it has no backstage.io/managed-by-location annotation)',
      '2 component(s): 2 failed',
    ]);
    expect(code).toBe(1);
    expect(out.stdout + out.stderr).not.toContain(person);
  });

  it('returns the run id at once with --no-follow, and answers JSON with --json', async () => {
    const { out, io } = capture();
    const code = await run(
      [
        'upgrade-run',
        '--template',
        'template:default/node-service',
        '--component',
        'orders-api',
        '--no-follow',
      ],
      io({ GOLDEN_PATH_URL: url, GOLDEN_PATH_TOKEN: person }),
    );
    expect(code).toBe(0);
    expect(out.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
    const json = capture();
    expect(
      await run(
        [
          'upgrade-run',
          '--template',
          'node-service',
          '--component',
          'billing-api',
          '--json',
        ],
        json.io({ GOLDEN_PATH_URL: url, GOLDEN_PATH_TOKEN: person }),
      ),
    ).toBe(1);
    const answer = JSON.parse(json.out.stdout);
    expect(answer.run).toMatchObject({
      state: 'done',
      total: 1,
      outcomes: { failed: 1 },
    });
    expect(answer.items[0].entityRef).toBe('component:default/billing-api');
  });

  it('exits 2 with the reason for a refused run, a CI credential, or bad flags', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [
        ['upgrade-run', '--template', 'default/nope', '--all-behind'],
        { GOLDEN_PATH_TOKEN: person },
        /the run was not started: .*template:default\/nope/,
      ],
      [
        ['upgrade-run', '--template', 'default/node-service', '--all-behind'],
        { GOLDEN_PATH_TOKEN: mockCredentials.service.token() },
        /the run was not started: .*service/i,
      ],
      [
        ['upgrade-run', '--template', 'default/node-service'],
        { GOLDEN_PATH_TOKEN: person },
        /give either --all-behind or --component <ref\.\.\.>/,
      ],
      [
        ['upgrade-run', '--template', 'default/node-service', '--all-behind'],
        {},
        /no token: upgrade runs are started by a person/,
      ],
    ];
    for (const [argv, env, message] of cases) {
      const { out, io } = capture();
      const code = await run(argv, io({ GOLDEN_PATH_URL: url, ...env }));
      expect(code).toBe(2);
      expect(out.stderr).toMatch(message);
    }
  });
});
