import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  FindingsQuery,
  PostureCheck,
} from '@golden-path/plugin-security-posture-common';
import { Knex } from 'knex';
import {
  ApplyFindingsInput,
  ComponentFacts,
  FindingRank,
  PostureStore,
  ScanRow,
  Snapshot,
  PostureToSave,
} from './PostureStore';
import { migrateToLatest } from './tables';
import { applyFindings } from './operations/applyFindings';
import { countChecks, replaceChecks } from './operations/checks';
import {
  getComponent,
  getComponentToServe,
  getComponents,
  listComponents,
  listScorecardFacts,
  lockComponent,
  savePosture,
  setExpectedScanners,
  upsertComponent,
} from './operations/components';
import { listFindings } from './operations/listFindings';
import {
  computeFacts,
  countNewUrgent,
  countSlaBreaches,
  nextSlaDue,
} from './operations/postureFacts';
import { listRankInputs, updateRanks } from './operations/ranks';
import {
  getFinding,
  openFindingsOn,
  topFindings,
} from './operations/readFindings';
import {
  countSeen,
  findReusableScans,
  insertScan,
  latestScanAt,
  markReseen,
} from './operations/scans';
import {
  listSnapshots,
  listSnapshotScores,
  upsertSnapshot,
} from './operations/snapshots';

/**
 * The {@link PostureStore} on knex: SQLite (embedded default) and PostgreSQL. Each method is one
 * operation of `operations/`; this class only binds them to the plugin's database.
 *
 * @internal
 */
export class DatabasePostureStore implements PostureStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabasePostureStore> {
    const client = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await migrateToLatest(client);
    }
    return new DatabasePostureStore(client);
  }

  private constructor(private readonly db: Knex) {}

  transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }

  getComponent(entityRef: string, tx: Knex = this.db) {
    return getComponent(tx, entityRef);
  }

  getComponentToServe(entityRef: string) {
    return getComponentToServe(this.db, entityRef);
  }

  getComponents(entityRefs: string[], tx: Knex = this.db) {
    return getComponents(tx, entityRefs);
  }

  listComponents() {
    return listComponents(this.db);
  }

  listScorecardFacts() {
    return listScorecardFacts(this.db);
  }

  lockComponent(tx: Knex, entityRef: string) {
    return lockComponent(tx, entityRef);
  }

  upsertComponent(
    tx: Knex,
    facts: ComponentFacts,
    now: string,
    enrollment?: Parameters<typeof upsertComponent>[3],
  ) {
    return upsertComponent(tx, facts, now, enrollment);
  }

  setExpectedScanners(
    tx: Knex,
    entityRef: string,
    expectedScanners: string[] | null,
    now: string,
  ) {
    return setExpectedScanners(tx, entityRef, expectedScanners, now);
  }

  savePosture(tx: Knex, entityRef: string, posture: PostureToSave) {
    return savePosture(tx, entityRef, posture);
  }

  latestScanAt(tx: Knex, entityRef: string) {
    return latestScanAt(tx, entityRef);
  }

  insertScan(tx: Knex, scan: ScanRow) {
    return insertScan(tx, scan);
  }

  findReusableScans(
    tx: Knex,
    entityRef: string,
    branch: string,
    reportSha256: string,
  ) {
    return findReusableScans(tx, entityRef, branch, reportSha256);
  }

  countSeen(
    tx: Knex,
    scope: { entityRef: string; tool: string; branch: string },
  ) {
    return countSeen(tx, scope);
  }

  markReseen(tx: Knex, input: Parameters<typeof markReseen>[1]) {
    return markReseen(tx, input);
  }

  applyFindings(tx: Knex, input: ApplyFindingsInput) {
    return applyFindings(tx, input);
  }

  replaceChecks(
    tx: Knex,
    entityRef: string,
    scanId: string,
    checks: PostureCheck[],
    now: string,
  ) {
    return replaceChecks(tx, entityRef, scanId, checks, now);
  }

  countChecks(tx: Knex, entityRef: string) {
    return countChecks(tx, entityRef);
  }

  computeFacts(
    entityRef: string,
    branch: string,
    now: string,
    tx: Knex = this.db,
  ) {
    return computeFacts(tx, entityRef, branch, now);
  }

  nextSlaDue(
    entityRef: string,
    branch: string,
    now: string,
    tx: Knex = this.db,
  ) {
    return nextSlaDue(tx, entityRef, branch, now);
  }

  countNewUrgent(tx: Knex, entityRef: string, now: string) {
    return countNewUrgent(tx, entityRef, now);
  }

  countSlaBreaches(
    entityRef: string,
    branch: string,
    from: string,
    to: string,
  ) {
    return countSlaBreaches(this.db, entityRef, branch, from, to);
  }

  upsertSnapshot(tx: Knex, snapshot: Snapshot) {
    return upsertSnapshot(tx, snapshot);
  }

  listSnapshots(entityRefs: string[], sinceDay: string) {
    return listSnapshots(this.db, entityRefs, sinceDay);
  }

  listSnapshotScores(
    entityRefs: string[],
    sinceDay: string,
    beforeDay?: string,
  ) {
    return listSnapshotScores(this.db, entityRefs, sinceDay, beforeDay);
  }

  listRankInputs(entityRef: string, tx: Knex = this.db) {
    return listRankInputs(tx, entityRef);
  }

  updateRanks(tx: Knex, updates: { id: string; rank: FindingRank }[]) {
    return updateRanks(tx, updates);
  }

  topFindings(
    entityRef: string,
    branch: string,
    now: string,
    limit: number,
    tx: Knex = this.db,
  ) {
    return topFindings(tx, entityRef, branch, now, limit);
  }

  listFindings(
    entityRef: string,
    branch: string,
    query: FindingsQuery,
    now: string,
  ) {
    return listFindings(this.db, entityRef, branch, query, now);
  }

  getFinding(entityRef: string, id: string, now: string) {
    return getFinding(this.db, entityRef, id, now);
  }

  openFindingsOn(entityRef: string, paths: string[]) {
    return openFindingsOn(this.db, entityRef, paths);
  }
}
