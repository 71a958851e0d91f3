import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  API,
  PostureBackend,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { testOrg } from '../__testUtils__/org';
import { AuditLog } from '../audit/AuditLog';
import { CatalogFacts } from '../catalog/CatalogFacts';
import { EvidenceService } from './EvidenceService';
import { EvidenceStore } from './EvidenceStore';

jest.setTimeout(300_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const AUTH = 'component:default/auth-service';
const SNAPSHOT_TASK = 'security-posture-daily-snapshot';

const REQUESTER = 'user:default/avery.lead';
const APPROVER = 'user:default/finley.platform';
const OUTSIDER = 'user:default/no.evidence';
const as = (ref: string) => mockCredentials.user.header(ref);

/** Grype's CycloneDX of log4j-core: CVE-2021-44228 (on CISA's KEV list) and others. */
const LOG4J_SBOM = readFixture(
  'cyclonedx',
  'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
).toString();
/** The same scan with every vulnerability fixed: grype's findings of the component close. */
const LOG4J_FIXED = (() => {
  const doc = JSON.parse(LOG4J_SBOM);
  doc.vulnerabilities = [];
  return JSON.stringify(doc);
})();

/** A posture policy whose pass and fail the test controls: no open known-exploited finding. */
const KEV_POLICY = `apiVersion: golden-path.dev/v1
kind: Policy
metadata:
  name: kev-free
  description: No open finding on CISA's Known Exploited Vulnerabilities list.
spec:
  target: posture
  mode: enforce
  controls:
    - { framework: soc2, id: CC7.1 }
    - { framework: iso27001, id: A.8.8 }
  rules:
    - id: no-kev
      title: No open KEV finding
      severity: critical
      fix: Upgrade.
      violations: >-
        posture.knownExploited == 0 ? [] : [{"message": "known exploited"}]
`;

const XSS = '<script>alert(1)</script>';
const FORMULA = '=HYPERLINK("http://evil.example","x")';

/** The test organisation, with a hostile title on checkout-web and a formula on payments-api. */
const entities: Entity[] = testOrg.map(e => {
  if (e.kind !== 'Component') return e;
  if (e.metadata.name === 'checkout-web') {
    return { ...e, metadata: { ...e.metadata, title: `Checkout ${XSS}` } };
  }
  if (e.metadata.name === 'payments-api') {
    return { ...e, metadata: { ...e.metadata, title: FORMULA } };
  }
  return e;
});

/** Runs `fn` with Date at `iso` (only Date is faked: the database drivers keep their timers). */
async function at<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: new Date(iso),
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
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

const evidence = (server: TestServer, query: string, user = REQUESTER) =>
  request(server)
    .get(`${API}/v1/evidence?${query}`)
    .set('Authorization', as(user));

/** The bytes of a response as sent (supertest parses JSON and leaves text as text). */
const bytesOf = (res: request.Response): Buffer =>
  Buffer.from(res.text, 'utf8');

const sha256 = (bytes: Buffer) =>
  `sha-256=${createHash('sha256').update(bytes).digest('base64')}`;

describe.each(databases.eachSupportedId())(
  'the compliance evidence export on %p',
  databaseId => {
    let backend: PostureBackend & { knex: Knex };
    let policyDir: string;

    const snapshotDay = (iso: string) =>
      at(iso, async () => {
        await backend.tasks.get(SNAPSHOT_TASK)!(new AbortController().signal);
      });

    beforeAll(async () => {
      policyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'evidence-policies-'));
      fs.writeFileSync(path.join(policyDir, 'kev.yaml'), KEV_POLICY);
      backend = await startPostureBackend({
        database: { databases, id: databaseId },
        captureTasks: true,
        entities,
        config: {
          securityPosture: {
            policies: { builtin: false, directories: [policyDir] },
            exceptions: { maxDays: 30 },
          },
        },
        // everyone may export evidence but the outsider
        permissions: mockServices.permissions.mock({
          authorize: async (requests, options) =>
            requests.map(r => ({
              result:
                r.permission.name === 'security-posture.evidence.read' &&
                (options?.credentials?.principal as any)?.userEntityRef ===
                  OUTSIDER
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })),
          authorizeConditional: async requests =>
            requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        }),
      });
      const { server, knex } = backend;
      // 2026-03-01: a snapshot row of before the policy results were recorded
      await knex('posture_snapshots').insert({
        entity_ref: PAYMENTS,
        day: '2026-03-01',
        score: 90,
        grade: 'A',
        open_counts: JSON.stringify({
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          info: 0,
        }),
        overdue: 0,
      });
      // 2026-03-02: checkout-web's scan finds log4j's known-exploited CVE; payments-api is clean
      await at('2026-03-02T09:00:00Z', async () => {
        await uploadReport(server, CHECKOUT, LOG4J_SBOM).expect(201);
        await uploadReport(server, PAYMENTS, LOG4J_FIXED).expect(201);
      });
      await snapshotDay('2026-03-02T23:00:00Z');
      await snapshotDay('2026-03-03T23:00:00Z');
      // 2026-03-04: no snapshot at all (the task did not run)
      // 2026-03-05: every finding of checkout-web excepted, approved by another person
      const exceptionIds = await at('2026-03-05T10:00:00Z', async () => {
        const findings = await request(server)
          .get(`${API}/v1/entities/component/default/checkout-web/findings`)
          .query({ limit: 200, status: 'open' })
          .set('Authorization', as(REQUESTER))
          .expect(200);
        const rules = [
          ...new Set(
            (findings.body.items as Array<{ ruleId: string }>).map(
              f => f.ruleId,
            ),
          ),
        ];
        if (rules.length === 0) throw new Error('checkout-web has no finding');
        const ids: string[] = [];
        for (const ruleId of rules) {
          const requested = await request(server)
            .post(`${API}/v1/exceptions`)
            .set('Authorization', as(REQUESTER))
            .send({
              entityRef: CHECKOUT,
              scope: 'rule',
              ruleId,
              justification: 'code_not_reachable',
              reason: `JNDI lookups are disabled ${XSS}`,
              expiresAt: '2026-03-20T00:00:00.000Z',
            })
            .expect(201);
          await request(server)
            .post(`${API}/v1/exceptions/${requested.body.id}/approve`)
            .set('Authorization', as(APPROVER))
            .send({ comment: 'Accepted until the upgrade.' })
            .expect(200);
          ids.push(requested.body.id);
        }
        return ids;
      });
      await snapshotDay('2026-03-05T23:00:00Z');
      // 2026-03-06: the exceptions revoked, the upgrade scanned: nothing known-exploited left
      await at('2026-03-06T10:00:00Z', async () => {
        for (const id of exceptionIds) {
          await request(server)
            .post(`${API}/v1/exceptions/${id}/revoke`)
            .set('Authorization', as(APPROVER))
            .send({ comment: 'Upgraded.' })
            .expect(200);
        }
        await uploadReport(server, CHECKOUT, LOG4J_FIXED).expect(201);
      });
      await snapshotDay('2026-03-06T23:00:00Z');
      await snapshotDay('2026-03-07T23:00:00Z');
    });

    afterAll(async () => {
      await backend.backend.stop();
      fs.rmSync(policyDir, { recursive: true, force: true });
    });

    const PERIOD = 'from=2026-03-01&to=2026-03-07';

    it('gives per control the policies, the components in scope with their daily pass/fail, the exceptions and the audit events', async () => {
      const res = await evidence(backend.server, PERIOD).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toBeUndefined();
      const body = res.body;
      expect(body).toMatchObject({
        generatedBy: REQUESTER,
        period: { from: '2026-03-01', to: '2026-03-07' },
        scope: { framework: null, system: null, owner: null, tier: null },
        coverage: {
          days: 7,
          retainedFrom: '2026-03-01',
          // no snapshot row of any component in scope that day
          missingDays: ['2026-03-04'],
        },
      });
      const control = (framework: string, id: string) =>
        body.controls.find(
          (c: any) => c.framework === framework && c.id === id,
        );
      const cc71 = control('soc2', 'CC7.1');
      expect(cc71.title).toMatch(/^Detection and monitoring/);
      // the posture policy has a daily history; the built-in workspace policy mapped to CC7.1 none
      expect(cc71.policies).toEqual([
        {
          name: 'kev-free',
          description:
            "No open finding on CISA's Known Exploited Vulnerabilities list.",
          target: 'posture',
          mode: 'enforce',
          rules: ['no-kev'],
          history: 'daily',
        },
        expect.objectContaining({
          name: 'workflow-hardening',
          target: 'workspace',
          history: 'none',
        }),
      ]);
      const byRef = Object.fromEntries(
        cc71.components.map((c: any) => [c.entityRef, c]),
      );
      // docs-site is not enrolled in the posture (its annotation): not in the export
      expect(Object.keys(byRef).sort()).toEqual([AUTH, CHECKOUT, PAYMENTS]);
      const statuses = (ref: string) =>
        byRef[ref].history.map((h: any) => `${h.day} ${h.status}`);
      expect(statuses(CHECKOUT)).toEqual([
        '2026-03-01 missing',
        '2026-03-02 fail',
        '2026-03-03 fail',
        '2026-03-04 missing',
        // passing only because the approved exceptions left the findings out
        '2026-03-05 excepted',
        // revoked that morning, but in force part of the day
        '2026-03-06 excepted',
        '2026-03-07 pass',
      ]);
      expect(byRef[CHECKOUT]).toMatchObject({
        title: `Checkout ${XSS}`,
        ownerRef: 'group:default/checkout',
        passDays: 1,
        failDays: 2,
        exceptedDays: 2,
        missingDays: 2,
      });
      // the row of 2026-03-01 was written before policy results were recorded: missing, not pass
      expect(statuses(PAYMENTS)).toEqual([
        '2026-03-01 missing',
        '2026-03-02 pass',
        '2026-03-03 pass',
        '2026-03-04 missing',
        '2026-03-05 pass',
        '2026-03-06 pass',
        '2026-03-07 pass',
      ]);
      // auth-service never reported: every day missing
      expect(byRef[AUTH]).toMatchObject({ passDays: 0, missingDays: 7 });
      // a control of workspace policies only: its components have no recorded day
      const a89 = control('iso27001', 'A.8.9');
      expect(a89.policies.every((p: any) => p.history === 'none')).toBe(true);
      expect(a89.components.every((c: any) => c.missingDays === 7)).toBe(true);
      // the exceptions in force during the period, with requester, approver and expiry
      expect(body.exceptions.length).toBeGreaterThan(0);
      for (const e of body.exceptions) {
        expect(e).toMatchObject({
          entityRef: CHECKOUT,
          subject: expect.stringMatching(/^every finding of rule /),
          reason: `JNDI lookups are disabled ${XSS}`,
          requestedBy: REQUESTER,
          approvedBy: APPROVER,
          status: 'revoked',
          // it stopped applying when it was revoked
          expiresAt: '2026-03-06T10:00:00.000Z',
        });
      }
      // the audit events of the period for the components in scope
      const types = new Set(body.auditEvents.map((e: any) => e.type));
      expect(types).toEqual(
        new Set([
          'report.uploaded',
          'exception.requested',
          'exception.approved',
          'exception.revoked',
        ]),
      );
      expect(
        body.auditEvents.every(
          (e: any) =>
            e.at >= '2026-03-01' &&
            e.at < '2026-03-08' &&
            [CHECKOUT, PAYMENTS].includes(e.entityRef),
        ),
      ).toBe(true);
      // frameworks: only the controls of the one asked for
      const iso = await evidence(
        backend.server,
        `${PERIOD}&framework=iso27001`,
      ).expect(200);
      expect(new Set(iso.body.controls.map((c: any) => c.framework))).toEqual(
        new Set(['iso27001']),
      );
      expect(iso.body.controls.map((c: any) => c.id)).toContain('A.8.8');
    });

    it('scopes by owner (sub-groups included), system and tier', async () => {
      const refsOf = (body: any) =>
        body.controls
          .find((c: any) => c.id === 'CC7.1')
          .components.map((c: any) => c.entityRef)
          .sort();
      // payments owns payments-api; its sub-group checkout owns checkout-web
      const owner = await evidence(
        backend.server,
        `${PERIOD}&owner=payments`,
      ).expect(200);
      expect(owner.body.scope.owner).toBe('group:default/payments');
      expect(refsOf(owner.body)).toEqual([CHECKOUT, PAYMENTS]);
      // only checkout-web's exceptions are in that scope, and none in identity's
      expect(owner.body.exceptions.length).toBeGreaterThan(0);
      const identity = await evidence(
        backend.server,
        `${PERIOD}&owner=${encodeURIComponent('group:default/identity')}`,
      ).expect(400);
      // auth-service has no snapshot at all: no retained day for that scope
      expect(identity.body.error.message).toBe(
        'from: no snapshot is retained for the components in scope from 2026-03-01 to 2026-03-07; snapshots are retained from 2026-03-01 to 2026-03-07',
      );
      const tier2 = await evidence(backend.server, `${PERIOD}&tier=2`).expect(
        200,
      );
      expect(refsOf(tier2.body)).toEqual([CHECKOUT]);
      expect(
        tier2.body.auditEvents.every((e: any) => e.entityRef === CHECKOUT),
      ).toBe(true);
      const system = await evidence(
        backend.server,
        `${PERIOD}&system=payments-system`,
      ).expect(200);
      expect(system.body.scope.system).toBe('system:default/payments-system');
      expect(refsOf(system.body)).toEqual([CHECKOUT, PAYMENTS]);
      const unknownOwner = await evidence(
        backend.server,
        `${PERIOD}&owner=no-such-team`,
      ).expect(400);
      expect(unknownOwner.body.error.message).toBe(
        "owner: 'no-such-team' is not a group of the catalog",
      );
    });

    it('serves CSV with formula-safe cells, as an attachment', async () => {
      const res = await evidence(backend.server, `${PERIOD}&format=csv`).expect(
        200,
      );
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="evidence-2026-03-01-2026-03-07.csv"',
      );
      const lines = res.text.split('\r\n');
      expect(lines[0]).toBe(
        '"period_from","period_to","framework","control_id","control_title","policies","entity_ref","component","owner","pass_days","fail_days","excepted_days","missing_days","failing_days","excepted_days_list","missing_days_list"',
      );
      const row = lines.find(
        l => l.includes('"CC7.1"') && l.includes(CHECKOUT),
      );
      expect(row).toContain(
        `"${CHECKOUT}","Checkout <script>alert(1)</script>","group:default/checkout","1","2","2","2","2026-03-02..2026-03-03","2026-03-05..2026-03-06","2026-03-01 2026-03-04"`,
      );
      // the payments-api title is a formula: quoted so a spreadsheet keeps it as text
      const payments = lines.find(
        l => l.includes('"CC7.1"') && l.includes(PAYMENTS),
      );
      expect(payments).toContain(
        `"${PAYMENTS}","'=HYPERLINK(""http://evil.example"",""x"")"`,
      );
      expect(res.text).not.toMatch(/(^|,)"=/m);
    });

    it('serves a printable, self-contained HTML report with every text escaped', async () => {
      const res = await evidence(
        backend.server,
        `${PERIOD}&format=html`,
      ).expect(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename="evidence-2026-03-01-2026-03-07.html"',
      );
      const page = res.text;
      expect(page).toMatch(
        /<meta\s+http-equiv="Content-Security-Policy"\s+content="default-src 'none'; style-src 'unsafe-inline'"/,
      );
      // self-contained: no script, no resource fetched from anywhere
      expect(page).not.toMatch(/<(script|link|img|iframe)\b|src=|href=/i);
      expect(page).toContain('@media print');
      // the hostile component title and exception reason are text, never markup
      expect(page).not.toContain('<script');
      expect(page).toContain('Checkout &lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).toContain(
        'JNDI lookups are disabled &lt;script&gt;alert(1)&lt;/script&gt;',
      );
      expect(page).toContain('2026-03-04');
      // the digest is of these bytes: not inside them
      expect(page).not.toContain(res.headers.digest);
      expect(page).not.toContain('sha-256=');
    });

    it('sends the SHA-256 of the bytes served as Digest, the one the audit log recorded', async () => {
      for (const format of ['json', 'csv', 'html']) {
        const res = await evidence(
          backend.server,
          `${PERIOD}&format=${format}&tier=2`,
          APPROVER,
        ).expect(200);
        const digest = res.headers.digest;
        expect(digest).toBe(sha256(bytesOf(res)));
        expect(res.headers['access-control-expose-headers']).toBe(
          'Digest, Content-Disposition',
        );
        const recorded = await backend
          .knex('audit_events')
          .where({ type: 'evidence.exported' })
          .orderBy('id', 'desc')
          .first();
        expect(recorded.actor).toBe(APPROVER);
        expect(JSON.parse(recorded.details)).toMatchObject({
          period: { from: '2026-03-01', to: '2026-03-07' },
          scope: { framework: null, system: null, owner: null, tier: 2 },
          format,
          digest,
        });
      }
    });

    it.each([
      [
        'from=2026-02-30&to=2026-03-07',
        "from: '2026-02-30' is not a day as YYYY-MM-DD (UTC)",
      ],
      [
        'from=2026-03-01&to=7.3.2026',
        "to: '7.3.2026' is not a day as YYYY-MM-DD (UTC)",
      ],
      [
        'from=2026-03-07&to=2026-03-01',
        'to: 2026-03-01 is before from (2026-03-07)',
      ],
      [
        'from=2025-03-01&to=2026-03-07',
        'to: the period from 2025-03-01 to 2026-03-07 is 372 days; at most 366',
      ],
      [
        'from=2026-03-01&to=2999-01-01',
        `to: 2999-01-01 is after today (${new Date()
          .toISOString()
          .slice(0, 10)}, UTC)`,
      ],
      [
        'from=2026-01-01&to=2026-01-31',
        'from: no snapshot is retained for the components in scope from 2026-01-01 to 2026-01-31; snapshots are retained from 2026-03-01 to 2026-03-07',
      ],
      [`${PERIOD}&tier=4`, "tier: '4' is not a tier (1, 2 or 3)"],
      [
        `${PERIOD}&system=no-such-system`,
        "system: 'no-such-system' is not a system of the catalog",
      ],
    ])('refuses %s with a 400 naming the field', async (query, message) => {
      const res = await evidence(backend.server, query).expect(400);
      expect(res.body.error.message).toBe(message);
    });

    it('refuses an export over the size limit, naming the period and the scope, and records nothing', async () => {
      const service = new EvidenceService({
        store: new EvidenceStore(backend.knex),
        catalog: new CatalogFacts(
          catalogServiceMock({ entities }),
          mockServices.auth(),
        ),
        audit: new AuditLog(backend.knex),
        maxDayStatuses: 20,
      });
      const exported = () =>
        backend
          .knex('audit_events')
          .where({ type: 'evidence.exported' })
          .count({ n: '*' })
          .first();
      const before = await exported();
      // the workspace policies' controls over three components, seven days
      await expect(
        service.export(
          { from: '2026-03-01', to: '2026-03-07', framework: 'soc2' },
          REQUESTER,
        ),
      ).rejects.toThrow(
        /^from, to: the export would hold \d+ daily statuses \(controls x components x days\); at most 20: narrow the period or the scope/,
      );
      // the SOC 2 controls of one component (checkout-web, tier 2) for three days fit
      const small = await service.export(
        {
          from: '2026-03-05',
          to: '2026-03-07',
          framework: 'soc2',
          tier: '2',
        },
        REQUESTER,
      );
      expect(JSON.parse(small.body.toString()).controls.length).toBeGreaterThan(
        0,
      );
      expect(Number((await exported())!.n)).toBe(Number(before!.n) + 1);
    });

    it('refuses a caller without security-posture.evidence.read, and records nothing', async () => {
      const before = await backend
        .knex('audit_events')
        .where({ type: 'evidence.exported' })
        .count({ n: '*' })
        .first();
      const res = await evidence(backend.server, PERIOD, OUTSIDER).expect(403);
      expect(res.body.error.message).toBe(
        'not allowed to export compliance evidence (security-posture.evidence.read)',
      );
      await request(backend.server)
        .get(`${API}/v1/evidence?${PERIOD}`)
        .expect(401);
      const after = await backend
        .knex('audit_events')
        .where({ type: 'evidence.exported' })
        .count({ n: '*' })
        .first();
      expect(Number(after!.n)).toBe(Number(before!.n));
    });
  },
);
