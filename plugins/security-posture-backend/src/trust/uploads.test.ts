import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockServices } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  API,
  postReport,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api'; // owned by payments
const AUTH = 'component:default/auth-service'; // owned by identity
const GITLEAKS = readFixture('gitleaks', 'gitleaks_json_simple.json');
const SEMGREP = readFixture(
  'sarif',
  'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
);

/** The semgrep report with its first `keep` results only (an empty one fakes "all fixed"). */
function semgrepWith(keep: number): string {
  const doc = JSON.parse(SEMGREP.toString());
  doc.runs[0].results = doc.runs[0].results.slice(0, keep);
  return JSON.stringify(doc);
}

/**
 * The upload attacks of issue #12, against a backend whose CI credentials are scoped per team
 * (`securityPosture.uploads.tokens`), as a real installation's static tokens would be.
 */
describe.each(databases.eachSupportedId())(
  'bound uploads on %p',
  databaseId => {
    let server: TestServer;
    let knex: Awaited<ReturnType<typeof databases.init>>;
    const payments = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('ci-payments'),
      targetPluginId: 'security-posture',
    });
    const identity = mockCredentials.service.header({
      onBehalfOf: mockCredentials.service('ci-identity'),
      targetPluginId: 'security-posture',
    });

    beforeAll(async () => {
      const started = await startPostureBackend({
        database: { databases, id: databaseId },
        config: {
          securityPosture: {
            notifications: { enabled: false },
            ingest: { maxBodyBytes: 300_000, maxFindings: 50 },
            uploads: {
              perMinute: 4,
              tokens: [
                { subject: 'ci-payments', groups: ['group:default/payments'] },
                { subject: 'ci-identity', groups: ['group:default/identity'] },
              ],
            },
          },
        },
        // users may read; only the uploader user "uploader" may upload
        permissions: mockServices.permissions.mock({
          async authorize(requests, options) {
            const principal = options?.credentials?.principal as {
              type: string;
              userEntityRef?: string;
            };
            return requests.map(r => ({
              result:
                r.permission.name !== 'security-posture.report.upload' ||
                principal.type === 'service' ||
                principal.userEntityRef === 'user:default/uploader'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            }));
          },
          async authorizeConditional(requests) {
            return requests.map(() => ({ result: AuthorizeResult.ALLOW }));
          },
        }),
      });
      server = started.server;
      knex = started.knex;
    });

    it("refuses another team's component: no fake critical opened, nothing marked fixed", async () => {
      expect(
        (await uploadReport(server, AUTH, semgrepWith(40), identity)).status,
      ).toBe(201);
      const open = async () =>
        Number(
          (
            await knex('posture_findings')
              .where({ entity_ref: AUTH, status: 'open' })
              .count({ n: '*' })
          )[0].n,
        );
      const before = await open();
      const fake = await uploadReport(server, AUTH, GITLEAKS, payments);
      expect(fake.status).toBe(403);
      expect(fake.body.error.message).toBe(
        'ci-payments may report only for components of group:default/payments; not for component:default/auth-service',
      );
      const fixedAll = await uploadReport(
        server,
        AUTH,
        semgrepWith(0),
        payments,
      );
      expect(fixedAll.status).toBe(403);
      expect(await open()).toBe(before);
      expect(
        (await uploadReport(server, PAYMENTS, GITLEAKS, payments)).status,
      ).toBe(201);
    });

    it('decides the caller before reading the body: 401 and 403 come before 413', async () => {
      const oversized = 'x'.repeat(400_000);
      const anonymous = await request(server)
        .post(`${API}/v1/reports?entityRef=${PAYMENTS}`)
        .set('Content-Type', 'application/json')
        .send(oversized);
      expect(anonymous.status).toBe(401);
      const notAllowed = await postReport(
        server,
        `entityRef=${PAYMENTS}`,
        oversized,
        mockCredentials.user.header('user:default/someone'),
      );
      expect(notAllowed.status).toBe(403);
      expect(notAllowed.body.error.message).toBe(
        'not allowed: security-posture.report.upload',
      );
      const unbound = await postReport(
        server,
        `entityRef=${PAYMENTS}`,
        oversized,
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.service('plugin:catalog'),
          targetPluginId: 'security-posture',
        }),
      );
      expect(unbound.status).toBe(403);
      const allowed = await postReport(
        server,
        `entityRef=${PAYMENTS}`,
        oversized,
        mockCredentials.user.header('user:default/uploader'),
      );
      expect(allowed.status).toBe(413);
    });

    it('refuses a report with more findings than securityPosture.ingest.maxFindings, naming the count', async () => {
      const res = await uploadReport(
        server,
        PAYMENTS,
        SEMGREP,
        mockCredentials.user.header('user:default/uploader'),
      );
      expect(res.status).toBe(413);
      expect(res.body.error.message).toBe(
        'report has 77 findings, over the limit of 50 (securityPosture.ingest.maxFindings)',
      );
    });

    it('limits uploads per credential and minute, across the database, with Retry-After', async () => {
      // ci-identity made one upload above; its minute allows 4 (a window may turn over between)
      const statuses: number[] = [];
      let refused: request.Response | undefined;
      for (let i = 0; i < 5 && !refused; i += 1) {
        const res = await uploadReport(server, AUTH, GITLEAKS, identity);
        statuses.push(res.status);
        if (res.status === 429) refused = res;
      }
      expect(refused).toBeDefined();
      expect(Number(refused!.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused!.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused!.body.error.message).toContain(
        'at most 4 uploads a minute per credential (securityPosture.uploads.perMinute)',
      );
      // the other team's credential has its own allowance
      expect(
        (await uploadReport(server, PAYMENTS, GITLEAKS, payments)).status,
      ).toBe(201);
    });
  },
);
