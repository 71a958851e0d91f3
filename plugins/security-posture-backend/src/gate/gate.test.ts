import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  denyAll,
  PermissionsMock,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
const GATE = '/api/security-posture/v1/gate';
const PAYMENTS = 'component:default/payments-api';
/** Grype's CycloneDX of a log4j-core 2.14.1 jar: CVE-2021-44228 is on CISA's KEV list. */
const LOG4J = 'cyclonedx/defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json';

describe.each(databases.eachSupportedId())('the gate on %p', databaseId => {
  let knex: Knex;
  let server: TestServer;
  let sent: NotificationSendOptions[];
  const service = mockCredentials.service.header();
  const user = mockCredentials.user.header();

  async function start(config: JsonObject = {}, permissions?: PermissionsMock) {
    ({ knex, server, sent } = await startPostureBackend({
      database: { databases, id: databaseId },
      config,
      permissions,
    }));
  }

  const gate = (entityRef: unknown, auth = service) =>
    request(server)
      .post(GATE)
      .set('Authorization', auth)
      .send({ entityRef } as object);

  const upload = (fixture: string) =>
    uploadReport(server, PAYMENTS, readFixture(fixture), service);

  describe('with the built-in policies', () => {
    beforeAll(() => start());

    it('warns about a tier-1 component that was never scanned', async () => {
      const res = await gate(PAYMENTS);
      expect(res.status).toBe(200);
      expect(res.body.decision).toBe('warn');
      expect(res.body.reasons.map((r: any) => `${r.policy}/${r.rule}`)).toEqual(
        expect.arrayContaining([
          'security-hygiene/first-scan',
          'security-hygiene/required-scanners',
        ]),
      );
      expect(res.body.reasons.every((r: any) => r.mode === 'warn')).toBe(true);
    });

    it('denies a known-exploited finding, ranks it P1, records and notifies the decision', async () => {
      expect((await upload(LOG4J)).status).toBe(201);
      // the owners heard about the new critical and known-exploited findings
      expect(sent).toHaveLength(1);
      expect(sent[0].recipients).toEqual({
        type: 'entity',
        entityRef: 'group:default/payments',
      });
      expect(sent[0].payload.title).toMatch(
        /new critical, 1 new on the CISA KEV list/,
      );

      const res = await gate('payments-api');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        entityRef: PAYMENTS,
        decision: 'deny',
      });
      expect(res.body.reasons[0]).toMatchObject({
        policy: 'known-exploited',
        rule: 'no-known-exploited',
        mode: 'enforce',
        message:
          '1 open finding(s) on the CISA Known Exploited Vulnerabilities list',
      });
      // deterministic: the same posture gives the same answer
      const again = await gate(PAYMENTS);
      expect(again.body.reasons).toEqual(res.body.reasons);
      expect(again.body.decision).toBe('deny');

      // the identical denial within the window (securityPosture.gate.repeatWindowMinutes) is one
      // event and one notification: CI asking on every run does not flood the owners
      const audit = await knex('audit_events')
        .where({ type: 'gate.decision', entity_ref: PAYMENTS })
        .orderBy('id');
      expect(audit).toHaveLength(2);
      expect(JSON.parse(audit[1].details)).toMatchObject({ decision: 'deny' });
      expect(audit[1].actor).toMatch(/^service:/);
      expect(sent.map(s => s.payload.topic)).toEqual([
        'security-posture:new-urgent-findings',
        'security-posture:gate-denied',
      ]);

      // the posture serves the same evaluation, the counts and the ranked findings
      const posture = await request(server)
        .get(
          '/api/security-posture/v1/entities/component/default/payments-api/posture',
        )
        .set('Authorization', user);
      expect(posture.body.knownExploited).toBe(1);
      expect(posture.body.policy.policies).toEqual(
        expect.arrayContaining(['known-exploited', 'sla-breaches']),
      );
      expect(posture.body.policy.violations[0].policy).toBe('known-exploited');
      expect(posture.body.topFindings[0]).toMatchObject({
        kev: true,
        priority: { label: 'P1' },
      });
      expect(posture.body.topFindings[0].aliases).toContain('CVE-2021-44228');

      const findings = await request(server)
        .get(
          '/api/security-posture/v1/entities/component/default/payments-api/findings',
        )
        .set('Authorization', user);
      const scores = findings.body.items.map((f: any) => f.priority.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(findings.body.items[0].kev).toBe(true);
    });

    it('answers 404 for an entity the catalog does not know, never an allow', async () => {
      const res = await gate('component:default/ghost');
      expect(res.status).toBe(404);
      expect(res.body.error.message).toMatch(/ghost/);
    });

    it('refuses a body without an entity ref and a malformed ref', async () => {
      const missing = await request(server)
        .post(GATE)
        .set('Authorization', service)
        .send({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/entityRef/);
      const malformed = await gate('component:');
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toMatch(/not an entity ref/);
    });

    it('refuses unauthenticated callers', async () => {
      const res = await request(server)
        .post(GATE)
        .send({ entityRef: PAYMENTS });
      expect(res.status).toBe(401);
    });
  });

  it('refuses a caller the permission policy denies, recording nothing', async () => {
    await start({}, denyAll());
    const res = await gate(PAYMENTS, mockCredentials.user.header());
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/gate/);
    const [{ n }] = await knex('audit_events').count({ n: '*' });
    expect(Number(n)).toBe(0);
  });

  it('allows when no policy applies, and applies per-tier SLA days', async () => {
    await start({
      securityPosture: {
        policies: { builtin: false },
        sla: { critical: 7, tiers: { tier1: { critical: 2 } } },
      },
    });
    expect((await upload(LOG4J)).status).toBe(201);
    const res = await gate(PAYMENTS);
    expect(res.body).toMatchObject({ decision: 'allow', reasons: [] });
    const critical = await knex('posture_findings')
      .where({ entity_ref: PAYMENTS, severity: 'critical' })
      .first();
    const days =
      (Date.parse(critical.sla_due_at) - Date.parse(critical.first_seen_at)) /
      86_400_000;
    expect(days).toBe(2);
  });

  it('loads policies from a directory, and refuses to start on a broken one naming file and line', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-policies-'));
    fs.writeFileSync(
      path.join(dir, 'no-critical.yaml'),
      [
        'apiVersion: golden-path.dev/v1',
        'kind: Policy',
        'metadata:',
        '  name: no-critical-at-all',
        '  description: Not one open critical finding, on any tier.',
        'spec:',
        '  target: posture',
        '  mode: enforce',
        '  rules:',
        '    - id: zero-critical',
        '      title: No open critical finding',
        '      severity: critical',
        '      fix: Fix it.',
        '      expression: posture.open.critical == 0',
        '      message: there are open critical findings',
        '',
      ].join('\n'),
    );
    await start({
      securityPosture: { policies: { builtin: false, directories: [dir] } },
    });
    expect((await upload(LOG4J)).status).toBe(201);
    const res = await gate(PAYMENTS);
    expect(res.body.decision).toBe('deny');
    expect(res.body.reasons).toEqual([
      expect.objectContaining({
        policy: 'no-critical-at-all',
        message: 'there are open critical findings',
      }),
    ]);

    fs.writeFileSync(
      path.join(dir, 'broken.yaml'),
      [
        'apiVersion: golden-path.dev/v1',
        'kind: Policy',
        'metadata:',
        '  name: broken',
        '  description: An unknown field and a CEL syntax error.',
        'spec:',
        '  target: posture',
        '  mode: enforce',
        '  colour: red',
        '  rules:',
        '    - id: bad',
        '      title: Bad',
        '      severity: low',
        '      fix: Fix it.',
        '      expression: posture.open.critical ==',
        '',
      ].join('\n'),
    );
    await expect(
      start({
        securityPosture: { policies: { builtin: false, directories: [dir] } },
      }),
    ).rejects.toThrow(/broken\.yaml:\d+: .*colour/s);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
