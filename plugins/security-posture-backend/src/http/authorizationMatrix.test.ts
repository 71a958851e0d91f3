import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { readFixture } from '../parsers/testFixtures';
import { spec } from '../schema/openapi.generated';
import { API, startPostureBackend, TestServer } from '../__testUtils__/backend';
import {
  githubClaims,
  identityTokenAccess,
  IdentityTokenIssuer,
  startIdentityTokenIssuer,
} from '../__testUtils__/identityTokens';
import { testOrg } from '../__testUtils__/org';
import {
  madeFromNodeService,
  nodeServiceTemplate,
  TEMPLATES,
} from '../__testUtils__/templateEntities';

jest.setTimeout(180_000);

/*
 * Who may call what: every operation of the OpenAPI spec (and the health probe) against eight
 * kinds of caller, through a backend whose service credentials are verified by Backstage's real
 * auth (static tokens and CI identity tokens of `backend.auth.externalAccess`), under a permission
 * policy like the demo's with posture visible to owners only. The observed table must equal the
 * expected one (no unexpected allow, no unexpected refusal), and is the table in docs/security.md.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const DOC = path.resolve(__dirname, '../../../../docs/security.md');
const ARCHIVES = path.resolve(
  __dirname,
  '../../../../examples/template-versions',
);
const PAYMENTS = 'component:default/payments-api'; // github.com/project-slug: acme/payments-api
const PAYMENTS_PATH = '/v1/entities/component/default/payments-api';
const TEMPLATE_PATH = '/v1/templates/default/node-service';
const SEMGREP = 'sarif/defectdojo_semgrep-1.69.0_issue_10191.sarif.json';
const GITLEAKS = 'gitleaks/gitleaks_json_simple.json';
const SPDX = 'spdx/npm-cli-11.19.1_sbom-demo-service.spdx.json';

const OWNER = 'user:default/olive.owner'; // member of payments, which owns payments-api
const OTHER = 'user:default/ivan.identity'; // member of identity
const ADMIN = 'user:default/ada.admin';
const MEMBERSHIP: Record<string, string[]> = {
  [OWNER]: ['group:default/payments'],
  [OTHER]: ['group:default/identity'],
  [ADMIN]: ['group:default/platform'],
};
const STATIC_TOKEN = 'ci-payments-0123456789abcdef0123456789abcdef';

const CALLERS = [
  'none',
  'owner',
  'otherTeam',
  'admin',
  'ciOwnRepo',
  'ciOtherRepo',
  'staticToken',
  'pluginForUser',
] as const;
type Caller = (typeof CALLERS)[number];

/** What each kind of caller is, for the table's legend. */
const CALLER_LEGEND: Record<Caller, string> = {
  none: 'no credentials',
  owner: "a person of the component's owning team",
  otherTeam: 'a person of another team',
  admin: 'an admin',
  ciOwnRepo:
    "the CI identity token of the component's repository (GitHub Actions, main)",
  ciOtherRepo: 'the CI identity token of another repository',
  staticToken: "a static token scoped to the component's team",
  pluginForUser: 'another plugin on behalf of a person of another team',
};

/** A cell: refused without credentials, refused, allowed, or allowed with others' data hidden. */
type Outcome = '401' | '403' | 'allowed' | 'filtered';

interface Ctx {
  server: TestServer;
  /** Findings of payments-api no exception was requested for yet. */
  nextFinding(): string;
  /** A pending exception of payments-api, requested by its owner. */
  pendingException(): Promise<string>;
  /** A run of upgrades of orders-api (a component of payments), started by an admin. */
  upgradeRun(): Promise<string>;
  /** A new campaign over the payments system (at version 1), created by an admin. */
  campaign(): Promise<string>;
}

interface Call {
  url: string;
  body?: object | string;
  /** A scanner report: sent as text with Content-Type application/json. */
  report?: boolean;
}

interface MatrixRow {
  method: 'get' | 'post' | 'put' | 'delete';
  route: string;
  variant?: string;
  /** Outside the OpenAPI spec (the health probe). */
  unversioned?: true;
  call(ctx: Ctx): Call | Promise<Call>;
  allowed: readonly Caller[];
  /** Callers answered 2xx with what they may not read left out. */
  filtered?: readonly Caller[];
  /** For a filtered cell: that nothing of payments-api (or its team's components) shows. */
  hidden?(body: any): boolean;
}

const PEOPLE = ['owner', 'otherTeam', 'admin', 'pluginForUser'] as const;
const READERS_OF_PAYMENTS = ['owner', 'admin'] as const;
const notAboutPayments = (body: unknown) =>
  !/payments-api|orders-api/.test(JSON.stringify(body));

/** No known-exploited vulnerability in the payments system, within 30 days. */
const CAMPAIGN = {
  title: 'No KEV in payments',
  goal: { type: 'policy', expression: 'posture.knownExploited == 0' },
  scope: { systems: ['payments-system'] },
  deadline: new Date(Date.now() + 30 * 86_400_000).toISOString(),
};

const rows: MatrixRow[] = [
  {
    method: 'post',
    route: '/v1/reports',
    call: () => ({
      url: `/v1/reports?entityRef=${PAYMENTS}`,
      body: readFixture(GITLEAKS).toString(),
      report: true,
    }),
    // people need the upload permission (admins, in the policy); CI only within its binding
    allowed: ['admin', 'ciOwnRepo', 'staticToken'],
  },
  {
    method: 'post',
    route: '/v1/components',
    call: () => ({
      url: '/v1/components',
      body: { entityRef: PAYMENTS, expectedScanners: ['secret'] },
    }),
    // enrollment only ever adds scanners: every signed-in person, never a service
    allowed: PEOPLE,
  },
  {
    method: 'post',
    route: '/v1/gate',
    call: () => ({ url: '/v1/gate', body: { entityRef: PAYMENTS } }),
    allowed: [...READERS_OF_PAYMENTS, 'ciOwnRepo', 'staticToken'],
  },
  {
    method: 'get',
    route: '/v1/templates',
    call: () => ({ url: '/v1/templates' }),
    allowed: PEOPLE,
  },
  {
    method: 'get',
    route: '/v1/templates/{namespace}/{name}/components',
    call: () => ({ url: `${TEMPLATE_PATH}/components` }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: notAboutPayments,
  },
  {
    method: 'get',
    route: '/v1/templates/{namespace}/{name}/upgrades',
    call: () => ({ url: `${TEMPLATE_PATH}/upgrades` }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: notAboutPayments,
  },
  {
    method: 'post',
    route: '/v1/templates/{namespace}/{name}/upgrades',
    call: () => ({
      url: `${TEMPLATE_PATH}/upgrades`,
      body: { entityRefs: ['orders-api'], dryRun: true },
    }),
    allowed: ['admin'],
  },
  {
    method: 'post',
    route: '/v1/templates/{namespace}/{name}/upgrade-runs',
    call: () => ({
      url: `${TEMPLATE_PATH}/upgrade-runs`,
      body: { entityRefs: ['orders-api'] },
    }),
    allowed: ['admin'],
  },
  {
    method: 'get',
    route: '/v1/upgrade-runs/{id}',
    call: async ctx => ({ url: `/v1/upgrade-runs/${await ctx.upgradeRun()}` }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body => body.items.length === 0,
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/posture',
    call: () => ({ url: `${PAYMENTS_PATH}/posture` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'put',
    route: '/v1/entities/{kind}/{namespace}/{name}/expected-scanners',
    call: () => ({
      url: `${PAYMENTS_PATH}/expected-scanners`,
      body: { expectedScanners: ['secret', 'sca'], reason: 'the matrix' },
    }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/findings',
    call: () => ({ url: `${PAYMENTS_PATH}/findings?limit=5` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/findings/{findingId}',
    call: ctx => ({ url: `${PAYMENTS_PATH}/findings/${ctx.nextFinding()}` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/inventory',
    call: () => ({ url: `${PAYMENTS_PATH}/inventory?limit=5` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/scorecards',
    call: () => ({ url: '/v1/scorecards?groupBy=owner' }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body =>
      body.items.every((r: any) => notAboutPayments(r.componentRefs)),
  },
  {
    method: 'get',
    route: '/v1/history',
    call: () => ({ url: `/v1/history?entityRef=${PAYMENTS}&days=30` }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body => body.points.length === 0,
  },
  {
    method: 'get',
    route: '/v1/inventory',
    // payments-api's SBOM (seeded below) lists lodash
    call: () => ({ url: '/v1/inventory?type=npm&name=lodash' }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body => body.items.length === 0,
  },
  {
    method: 'get',
    route: '/v1/affected',
    // payments-api's SBOM (seeded below) lists lodash
    call: () => ({ url: '/v1/affected?type=npm&name=lodash' }),
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body => body.components.length === 0,
  },
  {
    method: 'post',
    route: '/v1/affected/notify',
    call: () => ({
      url: '/v1/affected/notify',
      body: { type: 'npm', name: 'lodash' },
    }),
    // it reaches every owning team: admins (and security leads, in the demo's policy)
    allowed: ['admin'],
  },
  {
    method: 'post',
    route: '/v1/exceptions',
    call: ctx => ({
      url: '/v1/exceptions',
      body: {
        entityRef: PAYMENTS,
        scope: 'finding',
        findingId: ctx.nextFinding(),
        justification: 'code_not_reachable',
        reason: 'Not reachable.',
        expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
      },
    }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/exceptions',
    variant: 'of one component',
    call: () => ({ url: `/v1/exceptions?entityRef=${PAYMENTS}` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/exceptions',
    variant: 'of every component',
    call: () => ({ url: '/v1/exceptions' }),
    allowed: ['admin'],
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/approve',
    call: async ctx => ({
      url: `/v1/exceptions/${await ctx.pendingException()}/approve`,
      body: { comment: 'mitigated' },
    }),
    allowed: ['admin'],
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/reject',
    call: async ctx => ({
      url: `/v1/exceptions/${await ctx.pendingException()}/reject`,
      body: {},
    }),
    allowed: ['admin'],
  },
  {
    method: 'post',
    route: '/v1/exceptions/{id}/revoke',
    call: async ctx => ({
      url: `/v1/exceptions/${await ctx.pendingException()}/revoke`,
      body: {},
    }),
    // the requester (its owner here) or an approver
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/vex',
    call: () => ({ url: `${PAYMENTS_PATH}/vex` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/campaigns',
    call: () => ({ url: '/v1/campaigns' }),
    // the scorecard's permission: every person (a campaign names no component)
    allowed: PEOPLE,
  },
  {
    method: 'post',
    route: '/v1/campaigns',
    call: () => ({ url: '/v1/campaigns', body: CAMPAIGN }),
    allowed: ['admin'],
  },
  {
    method: 'get',
    route: '/v1/campaigns/{id}',
    call: async ctx => ({ url: `/v1/campaigns/${await ctx.campaign()}` }),
    // its progress lists only the components the caller may read
    allowed: READERS_OF_PAYMENTS,
    filtered: ['otherTeam', 'pluginForUser'],
    hidden: body => notAboutPayments(body.progress.components),
  },
  {
    method: 'put',
    route: '/v1/campaigns/{id}',
    call: async ctx => ({
      url: `/v1/campaigns/${await ctx.campaign()}`,
      body: { ...CAMPAIGN, title: 'No KEV in payments, renamed', version: 1 },
    }),
    allowed: ['admin'],
  },
  {
    method: 'delete',
    route: '/v1/campaigns/{id}',
    call: async ctx => ({ url: `/v1/campaigns/${await ctx.campaign()}` }),
    allowed: ['admin'],
  },
  {
    method: 'get',
    route: '/v1/entities/{kind}/{namespace}/{name}/campaigns',
    call: () => ({ url: `${PAYMENTS_PATH}/campaigns` }),
    allowed: READERS_OF_PAYMENTS,
  },
  {
    method: 'get',
    route: '/v1/audit',
    call: () => ({ url: `/v1/audit?entityRef=${PAYMENTS}` }),
    allowed: ['admin'],
  },
  {
    method: 'get',
    route: '/v1/evidence',
    call: () => {
      const today = new Date().toISOString().slice(0, 10);
      return { url: `/v1/evidence?from=${today}&to=${today}` };
    },
    allowed: ['admin'],
  },
  {
    method: 'get',
    route: '/health',
    unversioned: true,
    call: () => ({ url: '/health' }),
    // a readiness probe: no credentials, nothing but the database's reachability
    allowed: CALLERS,
  },
];

const rowName = (row: MatrixRow) =>
  `${row.method.toUpperCase()} ${row.route}${
    row.variant ? ` (${row.variant})` : ''
  }`;

function expected(row: MatrixRow, caller: Caller): Outcome {
  if (row.allowed.includes(caller)) return 'allowed';
  if (row.filtered?.includes(caller)) return 'filtered';
  return caller === 'none' ? '401' : '403';
}

const SYMBOL: Record<Outcome, string> = {
  '401': '401',
  '403': '403',
  allowed: 'yes',
  filtered: 'own only',
};

/** The matrix as the Markdown table docs/security.md holds. */
function table(outcomes: Map<string, Outcome>): string {
  const head = `| endpoint | ${CALLERS.join(' | ')} |`;
  const rule = `| --- | ${CALLERS.map(() => '---').join(' | ')} |`;
  const lines = rows.map(
    row =>
      `| \`${rowName(row)}\` | ${CALLERS.map(
        c => SYMBOL[outcomes.get(`${rowName(row)}|${c}`)!],
      ).join(' | ')} |`,
  );
  const legend = CALLERS.map(c => `- \`${c}\`: ${CALLER_LEGEND[c]}`);
  return [head, rule, ...lines, '', ...legend].join('\n');
}

/** A Markdown table's text without its alignment (prettier pads the docs' copy). */
function normalized(markdown: string): string {
  return markdown
    .trim()
    .split('\n')
    .map(line =>
      line.startsWith('|')
        ? line
            .split('|')
            .map(cell => cell.trim().replace(/^:?-+:?$/, '---'))
            .join('|')
        : line.trim(),
    )
    .join('\n');
}

/** A permission policy like the demo's, with posture visible to owners only. */
function ownersOnlyPolicy(entities: Entity[]) {
  const ownerOf = new Map(
    entities.map(e => [
      `${e.kind}:${e.metadata.namespace ?? 'default'}/${
        e.metadata.name
      }`.toLocaleLowerCase('en-US'),
      e.relations?.find(r => r.type === 'ownedBy')?.targetRef,
    ]),
  );
  const ADMIN_ONLY = new Set([
    'security-posture.report.upload',
    'security-posture.template.upgrade',
    'security-posture.exception.approve',
    'security-posture.audit.read',
    'security-posture.affected.notify',
    'security-posture.campaign.manage',
    'security-posture.evidence.read',
  ]);
  const EVERY_PERSON = new Set([
    'security-posture.component.enroll',
    'security-posture.scorecard.read',
    'security-posture.template.read',
  ]);
  const decide = (
    name: string,
    user: string | undefined,
    resourceRef: string | undefined,
  ): AuthorizeResult.ALLOW | AuthorizeResult.DENY => {
    // Backstage allows every permission to a service principal: the plugin must bind them itself
    if (!user) return AuthorizeResult.ALLOW;
    if (user === ADMIN) return AuthorizeResult.ALLOW;
    if (ADMIN_ONLY.has(name)) return AuthorizeResult.DENY;
    if (EVERY_PERSON.has(name)) return AuthorizeResult.ALLOW;
    // resource permissions: the owners of the entity
    const owner = resourceRef && ownerOf.get(resourceRef.toLocaleLowerCase());
    return owner && MEMBERSHIP[user]?.includes(owner)
      ? AuthorizeResult.ALLOW
      : AuthorizeResult.DENY;
  };
  const userOf = (credentials: any): string | undefined =>
    credentials?.principal?.type === 'user'
      ? credentials.principal.userEntityRef
      : undefined;
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => ({
        result: decide(
          r.permission.name,
          userOf(options?.credentials),
          isResourcePermission(r.permission)
            ? (r as { resourceRef?: string }).resourceRef
            : undefined,
        ),
      })),
    authorizeConditional: async (requests, options) =>
      requests.map(() => {
        const user = userOf(options?.credentials);
        if (!user || user === ADMIN) return { result: AuthorizeResult.ALLOW };
        // the binder then asks per resource
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims: [user, ...(MEMBERSHIP[user] ?? [])] },
          },
        } as any;
      }),
  });
}

describe('the authorization matrix', () => {
  it('has a row for every operation of the spec, and none for an operation it lacks', () => {
    const operations = Object.entries(
      spec.paths as Record<string, Record<string, unknown>>,
    )
      .flatMap(([route, item]) =>
        Object.keys(item)
          .filter(m => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map(m => `${m.toUpperCase()} ${route}`),
      )
      .sort();
    const covered = [
      ...new Set(
        rows
          .filter(r => !r.unversioned)
          .map(r => `${r.method.toUpperCase()} ${r.route}`),
      ),
    ].sort();
    expect(operations.length).toBeGreaterThan(0);
    expect(covered).toEqual(operations);
  });
});

describe.each(databases.eachSupportedId())(
  'the authorization matrix on %p',
  databaseId => {
    let issuer: IdentityTokenIssuer;
    let server: TestServer;
    const headers = new Map<Caller, string | undefined>();

    beforeAll(async () => {
      issuer = await startIdentityTokenIssuer();
      const entities = [
        ...testOrg,
        nodeServiceTemplate(),
        madeFromNodeService('orders-api', '1.0.0'),
      ];
      ({ server } = await startPostureBackend({
        database: { databases, id: databaseId },
        entities,
        realAuth: true,
        mockUserTokens: true,
        permissions: ownersOnlyPolicy(entities),
        config: {
          backend: {
            auth: {
              externalAccess: [
                ...identityTokenAccess(issuer.jwksUrl),
                {
                  type: 'static',
                  options: { token: STATIC_TOKEN, subject: 'ci-payments' },
                  accessRestrictions: [{ plugin: 'security-posture' }],
                },
              ],
            },
          },
          securityPosture: {
            uploads: {
              tokens: [
                { subject: 'ci-payments', groups: ['group:default/payments'] },
              ],
            },
            templates: { localRoots: [TEMPLATES], archives: [ARCHIVES] },
            notifications: { enabled: true },
          },
        },
      }));
      const bearer = (token: string) => `Bearer ${token}`;
      headers.set('none', undefined);
      headers.set('owner', mockCredentials.user.header(OWNER));
      headers.set('otherTeam', mockCredentials.user.header(OTHER));
      headers.set('admin', mockCredentials.user.header(ADMIN));
      headers.set(
        'ciOwnRepo',
        bearer(
          await issuer.mint(
            githubClaims('acme/payments-api', 'ref:refs/heads/main'),
          ),
        ),
      );
      headers.set(
        'ciOtherRepo',
        bearer(
          await issuer.mint(
            githubClaims('acme/checkout-web', 'ref:refs/heads/main'),
          ),
        ),
      );
      headers.set('staticToken', bearer(STATIC_TOKEN));
      headers.set(
        'pluginForUser',
        mockCredentials.service.header({
          onBehalfOf: mockCredentials.user(OTHER),
          targetPluginId: 'security-posture',
        }),
      );
    });

    afterAll(async () => {
      await issuer.close();
    });

    function send(method: MatrixRow['method'], call: Call, auth?: string) {
      let req = request(server)[method](`${API}${call.url}`);
      if (auth) req = req.set('Authorization', auth);
      if (call.body !== undefined) {
        if (call.report) req = req.set('Content-Type', 'application/json');
        req = req.send(call.body);
      }
      return req;
    }

    it('answers every endpoint for every kind of caller as the model says, and docs/security.md shows it', async () => {
      // test data: findings of payments-api, uploaded by its team's CI credential
      const seeded = await send(
        'post',
        {
          url: `/v1/reports?entityRef=${PAYMENTS}`,
          body: readFixture(SEMGREP).toString(),
          report: true,
        },
        headers.get('staticToken'),
      );
      expect(seeded.status).toBe(201);
      // and its dependency inventory (an SPDX SBOM)
      const sbom = await send(
        'post',
        {
          url: `/v1/reports?entityRef=${PAYMENTS}`,
          body: readFixture(SPDX).toString(),
          report: true,
        },
        headers.get('staticToken'),
      );
      expect(sbom.status).toBe(201);
      const page = await send(
        'get',
        { url: `${PAYMENTS_PATH}/findings?limit=100` },
        headers.get('admin'),
      );
      const findings: string[] = page.body.items.map((f: any) => String(f.id));
      expect(findings.length).toBeGreaterThanOrEqual(60);
      const ctx: Ctx = {
        server,
        upgradeRun: async () => {
          const res = await send(
            'post',
            {
              url: `${TEMPLATE_PATH}/upgrade-runs`,
              body: { entityRefs: ['orders-api'] },
            },
            headers.get('admin'),
          );
          expect(res.status).toBe(202);
          return res.body.id;
        },
        campaign: async () => {
          const res = await send(
            'post',
            { url: '/v1/campaigns', body: CAMPAIGN },
            headers.get('admin'),
          );
          expect(res.status).toBe(201);
          return res.body.id;
        },
        nextFinding: () => {
          const id = findings.shift();
          if (!id) throw new Error('the matrix ran out of findings');
          return id;
        },
        pendingException: async () => {
          const res = await send(
            'post',
            {
              url: '/v1/exceptions',
              body: {
                entityRef: PAYMENTS,
                scope: 'finding',
                findingId: ctx.nextFinding(),
                justification: 'protected_by_mitigating_control',
                reason: 'Mitigated by configuration.',
                expiresAt: new Date(Date.now() + 10 * 86_400_000).toISOString(),
              },
            },
            headers.get('owner'),
          );
          expect(res.status).toBe(201);
          return res.body.id;
        },
      };

      const observed = new Map<string, Outcome>();
      const unexpected: string[] = [];
      for (const row of rows) {
        for (const caller of CALLERS) {
          const res = await send(
            row.method,
            await row.call(ctx),
            headers.get(caller),
          );
          const want = expected(row, caller);
          let got: Outcome | string;
          if (res.status === 401 || res.status === 403) {
            got = String(res.status) as Outcome;
          } else if (res.status >= 200 && res.status < 300) {
            got =
              row.filtered?.includes(caller) && row.hidden?.(res.body)
                ? 'filtered'
                : 'allowed';
          } else {
            got = `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
          }
          observed.set(`${rowName(row)}|${caller}`, got as Outcome);
          if (got !== want) {
            unexpected.push(
              `${rowName(row)} as ${caller}: ${got}, not ${want}`,
            );
          }
        }
      }
      const allows = [...observed.values()].filter(
        o => o === 'allowed' || o === 'filtered',
      ).length;
      expect(allows).toBeGreaterThan(0);
      expect(unexpected).toEqual([]);

      const generated = table(observed);
      const doc = fs.readFileSync(DOC, 'utf8');
      const start = '<!-- authorization-matrix:start -->';
      const end = '<!-- authorization-matrix:end -->';
      const from = doc.indexOf(start) + start.length;
      const current = doc.slice(from, doc.indexOf(end));
      // regenerating the docs' copy is a deliberate step, never the test's default
      const update = process.env.GOLDEN_PATH_UPDATE_DOCS === '1';
      if (update) {
        fs.writeFileSync(
          DOC,
          `${doc.slice(0, from)}\n${generated}\n${doc.slice(doc.indexOf(end))}`,
          'utf8',
        );
      }
      expect(doc).toContain(start);
      const documented = update ? generated : current;
      expect(normalized(documented)).toBe(normalized(generated));
    });
  },
);
