import { TestDatabases } from '@backstage/backend-test-utils';
import { JWTPayload } from 'jose';
import request from 'supertest';
import { API, startPostureBackend, TestServer } from '../__testUtils__/backend';
import {
  githubClaims,
  gitlabClaims,
  identityTokenAccess,
  IdentityTokenIssuer,
  startIdentityTokenIssuer,
} from '../__testUtils__/identityTokens';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api'; // github.com/project-slug: acme/payments-api
const AUTH = 'component:default/auth-service'; // gitlab.com/project-slug: acme/identity/auth-service
const REPORT = readFixture('gitleaks', 'gitleaks_json_simple.json').toString();

/**
 * Trusted uploads through Backstage's own `jwks` external access, with tokens shaped exactly like
 * GitHub Actions' and GitLab CI's, signed by a JWKS endpoint the test serves on 127.0.0.1.
 */
describe.each(databases.eachSupportedId())(
  'CI identity tokens on %p',
  databaseId => {
    let issuer: IdentityTokenIssuer;
    let server: TestServer;
    let knex: Awaited<ReturnType<typeof databases.init>>;

    beforeAll(async () => {
      issuer = await startIdentityTokenIssuer();
      const started = await startPostureBackend({
        database: { databases, id: databaseId },
        realAuth: true,
        config: {
          backend: {
            auth: { externalAccess: identityTokenAccess(issuer.jwksUrl) },
          },
          securityPosture: { notifications: { enabled: false } },
        },
      });
      server = started.server;
      knex = started.knex;
    });

    afterAll(async () => {
      await issuer.close();
    });

    const upload = (token: string, entityRef: string, branch?: string) =>
      request(server)
        .post(
          `${API}/v1/reports?entityRef=${entityRef}${
            branch ? `&branch=${encodeURIComponent(branch)}` : ''
          }`,
        )
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'application/json')
        .send(REPORT);
    const gate = (token: string, entityRef: string) =>
      request(server)
        .post(`${API}/v1/gate`)
        .set('Authorization', `Bearer ${token}`)
        .send({ entityRef });
    const github = (context: string, repo = 'acme/payments-api') =>
      issuer.mint(githubClaims(repo, context));

    it("accepts a repository's own job for its component and default branch, and records who uploaded", async () => {
      const res = await upload(await github('ref:refs/heads/main'), PAYMENTS);
      expect(res.status).toBe(201);
      expect(res.body.branch).toBe('main');
      const event = await knex('audit_events')
        .where({ type: 'report.uploaded', entity_ref: PAYMENTS })
        .first();
      expect(event.actor).toBe(
        'service:external:github-actions:repo:acme/payments-api:ref:refs/heads/main',
      );
      expect(JSON.parse(event.details)).toMatchObject({
        branch: 'main',
        tools: ['gitleaks'],
        counts: { new: res.body.counts.new },
      });
      expect(JSON.parse(event.details).reportSha256).toMatch(/^[0-9a-f]{64}$/);
      const gitlab = await upload(
        await issuer.mint(gitlabClaims('acme/identity/auth-service', 'main')),
        AUTH,
        'main',
      );
      expect(gitlab.status).toBe(201);
      expect((await gate(await github('pull_request'), PAYMENTS)).status).toBe(
        200,
      );
    });

    it('refuses (403) another repository, for uploads and the gate', async () => {
      const other = await github('ref:refs/heads/main', 'acme/checkout-web');
      const res = await upload(other, PAYMENTS);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toContain(
        'the identity token of github repository acme/checkout-web may not report for component:default/payments-api',
      );
      expect((await gate(other, PAYMENTS)).status).toBe(403);
      // the GitLab project of the same path is another repository
      const gitlab = await issuer.mint(
        gitlabClaims('acme/payments-api', 'main'),
      );
      expect((await upload(gitlab, PAYMENTS)).status).toBe(403);
    });

    it("keeps a pull request's token off the default branch's posture", async () => {
      const before = await knex('posture_scans')
        .where({ entity_ref: PAYMENTS, branch: 'main' })
        .count({ n: '*' });
      const pr = await github('pull_request');
      const onMain = await upload(pr, PAYMENTS);
      expect(onMain.status).toBe(403);
      expect(onMain.body.error.message).toContain(
        'is not one of the default branch main',
      );
      const feature = await github('ref:refs/heads/feature/x');
      expect((await upload(feature, PAYMENTS, 'main')).status).toBe(403);
      // its own branch is fine, and kept apart from main
      expect((await upload(pr, PAYMENTS, 'pr-7')).status).toBe(201);
      expect((await upload(feature, PAYMENTS, 'feature/x')).status).toBe(201);
      const after = await knex('posture_scans')
        .where({ entity_ref: PAYMENTS, branch: 'main' })
        .count({ n: '*' });
      expect(Number(after[0].n)).toBe(Number(before[0].n));
    });

    it.each([
      [
        'expired',
        () =>
          issuer.mint(
            githubClaims('acme/payments-api', 'ref:refs/heads/main'),
            {
              expiresIn: -60,
            },
          ),
      ],
      [
        'of another audience',
        () =>
          issuer.mint({
            ...githubClaims('acme/payments-api', 'ref:refs/heads/main'),
            aud: 'sts.amazonaws.com',
          }),
      ],
      [
        'of another issuer',
        () =>
          issuer.mint({
            ...githubClaims('acme/payments-api', 'ref:refs/heads/main'),
            iss: 'https://token.actions.example.com',
          }),
      ],
      [
        'signed by another key',
        () =>
          issuer.forge(
            githubClaims('acme/payments-api', 'ref:refs/heads/main'),
          ),
      ],
      [
        'unsigned (alg: none)',
        async () => {
          const encode = (part: object) =>
            Buffer.from(JSON.stringify(part)).toString('base64url');
          const claims: JWTPayload = {
            ...githubClaims('acme/payments-api', 'ref:refs/heads/main'),
            exp: Math.floor(Date.now() / 1000) + 300,
          };
          return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
        },
      ],
      [
        'tampered (another repository in a signed token)',
        async () => {
          const token = await issuer.mint(
            githubClaims('acme/checkout-web', 'ref:refs/heads/main'),
          );
          const [header, payload, signature] = token.split('.');
          const claims = JSON.parse(
            Buffer.from(payload, 'base64url').toString(),
          );
          claims.sub = 'repo:acme/payments-api:ref:refs/heads/main';
          const forged = Buffer.from(JSON.stringify(claims)).toString(
            'base64url',
          );
          return `${header}.${forged}.${signature}`;
        },
      ],
    ])('refuses (401) a token %s, and writes nothing', async (_, token) => {
      const [{ n: before }] = await knex('posture_scans').count({ n: '*' });
      const res = await upload(await token(), PAYMENTS);
      expect(res.status).toBe(401);
      const [{ n: after }] = await knex('posture_scans').count({ n: '*' });
      expect(Number(after)).toBe(Number(before));
    });

    it('lets a CI token do nothing but upload and ask the gate', async () => {
      const token = await github('ref:refs/heads/main');
      const reads = [
        request(server).get(
          `${API}/v1/entities/component/default/payments-api/posture`,
        ),
        request(server).get(`${API}/v1/audit`),
        request(server).get(`${API}/v1/exceptions`),
        request(server).get(`${API}/v1/scorecards?groupBy=owner`),
      ];
      for (const req of reads) {
        expect((await req.set('Authorization', `Bearer ${token}`)).status).toBe(
          403,
        );
      }
      const upgrade = await request(server)
        .post(`${API}/v1/templates/default/node-service/upgrades`)
        .set('Authorization', `Bearer ${token}`)
        .send({ allBehind: true, dryRun: true });
      expect(upgrade.status).toBe(403);
      const enroll = await request(server)
        .post(`${API}/v1/components`)
        .set('Authorization', `Bearer ${token}`)
        .send({ entityRef: PAYMENTS, expectedScanners: [] });
      expect(enroll.status).toBe(403);
    });
  },
);
