import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import path from 'node:path';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import {
  madeFromNodeService,
  nodeServiceTemplate,
} from '../__testUtils__/templateEntities';
import { spec } from '../schema/openapi.generated';
import { postureRooms } from '../__testUtils__/backend';
import { testOrg } from '../__testUtils__/org';
import { HttpAccess } from './auth';
import { createRouter } from './createRouter';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEMPLATES = path.resolve(__dirname, '../../../../templates');
const ARCHIVES = path.resolve(
  __dirname,
  '../../../../examples/template-versions',
);
const PAYMENTS = 'component:default/payments-api';
const PAYMENTS_PATH = '/v1/entities/component/default/payments-api';
const TEMPLATE_PATH = '/v1/templates/default/node-service';
/** Grype's CycloneDX of a log4j-core 2.14.1 jar: findings with aliases, for exceptions and VEX. */
const LOG4J = 'cyclonedx/defectdojo_grype-0.41.0_cyclonedx-1.4_log4j.cdx.json';
const GITLEAKS = 'gitleaks/gitleaks_json_simple.json';

const AVERY = 'user:default/avery.lead';
const BLAKE = 'user:default/blake.dev';
const FINLEY = 'user:default/finley.platform';
const user = (ref?: string) => mockCredentials.user.header(ref);
const service = mockCredentials.service.header();

/** The real node-service template and two components made from it (no repository). */
const templateEntities: Entity[] = [
  nodeServiceTemplate(),
  madeFromNodeService('orders-api', '1.0.0'),
  madeFromNodeService('billing-api', '1.0.0'),
];

/** One question to the permission framework, as a binder asked it. */
interface Asked {
  name: string;
  resourceRef?: string;
  conditional?: true;
}

/** What a route's test needs once the test data is there. */
interface Fixtures {
  findingIds: string[];
  /** Pending exceptions of payments-api requested by Avery, one per decision route. */
  pending: { approve: string; reject: string; revoke: string };
  /** A run of upgrades, enqueued. */
  runId: string;
  /** A campaign: node-service 1.1.0 or later for the components made from it. */
  campaignId: string;
  /** Another campaign, the one the DELETE row deletes. */
  deletableCampaignId: string;
}

/** One route (or one way of calling it) and what its binder must do. */
interface Row {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The route as the spec names it. */
  route: string;
  /** A variant of the same route, when there is more than one row for it. */
  variant?: string;
  url: (f: Fixtures) => string;
  body?: (f: Fixtures) => object | string;
  /** Report bodies go as text with Content-Type application/json. */
  report?: boolean;
  /** Who calls when credentials are given (default: a user). */
  as?: string;
  /** The first question the binder asks the permission framework. */
  asks: Asked;
  /** When that question is denied: a 403 naming what was refused, or what is hidden instead. */
  denied: { status: 403 | 200; as?: string; check: (body: any) => void };
  /** The allowed call's status and a key field of the spec's response. */
  ok: {
    status: number;
    check: (body: any, res: request.Response, f: Fixtures) => void;
  };
}

const read = (resourceRef: string): Asked => ({
  name: 'security-posture.posture.read',
  resourceRef,
});
/** A 403 whose message names what was refused (as `as`, when not the row's caller). */
function refused(message: string | RegExp, as?: string): Row['denied'] {
  return {
    status: 403,
    as,
    check: body => {
      expect(body.error.name).toBe('NotAllowedError');
      expect(body.error.message).toMatch(message);
    },
  };
}
const readDenied = refused(
  `not allowed to read the security posture of ${PAYMENTS}`,
);

const CAMPAIGN = {
  title: 'node-service 1.1.0 everywhere',
  goal: {
    type: 'template',
    templateRef: 'template:default/node-service',
    minVersion: '1.1.0',
  },
  scope: { templates: ['template:default/node-service'] },
  deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  ownerRef: 'group:default/engineering',
} as const;

const rows: Row[] = [
  {
    method: 'post',
    route: '/v1/reports',
    url: () => '/v1/reports?entityRef=component:default/auth-service',
    body: () => readFixture(GITLEAKS).toString(),
    report: true,
    as: service,
    asks: { name: 'security-posture.report.upload' },
    denied: refused('not allowed: security-posture.report.upload'),
    ok: {
      status: 201,
      check: body => {
        expect(body.entityRef).toBe('component:default/auth-service');
        expect(body.format).toBe('gitleaks');
        expect(body.counts.new).toBeGreaterThan(0);
      },
    },
  },
  {
    method: 'post',
    route: '/v1/components',
    url: () => '/v1/components',
    body: () => ({
      entityRef: 'component:default/checkout-web',
      expectedScanners: ['secret'],
    }),
    // a person's action: the scaffolder enrolls on behalf of the person who ran the template
    as: user(),
    asks: { name: 'security-posture.component.enroll' },
    denied: refused('not allowed: security-posture.component.enroll'),
    ok: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe('component:default/checkout-web');
        expect(body.state).toBe('awaiting-first-scan');
      },
    },
  },
  {
    method: 'post',
    route: '/v1/gate',
    url: () => '/v1/gate',
    body: () => ({ entityRef: PAYMENTS }),
    as: service,
    asks: { name: 'security-posture.gate.evaluate', resourceRef: PAYMENTS },
    denied: refused(`not allowed to ask the gate about ${PAYMENTS}`),
    ok: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe(PAYMENTS);
        expect(['allow', 'warn', 'deny']).toContain(body.decision);
      },
    },
  },
  {
    method: 'get',
    route: '/v1/templates',
    url: () => '/v1/templates',
    asks: { name: 'security-posture.template.read' },
    denied: refused('not allowed: security-posture.template.read'),
    ok: {
      status: 200,
      check: body =>
        expect(body.items.map((t: any) => t.ref)).toEqual([
          'template:default/node-service',
        ]),
    },
  },
  {
    method: 'get',
    route: '/v1/templates/{namespace}/{name}/components',
    url: () => `${TEMPLATE_PATH}/components`,
    asks: { name: 'security-posture.template.read' },
    denied: refused('not allowed: security-posture.template.read'),
    ok: {
      status: 200,
      check: body =>
        expect(body.items.map((c: any) => c.entityRef).sort()).toEqual([
          'component:default/billing-api',
          'component:default/orders-api',
        ]),
    },
  },
  {
    method: 'get',
    route: '/v1/templates/{namespace}/{name}/upgrades',
    url: () => `${TEMPLATE_PATH}/upgrades`,
    asks: { name: 'security-posture.template.read' },
    denied: refused('not allowed: security-posture.template.read'),
    ok: { status: 200, check: body => expect(body.items).toEqual([]) },
  },
  {
    method: 'post',
    route: '/v1/templates/{namespace}/{name}/upgrades',
    url: () => `${TEMPLATE_PATH}/upgrades`,
    // a dry run: it takes nothing from the per-minute allowance the 429 test below spends
    body: () => ({ entityRefs: ['orders-api'], dryRun: true }),
    as: user('user:default/platform-engineer'),
    asks: { name: 'security-posture.template.upgrade' },
    denied: refused('not allowed: security-posture.template.upgrade'),
    ok: {
      status: 200,
      check: body => {
        expect(body.items).toHaveLength(1);
        expect(body.items[0]).toMatchObject({
          entityRef: 'component:default/orders-api',
          templateRef: 'template:default/node-service',
          fromVersion: '1.0.0',
        });
      },
    },
  },
  {
    method: 'post',
    route: '/v1/templates/{namespace}/{name}/upgrade-runs',
    url: () => `${TEMPLATE_PATH}/upgrade-runs`,
    body: () => ({ entityRefs: ['orders-api', 'billing-api'] }),
    as: user('user:default/platform-engineer'),
    asks: { name: 'security-posture.template.upgrade' },
    denied: refused('not allowed: security-posture.template.upgrade'),
    ok: {
      status: 202,
      check: body =>
        expect(body).toMatchObject({
          templateRef: 'template:default/node-service',
          total: 2,
          state: 'queued',
        }),
    },
  },
  {
    method: 'get',
    route: '/v1/upgrade-runs/{id}',
    url: f => `/v1/upgrade-runs/${f.runId}`,
    asks: { name: 'security-posture.template.read' },
    denied: refused('not allowed: security-posture.template.read'),
    ok: {
      status: 200,
      check: (body, _res, f) => {
        expect(body.run).toMatchObject({ id: f.runId, total: 1 });
        expect(body.items.map((j: any) => j.entityRef)).toEqual([
          'component:default/orders-api',
        ]);
      },
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/posture',
    url: () => `${PAYMENTS_PATH}/posture`,
    asks: read(PAYMENTS),
    denied: readDenied,
    ok: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe(PAYMENTS);
        expect(body.state).toBe('scanned');
      },
    },
  },
  {
    method: 'put',
    route: '/v1/entities/{kind}/{namespace}/{name}/expected-scanners',
    url: () => `${PAYMENTS_PATH}/expected-scanners`,
    body: () => ({
      expectedScanners: ['secret', 'sca'],
      reason: 'no container image',
    }),
    asks: {
      name: 'security-posture.component.scanners.update',
      resourceRef: PAYMENTS,
    },
    denied: refused(
      `not allowed to change what ${PAYMENTS} must be scanned by (security-posture.component.scanners.update)`,
    ),
    ok: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe(PAYMENTS);
        // required now: exactly what was asked for
        expect(
          body.coverage.filter((c: any) => c.required).map((c: any) => c.kind),
        ).toEqual(['sca', 'secret']);
      },
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/findings',
    url: () => `${PAYMENTS_PATH}/findings?limit=5`,
    asks: read(PAYMENTS),
    denied: readDenied,
    ok: {
      status: 200,
      check: body => {
        expect(body.items.length).toBeGreaterThan(0);
        expect(body.totalCount).toBeGreaterThanOrEqual(body.items.length);
      },
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/findings/{findingId}',
    url: f => `${PAYMENTS_PATH}/findings/${f.findingIds[0]}`,
    asks: read(PAYMENTS),
    denied: readDenied,
    ok: {
      status: 200,
      check: (body, _res, f) => {
        expect(String(body.id)).toBe(f.findingIds[0]);
        expect(body.history.map((h: any) => h.event)).toEqual(['opened']);
      },
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/inventory',
    url: () => `${PAYMENTS_PATH}/inventory?q=log4j`,
    asks: read(PAYMENTS),
    denied: readDenied,
    ok: {
      status: 200,
      // Grype's log4j-core 2.13.2, with the open findings of the fixture on it
      check: body =>
        expect(
          body.items.map((p: any) => [p.purl, p.findings.total > 0]),
        ).toEqual([
          ['pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2', true],
        ]),
    },
  },
  {
    method: 'get',
    route: '/v1/scorecards',
    url: () => '/v1/scorecards?groupBy=owner',
    asks: { name: 'security-posture.scorecard.read' },
    denied: refused('not allowed: security-posture.scorecard.read'),
    ok: {
      status: 200,
      check: body =>
        expect(body.items.map((r: any) => r.entityRef)).toContain(
          'group:default/payments',
        ),
    },
  },
  {
    method: 'get',
    route: '/v1/inventory',
    // Log4Shell's range; payments-api's BOM has log4j-core 2.13.2
    url: () =>
      `/v1/inventory?purl=${encodeURIComponent(
        'pkg:maven/org.apache.logging.log4j/log4j-core',
      )}&range=${encodeURIComponent('[2.0-beta9,2.17.1)')}`,
    // no permission of its own: the components the caller may read, in one conditional decision
    asks: { name: 'security-posture.posture.read', conditional: true },
    // the route hides what the caller may not read rather than refusing
    denied: {
      status: 200,
      check: body => expect(body).toEqual({ items: [], nextCursor: null }),
    },
    ok: {
      status: 200,
      check: body =>
        expect(
          body.items.map((i: any) => [i.entityRef, i.versions, i.ownerRef]),
        ).toEqual([[PAYMENTS, ['2.13.2'], 'group:default/payments']]),
    },
  },
  {
    method: 'get',
    route: '/v1/affected',
    // payments-api's grype BOM has log4j-core 2.13.2
    url: () =>
      `/v1/affected?type=maven&name=log4j-core&range=${encodeURIComponent(
        '<2.17.1',
      )}`,
    asks: { name: 'security-posture.scorecard.read' },
    denied: refused(/security-posture\.scorecard\.read/),
    ok: {
      status: 200,
      check: body =>
        expect(
          body.components.map((c: any) => [c.entityRef, c.versions]),
        ).toEqual([[PAYMENTS, ['2.13.2']]]),
    },
  },
  {
    method: 'post',
    route: '/v1/affected/notify',
    url: () => '/v1/affected/notify',
    body: () => ({
      type: 'maven',
      name: 'log4j-core',
      range: '<2.17.1',
      link: '/security-affected',
    }),
    asks: { name: 'security-posture.affected.notify' },
    denied: refused(/security-posture\.affected\.notify/),
    // these rooms have no notifications service: allowed, the binder says so (the zero-day
    // tests in src/affected send them)
    ok: {
      status: 503,
      check: body =>
        expect(body.error.message).toMatch(/^notifications are turned off/),
    },
  },
  {
    method: 'get',
    route: '/v1/history',
    url: () => `/v1/history?entityRef=${PAYMENTS}&days=30`,
    // no permission of its own: the components the caller may read, in one conditional decision
    asks: { name: 'security-posture.posture.read', conditional: true },
    // the route hides what the caller may not read rather than refusing
    denied: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe(PAYMENTS);
        expect(body.points).toEqual([]);
      },
    },
    ok: {
      status: 200,
      check: body => {
        expect(body.entityRef).toBe(PAYMENTS);
        expect(body.points).toHaveLength(1);
      },
    },
  },
  {
    method: 'post',
    route: '/v1/exceptions',
    url: () => '/v1/exceptions',
    body: f => ({
      entityRef: PAYMENTS,
      scope: 'finding',
      findingId: f.findingIds[3],
      justification: 'code_not_reachable',
      reason: 'The vulnerable code path is not reachable.',
      expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
    }),
    as: user(AVERY),
    asks: { name: 'security-posture.exception.request', resourceRef: PAYMENTS },
    denied: refused(`not allowed to request exceptions for ${PAYMENTS}`),
    ok: {
      status: 201,
      check: body =>
        expect(body).toMatchObject({
          entityRef: PAYMENTS,
          state: 'pending',
          requestedBy: AVERY,
        }),
    },
  },
  {
    method: 'get',
    route: '/v1/exceptions',
    variant: 'of one component',
    url: () => `/v1/exceptions?entityRef=${PAYMENTS}`,
    asks: read(PAYMENTS),
    denied: refused(`not allowed to read the exceptions of ${PAYMENTS}`),
    ok: {
      status: 200,
      check: body =>
        expect(body.items.every((e: any) => e.entityRef === PAYMENTS)).toBe(
          true,
        ),
    },
  },
  {
    method: 'get',
    route: '/v1/exceptions',
    variant: 'of every component',
    url: () => '/v1/exceptions',
    as: user(FINLEY),
    asks: { name: 'security-posture.exception.approve' },
    denied: refused(
      /listing the exceptions of every component needs security-posture\.exception\.approve/,
    ),
    ok: {
      status: 200,
      check: body => expect(body.items.length).toBeGreaterThanOrEqual(3),
    },
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/approve',
    url: f => `/v1/exceptions/${f.pending.approve}/approve`,
    body: () => ({ comment: 'mitigated' }),
    as: user(FINLEY),
    asks: { name: 'security-posture.exception.approve' },
    denied: refused(
      'not allowed to approve or reject exceptions (security-posture.exception.approve)',
    ),
    ok: {
      status: 200,
      check: body =>
        expect(body).toMatchObject({ state: 'approved', decidedBy: FINLEY }),
    },
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/reject',
    url: f => `/v1/exceptions/${f.pending.reject}/reject`,
    body: () => ({}),
    as: user(FINLEY),
    asks: { name: 'security-posture.exception.approve' },
    denied: refused(
      'not allowed to approve or reject exceptions (security-posture.exception.approve)',
    ),
    ok: {
      status: 200,
      check: body =>
        expect(body).toMatchObject({ state: 'rejected', decidedBy: FINLEY }),
    },
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/revoke',
    url: f => `/v1/exceptions/${f.pending.revoke}/revoke`,
    body: () => ({}),
    as: user(FINLEY),
    asks: { name: 'security-posture.exception.approve' },
    // someone other than the requester, without the approve permission
    denied: refused(
      'only the requester or a holder of security-posture.exception.approve may revoke an exception',
      user(BLAKE),
    ),
    ok: {
      status: 200,
      check: body =>
        expect(body).toMatchObject({ state: 'revoked', revokedBy: FINLEY }),
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/vex',
    url: () => `${PAYMENTS_PATH}/vex`,
    asks: read(PAYMENTS),
    denied: readDenied,
    ok: {
      status: 200,
      check: (body, res) => {
        expect(res.headers['content-type']).toMatch(
          /^application\/vnd\.cyclonedx\+json/,
        );
        expect(body).toMatchObject({
          bomFormat: 'CycloneDX',
          specVersion: '1.6',
        });
      },
    },
  },
  {
    method: 'get',
    route: '/v1/campaigns',
    url: () => '/v1/campaigns',
    asks: { name: 'security-posture.scorecard.read' },
    denied: refused(/security-posture\.scorecard\.read/),
    ok: {
      status: 200,
      check: (body, _res, f) =>
        expect(body.items.map((c: any) => c.id)).toContain(f.campaignId),
    },
  },
  {
    method: 'post',
    route: '/v1/campaigns',
    url: () => '/v1/campaigns',
    body: () => CAMPAIGN,
    asks: { name: 'security-posture.campaign.manage' },
    denied: refused(/security-posture\.campaign\.manage/),
    ok: {
      status: 201,
      check: body =>
        expect(body).toMatchObject({ title: CAMPAIGN.title, version: 1 }),
    },
  },
  {
    method: 'get',
    route: '/v1/campaigns/{id}',
    url: f => `/v1/campaigns/${f.campaignId}`,
    asks: { name: 'security-posture.scorecard.read' },
    denied: refused(/security-posture\.scorecard\.read/),
    ok: {
      status: 200,
      // both made from node-service 1.0.0 (their catalog annotations), below 1.1.0
      check: body =>
        expect(body.progress).toMatchObject({
          compliant: 0,
          failing: 2,
          components: ['billing-api', 'orders-api'].map(name => ({
            entityRef: `component:default/${name}`,
            compliant: false,
            reason: 'on template:default/node-service 1.0.0, below 1.1.0',
          })),
        }),
    },
  },
  {
    method: 'put',
    route: '/v1/campaigns/{id}',
    url: f => `/v1/campaigns/${f.campaignId}`,
    body: () => ({
      ...CAMPAIGN,
      title: 'node-service 1.1.0, renamed',
      version: 1,
    }),
    asks: { name: 'security-posture.campaign.manage' },
    denied: refused(/security-posture\.campaign\.manage/),
    ok: {
      status: 200,
      check: (body, _res, f) =>
        expect(body).toMatchObject({ id: f.campaignId, version: 2 }),
    },
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/campaigns',
    url: () => '/v1/entities/component/default/orders-api/campaigns',
    asks: read('component:default/orders-api'),
    denied: refused(
      'not allowed to read the security posture of component:default/orders-api',
    ),
    ok: {
      status: 200,
      // made from node-service 1.0.0 (its catalog annotation), below 1.1.0: stored on create
      check: (body, _res, f) =>
        expect(body.items).toContainEqual(
          expect.objectContaining({
            campaign: expect.objectContaining({ id: f.campaignId }),
            status: 'active',
            compliant: false,
            reason: 'on template:default/node-service 1.0.0, below 1.1.0',
          }),
        ),
    },
  },
  {
    method: 'delete',
    route: '/v1/campaigns/{id}',
    url: f => `/v1/campaigns/${f.deletableCampaignId}`,
    asks: { name: 'security-posture.campaign.manage' },
    denied: refused(/security-posture\.campaign\.manage/),
    ok: {
      status: 204,
      check: (_body, res) => expect(res.status).toBe(204),
    },
  },
  {
    method: 'get',
    route: '/v1/audit',
    url: () => `/v1/audit?entityRef=${PAYMENTS}`,
    asks: { name: 'security-posture.audit.read' },
    denied: refused(
      'not allowed to read the audit log (security-posture.audit.read)',
    ),
    ok: {
      status: 200,
      check: body => {
        expect(body.items.length).toBeGreaterThan(0);
        expect(body.items.every((e: any) => e.entityRef === PAYMENTS)).toBe(
          true,
        );
      },
    },
  },
  {
    method: 'get',
    route: '/v1/evidence',
    // today's snapshot of payments-api, written by the upload
    url: () => {
      const today = new Date().toISOString().slice(0, 10);
      return `/v1/evidence?from=${today}&to=${today}&system=payments-system`;
    },
    asks: { name: 'security-posture.evidence.read' },
    denied: refused(
      'not allowed to export compliance evidence (security-posture.evidence.read)',
    ),
    ok: {
      status: 200,
      check: (body, res) => {
        expect(body.scope.system).toBe('system:default/payments-system');
        expect(body.coverage.missingDays).toEqual([]);
        expect(res.headers.digest).toMatch(/^sha-256=[A-Za-z0-9+/]{43}=$/);
      },
    },
  },
];

const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the spec, as `METHOD /path`. */
function specOperations(): string[] {
  return Object.entries(spec.paths as Record<string, Record<string, unknown>>)
    .flatMap(([route, item]) =>
      Object.keys(item)
        .filter(method => HTTP_METHODS.includes(method))
        .map(method => `${method.toUpperCase()} ${route}`),
    )
    .sort();
}

const rowName = (row: Row) =>
  `${row.method.toUpperCase()} ${row.route}${
    row.variant ? ` (${row.variant})` : ''
  }`;

describe('the binder tests', () => {
  it('have a row for every operation of the spec, and none for an operation it lacks', () => {
    const covered = [
      ...new Set(rows.map(r => `${r.method.toUpperCase()} ${r.route}`)),
    ].sort();
    expect(specOperations().length).toBeGreaterThan(0);
    expect(covered).toEqual(specOperations());
  });
});

describe.each(databases.eachSupportedId())('the binders on %p', databaseId => {
  let app: express.Express;
  let fixtures: Fixtures;
  /** The questions the binders asked, since the last reset. */
  let asked: Asked[];
  /** The permissions the stand-in denies (every other one is allowed). */
  let denied: Set<string>;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    const rooms = await postureRooms(knex, {
      entities: [...testOrg, ...templateEntities],
      config: {
        securityPosture: {
          templates: {
            localRoots: [TEMPLATES],
            archives: [ARCHIVES],
            upgrades: { perMinute: 1 },
          },
        },
      },
    });
    asked = [];
    denied = new Set();
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => {
        const resourceRef = (r as { resourceRef?: string }).resourceRef;
        asked.push({
          name: r.permission.name,
          ...(resourceRef === undefined ? {} : { resourceRef }),
        });
        return {
          result: denied.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        };
      }),
    );
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(r => {
        asked.push({ name: r.permission.name, conditional: true });
        return {
          result: denied.has(r.permission.name)
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
        };
      }),
    );
    const router = await createRouter({
      access: new HttpAccess(
        mockServices.httpAuth({ defaultCredentials: mockCredentials.none() }),
        permissions,
      ),
      services: rooms.services,
      config: rooms.config,
      uploads: rooms.uploads,
      audit: rooms.audit,
      templates: rooms.templates,
      exceptions: rooms.exceptions,
    });
    app = express();
    app.use(router);
    app.use(
      MiddlewareFactory.create({
        config: rooms.rootConfig,
        logger: rooms.logger,
      }).error(),
    );

    // test data through the services (the binders under test are not involved)
    await rooms.services.ingest.ingest({
      entityRef: PAYMENTS,
      body: readFixture(LOG4J),
      uploadedBy: 'service:test',
    });
    const page = await rooms.services.findings.listFindings(PAYMENTS, {
      limit: 10,
    });
    const findingIds = page.items.map(f => String(f.id));
    const pending = async (findingId: string) =>
      (
        await rooms.exceptions.service.request(
          {
            entityRef: PAYMENTS,
            scope: 'finding',
            findingId,
            justification: 'protected_by_mitigating_control',
            reason: 'Mitigated by configuration.',
            expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
          },
          AVERY,
        )
      ).id;
    const run = await rooms.templates.upgrades.enqueue(
      'default',
      'node-service',
      { entityRefs: ['orders-api'] },
      FINLEY,
    );
    const campaign = await rooms.services.campaigns!.create(
      {
        ...CAMPAIGN,
        goal: { ...CAMPAIGN.goal },
        scope: { templates: [...CAMPAIGN.scope.templates] },
      },
      FINLEY,
    );
    const deletable = await rooms.services.campaigns!.create(
      {
        ...CAMPAIGN,
        title: 'To be deleted',
        goal: { ...CAMPAIGN.goal },
        scope: { templates: [...CAMPAIGN.scope.templates] },
      },
      FINLEY,
    );
    fixtures = {
      campaignId: campaign.id,
      deletableCampaignId: deletable.id,
      runId: run.id,
      findingIds,
      pending: {
        approve: await pending(findingIds[0]),
        reject: await pending(findingIds[1]),
        revoke: await pending(findingIds[2]),
      },
    };
  });

  /** The row's request, with the given credentials (none when undefined). */
  function call(row: Row, auth: string | undefined) {
    let req = request(app)[row.method](row.url(fixtures));
    if (auth) req = req.set('Authorization', auth);
    if (row.body) {
      const body = row.body(fixtures);
      if (row.report) req = req.set('Content-Type', 'application/json');
      req = req.send(body);
    }
    return req;
  }

  describe.each(rows.map(row => [rowName(row), row] as const))(
    '%s',
    (_name, row) => {
      beforeEach(() => {
        asked.length = 0;
        denied.clear();
      });

      it('answers 401 without credentials, asking no permission', async () => {
        const res = await call(row, undefined);
        expect(res.status).toBe(401);
        expect(asked).toEqual([]);
      });

      it('answers what the spec says when the permission is denied, naming what was refused', async () => {
        denied.add(row.asks.name);
        const res = await call(row, row.denied.as ?? row.as ?? user());
        expect(res.status).toBe(row.denied.status);
        expect(Object.keys(operationOf(row).responses)).toContain(
          String(row.denied.status),
        );
        row.denied.check(res.body);
      });

      it('asks the permission framework about the permission and resource, and, allowed, answers the spec shape', async () => {
        const res = await call(row, row.as ?? user());
        expect(asked[0]).toEqual(row.asks);
        expect(res.status).toBe(row.ok.status);
        expect(Object.keys(operationOf(row).responses)).toContain(
          String(row.ok.status),
        );
        row.ok.check(res.body, res, fixtures);
      });
    },
  );

  it('answers 429 with Retry-After when template upgrades go past the per-minute limit', async () => {
    denied.clear();
    const res = await request(app)
      .post(`${TEMPLATE_PATH}/upgrades`)
      .set('Authorization', user('user:default/platform-engineer'))
      .send({ entityRefs: ['orders-api', 'billing-api'] });
    expect(res.status).toBe(429);
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(res.body.error.message).toContain(
      'at most 1 upgrades start per minute (securityPosture.templates.upgrades.perMinute)',
    );
    expect(
      Object.keys(
        operationOf(
          rows.find(r => r.method === 'post' && r.route.endsWith('/upgrades'))!,
        ).responses,
      ),
    ).toContain('429');
  });
});

/** The spec's operation of a row. */
function operationOf(row: Row): { responses: Record<string, unknown> } {
  return (spec.paths as Record<string, any>)[row.route][row.method];
}
