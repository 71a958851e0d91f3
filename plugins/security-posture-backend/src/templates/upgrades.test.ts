import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  generatedService,
  githubStandIn,
  gitlabStandIn,
  nodeServiceVersions,
} from '@golden-path/template-upgrade/testUtils';
import {
  GithubRepository,
  GitlabRepository,
  LocalRepositories,
} from '@golden-path/template-upgrade';
import path from 'node:path';
import request from 'supertest';
import yaml from 'yaml';
import { denyAll, startPostureBackend } from '../__testUtils__/backend';
import { DatabaseRateLimitCounter } from '../database/DatabaseRateLimitCounter';
import { DatabaseRunLocks } from '../database/DatabaseRunLocks';
import { RateLimiter } from '../lib/RateLimiter';
import {
  madeFromNodeService,
  NODE_SERVICE_LATEST,
  nodeServiceRepositories,
  nodeServiceTemplate,
} from '../__testUtils__/templateEntities';
import { TemplateUpgrades } from './TemplateUpgrades';
import { TemplateVersionStore } from './TemplateVersionStore';
import { UpgradeRecordStore } from './UpgradeRecordStore';
import { UpgradeTargets } from './UpgradeTargets';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '../../../..');
const TEMPLATES = path.join(REPO, 'templates');
const ARCHIVES = path.join(REPO, 'examples', 'template-versions');
const BASE_URL = 'http://localhost:7007/golden-path-git';
const BRANCH = 'golden-path/upgrade-node-service';

/**
 * A component made from node-service, as the catalog read it from `source`: a local
 * repository's name or the full URL of its catalog-info.yaml.
 */
function component(name: string, version: string, source?: string): Entity {
  return madeFromNodeService(name, version, {
    location:
      source &&
      (source.includes('://')
        ? source
        : `${BASE_URL}/${source}/blob/main/catalog-info.yaml`),
  });
}

const template = nodeServiceTemplate();

const repositories = nodeServiceRepositories;

async function start(options: {
  root: string;
  deny?: boolean;
  entities?: Entity[];
}) {
  const { server } = await startPostureBackend({
    entities: [
      template,
      component('orders-api', '1.0.0', 'orders-api'),
      component('legacy-api', '1.0.0', 'legacy-api'),
      component('current-api', NODE_SERVICE_LATEST),
      ...(options.entities ?? []),
    ],
    config: {
      goldenPath: {
        scaffolder: {
          localGitRoot: options.root,
          localGitBaseUrl: BASE_URL,
        },
      },
      securityPosture: {
        templates: {
          localRoots: [TEMPLATES],
          archives: [ARCHIVES],
          upgrades: { maxPerRequest: 2, perMinute: 6 },
        },
        notifications: { enabled: false },
      },
    },
    permissions: options.deny ? denyAll() : undefined,
  });
  return server;
}

const user = mockCredentials.user.header('user:default/platform-engineer');
const API = '/api/security-posture/v1/templates/default/node-service';

describe('template upgrades API', () => {
  it('shows drift, upgrades one component into a branch, records it, and a second request changes nothing', async () => {
    const { root, orders } = await repositories();
    const server = await start({ root });

    const before = await request(server)
      .get(`${API}/components`)
      .set('Authorization', user);
    expect(before.status).toBe(200);
    const byRef = Object.fromEntries(
      before.body.items.map((c: any) => [c.entityRef, c]),
    );
    expect(byRef['component:default/orders-api']).toMatchObject({
      version: '1.0.0',
      behindBy: 2,
      securityReleasesBehind: 2,
      drifted: true,
      upgrade: null,
    });
    // the posture says so too (and the hygiene policy warns)
    const enrolled = await request(server)
      .post('/api/security-posture/v1/components')
      .set('Authorization', user)
      .send({
        entityRef: 'component:default/orders-api',
        tier: 2,
        lifecycle: 'production',
        expectedScanners: ['secret'],
        template: { ref: 'template:default/node-service', version: '1.0.0' },
      });
    expect(enrolled.status).toBeLessThan(300);
    const posture = await request(server)
      .get(
        '/api/security-posture/v1/entities/component/default/orders-api/posture',
      )
      .set('Authorization', user);
    expect(posture.body.template).toEqual({
      ref: 'template:default/node-service',
      version: '1.0.0',
      latestVersion: NODE_SERVICE_LATEST,
      behindBy: 2,
      securityReleasesBehind: 2,
      drifted: true,
    });
    expect(posture.body.policy.violations).toContainEqual(
      expect.objectContaining({
        policy: 'security-hygiene',
        rule: 'template-drift',
        message:
          'managed files differ from template:default/node-service 1.0.0',
      }),
    );
    // no provenance, no repository: drift cannot be told
    expect(byRef['component:default/legacy-api'].drifted).toBeNull();
    expect(byRef['component:default/current-api'].drifted).toBeNull();

    const res = await request(server)
      .post(`${API}/upgrades`)
      .set('Authorization', user)
      .send({ entityRefs: ['orders-api'] });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(1);
    const [upgrade] = res.body.items;
    expect(upgrade).toMatchObject({
      entityRef: 'component:default/orders-api',
      templateRef: 'template:default/node-service',
      fromVersion: '1.0.0',
      toVersion: NODE_SERVICE_LATEST,
      state: 'opened',
      branch: BRANCH,
      changeUrl: `${BASE_URL}/orders-api/tree/golden-path%2Fupgrade-node-service`,
      conflicts: 0,
      error: null,
      requestedBy: 'user:default/platform-engineer',
    });
    expect(upgrade.changes).toContainEqual({
      path: 'Dockerfile',
      ownership: 'managed',
      action: 'update',
      note: "the repository's edits to this managed file are replaced by the template's version",
    });
    expect(upgrade.description).toContain(
      `Upgrades \`template:default/node-service\` from \`1.0.0\` to \`${NODE_SERVICE_LATEST}\`.`,
    );
    const branch = await orders.readBranch(BRANCH);
    expect(branch?.commit).toBe(upgrade.commit);
    expect(
      yaml.parse(
        branch!.files.get('.golden-path/provenance.yaml')!.toString('utf8'),
      ).template.version,
    ).toBe(NODE_SERVICE_LATEST);
    // the managed workflow is the newest one: the job's identity token, no stored secret
    const workflow = branch!.files
      .get('.github/workflows/ci.yaml')!
      .toString('utf8');
    expect(workflow).toContain(
      'id-token: write # the CLI proves this repository',
    );
    expect(workflow).not.toContain('GOLDEN_PATH_TOKEN');

    const listed = await request(server)
      .get(`${API}/upgrades`)
      .set('Authorization', user);
    expect(listed.body.items).toEqual([upgrade]);
    const after = await request(server)
      .get(`${API}/components`)
      .set('Authorization', user);
    expect(
      after.body.items.find(
        (c: any) => c.entityRef === 'component:default/orders-api',
      ).upgrade,
    ).toEqual(upgrade);

    const again = await request(server)
      .post(`${API}/upgrades`)
      .set('Authorization', user)
      .send({ allBehind: true });
    expect(again.status).toBe(200);
    const states = Object.fromEntries(
      again.body.items.map((u: any) => [u.entityRef, u]),
    );
    expect(states['component:default/orders-api'].state).toBe('unchanged');
    expect(states['component:default/orders-api'].commit).toBe(upgrade.commit);
    expect(states['component:default/legacy-api']).toMatchObject({
      state: 'failed',
      branch: null,
      error: expect.stringContaining(
        'legacy-api has no .golden-path/provenance.yaml',
      ),
    });
    expect(await orders.readBranch(BRANCH)).toMatchObject({
      commit: upgrade.commit,
    });
  });

  it("tells the posture's drift on its first computation, by a backend that has not loaded the template version", async () => {
    const { root } = await repositories();
    const server = await start({ root });
    const enroll = () =>
      request(server)
        .post('/api/security-posture/v1/components')
        .set('Authorization', user)
        .send({
          entityRef: 'component:default/orders-api',
          tier: 1,
          lifecycle: 'production',
          expectedScanners: ['secret'],
          template: { ref: 'template:default/node-service', version: '1.0.0' },
        });
    const posture = async () =>
      (
        await request(server)
          .get(
            '/api/security-posture/v1/entities/component/default/orders-api/posture',
          )
          .set('Authorization', user)
      ).body.template.drifted;
    // a backend (a replica) that never loaded 1.0.0 reads it inside the posture's transaction
    // (SQLite has one connection), so it stores what is true, never "not told" into the posture
    // every replica serves
    const started = Date.now();
    expect((await enroll()).status).toBeLessThan(300);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await posture()).toBe(true);
  });

  it('refuses bad requests with a 4xx that names the problem, and answers 403 without the permission', async () => {
    const { root, orders } = await repositories();
    const server = await start({ root });
    const cases: [object, number, string | RegExp][] = [
      [{}, 400, 'give either entityRefs or allBehind: true'],
      [
        { entityRefs: ['orders-api'], allBehind: true },
        400,
        'give either entityRefs or allBehind: true',
      ],
      [
        { entityRefs: ['component:default/somebody-else'] },
        400,
        'component:default/somebody-else was not made from template:default/node-service',
      ],
      [
        { entityRefs: ['orders-api'], targetVersion: '9.9.9' },
        400,
        `template:default/node-service has no published version 9.9.9 (published: ${NODE_SERVICE_LATEST}, 1.1.0, 1.0.0)`,
      ],
      [
        { entityRefs: ['orders-api', 'legacy-api', 'current-api'] },
        400,
        '3 components asked for; at most 2 are upgraded per request',
      ],
      [
        { entityRefs: ['orders-api'], extra: 1 },
        400,
        'request/body must NOT have additional properties',
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await request(server)
        .post(`${API}/upgrades`)
        .set('Authorization', user)
        .send(body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toMatch(message);
    }
    const unknown = await request(server)
      .post('/api/security-posture/v1/templates/default/nope/upgrades')
      .set('Authorization', user)
      .send({ allBehind: true });
    expect(unknown.status).toBe(404);
    // a downgrade is a per-component refusal: recorded as failed, no branch
    const down = await request(server)
      .post(`${API}/upgrades`)
      .set('Authorization', user)
      .send({ entityRefs: ['orders-api'], targetVersion: '1.0.0' });
    expect(down.body.items[0]).toMatchObject({
      state: 'up-to-date',
      branch: null,
    });
    expect(await orders.readBranch(BRANCH)).toBeUndefined();

    // rate limit: 6 per minute
    const burst = [];
    for (let i = 0; i < 4; i += 1) {
      burst.push(
        await request(server)
          .post(`${API}/upgrades`)
          .set('Authorization', user)
          .send({ entityRefs: ['orders-api', 'legacy-api'] }),
      );
    }
    expect(burst.map(r => r.status)).toEqual([200, 200, 429, 429]);
    const retryAfter = Number(burst[2].headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(burst[2].body.error.message).toContain(
      'at most 6 upgrades start per minute',
    );
    // and the server keeps serving
    const list = await request(server)
      .get(`${API}/upgrades`)
      .set('Authorization', user);
    expect(list.status).toBe(200);

    const denied = await start({ root, deny: true });
    const forbidden = await request(denied)
      .post(`${API}/upgrades`)
      .set('Authorization', user)
      .send({ entityRefs: ['orders-api'] });
    expect(forbidden.status).toBe(403);
    const forbiddenRead = await request(denied)
      .get(`${API}/upgrades`)
      .set('Authorization', user);
    expect(forbiddenRead.status).toBe(403);
  });
});

describe('upgrade targets are proven, not claimed', () => {
  it('writes only where the catalog read the component from, into a repository whose provenance names it, on an allowed host', async () => {
    const { root, orders } = await repositories();
    const claims = (name: string, annotations: Record<string, string>) => {
      const entity = component(name, '1.0.0');
      entity.metadata.annotations = {
        ...entity.metadata.annotations,
        ...annotations,
      };
      return entity;
    };
    const server = await start({
      root,
      entities: [
        // claims orders-api's repository as its source, but was read from a file
        claims('claims-source', {
          'backstage.io/source-location': `url:${BASE_URL}/orders-api/tree/main/`,
          'backstage.io/managed-by-location': 'file:/srv/catalog/claims.yaml',
        }),
        // read from orders-api's repository, whose provenance names orders-api
        component(
          'borrowed-api',
          '1.0.0',
          `${BASE_URL}/orders-api/blob/main/other/catalog-info.yaml`,
        ),
        // the local repositories' path on another host
        component(
          'elsewhere-api',
          '1.0.0',
          'http://evil.example/golden-path-git/orders-api/blob/main/catalog-info.yaml',
        ),
        // a GitHub repository on no allowed host
        component(
          'github-api',
          '1.0.0',
          'https://github.com/someone/orders-api/blob/main/catalog-info.yaml',
        ),
        // no location at all
        component('nowhere-api', '1.0.0'),
      ],
    });
    // two per request (maxPerRequest), five in all (within perMinute)
    const refs = [
      'claims-source',
      'borrowed-api',
      'elsewhere-api',
      'github-api',
      'nowhere-api',
    ];
    const items = [];
    for (let i = 0; i < refs.length; i += 2) {
      const res = await request(server)
        .post(`${API}/upgrades`)
        .set('Authorization', user)
        .send({ entityRefs: refs.slice(i, i + 2) });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
    }
    const errors = Object.fromEntries(
      items.map((i: any) => [i.entityRef, [i.state, i.error]]),
    );
    const no = (ref: string) =>
      `component:default/${ref} has no repository this backend may write to: upgrades write only where the catalog read the component from, and `;
    expect(errors).toEqual({
      'component:default/claims-source': [
        'failed',
        `${no(
          'claims-source',
        )}it is read from file:/srv/catalog/claims.yaml, not from a repository (backstage.io/managed-by-location must be a url: location)`,
      ],
      'component:default/borrowed-api': [
        'failed',
        "orders-api's .golden-path/provenance.yaml names component:default/orders-api, not component:default/borrowed-api: the catalog entity points at another component's repository, so nothing is written",
      ],
      'component:default/elsewhere-api': [
        'failed',
        'component:default/elsewhere-api has no repository this backend may write to: its location http://evil.example/golden-path-git/orders-api/blob/main/catalog-info.yaml is on a host or organisation that is not allowed (securityPosture.templates.upgrades.allowedRepositories: none)',
      ],
      'component:default/github-api': [
        'failed',
        'component:default/github-api has no repository this backend may write to: its location https://github.com/someone/orders-api/blob/main/catalog-info.yaml is on a host or organisation that is not allowed (securityPosture.templates.upgrades.allowedRepositories: none)',
      ],
      'component:default/nowhere-api': [
        'failed',
        `${no(
          'nowhere-api',
        )}it has no backstage.io/managed-by-location annotation`,
      ],
    });
    // nothing was written into orders-api, and the refusals are what the templates page shows
    expect(await orders.readBranch(BRANCH)).toBeUndefined();
    const listed = await request(server)
      .get(`${API}/upgrades`)
      .set('Authorization', user);
    expect(
      listed.body.items.find(
        (i: any) => i.entityRef === 'component:default/borrowed-api',
      ).error,
    ).toContain('names component:default/orders-api');
  });

  it('refuses an allow-list entry that is not a host or host/organisation', async () => {
    const { root } = await repositories();
    await expect(
      startPostureBackend({
        entities: [template],
        config: {
          goldenPath: { scaffolder: { localGitRoot: root } },
          securityPosture: {
            templates: {
              upgrades: { allowedRepositories: ['https://github.com/a b'] },
            },
          },
        },
      }),
    ).rejects.toThrow(
      "securityPosture.templates.upgrades.allowedRepositories has 'https://github.com/a b', which is not a host or host/organisation (like github.com/acme)",
    );
  });
});

const databases = TestDatabases.create({
  ids: ['SQLITE_3', 'POSTGRES_15'],
});

describe.each(databases.eachSupportedId())(
  'template version store and upgrade records on %p',
  id => {
    it('keeps the first content of a version, loads it back exactly, and lists the latest upgrade per component', async () => {
      const knex = await databases.init(id as TestDatabaseId);
      await knex.migrate.latest({
        directory: path.resolve(__dirname, '../../migrations'),
      });
      const logger = mockServices.logger.mock();
      const store = new TemplateVersionStore(knex, logger);
      const { v1, v2 } = await nodeServiceVersions();
      expect(await store.record(v1, 'archive')).toBe('recorded');
      expect(await store.record(v1, 'catalog')).toBe('known');
      expect(await store.record({ ...v2, version: '1.0.0' }, 'catalog')).toBe(
        'differs',
      );
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringContaining('1.0.0 was republished with other content'),
      );
      expect(await store.record(v2, 'catalog')).toBe('recorded');
      expect(await store.versions('template:default/node-service')).toEqual([
        '1.1.0',
        '1.0.0',
      ]);
      const loaded = await store.load('template:default/node-service', '1.0.0');
      expect(loaded?.digest).toBe(v1.digest);
      expect(loaded?.skeleton).toBe('skeleton');
      expect(loaded?.files).toEqual(v1.files);

      const { root, orders } = await repositories();
      const withRepos = new TemplateUpgrades({
        versions: store,
        records: new UpgradeRecordStore(knex),
        targets: new UpgradeTargets({
          repositories: new LocalRepositories({ root, baseUrl: BASE_URL }),
        }),
        logger,
        maxPerRequest: 5,
        rate: new RateLimiter({
          counter: new DatabaseRateLimitCounter(knex),
          limit: 5,
          windowSeconds: 60,
          describe: limit => `at most ${limit} a minute`,
        }),
        locks: new DatabaseRunLocks(knex),
      });
      const entity = component('orders-api', '1.0.0', 'orders-api');
      const [first] = await withRepos.start({
        templateRef: 'template:default/node-service',
        components: [entity],
        actor: 'user:default/a',
      });
      expect(first.state).toBe('opened');
      const [second] = await withRepos.start({
        templateRef: 'template:default/node-service',
        components: [entity],
        actor: 'user:default/b',
      });
      expect(second.state).toBe('unchanged');
      const listed = await withRepos.list('template:default/node-service');
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        state: 'unchanged',
        requestedBy: 'user:default/b',
        commit: first.commit,
      });
      expect((await orders.readBranch(BRANCH))?.commit).toBe(first.commit);
      await knex.destroy();
    });
  },
);

describe('template upgrades into GitHub repositories', () => {
  it('writes the branch and opens the pull request through the GitHub integration', async () => {
    const github = await githubStandIn('t0ken');
    try {
      const { v1 } = await nodeServiceVersions();
      const seed = new GithubRepository({
        apiBaseUrl: github.apiBaseUrl,
        owner: 'acme',
        repo: 'orders-api',
        token: 't0ken',
      });
      await seed.writeBranch({
        branch: 'main',
        files: await generatedService(v1),
        message: 'Initial commit',
        author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
      });
      const host = new URL(github.apiBaseUrl).host;
      const { server } = await startPostureBackend({
        entities: [
          template,
          component(
            'orders-api',
            '1.0.0',
            `http://${host}/acme/orders-api/blob/main/catalog-info.yaml`,
          ),
        ],
        config: {
          integrations: {
            github: [{ host, apiBaseUrl: github.apiBaseUrl, token: 't0ken' }],
          },
          securityPosture: {
            templates: {
              localRoots: [TEMPLATES],
              archives: [ARCHIVES],
              upgrades: { allowedRepositories: [`${host}/acme`] },
            },
            notifications: { enabled: false },
          },
        },
      });
      const res = await request(server)
        .post(`${API}/upgrades`)
        .set('Authorization', user)
        .send({ entityRefs: ['orders-api'] });
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({
        state: 'opened',
        branch: BRANCH,
        changeUrl: 'https://github.example/acme/orders-api/pull/1',
        error: null,
      });
      expect(github.pulls).toHaveLength(1);
      expect(github.pulls[0].body).toBe(res.body.items[0].description);
    } finally {
      await github.close();
    }
  });
});

describe('template upgrades into GitLab projects', () => {
  it('writes the branch and opens the merge request through the GitLab integration', async () => {
    const gitlab = await gitlabStandIn('glpat-test');
    try {
      const { v1 } = await nodeServiceVersions();
      await new GitlabRepository({
        apiBaseUrl: gitlab.apiBaseUrl,
        project: 'acme/payments/orders-api',
        headers: { 'private-token': 'glpat-test' },
      }).writeBranch({
        branch: 'main',
        files: await generatedService(v1),
        message: 'Initial commit',
        author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
      });
      const host = new URL(gitlab.apiBaseUrl).host;
      const { server } = await startPostureBackend({
        entities: [
          template,
          component(
            'orders-api',
            '1.0.0',
            `http://${host}/acme/payments/orders-api/-/blob/main/catalog-info.yaml`,
          ),
        ],
        config: {
          integrations: {
            gitlab: [
              {
                host,
                apiBaseUrl: gitlab.apiBaseUrl,
                token: 'glpat-test',
              },
            ],
          },
          securityPosture: {
            templates: {
              localRoots: [TEMPLATES],
              archives: [ARCHIVES],
              upgrades: { allowedRepositories: [`${host}/acme/payments`] },
            },
            notifications: { enabled: false },
          },
        },
      });
      const res = await request(server)
        .post(`${API}/upgrades`)
        .set('Authorization', user)
        .send({ entityRefs: ['orders-api'] });
      expect(res.status).toBe(200);
      expect(res.body.items[0]).toMatchObject({
        state: 'opened',
        branch: BRANCH,
        changeUrl:
          'https://gitlab.example/acme/payments/orders-api/-/merge_requests/1',
        error: null,
      });
      expect(gitlab.mergeRequests[0].description).toBe(
        res.body.items[0].description,
      );
    } finally {
      await gitlab.close();
    }
  });
});
