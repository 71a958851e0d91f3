import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { securityPostureScannersUpdatePermission } from '@golden-path/plugin-security-posture-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from './parsers/testFixtures';
import {
  denyAll,
  PermissionsMock,
  postReport,
  startPostureBackend,
  TestServer,
  uploadReport,
} from './__testUtils__/backend';

const SEMGREP = 'sarif/defectdojo_semgrep-1.69.0_issue_10191.sarif.json';
const REPORTS = '/api/security-posture/v1/reports';
const PAYMENTS = 'component:default/payments-api';
const TABLES = [
  'posture_components',
  'posture_scans',
  'posture_findings',
  'posture_finding_events',
  'posture_checks',
  'posture_snapshots',
];

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

async function tableCounts(knex: Knex) {
  const counts: Record<string, number> = {};
  for (const table of TABLES) {
    const [{ n }] = await knex(table).count({ n: '*' });
    counts[table] = Number(n);
  }
  return counts;
}

/** The semgrep report without its first `drop` results (what a later, cleaner scan looks like). */
function semgrepWithout(drop: number): Buffer {
  const doc = JSON.parse(readFixture(SEMGREP).toString());
  doc.runs[0].results = doc.runs[0].results.slice(drop);
  return Buffer.from(JSON.stringify(doc));
}

describe.each(databases.eachSupportedId())(
  'security-posture on %p',
  databaseId => {
    let knex: Knex;
    let server: TestServer;
    const service = mockCredentials.service.header();
    const user = mockCredentials.user.header();

    async function start(
      extraConfig: JsonObject = {},
      permissions?: PermissionsMock,
    ) {
      ({ knex, server } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: extraConfig,
        permissions,
      }));
    }

    function upload(body: Buffer | string, query = `entityRef=${PAYMENTS}`) {
      return postReport(server, query, body, service);
    }

    describe('reimport semantics', () => {
      beforeAll(() => start());

      it('opens every finding of a first report', async () => {
        const res = await upload(readFixture(SEMGREP));
        expect(res.status).toBe(201);
        expect(res.body).toMatchObject({
          entityRef: PAYMENTS,
          format: 'sarif',
          branch: 'main',
          tools: ['semgrep'],
          counts: { new: 77, unchanged: 0, fixed: 0, reopened: 0 },
        });
        expect(res.body.posture.grade).toMatch(/^[A-F]$/);
        const [{ n }] = await knex('posture_findings').count({ n: '*' });
        expect(Number(n)).toBe(77);
      });

      /** Every finding of the component through the API, by id. */
      async function findingsById() {
        const res = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/findings?limit=500',
          )
          .set('Authorization', user);
        expect(res.status).toBe(200);
        return new Map<string, any>(
          res.body.items.map((f: any) => [String(f.id), f]),
        );
      }

      it('changes nothing but last-seen times when the same report comes again', async () => {
        const rows = () => knex('posture_findings').orderBy('id').select();
        const before = await rows();
        const beforeApi = await findingsById();
        await new Promise(r => setTimeout(r, 5));
        const res = await upload(readFixture(SEMGREP));
        expect(res.body.counts).toMatchObject({
          new: 0,
          unchanged: 77,
          fixed: 0,
          reopened: 0,
        });
        // not one finding row is rewritten: the re-seeing is one row of posture_reseen_scans
        expect(await rows()).toEqual(before);
        const reseen = await knex('posture_reseen_scans').select();
        expect(reseen).toHaveLength(1);
        expect(reseen[0].base_scan_id).toBe(before[0].last_scan_id);

        const afterApi = await findingsById();
        expect(afterApi.size).toBe(77);
        for (const [id, finding] of afterApi) {
          const { lastSeenAt, ...rest } = finding;
          const { lastSeenAt: earlier, ...restBefore } = beforeApi.get(id);
          expect(rest).toEqual(restBefore);
          expect(new Date(lastSeenAt).getTime()).toBeGreaterThan(
            new Date(earlier).getTime(),
          );
          expect(new Date(lastSeenAt).getTime()).toBe(
            new Date(reseen[0].reseen_at).getTime(),
          );
        }
        // the second upload was recognised as the same report (not parsed and diffed again)
        const scans = await knex('posture_scans')
          .where({ entity_ref: PAYMENTS })
          .orderBy('created_at');
        expect(scans).toHaveLength(2);
        expect(scans[1].report_sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(scans[1].report_sha256).toBe(scans[0].report_sha256);
        expect(scans[1]).toMatchObject({
          tool: 'semgrep',
          format: 'sarif',
          count_unchanged: 77,
          count_new: 0,
          count_total: 77,
        });
        expect(reseen[0].reseen_by_scan_id).toBe(scans[1].id);

        // a third identical upload moves the same row forward
        await new Promise(r => setTimeout(r, 5));
        await upload(readFixture(SEMGREP));
        const third = await knex('posture_reseen_scans').select();
        expect(third).toHaveLength(1);
        expect(third[0].base_scan_id).toBe(before[0].last_scan_id);
        expect(new Date(third[0].reseen_at).getTime()).toBeGreaterThan(
          new Date(reseen[0].reseen_at).getTime(),
        );

        // the posture's top findings show the new last-seen time
        const posture = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/posture',
          )
          .set('Authorization', user);
        const top = posture.body.topFindings[0];
        expect(new Date(top.lastSeenAt).getTime()).toBe(
          new Date(third[0].reseen_at).getTime(),
        );
        // and one finding's detail too
        const detail = await request(server)
          .get(
            `/api/security-posture/v1/entities/component/default/payments-api/findings/${top.id}`,
          )
          .set('Authorization', user);
        expect(detail.body.lastSeenAt).toBe(top.lastSeenAt);
      });

      it('fixes what a complete report no longer contains, and reopens it when it returns', async () => {
        const seenBefore = await findingsById();
        const fixedRes = await upload(semgrepWithout(5));
        expect(fixedRes.body.counts).toMatchObject({
          new: 0,
          unchanged: 72,
          fixed: 5,
        });
        const fixedRows = await knex('posture_findings').where({
          status: 'fixed',
        });
        expect(fixedRows).toHaveLength(5);
        expect(fixedRows.every(r => r.fixed_at !== null)).toBe(true);
        // a fixed finding was last seen by the unchanged reimport before this scan
        const seenAfter = await findingsById();
        for (const r of fixedRows) {
          const finding = seenAfter.get(String(r.id));
          expect(finding.status).toBe('fixed');
          expect(finding.lastSeenAt).toBe(
            seenBefore.get(String(r.id)).lastSeenAt,
          );
          expect(new Date(r.last_seen_at).getTime()).toBe(
            new Date(finding.lastSeenAt).getTime(),
          );
        }

        const again = await upload(readFixture(SEMGREP));
        expect(again.body.counts).toMatchObject({
          new: 0,
          unchanged: 72,
          fixed: 0,
          reopened: 5,
        });
        const reopened = await knex('posture_findings').where(
          'reopen_count',
          1,
        );
        expect(reopened).toHaveLength(5);
        expect(
          reopened.every(r => r.status === 'open' && r.fixed_at === null),
        ).toBe(true);
      });

      it('does not fix missing findings of a partial report', async () => {
        const res = await upload(
          semgrepWithout(10),
          `entityRef=${PAYMENTS}&complete=false`,
        );
        expect(res.body.counts).toMatchObject({ fixed: 0, unchanged: 67 });
        const [{ n }] = await knex('posture_findings')
          .where({ status: 'fixed' })
          .count({ n: '*' });
        expect(Number(n)).toBe(0);
      });

      it('keeps other branches apart from the posture', async () => {
        const res = await upload(
          semgrepWithout(70),
          `entityRef=${PAYMENTS}&branch=feature-x`,
        );
        expect(res.body.counts.new).toBe(7);
        const posture = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/posture',
          )
          .set('Authorization', user);
        const open = Object.values(
          posture.body.open as Record<string, number>,
        ).reduce((a, b) => a + b, 0);
        expect(open).toBe(77);
      });

      it('serves the posture of a scanned component', async () => {
        const res = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/posture',
          )
          .set('Authorization', user);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          entityRef: PAYMENTS,
          state: 'scanned',
          tier: 1,
          owner: 'group:default/payments',
          system: 'system:default/payments-system',
          domain: 'domain:default/commerce',
        });
        // tier 1 requires secret, sca, sast and container scanners; semgrep covers sast only
        expect(res.body.missingScanners).toEqual([
          'secret',
          'sca',
          'container',
        ]);
        expect(res.body.topFindings.length).toBe(5);
        const ranks = ['critical', 'high', 'medium', 'low', 'info'];
        const order = res.body.topFindings.map((f: { severity: string }) =>
          ranks.indexOf(f.severity),
        );
        expect([...order].sort((a, b) => a - b)).toEqual(order);
      });

      it('lists findings with filters, search and cursor pagination', async () => {
        const base =
          '/api/security-posture/v1/entities/component/default/payments-api/findings';
        const seen = new Set<string>();
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: request.Response = await request(server)
            .get(
              `${base}?limit=20&sort=title${cursor ? `&cursor=${cursor}` : ''}`,
            )
            .set('Authorization', user);
          expect(res.status).toBe(200);
          expect(res.body.totalCount).toBe(77);
          for (const f of res.body.items) seen.add(f.id);
          cursor = res.body.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect(pages).toBe(4);
        expect(seen.size).toBe(77);

        // by last seen, newest first: derived last-seen times (unchanged reimports) order the
        // pages and their cursors, across findings re-seen and findings written by later scans
        const bySeen: { id: string; lastSeenAt: string }[] = [];
        cursor = null;
        pages = 0;
        do {
          const res: request.Response = await request(server)
            .get(
              `${base}?limit=15&sort=lastSeen${
                cursor ? `&cursor=${cursor}` : ''
              }`,
            )
            .set('Authorization', user);
          expect(res.status).toBe(200);
          bySeen.push(...res.body.items);
          cursor = res.body.nextCursor;
          pages += 1;
        } while (cursor && pages < 10);
        expect(bySeen.map(f => f.id).sort()).toEqual([...seen].sort());
        const times = bySeen.map(f => new Date(f.lastSeenAt).getTime());
        expect(times).toEqual([...times].sort((a, b) => b - a));
        expect(new Set(times).size).toBeGreaterThan(1);

        // search by path; the expected count is read from the fixture itself
        const doc = JSON.parse(readFixture(SEMGREP).toString());
        const inGruntfile = doc.runs[0].results.filter(
          (r: any) =>
            r.locations[0].physicalLocation.artifactLocation.uri ===
            'Gruntfile.js',
        ).length;
        expect(inGruntfile).toBeGreaterThan(0);
        const search = await request(server)
          .get(`${base}?q=gruntfile.JS&status=open`)
          .set('Authorization', user);
        expect(search.body.totalCount).toBe(inGruntfile);

        const bad = await request(server)
          .get(`${base}?severity=catastrophic`)
          .set('Authorization', user);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toMatch(/severity/);
      });

      it('shows one finding with its history', async () => {
        const reopened = await knex('posture_findings')
          .where('reopen_count', 1)
          .first();
        const res = await request(server)
          .get(
            `/api/security-posture/v1/entities/component/default/payments-api/findings/${reopened.id}`,
          )
          .set('Authorization', user);
        expect(res.status).toBe(200);
        expect(res.body.history.map((h: { event: string }) => h.event)).toEqual(
          ['opened', 'fixed', 'reopened'],
        );
      });

      it('rolls up nested groups, systems and domains', async () => {
        const owners = await request(server)
          .get('/api/security-posture/v1/scorecards?groupBy=owner')
          .set('Authorization', user);
        expect(owners.status).toBe(200);
        const byRef = Object.fromEntries(
          owners.body.items.map((r: { entityRef: string }) => [r.entityRef, r]),
        );
        expect(byRef['group:default/engineering'].componentRefs).toEqual([
          'component:default/auth-service',
          'component:default/checkout-web',
          'component:default/payments-api',
        ]);
        expect(byRef['group:default/payments'].componentRefs).toEqual([
          'component:default/checkout-web',
          'component:default/payments-api',
        ]);
        expect(byRef['group:default/payments'].childRefs).toEqual([
          'group:default/checkout',
        ]);
        expect(byRef['group:default/payments'].coverage).toEqual({
          scanned: 1,
          total: 2,
        });
        expect(byRef['group:default/payments'].score).toBe(
          byRef['group:default/engineering'].score,
        );
        // the group's figures are its one scanned component's, read from the stored posture
        const posture = (
          await request(server)
            .get(
              '/api/security-posture/v1/entities/component/default/payments-api/posture',
            )
            .set('Authorization', user)
        ).body;
        const payments = byRef['group:default/payments'];
        expect(payments.open).toEqual(posture.open);
        expect(payments.overdue).toBe(posture.overdue);
        expect(payments.score).toBe(posture.score);
        expect(payments.meanTimeToRemediateDays).toBe(
          posture.mttrDays === null
            ? null
            : Math.round(posture.mttrDays * 10) / 10,
        );
        // today's point of the trend is today's snapshot of that score
        expect(payments.trend).toHaveLength(14);
        expect(payments.trend[13]).toBe(posture.score);

        const domains = await request(server)
          .get('/api/security-posture/v1/scorecards?groupBy=domain')
          .set('Authorization', user);
        expect(domains.body.items[0]).toMatchObject({
          entityRef: 'domain:default/commerce',
          childRefs: [
            'system:default/identity-system',
            'system:default/payments-system',
          ],
        });
      });

      it('serves history of a component and of a group', async () => {
        for (const ref of [PAYMENTS, 'group:default/engineering']) {
          const res = await request(server)
            .get(
              `/api/security-posture/v1/history?entityRef=${encodeURIComponent(
                ref,
              )}&days=30`,
            )
            .set('Authorization', user);
          expect(res.status).toBe(200);
          expect(res.body.points).toHaveLength(1);
          expect(
            res.body.points[0].open.medium +
              res.body.points[0].open.high +
              res.body.points[0].open.low +
              res.body.points[0].open.critical +
              res.body.points[0].open.info,
          ).toBe(77);
        }
      });

      it('enrolls a component before its first scan', async () => {
        const res = await request(server)
          .post('/api/security-posture/v1/components')
          .set('Authorization', user)
          .send({
            entityRef: 'component:default/auth-service',
            expectedScanners: ['secret', 'sca'],
            template: {
              ref: 'template:default/node-service',
              version: '1.0.0',
            },
          });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({
          state: 'awaiting-first-scan',
          grade: null,
          missingScanners: ['secret', 'sca'],
          template: { ref: 'template:default/node-service', version: '1.0.0' },
        });
      });

      it('never lowers what an enrolled component must be scanned by, audits every enrollment, and refuses service callers', async () => {
        const enroll = (auth: string, expectedScanners: string[]) =>
          request(server)
            .post('/api/security-posture/v1/components')
            .set('Authorization', auth)
            .send({
              entityRef: 'component:default/auth-service',
              expectedScanners,
            });
        // a service caller (CI, the scaffolder on its own behalf) may not enroll: a person's action
        const refused = await enroll(service, ['secret']);
        expect(refused.status).toBe(403);
        const lowered = await enroll(user, ['secret']);
        expect(lowered.status).toBe(200);
        expect(lowered.body.missingScanners).toEqual(['secret', 'sca']);
        const row = await knex('posture_components')
          .where({ entity_ref: 'component:default/auth-service' })
          .first();
        expect(JSON.parse(row.expected_scanners)).toEqual(['secret', 'sca']);
        const events = await knex('audit_events')
          .where({ entity_ref: 'component:default/auth-service' })
          .whereIn('type', ['component.enrolled', 'component.re-enrolled'])
          .orderBy('id');
        expect(events.map(e => e.type)).toEqual([
          'component.enrolled',
          'component.re-enrolled',
        ]);
        expect(JSON.parse(events[1].details)).toMatchObject({
          expectedScanners: ['secret', 'sca'],
          kept: ['sca'],
        });
        expect(events[1].actor).toBe('user:default/mock');
      });

      it('lets the owners lower what a component must be scanned by, with a reason, audited', async () => {
        const path =
          '/api/security-posture/v1/entities/component/default/auth-service/expected-scanners';
        const put = (auth: string, body: object, to = path) =>
          request(server).put(to).set('Authorization', auth).send(body);
        // what enrollment could not do: secret only
        const lowered = await put(user, {
          expectedScanners: ['secret'],
          reason: 'a static site without dependencies',
        });
        expect(lowered.status).toBe(200);
        expect(lowered.body.missingScanners).toEqual(['secret']);
        const row = await knex('posture_components')
          .where({ entity_ref: 'component:default/auth-service' })
          .first();
        expect(JSON.parse(row.expected_scanners)).toEqual(['secret']);
        const [event] = await knex('audit_events')
          .where({
            entity_ref: 'component:default/auth-service',
            type: 'component.scanners-changed',
          })
          .orderBy('id');
        expect(event.actor).toBe('user:default/mock');
        expect(JSON.parse(event.details)).toEqual({
          before: ['secret', 'sca'],
          after: ['secret'],
          removed: ['sca'],
          added: [],
          tierDefaults: false,
          reason: 'a static site without dependencies',
        });
        // an empty list: the tier's defaults again (auth-service is tier 1)
        const reset = await put(user, {
          expectedScanners: [],
          reason: 'back to the defaults',
        });
        expect(reset.status).toBe(200);
        expect(reset.body.missingScanners).toEqual([
          'secret',
          'sca',
          'sast',
          'container',
        ]);

        // bad input is a 4xx naming the problem, and changes nothing
        const cases: [string, object, number, string, string?][] = [
          [
            'no reason',
            { expectedScanners: ['secret'], reason: '  ' },
            400,
            'reason is required',
          ],
          [
            'an unknown kind',
            { expectedScanners: ['dast'], reason: 'x' },
            400,
            "expectedScanners has unknown scanner kind 'dast'",
          ],
          [
            'an extra field',
            { expectedScanners: [], reason: 'x', tier: 1 },
            400,
            'must NOT have additional properties',
          ],
          [
            'a component never enrolled',
            { expectedScanners: ['secret'], reason: 'x' },
            404,
            'component:default/nobody is not enrolled',
            '/api/security-posture/v1/entities/component/default/nobody/expected-scanners',
          ],
        ];
        for (const [, body, status, message, to] of cases) {
          const res = await put(user, body, to);
          expect(res.status).toBe(status);
          expect(res.body.error.message).toContain(message);
        }
        // a service caller (CI, the scaffolder on its own behalf) may not
        expect(
          (await put(service, { expectedScanners: [], reason: 'x' })).status,
        ).toBe(403);
        const after = await knex('posture_components')
          .where({ entity_ref: 'component:default/auth-service' })
          .first();
        expect(after.expected_scanners).toBeNull();
      });

      it('refuses a person the permission does not allow on that component', async () => {
        const owners = await startPostureBackend({
          database: { databases, id: databaseId },
          permissions: mockServices.permissions.mock({
            authorize: async requests =>
              requests.map(r => ({
                result:
                  r.permission.name ===
                  securityPostureScannersUpdatePermission.name
                    ? AuthorizeResult.DENY
                    : AuthorizeResult.ALLOW,
              })),
          }),
        });
        await request(owners.server)
          .post('/api/security-posture/v1/components')
          .set('Authorization', user)
          .send({
            entityRef: 'component:default/auth-service',
            expectedScanners: ['secret', 'sca'],
          })
          .expect(200);
        const res = await request(owners.server)
          .put(
            '/api/security-posture/v1/entities/component/default/auth-service/expected-scanners',
          )
          .set('Authorization', user)
          .send({ expectedScanners: ['secret'], reason: 'mine' });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'not allowed to change what component:default/auth-service must be scanned by (security-posture.component.scanners.update)',
        );
        const row = await owners
          .knex('posture_components')
          .where({ entity_ref: 'component:default/auth-service' })
          .first();
        expect(JSON.parse(row.expected_scanners)).toEqual(['secret', 'sca']);
      });
    });

    describe('bad input leaves the database unchanged', () => {
      beforeAll(() =>
        start({ securityPosture: { ingest: { maxBodyBytes: 200_000 } } }),
      );

      const cases: [string, () => Buffer | string, string, number, RegExp][] = [
        [
          'malformed JSON',
          () => '{"runs": [',
          `entityRef=${PAYMENTS}`,
          400,
          /JSON/i,
        ],
        [
          'JSON of no known format',
          () => '{"hello": "world"}',
          `entityRef=${PAYMENTS}`,
          422,
          /format/i,
        ],
        ['an empty body', () => '', `entityRef=${PAYMENTS}`, 400, /empty/i],
        [
          'an oversized body',
          () =>
            readFixture('sarif/defectdojo_codeql-2.5.4_codeQL-output.sarif'),
          `entityRef=${PAYMENTS}`,
          413,
          /limit/i,
        ],
        [
          'an unknown entity',
          () => semgrepWithout(60),
          'entityRef=component:default/nope',
          404,
          /nope/,
        ],
        [
          'a non-component entity ref',
          () => semgrepWithout(60),
          'entityRef=group:default/payments',
          400,
          /component/,
        ],
        [
          'extreme nesting',
          () => `${'['.repeat(5000)}${']'.repeat(5000)}`,
          `entityRef=${PAYMENTS}`,
          422,
          /nest|deep/i,
        ],
        [
          'a __proto__ key',
          () =>
            '{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[],"__proto__":{"polluted":true}}]}',
          `entityRef=${PAYMENTS}`,
          422,
          /__proto__/,
        ],
        [
          'an unknown format name',
          () => semgrepWithout(60),
          `entityRef=${PAYMENTS}&format=nessus`,
          422,
          /nessus/,
        ],
      ];

      it.each(cases)(
        'refuses %s',
        async (_name, body, query, status, message) => {
          const before = await tableCounts(knex);
          const res = await upload(body(), query);
          expect(res.status).toBe(status);
          expect(res.body.error.message).toMatch(message);
          expect(await tableCounts(knex)).toEqual(before);
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          // and the server keeps serving
          const ok = await upload(semgrepWithout(76));
          expect(ok.status).toBe(201);
        },
      );
    });

    describe('access', () => {
      beforeAll(() => start());

      const endpoints: [string, string][] = [
        ['post', `${REPORTS}?entityRef=${PAYMENTS}`],
        ['post', '/api/security-posture/v1/components'],
        [
          'get',
          '/api/security-posture/v1/entities/component/default/payments-api/posture',
        ],
        [
          'get',
          '/api/security-posture/v1/entities/component/default/payments-api/findings',
        ],
        [
          'get',
          '/api/security-posture/v1/entities/component/default/payments-api/findings/1',
        ],
        ['get', '/api/security-posture/v1/scorecards?groupBy=owner'],
        ['get', `/api/security-posture/v1/history?entityRef=${PAYMENTS}`],
      ];

      it.each(endpoints)(
        'refuses an unauthenticated %s %s with 401',
        async (method, path) => {
          const res = await (request(server) as any)[method](path).send('{}');
          expect(res.status).toBe(401);
        },
      );

      it('lets a user read what the policy allows', async () => {
        const res = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/posture',
          )
          .set('Authorization', user);
        expect(res.status).toBe(200);
        expect(res.body.state).toBe('not-enrolled');
      });

      it('answers 404 for an entity the catalog does not have', async () => {
        const res = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/ghost/posture',
          )
          .set('Authorization', user);
        expect(res.status).toBe(404);
      });
    });

    describe('permissions', () => {
      beforeAll(() => start({}, denyAll()));

      it('refuses a user without the upload permission, writing nothing', async () => {
        const before = await tableCounts(knex);
        const res = await uploadReport(
          server,
          PAYMENTS,
          readFixture(SEMGREP),
          user,
        );
        expect(res.status).toBe(403);
        expect(await tableCounts(knex)).toEqual(before);
      });

      it('refuses reads the policy denies', async () => {
        const res = await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/payments-api/findings',
          )
          .set('Authorization', user);
        expect(res.status).toBe(403);
      });
    });
  },
);
