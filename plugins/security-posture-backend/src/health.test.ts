import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import knexFactory from 'knex';
import request from 'supertest';
import { API, startPostureBackend, TestServer } from './__testUtils__/backend';

jest.setTimeout(120_000);

// a database out of reach is a PostgreSQL matter: the embedded SQLite is a file in the process
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe.each(databases.eachSupportedId())(
  'readiness of the plugin on %p',
  databaseId => {
    let knex: Knex;
    let operator: Knex;
    let server: TestServer;
    let database: string;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      database = (await knex.raw('select current_database() as db')).rows[0].db;
      // the operator's own connection, to the server's maintenance database: it refuses the
      // plugin's database to every new connection and ends the ones it has
      const connection = knex.client.config.connection;
      operator = knexFactory({
        client: 'pg',
        connection:
          typeof connection === 'string'
            ? { connectionString: connection, database: 'postgres' }
            : { ...connection, database: 'postgres' },
        pool: { min: 1, max: 1 },
      });
      ({ server } = await startPostureBackend({
        knex,
        config: { securityPosture: { notifications: { enabled: false } } },
      }));
    });

    afterAll(async () => {
      await operator.raw(`alter database ?? allow_connections true`, [
        database,
      ]);
      await operator.destroy();
    });

    const health = () => request(server).get(`${API}/health`);

    it('answers 503 while its database refuses connections and 200 again once it is back, without credentials', async () => {
      const up = await health();
      expect(up.status).toBe(200);
      expect(up.body).toEqual({ status: 'ok' });
      // the route is open to probes; the API is not
      expect(
        (await request(server).get(`${API}/v1/scorecards?groupBy=owner`))
          .status,
      ).toBe(401);

      await operator.raw(`alter database ?? allow_connections false`, [
        database,
      ]);
      await operator.raw(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = ? and pid <> pg_backend_pid()`,
        [database],
      );
      const down = await health();
      expect(down.status).toBe(503);
      expect(down.headers['retry-after']).toBe('5');
      expect(down.body).toEqual({
        status: 'error',
        message: 'the security-posture database is unavailable',
      });
      // still down on the next probe (a new connection is refused, not only the old ones ended)
      expect((await health()).status).toBe(503);
      // Backstage's own readiness follows the backend's lifecycle only (no plugin hook in
      // coreServices.rootHealth): it stays 200, which is why load balancers probe this route
      expect(
        (await request(server).get('/.backstage/health/v1/readiness')).status,
      ).toBe(200);

      await operator.raw(`alter database ?? allow_connections true`, [
        database,
      ]);
      let back = await health();
      for (let i = 0; i < 20 && back.status !== 200; i += 1) {
        await sleep(250);
        back = await health();
      }
      expect(back.status).toBe(200);
      expect(back.body).toEqual({ status: 'ok' });
    });
  },
);
