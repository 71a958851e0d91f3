import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  securityPostureParsersExtensionPoint,
  securityPostureProvidersExtensionPoint,
} from '@golden-path/plugin-security-posture-node';
import request from 'supertest';
import { parseReport } from './parsers';
import { readFixture } from './parsers/testFixtures';
import { securityPosturePlugin } from './plugin';
import { testOrg } from './__testUtils__/org';
import { withTestCiScope } from './__testUtils__/backend';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A scanner format the suite does not know: one finding per line of `{"issues": [...]}`. */
const linterParser = {
  format: 'acme-lint',
  detect: (doc: unknown) =>
    typeof doc === 'object' && doc !== null && 'acmeLint' in doc,
  parse: (doc: unknown) => {
    const issues = (doc as { acmeLint: { id: string; file: string }[] })
      .acmeLint;
    return {
      format: 'acme-lint',
      tools: [{ name: 'acme-lint' }],
      checks: [],
      findings: issues.map(i => ({
        fingerprint: `${i.id}:${i.file}`,
        tool: 'acme-lint',
        kind: 'sast' as const,
        ruleId: i.id,
        title: `Lint rule ${i.id}`,
        severity: 'low' as const,
        aliases: [],
        cwes: [],
        location: { path: i.file },
        message: `Rule ${i.id} failed`,
      })),
    };
  },
};

describe('security-posture extension points', () => {
  it('accepts reports of an added parser and applies reports pulled by a provider', async () => {
    const knex = await databases.init('SQLITE_3');
    const pulledReport = parseReport(
      readFixture('gitleaks', 'gitleaks_json_simple.json'),
    );
    const extensions = createBackendModule({
      pluginId: 'security-posture',
      moduleId: 'test-extensions',
      register(reg) {
        reg.registerInit({
          deps: {
            parsers: securityPostureParsersExtensionPoint,
            providers: securityPostureProvidersExtensionPoint,
          },
          async init({ parsers, providers }) {
            parsers.addParser(linterParser);
            providers.addProvider({
              id: 'secret-scanning-api',
              pull: async () => [
                {
                  entityRef: 'component:default/auth-service',
                  report: pulledReport,
                },
              ],
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        securityPosturePlugin,
        extensions,
        mockServices.database.factory({ knex }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        catalogServiceMock.factory({ entities: testOrg }),
        mockServices.rootConfig.factory({ data: withTestCiScope() }),
      ],
    });

    const upload = await request(server)
      .post(
        '/api/security-posture/v1/reports?entityRef=component:default/payments-api',
      )
      .set('Authorization', mockCredentials.service.header())
      .set('Content-Type', 'application/json')
      .send(
        JSON.stringify({
          acmeLint: [
            { id: 'no-eval', file: 'src/a.js' },
            { id: 'no-eval', file: 'src/b.js' },
          ],
        }),
      );
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({
      format: 'acme-lint',
      tools: ['acme-lint'],
      counts: { new: 2 },
    });

    // the provider's task runs on start-up; its report lands like an upload
    let rows: { tool: string; secret_redacted: string | null }[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = await knex('posture_findings')
        .where({ entity_ref: 'component:default/auth-service' })
        .select('tool', 'secret_redacted');
      if (rows.length === 0) await new Promise(r => setTimeout(r, 100));
    }
    expect(rows).toHaveLength(pulledReport.findings.length);
    expect(rows[0].tool).toBe('gitleaks');
    const scans = await knex('posture_scans').where({
      entity_ref: 'component:default/auth-service',
    });
    expect(scans.map(s => s.uploaded_by)).toEqual([
      'provider:secret-scanning-api',
    ]);
  });
});
