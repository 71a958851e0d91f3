import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { anotherPool } from '../__testUtils__/database';
import { startPostureBackend } from '../__testUtils__/backend';

jest.setTimeout(120_000);

// two backends on one database: replicas are a PostgreSQL matter (the embedded SQLite is one process)
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const SNAPSHOT_RUN = /daily snapshot of \d+ components/;
const ADVISORY_RUN = /advisory refresh: \d+ new or changed advisories/;
// longer than the scheduler's poll (about 5 s), so each replica would look once or more per period
const PERIOD_SECONDS = 10;

/** What a replica said, and when. */
interface Line {
  replica: string;
  at: number;
  message: string;
}

/** A logger that keeps what each replica said, with the time it said it. */
function recordingLogger(replica: string, lines: Line[]) {
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
      second = anotherPool(knex);
    });

    afterAll(async () => {
      await second.destroy();
    });

    /**
     * Two replicas with every task of the test due every PERIOD_SECONDS, watched for 31 s once
     * (both tests read the same window): each task's runs from that window, in order.
     */
    let window: Promise<Line[]> | undefined;
    const runsOf = async (task: RegExp) => {
      window ??= watchReplicas();
      return (await window)
        .filter(l => task.test(l.message))
        .sort((x, y) => x.at - y.at);
    };
    async function watchReplicas(): Promise<Line[]> {
      const lines: Line[] = [];
      const config = {
        securityPosture: {
          snapshot: { cron: `*/${PERIOD_SECONDS} * * * * *` },
          advisories: { refreshCron: `*/${PERIOD_SECONDS} * * * * *` },
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
      await sleep(31_000);
      await Promise.all(replicas.map(r => r.backend.stop()));
      return lines.filter(l => l.at >= started);
    }

    it("runs the snapshot once per period across both replicas, through Backstage's scheduler", async () => {
      const runs = await runsOf(SNAPSHOT_RUN);

      // it ran, more than once
      expect(runs.length).toBeGreaterThanOrEqual(2);
      // never twice for one period: the scheduler sets the next run after a run ends, so runs of
      // one task fall into distinct periods (cron periods are aligned to the clock); replicas
      // that did not share the claim would each run in every period
      const periods = runs.map(r => Math.floor(r.at / (PERIOD_SECONDS * 1000)));
      expect(new Set(periods).size).toBe(periods.length);
      // and the scheduler's claim is in the database both replicas share
      const tasks = await knex('backstage_backend_tasks__tasks')
        .where('id', 'like', 'security-posture-%')
        .select('id');
      expect(tasks.map(t => t.id)).toContain('security-posture-daily-snapshot');
    });

    it('runs the advisory refresh once per period across both replicas, and stores the seed once', async () => {
      const runs = await runsOf(ADVISORY_RUN);

      expect(runs.length).toBeGreaterThanOrEqual(2);
      const periods = runs.map(r => Math.floor(r.at / (PERIOD_SECONDS * 1000)));
      expect(new Set(periods).size).toBe(periods.length);
      // the seed was written by one run; every later run found it unchanged and wrote nothing
      const written = runs.filter(r => !/: 0 new or changed/.test(r.message));
      expect(written.length).toBeLessThanOrEqual(1);
      const [stamp] = await knex('posture_advisory_stamp').select();
      expect(Number(stamp.version)).toBe(1);
      expect(Number(stamp.advisory_count)).toBe(5);
      const tasks = await knex('backstage_backend_tasks__tasks')
        .where('id', 'security-posture-advisory-refresh')
        .select('id');
      expect(tasks).toHaveLength(1);
    });
  },
);
