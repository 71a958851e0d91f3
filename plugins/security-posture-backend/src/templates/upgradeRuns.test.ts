import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Knex } from 'knex';
import { anotherPool } from '../__testUtils__/database';
import request from 'supertest';
import { API, startPostureBackend, TestServer } from '../__testUtils__/backend';
import {
  madeFromNodeService,
  nodeServiceRepositories,
  nodeServiceTemplate,
  TEMPLATES,
} from '../__testUtils__/templateEntities';
import { UpgradeJobStore } from './UpgradeJobStore';

jest.setTimeout(180_000);

const ARCHIVES = path.resolve(
  __dirname,
  '../../../../examples/template-versions',
);
const BASE_URL = 'http://localhost:7007/golden-path-git';
const BRANCH = 'golden-path/upgrade-node-service';
const RUNS = `${API}/v1/templates/default/node-service/upgrade-runs`;
const user = mockCredentials.user.header('user:default/platform-engineer');

const component = (name: string, repo?: string): Entity =>
  madeFromNodeService(name, '1.0.0', {
    location: repo && `${BASE_URL}/${repo}/blob/main/catalog-info.yaml`,
  });

/** orders-api (a git directory) and legacy-api (no provenance), made from 1.0.0. */
async function repositories() {
  const { root, ordersGitdir } = await nodeServiceRepositories();
  return { root, orders: ordersGitdir };
}

/** Commits on the upgrade branch that main does not have. */
const upgradeCommits = (gitdir: string) =>
  Number(
    execFileSync('git', [
      '--git-dir',
      gitdir,
      'rev-list',
      '--count',
      BRANCH,
      '^main',
    ])
      .toString()
      .trim(),
  );

function config(root: string, extra: object = {}) {
  return {
    goldenPath: {
      scaffolder: { localGitRoot: root, localGitBaseUrl: BASE_URL },
    },
    securityPosture: {
      templates: {
        localRoots: [TEMPLATES],
        archives: [ARCHIVES],
        upgrades: { pollSeconds: 0.1, perMinute: 100_000, ...extra },
      },
      notifications: { enabled: false },
    },
  };
}

/** Follows a run through the API until it is done. */
async function finished(server: TestServer, id: string, seconds = 120) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const res = await request(server)
      .get(`${API}/v1/upgrade-runs/${id}?limit=500`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    if (res.body.run.state === 'done') return res.body;
    if (Date.now() > deadline) {
      throw new Error(`run ${id} not done: ${JSON.stringify(res.body.run)}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

describe.each(databases.eachSupportedId())('upgrade runs on %p', databaseId => {
  it('enqueues one job per component, runs them in the background and records each outcome', async () => {
    const { root, orders } = await repositories();
    const { server, knex } = await startPostureBackend({
      database: { databases, id: databaseId },
      entities: [
        nodeServiceTemplate(),
        component('orders-api', 'orders-api'),
        component('legacy-api', 'legacy-api'),
      ],
      config: config(root),
    });
    const started = await request(server)
      .post(RUNS)
      .set('Authorization', user)
      .send({ allBehind: true });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      templateRef: 'template:default/node-service',
      requestedBy: 'user:default/platform-engineer',
      total: 2,
      finishedAt: null,
    });
    const done = await finished(server, started.body.id);
    expect(done.run).toMatchObject({
      state: 'done',
      queued: 0,
      running: 0,
      done: 2,
      outcomes: { opened: 1, failed: 1 },
    });
    const byRef = Object.fromEntries(
      done.items.map((j: any) => [j.entityRef, j]),
    );
    expect(byRef['component:default/orders-api']).toMatchObject({
      state: 'done',
      outcome: 'opened',
      branch: BRANCH,
      attempts: 1,
    });
    expect(byRef['component:default/legacy-api'].error).toContain(
      'has no .golden-path/provenance.yaml',
    );
    expect(upgradeCommits(orders)).toBe(1);
    // recorded like an upgrade of a request, and audited per component and for the run
    const records = await request(server)
      .get(`${API}/v1/templates/default/node-service/upgrades`)
      .set('Authorization', user);
    expect(
      records.body.items.map((r: any) => [r.entityRef, r.state]).sort(),
    ).toEqual([
      ['component:default/legacy-api', 'failed'],
      ['component:default/orders-api', 'opened'],
    ]);
    const events = await knex('audit_events')
      .whereIn('type', ['template.upgrade-run', 'template.upgrade'])
      .orderBy('id')
      .select('type', 'actor');
    expect(events.map(e => e.type).sort()).toEqual([
      'template.upgrade',
      'template.upgrade',
      'template.upgrade-run',
    ]);
    expect(
      events.every(e => e.actor === 'user:default/platform-engineer'),
    ).toBe(true);
  });

  it('refuses bad runs with a 4xx naming the problem', async () => {
    const { root } = await repositories();
    const { server } = await startPostureBackend({
      database: { databases, id: databaseId },
      entities: [nodeServiceTemplate(), component('orders-api', 'orders-api')],
      config: config(root),
    });
    const cases: [object, number, string][] = [
      [{}, 400, 'give either entityRefs or allBehind: true'],
      [
        { entityRefs: ['component:default/nobody'] },
        400,
        'component:default/nobody was not made from template:default/node-service',
      ],
      [
        { allBehind: true, targetVersion: '9.9.9' },
        400,
        'has no published version 9.9.9',
      ],
      [
        { allBehind: true, dryRun: true },
        400,
        'must NOT have additional properties',
      ],
    ];
    for (const [body, status, message] of cases) {
      const res = await request(server)
        .post(RUNS)
        .set('Authorization', user)
        .send(body);
      expect(res.status).toBe(status);
      expect(res.body.error.message).toContain(message);
    }
    const unknown = await request(server)
      .get(`${API}/v1/upgrade-runs/00000000-0000-4000-8000-000000000000`)
      .set('Authorization', user);
    expect(unknown.status).toBe(404);
  });
});

// replicas share PostgreSQL (the embedded SQLite is one process)
const postgres = TestDatabases.create({ ids: ['POSTGRES_15'] });

describe.each(postgres.eachSupportedId())(
  'upgrade runs across replicas on %p',
  databaseId => {
    let knex: Knex;
    let second: Knex;

    beforeAll(async () => {
      knex = await postgres.init(databaseId);
      second = anotherPool(knex);
    });

    afterAll(async () => {
      await second.destroy();
    });

    it('takes over the job of a replica that died holding it, and writes the branch once', async () => {
      const { root, orders } = await repositories();
      const entities = [
        nodeServiceTemplate(),
        component('orders-api', 'orders-api'),
      ];
      // the first replica enqueues the run, claims the job, and dies before finishing it
      const first = await startPostureBackend({
        knex,
        entities,
        config: config(root, { pollSeconds: 3600 }),
      });
      const started = await request(first.server)
        .post(RUNS)
        .set('Authorization', user)
        .send({ entityRefs: ['orders-api'] });
      expect(started.status).toBe(202);
      const [claimed] = await new UpgradeJobStore(knex).claim({
        worker: 'worker-of-the-dead-replica',
        now: new Date(),
        leaseMs: 2000,
        perHost: 2,
        limit: 1,
      });
      expect(claimed.entity_ref).toBe('component:default/orders-api');
      await first.backend.stop();

      // another replica finishes it once the lease has run out
      const other = await startPostureBackend({
        knex: second,
        entities,
        config: config(root),
      });
      const done = await finished(other.server, started.body.id);
      expect(done.run).toMatchObject({ done: 1, outcomes: { opened: 1 } });
      expect(done.items[0]).toMatchObject({ outcome: 'opened', attempts: 2 });
      const job = await knex('posture_upgrade_jobs').first();
      expect(job.claimed_by).not.toBe('worker-of-the-dead-replica');
      expect(upgradeCommits(orders)).toBe(1);
      await other.backend.stop();
    });

    it('runs 1,000 components in one run on two replicas, each job once', async () => {
      const { root } = await repositories();
      const entities = [
        nodeServiceTemplate(),
        ...Array.from({ length: 1000 }, (_, i) =>
          component(`service-${String(i).padStart(4, '0')}`),
        ),
      ];
      const replicas = [];
      for (const db of [knex, second]) {
        replicas.push(
          await startPostureBackend({
            knex: db,
            entities,
            config: config(root, { concurrency: 8 }),
          }),
        );
      }
      const started = await request(replicas[0].server)
        .post(RUNS)
        .set('Authorization', user)
        .send({ allBehind: true });
      expect(started.status).toBe(202);
      expect(started.body.total).toBe(1000);
      // followed on the other replica
      const done = await finished(replicas[1].server, started.body.id);
      expect(done.run).toMatchObject({
        state: 'done',
        done: 1000,
        queued: 0,
        running: 0,
        // none of them has a repository: each is recorded as failed, with the reason
        outcomes: { failed: 1000 },
      });
      const jobs = await knex('posture_upgrade_jobs')
        .where({ run_id: started.body.id })
        .select('attempts', 'claimed_by', 'error');
      expect(jobs).toHaveLength(1000);
      expect(jobs.every(j => Number(j.attempts) === 1)).toBe(true);
      // both replicas' workers took part
      expect(new Set(jobs.map(j => j.claimed_by)).size).toBe(2);
      expect(jobs[0].error).toContain(
        'has no repository this backend may write to',
      );
      // pages of 500, by cursor
      const firstPage = await request(replicas[1].server)
        .get(`${API}/v1/upgrade-runs/${started.body.id}?limit=500`)
        .set('Authorization', user);
      expect(firstPage.body.items).toHaveLength(500);
      const secondPage = await request(replicas[1].server)
        .get(
          `${API}/v1/upgrade-runs/${started.body.id}?limit=500&cursor=${firstPage.body.nextCursor}`,
        )
        .set('Authorization', user);
      expect(secondPage.body.items).toHaveLength(500);
      expect(secondPage.body.items[0].entityRef).not.toBe(
        firstPage.body.items[0].entityRef,
      );
      await Promise.all(replicas.map(r => r.backend.stop()));
    });
  },
);
