import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { startPostureBackend } from '../__testUtils__/backend';

jest.setTimeout(120_000);

// two backends on one database: replicas are a PostgreSQL matter (the embedded SQLite is one process)
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const SNAPSHOT_RUN = /daily snapshot of \d+ components/;
const PERIOD_SECONDS = 2;

/** A logger that keeps what each replica said, with the time it said it. */
function recordingLogger(
  replica: string,
  lines: { replica: string; at: number; message: string }[],
) {
  const logger: LoggerService = {
    error: () => {},
    warn: () => {},
    debug: () => {},
    info: message => {
      lines.push({ replica, at: Date.now(), message });
    },
    child: () => logger,
  };
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => logger,
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())(
  'scheduled tasks on two replicas on %p',
  databaseId => {
    let knex: Knex;
    let second: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      second = knexFactory({
        client: knex.client.config.client,
        connection: knex.client.config.connection,
        pool: { min: 0, max: 5 },
      });
    });

    afterAll(async () => {
      await second.destroy();
    });

    it("runs the snapshot once per period across both replicas, through Backstage's scheduler", async () => {
      const lines: { replica: string; at: number; message: string }[] = [];
      const config = {
        // every PERIOD_SECONDS: the daily snapshot, made frequent for the test
        securityPosture: {
          snapshot: { cron: `*/${PERIOD_SECONDS} * * * * *` },
          notifications: { enabled: false },
        },
      };
      const replicas = [];
      for (const [name, db] of [
        ['a', knex],
        ['b', second],
      ] as const) {
        replicas.push(
          await startPostureBackend({
            knex: db,
            config,
            // Backstage's own scheduler on the shared database, not the test mock
            features: [schedulerServiceFactory, recordingLogger(name, lines)],
          }),
        );
      }
      const started = Date.now();
      await sleep(16_000);
      const runs = lines
        .filter(l => SNAPSHOT_RUN.test(l.message) && l.at >= started)
        .sort((x, y) => x.at - y.at);
      await Promise.all(replicas.map(r => r.backend.stop()));

      // it ran, more than once
      expect(runs.length).toBeGreaterThanOrEqual(2);
      // never twice for one period: two replicas running the same tick would finish together
      const gaps = runs.slice(1).map((r, i) => r.at - runs[i].at);
      expect(gaps.filter(gap => gap < PERIOD_SECONDS * 1000 * 0.75)).toEqual(
        [],
      );
      // at most one run per period that elapsed
      expect(runs.length).toBeLessThanOrEqual(
        Math.ceil((Date.now() - started) / (PERIOD_SECONDS * 1000)) + 1,
      );
      // and the scheduler's claim is in the database both replicas share
      const tasks = await knex('backstage_backend_tasks__tasks')
        .where('id', 'like', 'security-posture-%')
        .select('id');
      expect(tasks.map(t => t.id)).toContain('security-posture-daily-snapshot');
    });
  },
);
