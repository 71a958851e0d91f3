import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
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

jest.setTimeout(180_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const CHECKOUT = 'component:default/checkout-web';
const AUTH = 'component:default/auth-service';
const TASK = 'security-posture-advisory-refresh';

/** Grype's real CycloneDX SBOM of log4j-core 2.13.2, with its vulnerabilities (a scanner's findings). */
const LOG4J_SBOM = readFixture(
  'cyclonedx',
  'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
).toString();
/** The same SBOM without its vulnerabilities: the inventory alone. */
const log4jInventoryOnly = (version?: string) => {
  const doc = JSON.parse(LOG4J_SBOM);
  delete doc.vulnerabilities;
  if (version) {
    for (const c of doc.components) {
      if (c.name === 'log4j-core') {
        c.purl = c.purl.replace(/@[^@]+$/, `@${version}`);
        c.version = version;
      }
    }
  }
  return JSON.stringify(doc);
};

/** The test organisation, the payments team with a contact address. */
const entities: Entity[] = testOrg.map(e =>
  e.kind === 'Group' && e.metadata.name === 'payments'
    ? { ...e, spec: { ...e.spec, profile: { email: 'payments@example.com' } } }
    : e,
);

const user = mockCredentials.user.header();

const ask = (server: TestServer, query: string) =>
  request(server).get(`${API}/v1/affected?${query}`).set('Authorization', user);

/** Uploads the three components' SBOMs and runs the advisory refresh (the seed). */
async function seed(backend: PostureBackend) {
  // payments-api: log4j-core 2.13.2 in its inventory, no scanner finding
  await uploadReport(backend.server, PAYMENTS, log4jInventoryOnly()).expect(
    201,
  );
  // checkout-web: the same version, and grype's findings of it
  await uploadReport(backend.server, CHECKOUT, LOG4J_SBOM).expect(201);
  // auth-service: log4j-core 2.17.1, which no seed advisory affects
  await uploadReport(backend.server, AUTH, log4jInventoryOnly('2.17.1')).expect(
    201,
  );
  const task = backend.tasks.get(TASK);
  if (!task) throw new Error(`${TASK} was not scheduled`);
  await task(new AbortController().signal);
}

describe.each(databases.eachSupportedId())(
  'the zero-day view on %p',
  databaseId => {
    let backend: PostureBackend;

    beforeAll(async () => {
      backend = await startPostureBackend({
        database: { databases, id: databaseId },
        captureTasks: true,
        entities,
        config: { securityPosture: { notifications: { enabled: true } } },
      });
      await seed(backend);
    });

    afterAll(() => backend.backend.stop());

    it('answers who an advisory affects, by CVE alias, with versions, fixes, KEV, sources and the teams rolled up', async () => {
      const res = await ask(backend.server, 'advisory=CVE-2021-44228').expect(
        200,
      );
      expect(res.body.advisory).toMatchObject({
        id: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        severity: 'critical',
        kev: true,
        fixedVersions: ['2.12.2', '2.15.0', '2.3.1'],
        packages: ['maven:org.apache.logging.log4j:log4j-core'],
      });
      expect(res.body.advisoriesStored).toBe(5);
      expect(res.body.truncated).toBe(false);
      const byRef = Object.fromEntries(
        res.body.components.map((c: any) => [c.entityRef, c]),
      );
      // auth-service runs 2.17.1: not affected
      expect(Object.keys(byRef).sort()).toEqual([CHECKOUT, PAYMENTS]);
      expect(byRef[PAYMENTS]).toMatchObject({
        title: 'payments-api',
        ownerRef: 'group:default/payments',
        systemRef: 'system:default/payments-system',
        tier: 1,
        lifecycle: 'production',
        exposure: { providedApis: 1, production: true },
        packages: ['pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2'],
        versions: ['2.13.2'],
        fixedVersions: ['2.15.0'],
        kev: true,
        // the advisory-match finding the refresh opened
        openFindings: 1,
        sources: ['inventory'],
      });
      expect(byRef[CHECKOUT]).toMatchObject({
        ownerRef: 'group:default/checkout',
        tier: 2,
        versions: ['2.13.2'],
        fixedVersions: ['2.15.0'],
        kev: true,
        sources: ['inventory', 'scanner'],
      });
      expect(byRef[CHECKOUT].openFindings).toBeGreaterThanOrEqual(1);
      // tier 1 with an API first
      expect(res.body.components[0].entityRef).toBe(PAYMENTS);
      expect(res.body.teams).toEqual([
        {
          ref: 'group:default/engineering',
          title: 'engineering',
          email: null,
          parentRef: null,
          components: 0,
          total: 2,
        },
        {
          ref: 'group:default/payments',
          title: 'payments',
          email: 'payments@example.com',
          parentRef: 'group:default/engineering',
          components: 1,
          total: 2,
        },
        {
          ref: 'group:default/checkout',
          title: 'checkout',
          email: null,
          parentRef: 'group:default/payments',
          components: 1,
          total: 1,
        },
      ]);

      // the GHSA id and a lower-cased CVE give the same components
      for (const id of ['GHSA-jfh8-c2jp-5v3q', 'cve-2021-44228']) {
        const same = await ask(
          backend.server,
          `advisory=${encodeURIComponent(id)}`,
        ).expect(200);
        expect(same.body.advisory.id).toBe('GHSA-jfh8-c2jp-5v3q');
        expect(same.body.components.map((c: any) => c.entityRef)).toEqual(
          res.body.components.map((c: any) => c.entityRef),
        );
      }
    });

    it('answers who runs a package in a range, in the ecosystem syntax, with the findings on it', async () => {
      const below = await ask(
        backend.server,
        `type=maven&name=log4j-core&range=${encodeURIComponent('<2.17.1')}`,
      ).expect(200);
      expect(below.body.advisory).toBeNull();
      expect(below.body.components.map((c: any) => c.entityRef).sort()).toEqual(
        [CHECKOUT, PAYMENTS],
      );
      const checkout = below.body.components.find(
        (c: any) => c.entityRef === CHECKOUT,
      );
      // grype's findings and the advisory matches on log4j-core count, and grype's are a scanner's
      expect(checkout.openFindings).toBeGreaterThanOrEqual(2);
      expect(checkout.sources).toEqual(['inventory', 'scanner']);
      expect(checkout.kev).toBe(true);

      // with its Maven group, or as a purl; without a range every version
      const all = await ask(
        backend.server,
        'purl=pkg:maven/org.apache.logging.log4j/log4j-core',
      ).expect(200);
      expect(all.body.components.map((c: any) => c.entityRef).sort()).toEqual([
        AUTH,
        CHECKOUT,
        PAYMENTS,
      ]);
      const auth = all.body.components.find((c: any) => c.entityRef === AUTH);
      expect(auth).toMatchObject({
        versions: ['2.17.1'],
        openFindings: 0,
        kev: false,
        ownerRef: 'group:default/identity',
      });
      const namespaced = await ask(
        backend.server,
        `type=maven&namespace=org.apache.logging.log4j&name=log4j-core&range=${encodeURIComponent(
          '[2.17.0,)',
        )}`,
      ).expect(200);
      expect(namespaced.body.components.map((c: any) => c.entityRef)).toEqual([
        AUTH,
      ]);
      // another group's log4j-core is another package
      const other = await ask(
        backend.server,
        'type=maven&namespace=org.example&name=log4j-core',
      ).expect(200);
      expect(other.body.components).toEqual([]);
    });

    it('tells an unknown advisory from a clean fleet, and refuses a question it cannot ask', async () => {
      const unknown = await ask(
        backend.server,
        'advisory=CVE-2099-0001',
      ).expect(200);
      expect(unknown.body).toMatchObject({
        advisory: null,
        components: [],
        teams: [],
        advisoriesStored: 5,
      });
      const both = await ask(
        backend.server,
        'advisory=CVE-2021-44228&type=maven&name=log4j-core',
      ).expect(400);
      expect(both.body.error.message).toMatch(/one question at a time/);
      const neither = await ask(backend.server, '').expect(400);
      expect(neither.body.error.message).toMatch(/advisory, or purl/);
      const badId = await ask(
        backend.server,
        `advisory=${encodeURIComponent("x' or 1=1")}`,
      ).expect(400);
      expect(badId.body.error.message).toMatch(/^advisory: not an advisory id/);
      const rangeWithAdvisory = await ask(
        backend.server,
        'advisory=CVE-2021-44228&range=%3C2',
      ).expect(400);
      expect(rangeWithAdvisory.body.error.message).toMatch(/^range:/);
      const badRange = await ask(
        backend.server,
        `type=maven&name=log4j-core&range=${encodeURIComponent('[2.0')}`,
      ).expect(400);
      expect(badRange.body.error.message).toMatch(/range/);
      const badType = await ask(backend.server, 'type=mvn&name=x').expect(400);
      expect(badType.body.error.message).toMatch(/unknown purl type/);
      // and it keeps serving
      await ask(backend.server, 'advisory=CVE-2021-44228').expect(200);
      await request(backend.server)
        .get(`${API}/v1/affected?advisory=CVE-2021-44228`)
        .expect(401);
    });

    it('notifies each owning group once, updates instead of repeating, and records it in the audit log', async () => {
      backend.sent.length = 0;
      const body = {
        advisory: 'CVE-2021-44228',
        link: '/security-affected?advisory=CVE-2021-44228',
      };
      const res = await request(backend.server)
        .post(`${API}/v1/affected/notify`)
        .set('Authorization', user)
        .send(body)
        .expect(200);
      expect(res.body).toEqual({
        notified: [
          { ownerRef: 'group:default/checkout', components: 1 },
          { ownerRef: 'group:default/payments', components: 1 },
        ],
        components: 2,
      });
      expect(backend.sent).toHaveLength(2);
      const toPayments = backend.sent.find(
        s =>
          s.recipients.type === 'entity' &&
          s.recipients.entityRef === 'group:default/payments',
      )!;
      expect(toPayments.payload).toMatchObject({
        title: 'GHSA-jfh8-c2jp-5v3q: 1 of your component(s) affected',
        severity: 'critical',
        topic: 'security-posture:affected',
        scope: 'security-posture:affected:GHSA-jfh8-c2jp-5v3q',
        link: '/security-affected?advisory=CVE-2021-44228',
      });
      expect(toPayments.payload.description).toContain(PAYMENTS);
      expect(toPayments.payload.description).not.toContain(CHECKOUT);

      // the same question again: the same scopes (the notifications backend updates, not adds)
      await request(backend.server)
        .post(`${API}/v1/affected/notify`)
        .set('Authorization', user)
        .send(body)
        .expect(200);
      expect(new Set(backend.sent.map(s => s.payload.scope)).size).toBe(1);

      const audit = await request(backend.server)
        .get(`${API}/v1/audit?type=affected.notified`)
        .set('Authorization', user)
        .expect(200);
      expect(audit.body.items).toHaveLength(2);
      expect(audit.body.items[0]).toMatchObject({
        type: 'affected.notified',
        actor: 'user:default/mock',
        details: {
          label: 'GHSA-jfh8-c2jp-5v3q',
          components: 2,
          owners: res.body.notified,
        },
      });

      // a link off the app, an unknown field, or no question: 400, nothing sent
      const before = backend.sent.length;
      for (const [bad, message] of [
        [{ ...body, link: '//evil.example/x' }, /^link:/],
        [{ ...body, link: 'https://evil.example/' }, /^link:/],
        [{ ...body, recipients: ['group:default/all'] }, /recipients/],
        [{}, /advisory, or purl/],
      ] as const) {
        const refused = await request(backend.server)
          .post(`${API}/v1/affected/notify`)
          .set('Authorization', user)
          .send(bad)
          .expect(400);
        expect(refused.body.error.message).toMatch(message);
      }
      expect(backend.sent).toHaveLength(before);
    });
  },
);

describe('the zero-day view and its permissions', () => {
  it('answers only the components a caller may read, needs the scorecard permission to read and its own to notify, and 503 without notifications', async () => {
    const scoped = await startPostureBackend({
      captureTasks: true,
      entities,
      config: { securityPosture: { notifications: { enabled: false } } },
      permissions: mockServices.permissions.mock({
        authorizeConditional: async requests =>
          requests.map(
            () =>
              ({
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'catalog',
                resourceType: 'catalog-entity',
                conditions: {
                  rule: 'IS_ENTITY_OWNER',
                  resourceType: 'catalog-entity',
                  params: { claims: ['group:default/checkout'] },
                },
              } as any),
          ),
        authorize: async requests =>
          requests.map(r => {
            const { permission, resourceRef } = r as {
              permission: { name: string };
              resourceRef?: string;
            };
            if (permission.name === 'security-posture.report.upload') {
              return { result: AuthorizeResult.ALLOW };
            }
            if (resourceRef) {
              return {
                result:
                  resourceRef === CHECKOUT
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }
            return {
              result:
                permission.name === 'security-posture.scorecard.read' ||
                permission.name === 'security-posture.affected.notify'
                  ? AuthorizeResult.ALLOW
                  : AuthorizeResult.DENY,
            };
          }),
      }),
    });
    await seed(scoped);
    const res = await ask(scoped.server, 'advisory=CVE-2021-44228').expect(200);
    expect(res.body.components.map((c: any) => c.entityRef)).toEqual([
      CHECKOUT,
    ]);
    expect(res.body.teams.map((t: any) => [t.ref, t.total])).toEqual([
      ['group:default/checkout', 1],
      ['group:default/engineering', 1],
      ['group:default/payments', 1],
    ]);
    const off = await request(scoped.server)
      .post(`${API}/v1/affected/notify`)
      .set('Authorization', user)
      .send({ advisory: 'CVE-2021-44228' })
      .expect(503);
    expect(off.body.error.message).toMatch(/notifications are turned off/);
    expect(scoped.sent).toEqual([]);

    const denied = await startPostureBackend({
      entities,
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
      }),
    });
    const refused = await ask(denied.server, 'advisory=CVE-2021-44228').expect(
      403,
    );
    expect(refused.body.error.message).toMatch(
      /security-posture.scorecard.read/,
    );
    const notify = await request(denied.server)
      .post(`${API}/v1/affected/notify`)
      .set('Authorization', user)
      .send({ advisory: 'CVE-2021-44228' })
      .expect(403);
    expect(notify.body.error.message).toMatch(
      /security-posture.affected.notify/,
    );
    expect(denied.sent).toEqual([]);
    await scoped.backend.stop();
    await denied.backend.stop();
  });
});
