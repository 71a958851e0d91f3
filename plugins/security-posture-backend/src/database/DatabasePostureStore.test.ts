import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ParsedFinding } from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import { DEFAULT_POSTURE_CONFIG } from '../config';
import { parseReport } from '../parsers';
import { readFixture } from '../parsers/testFixtures';
import { DatabasePostureStore } from './DatabasePostureStore';
import { ApplyCounts, ComponentFacts, StoredPosture } from './PostureStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const REF = 'component:default/payments-api';
const BRANCH = 'main';
const T0 = '2026-03-01T10:00:00.000Z';
const T1 = '2026-03-02T10:00:00.000Z';
const T2 = '2026-03-03T10:00:00.000Z';
const FACTS: ComponentFacts = {
  entityRef: REF,
  tier: 1,
  lifecycle: 'production',
  ownerRef: 'group:default/payments',
  systemRef: 'system:default/payments',
  domainRef: null,
};
const SLA = DEFAULT_POSTURE_CONFIG.slaDays;

/** Semgrep's real SARIF (77 results), parsed as an upload would be. */
function semgrepFindings(): ParsedFinding[] {
  return parseReport(
    readFixture('sarif', 'defectdojo_semgrep-1.69.0_issue_10191.sarif.json'),
    {},
  ).findings;
}

function stored(now: string): StoredPosture {
  return {
    computedAt: now,
    validUntil: T2,
    open: { critical: 0, high: 1, medium: 0, low: 0, info: 0 },
    overdue: 0,
    overdueBySeverity: { critical: 0, high: 0, medium: 0, low: 0, info: 0 },
    suppressed: 0,
    breakdown: [{ label: '1 high', points: -10 }],
    mttr: { fixed: 0, meanDays: null },
    coverage: [],
    checks: [],
  };
}

describe.each(databases.eachSupportedId())(
  'DatabasePostureStore operations on %p',
  databaseId => {
    let knex: Knex;
    let store: DatabasePostureStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId as TestDatabaseId);
      store = await DatabasePostureStore.create({
        database: mockServices.database({ knex }),
      });
    });

    afterEach(async () => {
      await knex.destroy();
    });

    it('reads one component alike in and out of a transaction, also once its session lost the prepared statement', async () => {
      await store.transaction(async tx => {
        await store.upsertComponent(tx, FACTS, T0);
        await store.savePosture(tx, REF, {
          score: 80,
          grade: 'B',
          stored: stored(T0),
          lastScanAt: T0,
          topFindings: [],
        });
      });
      const outside = await store.getComponent(REF);
      expect(outside).toMatchObject({
        entityRef: REF,
        tier: 1,
        score: 80,
        grade: 'B',
        lastScanAt: T0,
        topFindings: [],
      });
      expect(outside!.posture).toEqual(stored(T0));
      expect(
        await store.transaction(tx => store.getComponent(REF, tx)),
      ).toEqual(outside);
      expect(await store.getComponentToServe(REF)).toEqual({
        component: { ...outside, topFindings: null },
        topFindingsJson: '[]',
      });
      expect(
        await store.getComponent('component:default/no-such-thing'),
      ).toBeUndefined();
      if (knex.client.config.client === 'pg') {
        // every session of the pool forgets its prepared statements, as behind a pooler
        const pool = knex.client.pool;
        const sessions = await Promise.all(
          Array.from({ length: pool.numFree() + pool.numUsed() }, () =>
            knex.client.acquireConnection(),
          ),
        );
        for (const session of sessions) await session.query('DEALLOCATE ALL');
        for (const session of sessions) {
          await knex.client.releaseConnection(session);
        }
      }
      // read again: the same (on PostgreSQL, sent unnamed after the forgotten statement failed)
      expect(await store.getComponent(REF)).toEqual(outside);
      expect(await store.getComponent(REF)).toEqual(outside);
    });

    /** Applies findings as one complete scan of semgrep at `now`, with its scan row. */
    async function scan(
      findings: ParsedFinding[],
      now: string,
      scanId: string,
      complete = true,
    ): Promise<ApplyCounts> {
      return store.transaction(async tx => {
        await store.upsertComponent(tx, FACTS, now);
        const counts = await store.applyFindings(tx, {
          entityRef: REF,
          tool: 'semgrep',
          branch: BRANCH,
          scanId,
          now,
          complete,
          findings,
          slaDays: SLA,
          honourSuppressions: true,
          rank: f => ({
            kev: false,
            epss: null,
            priority_score: f.severity === 'high' ? 60 : 20,
          }),
        });
        await store.insertScan(tx, {
          id: scanId,
          entityRef: REF,
          tool: 'semgrep',
          toolVersion: '1.69.0',
          kinds: ['sast'],
          format: 'sarif',
          branch: BRANCH,
          commit: null,
          complete,
          uploadedBy: 'service:test',
          counts,
          createdAt: now,
          reportSha256: `sha-${scanId}`,
        });
        return counts;
      });
    }

    it('creates, refreshes and enrolls components, and keeps the catalog template over the enrollment', async () => {
      await store.transaction(tx =>
        store.upsertComponent(tx, FACTS, T0, {
          expectedScanners: ['secret', 'sast'],
          templateRef: 'template:default/node-service',
          templateVersion: '1.0.0',
        }),
      );
      await store.transaction(tx =>
        store.upsertComponent(
          tx,
          {
            ...FACTS,
            tier: 2,
            templateVersion: '1.1.0',
            templateRef: 'template:default/node-service',
          },
          T1,
        ),
      );
      const row = await store.getComponent(REF);
      expect(row).toMatchObject({
        entityRef: REF,
        tier: 2,
        expectedScanners: ['secret', 'sast'],
        templateRef: 'template:default/node-service',
        templateVersion: '1.1.0',
        enrolledAt: T0,
        posture: null,
        topFindings: null,
      });
      expect((await store.listComponents()).map(c => c.entityRef)).toEqual([
        REF,
      ]);
      expect(await store.getComponent('component:default/unknown')).toBe(
        undefined,
      );
    });

    it('reads the scores of a window for a few components and for most of a fleet alike', async () => {
      // 1,900 components: more than twice the ids of one IN list, so read by day
      const refs = Array.from(
        { length: 1900 },
        (_, i) => `component:default/fleet-${String(i).padStart(4, '0')}`,
      );
      const rows = refs.flatMap((ref, i) =>
        ['2026-02-27', '2026-02-28', '2026-03-01'].map((day, d) => ({
          entity_ref: ref,
          day,
          // before the first scan a day has no score; it is left out
          score: i % 7 === 0 && d === 1 ? null : (i + d) % 100,
          grade: null,
          open_counts: '{}',
          overdue: 0,
        })),
      );
      for (let i = 0; i < rows.length; i += 400) {
        await knex('posture_snapshots').insert(rows.slice(i, i + 400));
      }
      const expected = (wanted: string[]) =>
        rows
          .filter(
            r =>
              wanted.includes(r.entity_ref) &&
              r.day >= '2026-02-28' &&
              r.score !== null,
          )
          .map(r => `${r.entity_ref} ${r.day} ${r.score}`)
          .sort();
      const read = async (wanted: string[]) =>
        (await store.listSnapshotScores(wanted, '2026-02-28'))
          .map(s => `${s.entityRef} ${s.day} ${s.score}`)
          .sort();
      const most = refs.slice(0, 1850);
      expect(await read(most)).toEqual(expected(most));
      const few = [refs[0], refs[7], refs[1899]];
      expect(await read(few)).toEqual(expected(few));
      // two days each in the window, less the unscored day of fleet-0000 and fleet-0007
      expect((await read(few)).length).toBe(4);
      // a window that ends before a day: the last day is left out, by day and by component alike
      const before = async (wanted: string[]) =>
        (await store.listSnapshotScores(wanted, '2026-02-27', '2026-03-01'))
          .map(s => `${s.entityRef} ${s.day} ${s.score}`)
          .sort();
      const onlyFirstTwoDays = (wanted: string[]) =>
        rows
          .filter(
            r =>
              wanted.includes(r.entity_ref) &&
              r.day < '2026-03-01' &&
              r.score !== null,
          )
          .map(r => `${r.entity_ref} ${r.day} ${r.score}`)
          .sort();
      expect(await before(most)).toEqual(onlyFirstTwoDays(most));
      expect(await before(few)).toEqual(onlyFirstTwoDays(few));
      expect(await before(few)).toHaveLength(4);
    });

    it('applies reimports: new, unchanged, fixed and reopened, with events', async () => {
      const all = semgrepFindings();
      const first = await scan(all, T0, 's1');
      expect(first).toMatchObject({
        new: 77,
        unchanged: 0,
        fixed: 0,
        total: 77,
      });

      const fewer = all.slice(10);
      const second = await scan(fewer, T1, 's2');
      expect(second).toMatchObject({ new: 0, unchanged: 67, fixed: 10 });

      // nine come back as they were stored (updated together), one with another message
      const changed = {
        ...all[0],
        message: 'reported again, with other words',
      };
      const third = await scan([changed, ...all.slice(1)], T2, 's3');
      expect(third).toMatchObject({ new: 0, unchanged: 67, reopened: 10 });
      const reopenedRows = await knex('posture_findings')
        .whereIn(
          'fingerprint',
          all.slice(0, 10).map(f => f.fingerprint),
        )
        .select('*');
      expect(reopenedRows).toHaveLength(10);
      for (const row of reopenedRows) {
        const reported =
          row.fingerprint === changed.fingerprint
            ? changed
            : all.find(f => f.fingerprint === row.fingerprint)!;
        expect(row).toMatchObject({
          status: 'open',
          fixed_at: null,
          reopen_count: 1,
          last_scan_id: 's3',
          message: reported.message,
          severity: reported.severity,
          priority_score: reported.severity === 'high' ? 60 : 20,
        });
        // a fresh remediation window from the reopening, by severity
        expect(new Date(row.sla_due_at).toISOString()).toBe(
          new Date(
            Date.parse(T2) +
              SLA[reported.severity as keyof typeof SLA]! * 86_400_000,
          ).toISOString(),
        );
        expect(new Date(row.last_seen_at).toISOString()).toBe(T2);
      }

      const [{ n }] = await knex('posture_finding_events')
        .where({ event: 'reopened' })
        .count({ n: '*' });
      expect(Number(n)).toBe(10);
      const page = await store.listFindings(
        REF,
        BRANCH,
        { status: ['open'], limit: 500 },
        T2,
      );
      expect(page.totalCount).toBe(77);
      expect(page.items.every(f => f.lastSeenAt === T2)).toBe(true);
    });

    it('finds an unchanged complete report again, counts what it sees and records the re-seen scan', async () => {
      await scan(semgrepFindings(), T0, 's1');
      const reusable = await store.transaction(tx =>
        store.findReusableScans(tx, REF, BRANCH, 'sha-s1'),
      );
      expect(reusable).toEqual([
        {
          tool: 'semgrep',
          baseScanId: 's1',
          toolVersion: '1.69.0',
          kinds: ['sast'],
          format: 'sarif',
        },
      ]);
      expect(
        await store.transaction(tx =>
          store.findReusableScans(tx, REF, BRANCH, 'sha-other'),
        ),
      ).toBeUndefined();
      const seen = await store.transaction(tx =>
        store.countSeen(tx, {
          entityRef: REF,
          tool: 'semgrep',
          branch: BRANCH,
        }),
      );
      expect(seen).toMatchObject({ unchanged: 77, new: 0, total: 77 });
      await store.transaction(tx =>
        store.markReseen(tx, {
          entityRef: REF,
          baseScanId: 's1',
          scanId: 's1-again',
          now: T1,
        }),
      );
      // last-seen times are derived from the re-seen row, not rewritten per finding
      const page = await store.listFindings(REF, BRANCH, { limit: 3 }, T1);
      expect(page.items.map(f => f.lastSeenAt)).toEqual([T1, T1, T1]);
      const [{ n }] = await knex('posture_findings')
        .where({ last_seen_at: T0 })
        .count({ n: '*' });
      expect(Number(n)).toBe(77);
    });

    it('computes facts, SLA dates and urgent counts from stored findings', async () => {
      const all = semgrepFindings();
      await scan(all, T0, 's1');
      const facts = await store.computeFacts(REF, BRANCH, T0);
      const bySeverity = all.reduce<Record<string, number>>((m, f) => {
        m[f.severity] = (m[f.severity] ?? 0) + 1;
        return m;
      }, {});
      for (const [severity, count] of Object.entries(bySeverity)) {
        expect(facts.open[severity as keyof typeof facts.open]).toBe(count);
      }
      expect(facts.coverage).toEqual([
        { tool: 'semgrep', kinds: ['sast'], lastScanAt: T0 },
      ]);
      expect(facts.mttr).toEqual({ fixed: 0, meanDays: null });

      // the earliest due date of an open finding: its severity's SLA days after first seen
      const earliestDays = Math.min(
        ...all
          .map(f => SLA[f.severity])
          .filter((d): d is number => d !== undefined),
      );
      expect(await store.nextSlaDue(REF, BRANCH, T0)).toBe(
        new Date(Date.parse(T0) + earliestDays * 86_400_000).toISOString(),
      );
      const urgent = await store.transaction(tx =>
        store.countNewUrgent(tx, REF, T0),
      );
      expect(urgent).toEqual({
        critical: bySeverity.critical ?? 0,
        knownExploited: 0,
      });
      // past every due date, every finding with an SLA has breached in the window
      const late = new Date(Date.parse(T0) + 400 * 86_400_000).toISOString();
      const withSla = all.filter(f => SLA[f.severity] !== undefined).length;
      expect(await store.countSlaBreaches(REF, BRANCH, T0, late)).toBe(withSla);
      expect((await store.computeFacts(REF, BRANCH, late)).overdue.high).toBe(
        bySeverity.high ?? 0,
      );
    });

    it('fixes findings a complete scan no longer has, and measures time to remediate', async () => {
      const all = semgrepFindings();
      await scan(all, T0, 's1');
      await scan(all.slice(1), T2, 's2');
      const facts = await store.computeFacts(REF, BRANCH, T2);
      expect(facts.mttr).toEqual({ fixed: 1, meanDays: 2 });
    });

    it('leaves findings a partial scan does not name open', async () => {
      const all = semgrepFindings();
      await scan(all, T0, 's1');
      const partial = await scan(all.slice(0, 5), T1, 's2', false);
      expect(partial).toMatchObject({ unchanged: 5, fixed: 0 });
      const open = await store.listFindings(
        REF,
        BRANCH,
        { status: ['open'], limit: 1 },
        T1,
      );
      expect(open.totalCount).toBe(77);
    });

    it('replaces checks, saves the posture with top findings, and keeps one snapshot a day', async () => {
      await scan(semgrepFindings(), T0, 's1');
      await store.transaction(tx =>
        store.replaceChecks(
          tx,
          REF,
          's1',
          [
            { name: 'Branch-Protection', score: 3, reason: 'r' },
            {
              name: 'Pinned-Dependencies',
              score: 10,
              reason: 'r',
              details: ['d'],
            },
          ],
          T0,
        ),
      );
      await store.transaction(tx =>
        store.replaceChecks(
          tx,
          REF,
          's1',
          [{ name: 'Fuzzing', score: 0, reason: 'none' }],
          T0,
        ),
      );
      expect(await store.transaction(tx => store.countChecks(tx, REF))).toBe(1);
      expect((await store.computeFacts(REF, BRANCH, T0)).checks).toEqual([
        { name: 'Fuzzing', score: 0, reason: 'none' },
      ]);

      const top = await store.topFindings(REF, BRANCH, T0, 5);
      expect(top).toHaveLength(5);
      // highest priority first
      const scores = top.map(f => f.priorityScore);
      expect([...scores].sort((a, b) => b - a)).toEqual(scores);
      await store.transaction(tx =>
        store.savePosture(tx, REF, {
          score: 90,
          grade: 'A',
          stored: stored(T0),
          lastScanAt: T0,
          topFindings: top.map(({ priorityScore, ...f }) => ({
            ...f,
            priority: { score: priorityScore, label: 'P2' },
          })),
        }),
      );
      const row = await store.getComponent(REF);
      expect(row).toMatchObject({ score: 90, grade: 'A', lastScanAt: T0 });
      expect(row?.posture?.validUntil).toBe(T2);
      expect(row?.topFindings).toHaveLength(5);

      const snapshot = (score: number) => ({
        entityRef: REF,
        day: '2026-03-01',
        score,
        grade: 'B',
        open: stored(T0).open,
        overdue: 0,
      });
      await store.transaction(tx => store.upsertSnapshot(tx, snapshot(80)));
      await store.transaction(tx => store.upsertSnapshot(tx, snapshot(70)));
      expect(await store.listSnapshots([REF], '2026-03-01')).toEqual([
        {
          entityRef: REF,
          day: '2026-03-01',
          score: 70,
          grade: 'B',
          open: stored(T0).open,
          overdue: 0,
        },
      ]);
      expect(await store.listSnapshots([REF], '2026-03-02')).toEqual([]);
    });

    it('pages findings by priority with a cursor, searches, and reads one with its history', async () => {
      await scan(semgrepFindings(), T0, 's1');
      const seen = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await store.listFindings(
          REF,
          BRANCH,
          { limit: 20, cursor },
          T0,
        );
        page.items.forEach(f => seen.add(f.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.size).toBe(77);
      await expect(
        store.listFindings(REF, BRANCH, { cursor: 'not-a-cursor' }, T0),
      ).rejects.toThrow('cursor is not valid');

      const [one] = (await store.listFindings(REF, BRANCH, { limit: 1 }, T0))
        .items;
      const searched = await store.listFindings(
        REF,
        BRANCH,
        { q: one.ruleId.toUpperCase(), limit: 100 },
        T0,
      );
      expect(searched.items.map(f => f.id)).toContain(one.id);
      expect(
        searched.items.every(
          f =>
            f.ruleId === one.ruleId ||
            f.title.toLowerCase().includes(one.ruleId.toLowerCase()) ||
            (f.location?.path ?? '')
              .toLowerCase()
              .includes(one.ruleId.toLowerCase()),
        ),
      ).toBe(true);

      const detail = await store.getFinding(REF, one.id, T0);
      expect(detail?.history).toEqual([
        { scanId: 's1', at: T0, event: 'opened', commit: null },
      ]);
      expect(await store.getFinding(REF, 'x1', T0)).toBeUndefined();
      expect(
        await store.getFinding('component:default/other', one.id, T0),
      ).toBeUndefined();

      const onFile = await store.openFindingsOn(REF, [one.location!.path]);
      expect(onFile.length).toBeGreaterThan(0);
      expect(onFile.every(f => f.path === one.location!.path)).toBe(true);
      expect(await store.openFindingsOn(REF, [])).toEqual([]);
    });

    it('lists rank inputs and stores new ranks', async () => {
      await scan(semgrepFindings(), T0, 's1');
      const inputs = await store.listRankInputs(REF);
      expect(inputs).toHaveLength(77);
      const [first] = inputs;
      await store.transaction(tx =>
        store.updateRanks(tx, [
          { id: first.id, rank: { kev: true, epss: 0.5, priority_score: 99 } },
        ]),
      );
      const after = (await store.listRankInputs(REF)).find(
        i => i.id === first.id,
      );
      expect(after?.rank).toEqual({ kev: true, epss: 0.5, priority_score: 99 });
      expect((await store.topFindings(REF, BRANCH, T0, 1))[0].id).toBe(
        first.id,
      );
    });
  },
);
