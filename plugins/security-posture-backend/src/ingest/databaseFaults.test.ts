import { TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import knexFactory from 'knex';
import { anotherPool } from '../__testUtils__/database';
import { startPgProxy } from '../__testUtils__/pgProxy';
import {
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { testOrg } from '../__testUtils__/org';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(300_000);

// connection faults are a PostgreSQL matter: the embedded SQLite is a file in the process
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

/** The big report, at two points (each a whole ingest of it takes ~25 s here, on two cores). */
const RESULTS = 100_000;
/** The report of the other points: the same statements, fewer rows. */
const SMALL = 5_000;

/**
 * Components of their own, one per fault point, so that each starts without findings: copies of
 * payments-api (tier 1, owned by payments, in the tests' CI scope).
 */
const POINTS = [
  'component-lock',
  'finding-inserts',
  'scan-row',
  'posture-recompute',
  'audit-record',
  'reimport',
  'commit',
] as const;
type Point = (typeof POINTS)[number];
const refOf = (point: Point) => `component:default/faults-${point}`;
const payments = testOrg.find(e => e.metadata.name === 'payments-api')!;
const entities: Entity[] = [
  ...testOrg,
  ...POINTS.map(point => ({
    ...payments,
    metadata: { ...payments.metadata, name: `faults-${point}` },
  })),
];

/**
 * Semgrep's real SARIF, its results repeated with distinct fingerprints (`fault-test-<from>` on)
 * up to `count`; each result keeps its rule, location and the first line of its message, so
 * that 100,000 of them stay a report of tens of megabytes. `changed` results get another message
 * (another content hash: a reimport rewrites them).
 */
function bigReport(
  options: { from?: number; count?: number; changed?: Set<number> } = {},
): string {
  const { from = 0, count = RESULTS, changed = new Set<number>() } = options;
  const doc = JSON.parse(
    readFixture(
      'sarif',
      'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
    ).toString(),
  );
  const template = (doc.runs[0].results as any[]).map(r => ({
    ...r,
    message: { text: String(r.message.text).split('\n')[0].slice(0, 80) },
    locations: r.locations?.map((l: any) => ({
      physicalLocation: {
        artifactLocation: { uri: l.physicalLocation.artifactLocation.uri },
        region: { startLine: l.physicalLocation.region?.startLine },
      },
    })),
    partialFingerprints: undefined,
  }));
  doc.runs[0].results = Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const r = template[i % template.length];
    return {
      ...r,
      fingerprints: { 'matchBasedId/v1': `fault-test-${i}` },
      ...(changed.has(i)
        ? { message: { text: `${r.message.text} (changed)` } }
        : {}),
    };
  });
  return JSON.stringify(doc);
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const UNAVAILABLE = {
  name: 'ServiceUnavailableError',
  message:
    'the security-posture database is unavailable; nothing was written, try again shortly',
};

describe.each(databases.eachSupportedId())(
  'database faults on %p',
  databaseId => {
    let knex: Knex;
    /** The operator's connections: one watches and kills, the other holds a table lock. */
    let watcher: Knex;
    let locker: Knex;
    let server: TestServer;
    let report: string;
    let small: string;
    /** What one finding row takes in the table (to kill half-way through the big inserts). */
    let rowBytes = 0;

    beforeAll(async () => {
      report = bigReport();
      small = bigReport({ count: SMALL });
      knex = await databases.init(databaseId);
      watcher = anotherPool(knex, { min: 1, max: 1 });
      locker = anotherPool(knex, { min: 0, max: 1 });
      ({ server } = await startPostureBackend({
        knex,
        entities,
        config: { securityPosture: { notifications: { enabled: false } } },
      }));
      // the findings' table only grows (no vacuum makes room in it): its size tells how much an
      // ingest wrote before its transaction died
      await watcher.raw(
        'alter table posture_findings set (autovacuum_enabled = false)',
      );
    });

    afterAll(async () => {
      await watcher?.destroy();
      await locker?.destroy();
    });

    const findingsBytes = async () =>
      Number(
        (await watcher.raw(`select pg_relation_size('posture_findings') as n`))
          .rows[0].n,
      );

    /**
     * Everything an ingest writes for a component, as one digest: its findings (status, content,
     * times, last scan), its scans, events, posture, snapshots and audit events.
     */
    const stateOf = async (entityRef: string) => {
      const { rows } = await watcher.raw(
        `select
           (select count(*) from posture_findings where entity_ref = :ref) as findings,
           (select md5(coalesce(string_agg(concat_ws('|', fingerprint, status, content_hash,
              first_seen_at, last_seen_at, fixed_at, last_scan_id, reopen_count, sla_due_at),
              ',' order by fingerprint), ''))
              from posture_findings where entity_ref = :ref) as findings_digest,
           (select count(*) from posture_finding_events e join posture_findings f
              on f.id = e.finding_id where f.entity_ref = :ref) as events,
           (select count(*) from posture_scans where entity_ref = :ref) as scans,
           (select count(*) from posture_snapshots where entity_ref = :ref) as snapshots,
           (select count(*) from audit_events where entity_ref = :ref) as audit,
           (select md5(concat_ws('|', score, grade, posture, top_findings, last_scan_at))
              from posture_components where entity_ref = :ref) as posture`,
        { ref: entityRef },
      );
      const r = rows[0];
      return {
        findings: Number(r.findings),
        findingsDigest: r.findings_digest as string,
        events: Number(r.events),
        scans: Number(r.scans),
        snapshots: Number(r.snapshots),
        audit: Number(r.audit),
        posture: r.posture as string | null,
      };
    };

    /** Ends every connection of the plugin to its database (not the operator's own). */
    const terminatePlugin = async (spare: number[], where = 'true') =>
      (
        await watcher.raw(
          `select pg_terminate_backend(pid) from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid()
             and pid <> all(array[${spare.map(Number).join(',')}]::int[])
             and backend_type = 'client backend'
             and exists (select 1 from pg_stat_activity a
               where a.datname = current_database() and ${where})`,
        )
      ).rows.length;

    /**
     * Waits for a statement of the plugin's ingest to wait on the table lock the operator holds,
     * then kills every connection of the plugin, and lets the table go.
     */
    async function killAtLockedStatement(
      table: string,
      statement: RegExp,
      upload: Promise<unknown>,
    ): Promise<{ killed: number; query: string }> {
      let settled = false;
      upload.then(
        () => (settled = true),
        () => (settled = true),
      );
      const trx = await locker.transaction();
      try {
        const lockerPid = (await trx.raw('select pg_backend_pid() as pid'))
          .rows[0].pid as number;
        // SHARE mode: reads go on, every insert, update and delete of the table waits
        await trx.raw(`lock table ?? in share mode`, [table]);
        for (let i = 0; i < 6000 && !settled; i += 1) {
          const { rows } = await watcher.raw(
            `select pid, query from pg_stat_activity
             where datname = current_database() and pid <> ?
               and wait_event_type = 'Lock' and state = 'active'`,
            [lockerPid],
          );
          const blocked = rows.find((r: { query: string }) =>
            statement.test(r.query),
          );
          if (blocked) {
            const killed = await terminatePlugin([lockerPid]);
            return { killed, query: blocked.query };
          }
          await sleep(10);
        }
        return { killed: 0, query: '' };
      } finally {
        await trx.rollback().catch(() => undefined);
      }
    }

    /** An upload answered with 503, Retry-After and the ServiceUnavailableError body. */
    function expectUnavailable(res: {
      status: number;
      headers: Record<string, string>;
      body: any;
    }) {
      expect({ status: res.status, body: res.body.error }).toEqual({
        status: 503,
        body: UNAVAILABLE,
      });
      expect(res.headers['retry-after']).toBe('5');
      // Backstage's error handler: never the driver's words nor a stack
      expect(JSON.stringify(res.body)).not.toMatch(
        /terminat|stack|at .*\.js|knex|pg_/i,
      );
    }

    /** The same upload again, as a client honouring Retry-After would (a few tries). */
    async function retried(entityRef: string, body: string) {
      let res = await uploadReport(server, entityRef, body);
      for (let i = 0; i < 5 && res.status === 503; i += 1) {
        await sleep(Number(res.headers['retry-after'] ?? 1) * 100);
        res = await uploadReport(server, entityRef, body);
      }
      return res;
    }

    /** The retried upload applies the whole report: its findings, scan, posture, audit. */
    async function expectAppliedWhole(
      entityRef: string,
      res: { status: number; body: any },
      results: number,
    ) {
      expect(res.status).toBe(201);
      expect(res.body.counts).toMatchObject({
        new: results,
        unchanged: 0,
        fixed: 0,
      });
      const state = await stateOf(entityRef);
      expect(state).toMatchObject({
        findings: results,
        events: 0,
        scans: 1,
        snapshots: 1,
        audit: 1,
      });
      const component = (await watcher('posture_components')
        .where({ entity_ref: entityRef })
        .first('score', 'posture'))!;
      expect(component.score).not.toBeNull();
      const posture =
        typeof component.posture === 'string'
          ? JSON.parse(component.posture)
          : component.posture;
      expect(
        Object.values(posture.open as Record<string, number>).reduce(
          (a, b) => a + b,
          0,
        ),
      ).toBe(results);
    }

    /** None of the report: no findings, scans, snapshots, audit, and no posture computed. */
    async function expectNoneOf(entityRef: string) {
      const state = await stateOf(entityRef);
      expect(state).toMatchObject({
        findings: 0,
        events: 0,
        scans: 0,
        snapshots: 0,
        audit: 0,
      });
      const component = await watcher('posture_components')
        .where({ entity_ref: entityRef })
        .first('score', 'posture');
      expect(component?.score ?? null).toBeNull();
      expect(component?.posture ?? null).toBeNull();
    }

    it.each([
      // the component's row is written after the findings; its scan row is the first write after
      ['scan-row' as Point, 'posture_scans', /^insert into "posture_scans"/],
      // the posture is computed and stored (posture_components), then today's snapshot
      [
        'posture-recompute' as Point,
        'posture_snapshots',
        /^insert into "posture_snapshots"/,
      ],
      // the last statement before the commit
      ['audit-record' as Point, 'audit_events', /^insert into "audit_events"/],
    ])(
      `answers 503 with Retry-After when its connections are killed at the %s of an ingest (${SMALL} results), keeps none of it, and applies it whole on retry`,
      async (point, table, statement) => {
        const entityRef = refOf(point);
        const before = await findingsBytes();
        const upload = uploadReport(server, entityRef, small).then(r => r);
        const { killed, query } = await killAtLockedStatement(
          table,
          statement,
          upload,
        );
        expect(query).toMatch(statement);
        expect(killed).toBeGreaterThan(0);
        expectUnavailable(await upload);
        // every finding of the report was written before the kill, and rolled back with it
        const written = (await findingsBytes()) - before;
        expect(written).toBeGreaterThan(0);
        await expectNoneOf(entityRef);
        await expectAppliedWhole(
          entityRef,
          await retried(entityRef, small),
          SMALL,
        );
        rowBytes = Math.max(rowBytes, written / SMALL);
      },
    );

    it(`keeps exactly the first report when its connections are killed during the state writes of a changed reimport (${SMALL} results), and applies the reimport whole on retry`, async () => {
      const entityRef = refOf('reimport');
      expect((await uploadReport(server, entityRef, small)).status).toBe(201);
      const first = await stateOf(entityRef);
      expect(first).toMatchObject({ findings: SMALL, events: 0, scans: 1 });

      // the second report: 500 of the first gone (fixed), 500 new, 100 rewritten
      const changed = new Set(Array.from({ length: 100 }, (_, k) => 2_000 + k));
      const second = bigReport({ from: 500, count: SMALL, changed });
      const upload = uploadReport(server, entityRef, second).then(r => r);
      // the finding events are the last writes of the findings (after the fixes, the rewrites
      // and the inserts)
      const { killed, query } = await killAtLockedStatement(
        'posture_finding_events',
        /^insert into "posture_finding_events"/,
        upload,
      );
      expect(query).toMatch(/^insert into "posture_finding_events"/);
      expect(killed).toBeGreaterThan(0);
      expectUnavailable(await upload);
      expect(await stateOf(entityRef)).toEqual(first);

      const res = await retried(entityRef, second);
      expect(res.status).toBe(201);
      expect(res.body.counts).toMatchObject({
        new: 500,
        unchanged: SMALL - 500,
        fixed: 500,
      });
      const after = await stateOf(entityRef);
      expect(after).toMatchObject({
        findings: SMALL + 500,
        events: 500,
        scans: 2,
        audit: 2,
      });
      expect(after.findingsDigest).not.toBe(first.findingsDigest);
      const byStatus = await watcher('posture_findings')
        .where({ entity_ref: entityRef })
        .groupBy('status')
        .select('status', watcher.raw('count(*)::int as n'));
      expect(Object.fromEntries(byStatus.map(r => [r.status, r.n]))).toEqual({
        open: SMALL,
        fixed: 500,
      });
      const rewritten = await watcher('posture_findings')
        .where({ entity_ref: entityRef })
        .where('message', 'like', '% (changed)')
        .count({ n: '*' });
      expect(Number(rewritten[0].n)).toBe(100);
    });

    it(`answers 503 with Retry-After when its connections are killed at the component lock and half-way through the finding inserts of a ${RESULTS}-result ingest, keeps none of it, and applies it whole on retry`, async () => {
      // the component's row, upserted (and so locked) first in the ingest's transaction
      const locked = refOf('component-lock');
      let upload = uploadReport(server, locked, report).then(r => r);
      const atLock = await killAtLockedStatement(
        'posture_components',
        /^insert into "posture_components"/,
        upload,
      );
      expect(atLock.query).toMatch(/^insert into "posture_components"/);
      expect(atLock.killed).toBeGreaterThan(0);
      expectUnavailable(await upload);
      await expectNoneOf(locked);

      // half of the report's rows in the table (uncommitted) while its inserts still run
      const halfWay = refOf('finding-inserts');
      expect(rowBytes).toBeGreaterThan(0);
      const before = await findingsBytes();
      const half = (rowBytes * RESULTS) / 2;
      upload = uploadReport(server, halfWay, report).then(r => r);
      let settled = false;
      upload.then(() => (settled = true));
      let killed = 0;
      for (let i = 0; i < 12_000 && !settled && killed === 0; i += 1) {
        if ((await findingsBytes()) - before >= half) {
          killed = await terminatePlugin(
            [],
            `a.state = 'active' and a.query like 'insert into "posture_findings"%'`,
          );
        }
        if (killed === 0) await sleep(10);
      }
      expect(killed).toBeGreaterThan(0);
      expectUnavailable(await upload);
      expect((await findingsBytes()) - before).toBeGreaterThanOrEqual(half);
      await expectNoneOf(halfWay);

      // both uploads again, at once (two cores: one ingest's inserts run while the other parses)
      const [again1, again2] = await Promise.all([
        retried(locked, report),
        retried(halfWay, report),
      ]);
      await expectAppliedWhole(locked, again1, RESULTS);
      await expectAppliedWhole(halfWay, again2, RESULTS);
    });

    it(`answers 503 with Retry-After when the connection is lost after the server committed an ingest (${SMALL} results), keeps all of it, and answers the retry as the same report`, async () => {
      const entityRef = refOf('commit');
      // a second replica whose connections go through a proxy that loses the COMMIT's answer
      const connection = knex.client.config.connection;
      const target =
        typeof connection === 'string'
          ? new URL(connection)
          : { hostname: connection.host, port: connection.port ?? 5432 };
      const proxy = await startPgProxy({
        host: String(target.hostname),
        port: Number(target.port || 5432),
      });
      const viaProxy = knexFactory({
        client: 'pg',
        connection:
          typeof connection === 'string'
            ? Object.assign(new URL(connection), {
                hostname: '127.0.0.1',
                port: String(proxy.port),
              }).toString()
            : { ...connection, host: '127.0.0.1', port: proxy.port },
        pool: { min: 0, max: 5 },
      });
      const replica = await startPostureBackend({
        knex: viaProxy,
        entities,
        config: { securityPosture: { notifications: { enabled: false } } },
      });
      try {
        // the COMMIT after the ingest's audit record reaches the server; its answer does not
        const cut = proxy.cutAfterCommit('insert into "audit_events"');
        const res = await uploadReport(replica.server, entityRef, small);
        await cut;
        expectUnavailable(res);
        // the server committed: all of the report is there, once
        expect(await stateOf(entityRef)).toMatchObject({
          findings: SMALL,
          events: 0,
          scans: 1,
          snapshots: 1,
          audit: 1,
        });
        const committed = await stateOf(entityRef);
        expect(committed.posture).not.toBeNull();

        // the client retries through the same replica: the same report again, nothing new,
        // nothing lost and nothing twice (a scan of it recorded, the findings as they were)
        const again = await uploadReport(replica.server, entityRef, small);
        expect(again.status).toBe(201);
        expect(again.body.counts).toMatchObject({
          new: 0,
          unchanged: SMALL,
          fixed: 0,
          reopened: 0,
        });
        expect(await stateOf(entityRef)).toMatchObject({
          findings: SMALL,
          findingsDigest: committed.findingsDigest,
          events: 0,
          scans: 2,
          snapshots: 1,
          audit: 2,
        });
        const open = await watcher('posture_findings')
          .where({ entity_ref: entityRef, status: 'open' })
          .count({ n: '*' });
        expect(Number(open[0].n)).toBe(SMALL);
      } finally {
        await replica.backend.stop();
        await viaProxy.destroy();
        await proxy.close();
      }
    });
  },
);
