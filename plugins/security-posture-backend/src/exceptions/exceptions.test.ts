import { SchedulerServiceTaskFunction } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { EXCEPTION_EXPIRY_TASK_ID } from './wiring';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const API = '/api/security-posture';
const PAYMENTS = 'component:default/payments-api';
const PAYMENTS_PATH = `${API}/v1/entities/component/default/payments-api`;
/** Grype's CycloneDX of a log4j-core 2.14.1 jar: CVE-2021-44228 and friends, with purls. */
const LOG4J = 'cyclonedx/defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json';
const SEMGREP = 'sarif/defectdojo_semgrep-1.69.0_issue_10191.sarif.json';

/** People of the test organisation and what the (test) policy lets them do. */
const AVERY = 'user:default/avery.lead'; // payments owner: requests
const BLAKE = 'user:default/blake.dev'; // payments developer: no approval permission
const FINLEY = 'user:default/finley.platform'; // admin: approves
const GRAY = 'user:default/gray.platform'; // admin: approves, and requests
const APPROVERS = new Set([FINLEY, GRAY]);

const DAY = 86_400_000;
const MAX_DAYS = 30;

/**
 * The CycloneDX 1.6 JSON schema shipped with @cyclonedx/cyclonedx-library, compiled with ajv the
 * way the library's own JsonStrictValidator does (which needs ajv-formats-draft2019, not installed
 * here; its only use is the idn-email format, which a VEX document of ours never contains).
 */
function vexValidator() {
  const schemaDir = path.join(
    path.dirname(require.resolve('@cyclonedx/cyclonedx-library/package.json')),
    'res',
    'schema',
  );
  const read = (file: string) =>
    JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8'));
  const ajv = new Ajv({
    strict: false,
    strictSchema: false,
    addUsedSchema: false,
    schemas: {
      'http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json': read(
        'spdx.SNAPSHOT.schema.json',
      ),
      'http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json': read(
        'jsf-0.82.SNAPSHOT.schema.json',
      ),
      'http://cyclonedx.org/schema/cryptography-defs.SNAPSHOT.schema.json':
        read('cryptography-defs.SNAPSHOT.schema.json'),
    },
  });
  addFormats(ajv);
  ajv.addFormat('idn-email', true);
  ajv.addFormat('iri-reference', true);
  return ajv.compile(read('bom-1.6.SNAPSHOT.schema.json'));
}

describe.each(databases.eachSupportedId())(
  'exceptions over HTTP on %p',
  databaseId => {
    let server: TestServer;
    let knex: Knex;
    let sent: NotificationSendOptions[];
    let tasks: Map<string, SchedulerServiceTaskFunction>;
    const as = (user: string) => mockCredentials.user.header(user);

    beforeAll(async () => {
      const permissions = mockServices.permissions.mock();
      // a small policy in the shape of the demo one: approval and the audit log for admins,
      // requests for the owners of payments-api and admins, reads for everyone
      permissions.authorize.mockImplementation(async (requests, options) => {
        const principal = options?.credentials.principal as {
          type: string;
          userEntityRef?: string;
        };
        const user = principal.type === 'user' ? principal.userEntityRef! : '';
        return requests.map(r => {
          const name = r.permission.name;
          let allowed = true;
          if (
            name === 'security-posture.exception.approve' ||
            name === 'security-posture.audit.read'
          ) {
            allowed = APPROVERS.has(user);
          } else if (name === 'security-posture.exception.request') {
            allowed =
              APPROVERS.has(user) ||
              ((user === AVERY || user === BLAKE) &&
                (r as { resourceRef?: string }).resourceRef === PAYMENTS);
          }
          return {
            result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
          };
        });
      });
      ({ server, sent, tasks, knex } = await startPostureBackend({
        database: { databases, id: databaseId },
        config: {
          securityPosture: {
            exceptions: { maxDays: MAX_DAYS, expiryWarningDays: 7 },
          },
        },
        permissions,
        captureTasks: true,
      }));
      for (const fixture of [LOG4J, SEMGREP]) {
        await uploadReport(server, PAYMENTS, readFixture(fixture)).expect(201);
      }
    });

    const openTotal = (open: Record<string, number>) =>
      Object.values(open).reduce((a, b) => a + b, 0);

    async function posture() {
      const res = await request(server)
        .get(`${PAYMENTS_PATH}/posture`)
        .set('Authorization', as(AVERY))
        .expect(200);
      return res.body;
    }

    async function findings() {
      const res = await request(server)
        .get(`${PAYMENTS_PATH}/findings`)
        .query({ limit: 200, status: 'open' })
        .set('Authorization', as(AVERY))
        .expect(200);
      return res.body.items as Array<{
        id: string;
        ruleId: string;
        tool: string;
        severity: string;
        aliases: string[];
        accepted?: { exceptionId: string; expiresAt: string };
      }>;
    }

    const requestException = (user: string, body: object) =>
      request(server)
        .post(`${API}/v1/exceptions`)
        .set('Authorization', as(user))
        .send(body);

    const decide = (
      user: string,
      id: string,
      action: 'approve' | 'reject' | 'revoke',
      comment?: string,
    ) =>
      request(server)
        .post(`${API}/v1/exceptions/${id}/${action}`)
        .set('Authorization', as(user))
        .send(comment ? { comment } : {});

    const inDays = (days: number) => new Date(Date.now() + days * DAY);

    async function runExpiryAt(at: Date) {
      // only Date is faked: the database drivers keep their real timers
      jest.useFakeTimers({
        now: at,
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
      try {
        await tasks.get(EXCEPTION_EXPIRY_TASK_ID)!(
          new AbortController().signal,
        );
      } finally {
        jest.useRealTimers();
      }
    }

    it('refuses bad requests with a 4xx naming what is wrong', async () => {
      const [finding] = await findings();
      const base = {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: finding.id,
        justification: 'code_not_reachable',
        reason: 'The vulnerable JNDI lookup is disabled by configuration.',
        expiresAt: inDays(10).toISOString(),
      };
      const past = await requestException(AVERY, {
        ...base,
        expiresAt: inDays(-1).toISOString(),
      }).expect(400);
      expect(past.body.error.message).toMatch(
        /expiresAt must be in the future/,
      );
      const tooFar = await requestException(AVERY, {
        ...base,
        expiresAt: inDays(MAX_DAYS + 1).toISOString(),
      }).expect(400);
      expect(tooFar.body.error.message).toMatch(
        /expiresAt must be at most 30 days ahead \(securityPosture\.exceptions\.maxDays\)/,
      );
      const notADate = await requestException(AVERY, {
        ...base,
        expiresAt: 'next tuesday',
      }).expect(400);
      expect(notADate.body.error.message).toMatch(/expiresAt/);
      const noFinding = await requestException(AVERY, {
        ...base,
        findingId: undefined,
      }).expect(400);
      expect(noFinding.body.error.message).toMatch(
        /findingId is required when scope is finding/,
      );
      const badJustification = await requestException(AVERY, {
        ...base,
        justification: 'because',
      }).expect(400);
      expect(badJustification.body.error.message).toMatch(/justification/);
      const unknown = await requestException(AVERY, {
        ...base,
        findingId: '987654321',
      }).expect(404);
      expect(unknown.body.error.message).toContain(
        `No finding 987654321 on ${PAYMENTS}`,
      );
      const unknownRule = await requestException(AVERY, {
        ...base,
        scope: 'rule',
        findingId: undefined,
        ruleId: 'no-such-rule',
      }).expect(404);
      expect(unknownRule.body.error.message).toContain('no-such-rule');
      // identity-api is not Avery's: the request permission is on the component
      await requestException(AVERY, {
        ...base,
        entityRef: 'component:default/identity-api',
      }).expect(403);
      await request(server).post(`${API}/v1/exceptions`).send(base).expect(401);
    });

    it('runs the lifecycle: request, separation of duties, approval, accepted risk, warning, expiry', async () => {
      const before = await posture();
      const target = (await findings()).find(f =>
        f.aliases.includes('CVE-2021-44228'),
      )!;
      expect(target).toBeDefined();

      const expiresAt = inDays(10);
      const created = await requestException(AVERY, {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: target.id,
        justification: 'protected_by_mitigating_control',
        reason: 'log4j2.formatMsgNoLookups=true on every instance.',
        expiresAt: expiresAt.toISOString(),
      }).expect(201);
      const id = created.body.id;
      expect(created.body).toMatchObject({
        state: 'pending',
        scope: 'finding',
        findingId: target.id,
        ruleId: target.ruleId,
        requestedBy: AVERY,
        expiresAt: expiresAt.toISOString(),
      });
      // a second request for the same finding while one is open is a conflict
      const again = await requestException(AVERY, {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: target.id,
        justification: 'will_not_fix',
        reason: 'again',
        expiresAt: expiresAt.toISOString(),
      }).expect(409);
      expect(again.body.error.message).toContain(id);

      // pending: still counts
      expect(openTotal((await posture()).open)).toBe(openTotal(before.open));

      // the requester holds no approve permission here: refused either way
      await decide(AVERY, id, 'approve').expect(403);
      const unpermitted = await decide(BLAKE, id, 'approve').expect(403);
      expect(unpermitted.body.error.message).toContain(
        'security-posture.exception.approve',
      );
      await request(server)
        .post(`${API}/v1/exceptions/${id}/approve`)
        .set('Authorization', mockCredentials.service.header())
        .send({})
        .expect(403);
      await decide(FINLEY, 'no-such-exception', 'approve').expect(404);

      const approved = await decide(
        FINLEY,
        id,
        'approve',
        'Mitigation verified.',
      ).expect(200);
      expect(approved.body).toMatchObject({
        state: 'approved',
        decidedBy: FINLEY,
        decisionComment: 'Mitigation verified.',
      });
      await decide(GRAY, id, 'reject').expect(409);
      expect(sent).toContainEqual(
        expect.objectContaining({
          recipients: { type: 'entity', entityRef: AVERY },
          payload: expect.objectContaining({
            topic: 'security-posture:exception-approved',
          }),
        }),
      );

      // approved: the finding stops counting, and is marked accepted
      const accepted = await posture();
      expect(openTotal(accepted.open)).toBe(openTotal(before.open) - 1);
      expect(accepted.open[target.severity]).toBe(
        before.open[target.severity] - 1,
      );
      expect(accepted.acceptedRisks).toBe(1);
      expect(
        accepted.topFindings.map((f: { id: string }) => f.id),
      ).not.toContain(target.id);
      const marked = (await findings()).find(f => f.id === target.id)!;
      expect(marked.accepted).toEqual({
        exceptionId: id,
        justification: 'protected_by_mitigating_control',
        expiresAt: expiresAt.toISOString(),
      });
      const detail = await request(server)
        .get(`${PAYMENTS_PATH}/findings/${target.id}`)
        .set('Authorization', as(AVERY))
        .expect(200);
      expect(detail.body.accepted.exceptionId).toBe(id);

      // five days before expiry: the owners are warned, once
      sent.length = 0;
      await runExpiryAt(new Date(expiresAt.getTime() - 5 * DAY));
      await runExpiryAt(new Date(expiresAt.getTime() - 4 * DAY));
      const warnings = sent.filter(
        s => s.payload.topic === 'security-posture:exception-expires-soon',
      );
      expect(warnings).toHaveLength(1);
      expect(warnings[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/payments',
      });
      expect((await posture()).acceptedRisks).toBe(1);

      // after expiry: it counts again and the owners are told
      await runExpiryAt(new Date(expiresAt.getTime() + 60_000));
      const expired = sent.filter(
        s => s.payload.topic === 'security-posture:exception-expired',
      );
      expect(expired).toHaveLength(1);
      expect(expired[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/payments',
      });
      const after = await posture();
      expect(openTotal(after.open)).toBe(openTotal(before.open));
      expect(after.acceptedRisks).toBe(0);
      expect(
        (await findings()).find(f => f.id === target.id)!.accepted,
      ).toBeUndefined();
      const list = await request(server)
        .get(`${API}/v1/exceptions`)
        .query(`entityRef=${PAYMENTS}&state=expired&state=revoked`)
        .set('Authorization', as(AVERY))
        .expect(200);
      expect(list.body.items.map((e: { id: string }) => e.id)).toEqual([id]);
      expect(list.body.items[0].expiredAt).not.toBeNull();

      // every step is in the audit log, newest first
      const audit = await request(server)
        .get(`${API}/v1/audit`)
        .query({ entityRef: PAYMENTS })
        .set('Authorization', as(FINLEY))
        .expect(200);
      const trail = audit.body.items
        .filter(
          (e: { details: { exceptionId?: string } }) =>
            e.details.exceptionId === id,
        )
        .map((e: { type: string; actor: string }) => `${e.type} ${e.actor}`);
      expect(trail).toEqual([
        'exception.expired system',
        'exception.expiry-warned system',
        `exception.approved ${FINLEY}`,
        `exception.requested ${AVERY}`,
      ]);
      await request(server)
        .get(`${API}/v1/audit`)
        .set('Authorization', as(AVERY))
        .expect(403);
    });

    it('keeps no secret a person pastes into a reason or comment: not stored, answered, audited or notified', async () => {
      const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
      const GITHUB_TOKEN = 'ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5';
      const semgrep = (await findings()).filter(f => f.tool === 'semgrep');
      const requested = await requestException(AVERY, {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: semgrep[semgrep.length - 1].id,
        justification: 'false_positive',
        reason: `The key ${AWS_SECRET} in the fixture is revoked`,
        expiresAt: inDays(5).toISOString(),
      }).expect(201);
      expect(requested.body.reason).toBe(
        'The key wJal… in the fixture is revoked',
      );
      const decided = await decide(
        FINLEY,
        requested.body.id,
        'reject',
        `rotate it anyway, and token=${GITHUB_TOKEN} too`,
      ).expect(200);
      expect(decided.body.decisionComment).toBe(
        'rotate it anyway, and token=ghp_… too',
      );
      const rows = JSON.stringify([
        await knex('posture_exceptions').select(),
        await knex('audit_events').select(),
      ]);
      const answers = JSON.stringify([
        (
          await request(server)
            .get(`${API}/v1/exceptions?entityRef=${PAYMENTS}`)
            .set('Authorization', as(AVERY))
        ).body,
        (
          await request(server)
            .get(`${API}/v1/audit?entityRef=${PAYMENTS}`)
            .set('Authorization', as(FINLEY))
        ).body,
        sent,
      ]);
      for (const secret of [AWS_SECRET, GITHUB_TOKEN]) {
        expect(rows).not.toContain(secret);
        expect(answers).not.toContain(secret);
      }
      expect(rows).toContain('The key wJal… in the fixture is revoked');
    });

    it('covers a rule, rejects, revokes, lists the approvers queue, and exports VEX', async () => {
      const semgrep = (await findings()).filter(f => f.tool === 'semgrep');
      expect(semgrep.length).toBeGreaterThan(0);
      const rule = semgrep[0].ruleId;
      const sameRule = semgrep.filter(f => f.ruleId === rule).length;
      const before = await posture();

      // an admin's own request: another admin must decide it
      const mine = await requestException(GRAY, {
        entityRef: PAYMENTS,
        scope: 'rule',
        ruleId: rule,
        tool: 'semgrep',
        justification: 'false_positive',
        reason: 'The rule matches test fixtures only.',
        expiresAt: inDays(20).toISOString(),
      }).expect(201);
      // separation of duties: holding the approve permission is not enough for one's own
      const self = await decide(GRAY, mine.body.id, 'approve').expect(403);
      expect(self.body.error.message).toBe(
        `${GRAY} requested exception ${mine.body.id} and cannot approve it: another person must decide (separation of duties)`,
      );
      await decide(GRAY, mine.body.id, 'reject').expect(403);
      const rejected = await decide(
        FINLEY,
        mine.body.id,
        'reject',
        'Fix the fixtures instead.',
      ).expect(200);
      expect(rejected.body.state).toBe('rejected');
      expect(openTotal((await posture()).open)).toBe(openTotal(before.open));

      // the approvers' queue across components needs the approve permission
      await request(server)
        .get(`${API}/v1/exceptions`)
        .set('Authorization', as(AVERY))
        .expect(403);
      const rule2 = await requestException(AVERY, {
        entityRef: PAYMENTS,
        scope: 'rule',
        ruleId: rule,
        justification: 'code_not_reachable',
        reason: 'Only reachable from the admin CLI, which is not deployed.',
        expiresAt: inDays(20).toISOString(),
      }).expect(201);
      const queue = await request(server)
        .get(`${API}/v1/exceptions`)
        .query({ state: 'pending' })
        .set('Authorization', as(FINLEY))
        .expect(200);
      expect(queue.body.items.map((e: { id: string }) => e.id)).toEqual([
        rule2.body.id,
      ]);
      await decide(GRAY, rule2.body.id, 'approve').expect(200);
      const covered = await posture();
      expect(openTotal(covered.open)).toBe(openTotal(before.open) - sameRule);
      expect(covered.acceptedRisks).toBe(sameRule);

      // VEX: the approved rule exception, and a pending one as in_triage
      const log4j = (await findings()).find(f => f.tool !== 'semgrep')!;
      await requestException(AVERY, {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: log4j.id,
        justification: 'fix_planned',
        reason: 'Upgrade to 2.17.1 in the next sprint.',
        expiresAt: inDays(14).toISOString(),
      }).expect(201);
      const vex = await request(server)
        .get(`${PAYMENTS_PATH}/vex`)
        .set('Authorization', as(AVERY))
        .expect(200);
      expect(vex.headers['content-type']).toContain(
        'application/vnd.cyclonedx+json',
      );
      const doc = JSON.parse(vex.text);
      const validate = vexValidator();
      const valid = validate(doc);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      // the schema does reject what is not CycloneDX 1.6
      const broken = JSON.parse(vex.text);
      broken.vulnerabilities[0].analysis.state = 'accepted';
      expect(validate(broken)).toBe(false);
      expect(validate({ ...doc, bomFormat: 'SPDX' })).toBe(false);
      expect(doc).toMatchObject({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { 'bom-ref': PAYMENTS } },
      });
      const states = doc.vulnerabilities.map(
        (v: { analysis: { state: string; justification?: string } }) =>
          `${v.analysis.state}/${v.analysis.justification ?? '-'}`,
      );
      expect(
        states.filter((s: string) => s === 'not_affected/code_not_reachable'),
      ).toHaveLength(sameRule);
      expect(states).toContain('in_triage/-');
      const triaged = doc.vulnerabilities.find(
        (v: { analysis: { state: string } }) =>
          v.analysis.state === 'in_triage',
      );
      expect(triaged.affects[0].ref).toMatch(/^pkg:/);
      expect(
        doc.components.map((c: { 'bom-ref': string }) => c['bom-ref']),
      ).toContain(triaged.affects[0].ref);

      // revoked by its requester: the rule counts again
      const revoked = await decide(
        AVERY,
        rule2.body.id,
        'revoke',
        'The CLI ships after all.',
      ).expect(200);
      expect(revoked.body).toMatchObject({
        state: 'revoked',
        revokedBy: AVERY,
      });
      await decide(BLAKE, rule2.body.id, 'revoke').expect(403);
      await decide(AVERY, rule2.body.id, 'revoke').expect(409);
      expect(openTotal((await posture()).open)).toBe(openTotal(before.open));
      const audit = await request(server)
        .get(`${API}/v1/audit`)
        .query({ type: 'exception.revoked' })
        .set('Authorization', as(FINLEY))
        .expect(200);
      expect(audit.body.items).toEqual([
        expect.objectContaining({
          actor: AVERY,
          details: expect.objectContaining({
            exceptionId: rule2.body.id,
            previousState: 'approved',
          }),
        }),
      ]);
    });
  },
);
