import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { anotherPool } from '../__testUtils__/database';
import request from 'supertest';
import {
  API,
  startPostureBackend,
  TestServer,
  uploadReport,
} from '../__testUtils__/backend';
import { readFixture } from '../parsers/testFixtures';

jest.setTimeout(180_000);

// two backends on one database: replicas are a PostgreSQL matter (the embedded SQLite is one process)
const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

const PAYMENTS = 'component:default/payments-api';
const SEMGREP = JSON.parse(
  readFixture(
    'sarif',
    'defectdojo_semgrep-1.69.0_issue_10191.sarif.json',
  ).toString(),
);
/** The full report (77 results) and a later one without its first 30 results. */
const FULL = JSON.stringify(SEMGREP);
const PARTIAL = JSON.stringify({
  ...SEMGREP,
  runs: [{ ...SEMGREP.runs[0], results: SEMGREP.runs[0].results.slice(30) }],
});
const SIZE = { [FULL]: 77, [PARTIAL]: 47 } as Record<string, number>;

type Counts = {
  new: number;
  unchanged: number;
  fixed: number;
  reopened: number;
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Which order of the two uploads explains their answers. */
function orderOf(given: object, inOrder: object, reversed: object): string {
  const text = JSON.stringify(given);
  if (text === JSON.stringify(inOrder)) return 'in order';
  if (text === JSON.stringify(reversed)) return 'reversed';
  return `neither: ${JSON.stringify({ given, inOrder, reversed })}`;
}

/** What applying a report of `size` results over a state of `open` (of 77) must answer. */
function expected(size: number, open: number): Counts {
  // every fingerprint exists already; the partial report is a subset of the full one
  const openSeen = Math.min(size, open);
  return {
    new: 0,
    unchanged: openSeen,
    reopened: size - openSeen,
    fixed: open - openSeen,
  };
}

describe.each(databases.eachSupportedId())(
  'concurrent uploads to two replicas on %p',
  databaseId => {
    let knex: Knex;
    let second: Knex;
    let replicas: TestServer[];

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      second = anotherPool(knex);
      const config = { securityPosture: { notifications: { enabled: false } } };
      replicas = [
        (await startPostureBackend({ knex, config })).server,
        (await startPostureBackend({ knex: second, config })).server,
      ];
    });

    afterAll(async () => {
      await second.destroy();
    });

    async function state() {
      const rows = await knex('posture_findings')
        .where({ entity_ref: PAYMENTS, tool: 'semgrep' })
        .select('fingerprint', 'status');
      const open = rows.filter(r => r.status === 'open').length;
      const latest = await knex('posture_scans')
        .where({ entity_ref: PAYMENTS, tool: 'semgrep' })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .first('count_total');
      return {
        rows: rows.length,
        fingerprints: new Set(rows.map(r => r.fingerprint)).size,
        open,
        latestTotal: Number(latest.count_total),
      };
    }

    it('applies interleaved reports one after the other: every answer matches the state before it, and the last one applied wins', async () => {
      const first = await uploadReport(replicas[0], PAYMENTS, FULL);
      expect(first.status).toBe(201);
      let open = 77;
      for (let round = 0; round < 6; round += 1) {
        // each round, the report that is not the current state and the current one again, at
        // once, through different replicas (which replica gets which alternates)
        const bodies = open === 77 ? [PARTIAL, FULL] : [FULL, PARTIAL];
        const [x, y] = round % 2 === 0 ? [0, 1] : [1, 0];
        const [sooner, later] = [replicas[x], replicas[y]];
        const answers = await Promise.all([
          uploadReport(sooner, PAYMENTS, bodies[0]),
          sleep(round * 20).then(() =>
            uploadReport(later, PAYMENTS, bodies[1]),
          ),
        ]);
        for (const answer of answers) expect(answer.status).toBe(201);
        const counts = answers.map(a => a.body.counts as Counts);
        // the same keys in the same order as `expected`, to compare as text
        const pick = (c: Counts) => ({
          new: c.new,
          unchanged: c.unchanged,
          reopened: c.reopened,
          fixed: c.fixed,
        });
        // one of the two orders explains both answers
        const sizes = bodies.map(b => SIZE[b]);
        const inOrder = [
          expected(sizes[0], open),
          expected(sizes[1], sizes[0]),
        ];
        const reversed = [
          expected(sizes[0], sizes[1]),
          expected(sizes[1], open),
        ];
        const asGiven = counts.map(pick);
        const order = orderOf(asGiven, inOrder, reversed);
        expect(['in order', 'reversed']).toContain(order);
        const last = order === 'in order' ? sizes[1] : sizes[0];
        const now = await state();
        // the final state is the last applied report's: no duplicate, every count agrees
        expect(now).toEqual({
          rows: 77,
          fingerprints: 77,
          open: last,
          latestTotal: last,
        });
        const posture = await request(replicas[round % 2])
          .get(`${API}/v1/entities/component/default/payments-api/posture`)
          .set('Authorization', 'Bearer mock-user-token');
        const served = Object.values(
          posture.body.open as Record<string, number>,
        ).reduce((a, b) => a + b, 0);
        expect(served).toBe(last);
        open = last;
      }
      // a later upload of the state's own report changes nothing
      const again = await uploadReport(
        replicas[1],
        PAYMENTS,
        open === 77 ? FULL : PARTIAL,
      );
      expect(again.body.counts).toMatchObject({
        new: 0,
        fixed: 0,
        reopened: 0,
        unchanged: open,
      });
    });

    it('reopens what a report fixed when the earlier report comes again right after it', async () => {
      await uploadReport(replicas[0], PAYMENTS, FULL);
      // the scenario of issue #14: B (A minus results) and, a moment later, A again
      const [b, a] = await Promise.all([
        uploadReport(replicas[0], PAYMENTS, PARTIAL),
        sleep(100).then(() => uploadReport(replicas[1], PAYMENTS, FULL)),
      ]);
      expect(b.body.counts).toMatchObject({ fixed: 30, unchanged: 47 });
      expect(a.body.counts).toMatchObject({ reopened: 30, unchanged: 47 });
      expect((await state()).open).toBe(77);
    });
  },
);
