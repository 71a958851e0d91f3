import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { isPostgres } from '../database/tables';

const RUNS = 'posture_upgrade_runs';
const JOBS = 'posture_upgrade_jobs';

/** A run of template upgrades as stored. @internal */
export interface UpgradeRunRow {
  id: string;
  template_ref: string;
  target_version: string | null;
  answers: string | null;
  requested_by: string;
  total: number;
  created_at: string | Date;
  finished_at: string | Date | null;
}

/** One component's job of a run as stored. @internal */
export interface UpgradeJobRow {
  id: number | string;
  run_id: string;
  entity_ref: string;
  host: string;
  state: 'queued' | 'running' | 'done';
  claimed_by: string | null;
  lease_until: string | Date | null;
  attempts: number;
  outcome: string | null;
  error: string | null;
  branch: string | null;
  change_url: string | null;
  updated_at: string | Date;
}

/** What a finished job did. @internal */
export interface JobOutcome {
  outcome: string;
  error: string | null;
  branch: string | null;
  changeUrl: string | null;
}

/** How many jobs of a run are in each state, and how the finished ones ended. @internal */
export interface RunCounts {
  states: Record<'queued' | 'running' | 'done', number>;
  outcomes: Record<string, number>;
}

/**
 * The queue of template-upgrade jobs (tables `posture_upgrade_runs`, `posture_upgrade_jobs`):
 * runs are enqueued in one transaction; a worker claims a job with a conditional update (so two
 * workers never hold one job) and holds it until its lease ends; a job whose worker died is
 * claimable again once its lease has run out.
 *
 * @internal
 */
export class UpgradeJobStore {
  constructor(private readonly db: Knex) {}

  /** Stores a run and one queued job per component, in one transaction. */
  async enqueue(run: {
    templateRef: string;
    targetVersion?: string;
    answers?: Record<string, unknown>;
    requestedBy: string;
    components: { entityRef: string; host: string }[];
    now: Date;
  }): Promise<UpgradeRunRow> {
    const row: UpgradeRunRow = {
      id: randomUUID(),
      template_ref: run.templateRef,
      target_version: run.targetVersion ?? null,
      answers: run.answers ? JSON.stringify(run.answers) : null,
      requested_by: run.requestedBy,
      total: run.components.length,
      created_at: run.now,
      finished_at: null,
    };
    await this.db.transaction(async tx => {
      await tx(RUNS).insert(row);
      const jobs = run.components.map(c => ({
        run_id: row.id,
        entity_ref: c.entityRef,
        host: c.host,
        state: 'queued',
        attempts: 0,
        updated_at: run.now,
      }));
      for (let i = 0; i < jobs.length; i += 400) {
        await tx(JOBS).insert(jobs.slice(i, i + 400));
      }
    });
    return row;
  }

  async getRun(id: string): Promise<UpgradeRunRow | undefined> {
    return this.db(RUNS).where({ id }).first();
  }

  async counts(runId: string): Promise<RunCounts> {
    const states = { queued: 0, running: 0, done: 0 };
    const outcomes: Record<string, number> = {};
    const rows: {
      state: string;
      outcome: string | null;
      n: number | string;
    }[] = await this.db(JOBS)
      .where({ run_id: runId })
      .groupBy('state', 'outcome')
      .select('state', 'outcome')
      .count({ n: '*' });
    for (const row of rows) {
      states[row.state as keyof typeof states] += Number(row.n);
      if (row.outcome) {
        outcomes[row.outcome] = (outcomes[row.outcome] ?? 0) + Number(row.n);
      }
    }
    return { states, outcomes };
  }

  /** A page of a run's jobs, in order. */
  async jobs(
    runId: string,
    options: { after?: number; limit: number },
  ): Promise<UpgradeJobRow[]> {
    return this.db(JOBS)
      .where({ run_id: runId })
      .andWhere('id', '>', options.after ?? 0)
      .orderBy('id')
      .limit(options.limit);
  }

  /**
   * Claims up to `limit` jobs for `worker` until `now + leaseMs`, oldest first, keeping at most
   * `perHost` jobs of one repository host running at once (counted from the claims in the
   * database, so across replicas).
   */
  async claim(options: {
    worker: string;
    now: Date;
    leaseMs: number;
    perHost: number;
    limit: number;
  }): Promise<UpgradeJobRow[]> {
    const { worker, now, leaseMs, perHost, limit } = options;
    if (limit <= 0) return [];
    const candidates: UpgradeJobRow[] = await this.db(JOBS)
      .where(claimable(now))
      .orderBy('id')
      .limit(Math.max(limit * 4, 20));
    if (candidates.length === 0) return [];
    const running: { host: string; n: number | string }[] = await this.db(JOBS)
      .where({ state: 'running' })
      .andWhere('lease_until', '>=', now)
      .groupBy('host')
      .select('host')
      .count({ n: '*' });
    const perHostRunning = new Map(running.map(r => [r.host, Number(r.n)]));
    const claimed: UpgradeJobRow[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs);
    for (const job of candidates) {
      if (claimed.length >= limit) break;
      if ((perHostRunning.get(job.host) ?? 0) >= perHost) continue;
      const updated = await this.db(JOBS)
        .where({ id: job.id })
        .andWhere(claimable(now))
        .update({
          state: 'running',
          claimed_by: worker,
          lease_until: leaseUntil,
          attempts: Number(job.attempts) + 1,
          updated_at: now,
        });
      if (updated === 1) {
        perHostRunning.set(job.host, (perHostRunning.get(job.host) ?? 0) + 1);
        claimed.push({
          ...job,
          state: 'running',
          claimed_by: worker,
          lease_until: leaseUntil,
          attempts: Number(job.attempts) + 1,
        });
      }
    }
    return claimed;
  }

  /** Puts a claimed job back in the queue (it could not run now). */
  async release(jobId: number | string, worker: string, now: Date) {
    await this.db(JOBS)
      .where({ id: jobId, claimed_by: worker, state: 'running' })
      .update({
        state: 'queued',
        claimed_by: null,
        lease_until: null,
        attempts: this.db.raw('attempts - 1'),
        updated_at: now,
      });
  }

  /**
   * Records a job's outcome, if `worker` still holds it (a worker whose lease ran out and whose
   * job another worker took over records nothing), and closes the run once no job is left.
   */
  async complete(
    job: { id: number | string; run_id: string },
    worker: string,
    outcome: JobOutcome,
    now: Date,
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      // the run's row locked first, so two workers finishing its last jobs at once are
      // serialised: the second sees the first's job done and closes the run (without the lock,
      // each saw the other's job still running under read committed and none closed it).
      // SQLite has one writer at a time already.
      if (isPostgres(tx)) {
        await tx(RUNS).where({ id: job.run_id }).forUpdate().first('id');
      }
      const updated = await tx(JOBS)
        .where({ id: job.id, claimed_by: worker, state: 'running' })
        .update({
          state: 'done',
          lease_until: null,
          outcome: outcome.outcome,
          error: outcome.error,
          branch: outcome.branch,
          change_url: outcome.changeUrl,
          updated_at: now,
        });
      if (updated !== 1) return false;
      const left = await tx(JOBS)
        .where({ run_id: job.run_id })
        .whereNot({ state: 'done' })
        .first('id');
      if (!left) {
        await tx(RUNS)
          .where({ id: job.run_id })
          .whereNull('finished_at')
          .update({ finished_at: now });
      }
      return true;
    });
  }
}

/** Queued jobs, and running ones whose lease ran out. */
function claimable(now: Date) {
  return (q: Knex.QueryBuilder) =>
    q
      .where({ state: 'queued' })
      .orWhere(r =>
        r.where({ state: 'running' }).andWhere('lease_until', '<', now),
      );
}
