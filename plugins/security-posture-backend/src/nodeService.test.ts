import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ResponseError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SecurityPostureApi } from '@golden-path/plugin-security-posture-common';
import {
  SecurityPostureService,
  securityPostureServiceRef,
} from '@golden-path/plugin-security-posture-node';
import { securityPostureServiceMock } from '@golden-path/plugin-security-posture-node/testUtils';
import { securityPosturePlugin } from './plugin';
import { readFixture } from './parsers/testFixtures';
import { testOrg } from './__testUtils__/org';

jest.setTimeout(60_000);

const PAYMENTS = 'component:default/payments-api';

/** A plugin of someone else's that reads posture through the -node service. */
function consumerPlugin(
  onInit: (deps: {
    posture: SecurityPostureService;
    own: BackstageCredentials;
  }) => void,
) {
  return createBackendPlugin({
    pluginId: 'posture-consumer',
    register(env) {
      env.registerInit({
        deps: {
          posture: securityPostureServiceRef,
          auth: coreServices.auth,
        },
        async init({ posture, auth }) {
          onInit({ posture, own: await auth.getOwnServiceCredentials() });
        },
      });
    },
  });
}

describe('securityPostureServiceRef (default implementation, real backend)', () => {
  it('uploads as the calling plugin within its scope, and reads as a user through the permission policy', async () => {
    let posture!: SecurityPostureService;
    let own!: BackstageCredentials;
    const decisions: string[] = [];
    await startTestBackend({
      features: [
        securityPosturePlugin,
        consumerPlugin(deps => ({ posture, own } = deps)),
        catalogServiceMock.factory({ entities: testOrg }),
        // a plugin reporting on its own behalf is a service caller: scoped like a static token
        mockServices.rootConfig.factory({
          data: {
            securityPosture: {
              uploads: {
                tokens: [
                  { subject: 'plugin:posture-consumer', entities: [PAYMENTS] },
                ],
              },
            },
          },
        }),
        mockServices.permissions.mock({
          async authorize(requests, options) {
            const principal = (options?.credentials as BackstageCredentials)
              ?.principal as { type: string; userEntityRef?: string };
            return requests.map(() => {
              // the test's "lead" may read; any other user may not
              const allowed =
                principal.type === 'service' ||
                principal.userEntityRef === 'user:default/avery.lead';
              decisions.push(`${principal.type}:${allowed}`);
              return {
                result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
              };
            });
          },
          async authorizeConditional(requests) {
            return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
          },
        }).factory,
      ],
    });

    const asPlugin = posture.forCredentials(own);
    const ingest = await asPlugin.uploadReport(
      readFixture('gitleaks/gitleaks_json_simple.json'),
      { entityRef: PAYMENTS },
    );
    expect(ingest.counts.new).toBeGreaterThan(0);
    expect(ingest.format).toBe('gitleaks');

    // reading is a person's business: the plugin on its own behalf may not
    const ownRead = await asPlugin.getPosture(PAYMENTS).catch(e => e);
    expect((ownRead as ResponseError).response.status).toBe(403);
    const elsewhere = await asPlugin
      .uploadReport(readFixture('gitleaks/gitleaks_json_simple.json'), {
        entityRef: 'component:default/auth-service',
      })
      .catch(e => e);
    expect((elsewhere as ResponseError).response.status).toBe(403);

    const lead = posture.forCredentials(
      mockCredentials.user('user:default/avery.lead'),
    );
    const read = await lead.getPosture(PAYMENTS);
    expect(read.entityRef).toBe(PAYMENTS);
    expect(read.state).toBe('scanned');
    expect(Object.values(read.open).reduce((a, b) => a + b, 0)).toBe(
      ingest.counts.new,
    );

    const stranger = posture.forCredentials(
      mockCredentials.user('user:default/someone-else'),
    );
    const denied = await stranger.getPosture(PAYMENTS).catch(e => e);
    expect(denied).toBeInstanceOf(ResponseError);
    expect((denied as ResponseError).response.status).toBe(403);
    expect(decisions).toContain('user:false');
  });
});

describe('securityPostureServiceMock', () => {
  it('answers with what it was given, records calls, and names a method it was not given', async () => {
    let posture!: SecurityPostureService;
    const mock = securityPostureServiceMock.factory({
      async getHistory(entityRef: string) {
        return { entityRef, points: [] } as unknown as Awaited<
          ReturnType<SecurityPostureApi['getHistory']>
        >;
      },
    });
    await startTestBackend({
      features: [mock, consumerPlugin(deps => ({ posture } = deps))],
    });
    const credentials = mockCredentials.user('user:default/avery.lead');
    const api = posture.forCredentials(credentials);
    await expect(api.getHistory(PAYMENTS)).resolves.toEqual({
      entityRef: PAYMENTS,
      points: [],
    });
    await expect(api.getPosture(PAYMENTS)).rejects.toThrow(
      'securityPostureServiceMock: getPosture was called but not given',
    );
    expect(
      (posture as unknown as { calls: unknown[] }).calls.map(c => c),
    ).toEqual([
      { method: 'getHistory', args: [PAYMENTS], credentials },
      { method: 'getPosture', args: [PAYMENTS], credentials },
    ]);
  });
});
