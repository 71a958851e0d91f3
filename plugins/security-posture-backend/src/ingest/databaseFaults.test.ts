import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { anotherPool } from '../__testUtils__/database';
import {
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(180_000);

// connection faults are a PostgreSQL matter: the embedded SQLite is a file in the process
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const RESULTS = 20_000;

/** Semgrep's real SARIF, its results repeated with distinct fingerprints up to `RESULTS`. */
function bigReport(): string {
  const doc = JSON.parse(
    readFixture(
      'sarif',
      'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
    ).toString(),
  );
  const template = doc.runs[0].results as any[];
  doc.runs[0].results = Array.from({ length: RESULTS }, (_, i) => {
    const r = template[i % template.length];
    return {
      ...r,
      fingerprints: { 'matchBasedId/v1': `fault-test-${i}` },
      partialFingerprints: undefined,
    };
  });
  return JSON.stringify(doc);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())(
  'database faults on %p',
  databaseId => {
    let knex: Knex;
    let watcher: Knex;
    let server: TestServer;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      // a connection of its own, as an operator's would be: it watches and kills the plugin's
      watcher = anotherPool(knex, { min: 1, max: 1 });
      ({ server } = await startPostureBackend({
        knex,
        config: { securityPosture: { notifications: { enabled: false } } },
      }));
    });

    afterAll(async () => {
      await watcher.destroy();
    });

    const findings = async () =>
      Number(
        (
          await watcher('posture_findings')
            .where({ entity_ref: PAYMENTS })
            .count({ n: '*' })
        )[0].n,
      );

    it('answers 503 with Retry-After when its connection is killed mid-ingest, keeps none of the report, and applies it whole on retry', async () => {
      const body = bigReport();
      const upload = uploadReport(server, PAYMENTS, body).then(res => res);
      // wait for the ingest's inserts to be under way, then kill every connection of the plugin
      let killed = 0;
      for (let i = 0; i < 500 && killed === 0; i += 1) {
        const { rows } = await watcher.raw(
          `select pid from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and state = 'active' and query ilike 'insert into "posture_findings"%'`,
        );
        if (rows.length > 0) {
          const terminated = await watcher.raw(
            `select pg_terminate_backend(pid) from pg_stat_activity
             where datname = current_database() and pid <> pg_backend_pid()`,
          );
          killed = terminated.rows.length;
        } else {
          await sleep(10);
        }
      }
      expect(killed).toBeGreaterThan(0);
      const res = await upload;
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body.error).toEqual({
        name: 'ServiceUnavailableError',
        message:
          'the security-posture database is unavailable; nothing was written, try again shortly',
      });
      // the transaction died with its connection: none of the report is there
      expect(await findings()).toBe(0);

      // the pool recovers without a restart, and the same upload applies in full
      let retried = await uploadReport(server, PAYMENTS, body);
      for (let i = 0; i < 5 && retried.status === 503; i += 1) {
        await sleep(Number(retried.headers['retry-after'] ?? 1) * 100);
        retried = await uploadReport(server, PAYMENTS, body);
      }
      expect(retried.status).toBe(201);
      expect(retried.body.counts.new).toBe(RESULTS);
      expect(await findings()).toBe(RESULTS);
    });
  },
);
