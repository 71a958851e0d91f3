import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
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

/** Grype's real CycloneDX SBOM of log4j-core 2.13.2, with its vulnerabilities (CVE-2021-44228 is on KEV). */
const LOG4J_SBOM = readFixture(
  'cyclonedx',
  'defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json',
).toString();

const user = mockCredentials.user.header();
const DAY = 24 * 3600 * 1000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY).toISOString();

/** No known-exploited vulnerability in the payments system, within 30 days. */
const KEV_CAMPAIGN = {
  title: 'No known-exploited vulnerability in payments',
  description: 'CISA KEV findings fixed everywhere in the payments system.',
  goal: { type: 'policy', expression: 'posture.knownExploited == 0' },
  scope: { systems: ['payments-system'] },
  deadline: inDays(30),
  ownerRef: 'group:default/engineering',
};

const create = (server: TestServer, body: object) =>
  request(server)
    .post(`${API}/v1/campaigns`)
    .set('Authorization', user)
    .send(body);

describe.each(databases.eachSupportedId())('campaigns on %p', databaseId => {
  let backend: PostureBackend;

  beforeAll(async () => {
    backend = await startPostureBackend({
      database: { databases, id: databaseId },
      captureTasks: true,
      entities: testOrg,
    });
    // checkout-web: grype's log4j findings, CVE-2021-44228 among them (known exploited)
    await uploadReport(backend.server, CHECKOUT, LOG4J_SBOM).expect(201);
  });

  afterAll(() => backend.backend.stop());

  it('creates, lists and reads a campaign with its progress per component and per team, audit-logged', async () => {
    const created = await create(backend.server, KEV_CAMPAIGN).expect(201);
    expect(created.body).toMatchObject({
      title: KEV_CAMPAIGN.title,
      description: KEV_CAMPAIGN.description,
      goal: KEV_CAMPAIGN.goal,
      scope: { systems: ['system:default/payments-system'] },
      deadline: KEV_CAMPAIGN.deadline,
      ownerRef: 'group:default/engineering',
      createdBy: 'user:default/mock',
      version: 1,
    });
    const id = created.body.id;

    const list = await request(backend.server)
      .get(`${API}/v1/campaigns`)
      .set('Authorization', user)
      .expect(200);
    // active since its start (now), with the summary stored when it was created
    expect(list.body.items).toContainEqual({
      ...created.body,
      status: 'active',
      summary: {
        evaluatedAt: expect.any(String),
        compliant: 1,
        failing: 1,
      },
    });

    const detail = await request(backend.server)
      .get(`${API}/v1/campaigns/${id}`)
      .set('Authorization', user)
      .expect(200);
    expect(detail.body.campaign).toEqual(created.body);
    const { progress } = detail.body;
    expect(progress).toMatchObject({ compliant: 1, failing: 1 });
    // the failing first
    expect(progress.components).toEqual([
      {
        entityRef: CHECKOUT,
        title: 'checkout-web',
        ownerRef: 'group:default/checkout',
        compliant: false,
        reason: 'does not meet posture.knownExploited == 0',
      },
      {
        entityRef: PAYMENTS,
        title: 'payments-api',
        ownerRef: 'group:default/payments',
        compliant: true,
        reason: null,
      },
    ]);
    // checkout is a sub-squad of payments, payments of engineering: rolled up
    expect(progress.teams).toEqual([
      {
        ref: 'group:default/engineering',
        title: 'engineering',
        parentRef: null,
        compliant: 0,
        failing: 0,
        totalCompliant: 1,
        totalFailing: 1,
      },
      {
        ref: 'group:default/payments',
        title: 'payments',
        parentRef: 'group:default/engineering',
        compliant: 1,
        failing: 0,
        totalCompliant: 1,
        totalFailing: 1,
      },
      {
        ref: 'group:default/checkout',
        title: 'checkout',
        parentRef: 'group:default/payments',
        compliant: 0,
        failing: 1,
        totalCompliant: 0,
        totalFailing: 1,
      },
    ]);

    const audit = await request(backend.server)
      .get(`${API}/v1/audit?type=campaign.created`)
      .set('Authorization', user)
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      type: 'campaign.created',
      actor: 'user:default/mock',
      details: { campaign: { id, title: KEV_CAMPAIGN.title, version: 1 } },
    });

    const missing = await request(backend.server)
      .get(`${API}/v1/campaigns/no-such-campaign`)
      .set('Authorization', user)
      .expect(404);
    expect(missing.body.error.message).toMatch(/No campaign no-such-campaign/);
  });

  it('a no-finding goal fails the components with an open finding naming the CVE, or on the package', async () => {
    const created = await create(backend.server, {
      ...KEV_CAMPAIGN,
      title: 'No log4shell',
      goal: { type: 'no-finding', filter: { rule: 'CVE-2021-44228' } },
    }).expect(201);
    const detail = await request(backend.server)
      .get(`${API}/v1/campaigns/${created.body.id}`)
      .set('Authorization', user)
      .expect(200);
    expect(
      detail.body.progress.components.map((c: any) => [
        c.entityRef,
        c.compliant,
      ]),
    ).toEqual([
      [CHECKOUT, false],
      [PAYMENTS, true],
    ]);
    expect(detail.body.progress.components[0].reason).toMatch(
      /open finding\(s\) match/,
    );

    const byPackage = await create(backend.server, {
      ...KEV_CAMPAIGN,
      title: 'No log4j-core',
      goal: {
        type: 'no-finding',
        filter: { package: 'pkg:maven/org.apache.logging.log4j/log4j-core' },
      },
    }).expect(201);
    const pkgDetail = await request(backend.server)
      .get(`${API}/v1/campaigns/${byPackage.body.id}`)
      .set('Authorization', user)
      .expect(200);
    expect(pkgDetail.body.progress).toMatchObject({ compliant: 1, failing: 1 });
  });

  it('updates with the version read, refuses a stale version (409), and audit-logs before and after', async () => {
    const created = await create(backend.server, {
      ...KEV_CAMPAIGN,
      title: 'To be renamed',
    }).expect(201);
    const id = created.body.id;
    const {
      id: _id,
      createdBy: _c,
      createdAt: _a,
      updatedAt: _u,
      ...fields
    } = created.body;
    const updated = await request(backend.server)
      .put(`${API}/v1/campaigns/${id}`)
      .set('Authorization', user)
      .send({ ...fields, title: 'Renamed', version: 1 })
      .expect(200);
    expect(updated.body).toMatchObject({ id, title: 'Renamed', version: 2 });
    // what the update left out keeps its value
    const { startsAt, ownerRef, ...withoutStart } = fields;
    const kept = await request(backend.server)
      .put(`${API}/v1/campaigns/${id}`)
      .set('Authorization', user)
      .send({ ...withoutStart, title: 'Renamed', version: 2 })
      .expect(200);
    expect(kept.body).toMatchObject({ startsAt, ownerRef, version: 3 });

    const stale = await request(backend.server)
      .put(`${API}/v1/campaigns/${id}`)
      .set('Authorization', user)
      .send({ ...fields, title: 'Lost update', version: 1 })
      .expect(409);
    expect(stale.body.error.message).toMatch(/^version: .* at version 3/);

    const read = await request(backend.server)
      .get(`${API}/v1/campaigns/${id}`)
      .set('Authorization', user)
      .expect(200);
    expect(read.body.campaign).toMatchObject({ title: 'Renamed', version: 3 });

    const absent = await request(backend.server)
      .put(`${API}/v1/campaigns/no-such-campaign`)
      .set('Authorization', user)
      .send({ ...fields, version: 1 })
      .expect(404);
    expect(absent.body.error.message).toMatch(/No campaign/);

    const audit = await request(backend.server)
      .get(`${API}/v1/audit?type=campaign.updated`)
      .set('Authorization', user)
      .expect(200);
    // newest first: the rename, then the update that kept the start
    expect(audit.body.items).toHaveLength(2);
    expect(audit.body.items[1]).toMatchObject({
      type: 'campaign.updated',
      actor: 'user:default/mock',
      details: {
        before: { id, title: 'To be renamed', version: 1 },
        after: { id, title: 'Renamed', version: 2 },
      },
    });
  });

  it('refuses bad input with 400 naming the field, and stores nothing', async () => {
    const before = await request(backend.server)
      .get(`${API}/v1/campaigns`)
      .set('Authorization', user)
      .expect(200);
    const cases: [object, RegExp][] = [
      [{ ...KEV_CAMPAIGN, title: '   ' }, /^title: must not be empty/],
      [
        {
          ...KEV_CAMPAIGN,
          goal: { type: 'policy', expression: 'posture.knownExploited ==' },
        },
        /^goal\.expression: syntax error/,
      ],
      [
        {
          ...KEV_CAMPAIGN,
          goal: { type: 'policy', expression: 'workspace.files == 0' },
        },
        /^goal\.expression: unknown identifier\(s\) 'workspace'/,
      ],
      [
        { ...KEV_CAMPAIGN, scope: { systems: ['no-such-system'] } },
        /^scope: matches no component in the catalog/,
      ],
      [
        {
          ...KEV_CAMPAIGN,
          scope: { tiers: [1], lifecycles: ['experimental'] },
        },
        /^scope: matches no component in the catalog/,
      ],
      [
        { ...KEV_CAMPAIGN, deadline: inDays(-1) },
        /^deadline: .* is in the past/,
      ],
      [
        { ...KEV_CAMPAIGN, startsAt: inDays(40), deadline: inDays(30) },
        /^deadline: .* is not after startsAt/,
      ],
      [
        { ...KEV_CAMPAIGN, deadline: 'next tuesday' },
        /^deadline: 'next tuesday' is not a date-time/,
      ],
      [
        {
          ...KEV_CAMPAIGN,
          goal: {
            type: 'template',
            templateRef: 'template:default/no-such-template',
            minVersion: '1.1.0',
          },
        },
        /^goal\.templateRef: no golden-path template template:default\/no-such-template/,
      ],
      [
        { ...KEV_CAMPAIGN, goal: { type: 'no-finding', filter: {} } },
        /^goal\.filter: /,
      ],
    ];
    for (const [body, message] of cases) {
      const refused = await create(backend.server, body).expect(400);
      expect(refused.body.error.message).toMatch(message);
    }
    // the spec's own checks: a missing title, an unknown goal type, an unknown field
    for (const body of [
      { ...KEV_CAMPAIGN, title: undefined },
      { ...KEV_CAMPAIGN, goal: { type: 'vibes' } },
      { ...KEV_CAMPAIGN, colour: 'red' },
    ]) {
      await create(backend.server, body).expect(400);
    }
    const after = await request(backend.server)
      .get(`${API}/v1/campaigns`)
      .set('Authorization', user)
      .expect(200);
    expect(after.body.items).toEqual(before.body.items);
  });
});

describe('campaigns and their permissions', () => {
  it('needs security-posture.campaign.manage to create or edit, the scorecard permission to read, and lists only readable components', async () => {
    const allowing = (allowed: string[]) =>
      mockServices.permissions.mock({
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
            if (resourceRef) {
              return {
                result:
                  resourceRef === CHECKOUT
                    ? AuthorizeResult.ALLOW
                    : AuthorizeResult.DENY,
              };
            }
            return {
              result: allowed.includes(permission.name)
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
            };
          }),
      });
    const reader = await startPostureBackend({
      entities: testOrg,
      permissions: allowing([
        'security-posture.scorecard.read',
        'security-posture.audit.read',
      ]),
    });
    const refused = await create(reader.server, KEV_CAMPAIGN).expect(403);
    expect(refused.body.error.message).toMatch(
      /security-posture.campaign.manage/,
    );
    const refusedPut = await request(reader.server)
      .put(`${API}/v1/campaigns/any`)
      .set('Authorization', user)
      .send({ ...KEV_CAMPAIGN, version: 1 })
      .expect(403);
    expect(refusedPut.body.error.message).toMatch(
      /security-posture.campaign.manage/,
    );
    const audit = await request(reader.server)
      .get(`${API}/v1/audit?type=campaign.created`)
      .set('Authorization', user)
      .expect(200);
    expect(audit.body.items).toEqual([]);
    await reader.backend.stop();

    // a manager who may read only checkout-web sees only it in the progress
    const manager = await startPostureBackend({
      entities: testOrg,
      permissions: allowing([
        'security-posture.scorecard.read',
        'security-posture.campaign.manage',
      ]),
    });
    const created = await create(manager.server, KEV_CAMPAIGN).expect(201);
    const detail = await request(manager.server)
      .get(`${API}/v1/campaigns/${created.body.id}`)
      .set('Authorization', user)
      .expect(200);
    expect(
      detail.body.progress.components.map((c: any) => c.entityRef),
    ).toEqual([CHECKOUT]);
    await manager.backend.stop();

    const nobody = await startPostureBackend({
      entities: testOrg,
      permissions: allowing([]),
    });
    const list = await request(nobody.server)
      .get(`${API}/v1/campaigns`)
      .set('Authorization', user)
      .expect(403);
    expect(list.body.error.message).toMatch(/security-posture.scorecard.read/);
    await request(nobody.server)
      .get(`${API}/v1/campaigns/${created.body.id}`)
      .set('Authorization', user)
      .expect(403);
    await nobody.backend.stop();
  });
});
