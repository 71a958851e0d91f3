import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { TooManyRequestsError } from '../lib/errors';
import {
  JobOutcome,
  UpgradeJobRow,
  UpgradeJobStore,
  UpgradeRunRow,
} from './UpgradeJobStore';

/** Refusals whose message is the outcome as it is. */
const EXPECTED = [
  'ConflictError',
  'InputError',
  'NotFoundError',
  'NotAllowedError',
];

/** How a worker claims and runs upgrade jobs. @internal */
export interface UpgradeWorkerOptions {
  jobs: UpgradeJobStore;
  /** Runs one job: the component's upgrade, recorded; throws TooManyRequestsError to wait. */
  run(job: UpgradeJobRow, run: UpgradeRunRow): Promise<JobOutcome>;
  logger: LoggerService;
  /** Jobs one replica runs at once. */
  concurrency: number;
  /** Jobs of one repository host running at once, over every replica. */
  perHost: number;
  /** How long a claim holds before another worker may take the job over. */
  leaseMs: number;
  /** How often an idle worker looks for work. */
  pollMs: number;
  /** A job whose worker stopped this many times is recorded as failed. */
  maxAttempts?: number;
  clock?: () => Date;
}

/**
 * One replica's worker of the upgrade queue: claims jobs from the database (never more than its
 * concurrency, never more than the per-host bound across the fleet), runs them, records each
 * outcome, and looks again. Stopping waits for the jobs it runs; a replica that dies leaves its
 * claims to run out, and another replica's worker takes them over.
 *
 * @internal
 */
export class UpgradeWorker {
  readonly id = `worker-${randomUUID()}`;
  private readonly inFlight = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private ticking = false;
  /** Until when the fleet's per-minute allowance is spent (nothing is claimed before). */
  private waitUntil = 0;

  constructor(private readonly options: UpgradeWorkerOptions) {}

  private now() {
    return this.options.clock?.() ?? new Date();
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.tick().catch(error =>
        this.options.logger.warn(
          `security-posture: the upgrade worker could not claim jobs: ${error}`,
        ),
      );
    }, ms);
    this.timer.unref?.();
  }

  /** Claims what it may and starts it; then looks again after the poll interval. */
  private async tick(): Promise<number> {
    if (this.ticking) return 0;
    this.ticking = true;
    let claimed: UpgradeJobRow[] = [];
    try {
      if (this.now().getTime() < this.waitUntil) return 0;
      const { jobs, concurrency, perHost, leaseMs } = this.options;
      claimed = await jobs.claim({
        worker: this.id,
        now: this.now(),
        leaseMs,
        perHost,
        limit: concurrency - this.inFlight.size,
      });
      for (const job of claimed) {
        const running = this.runJob(job).finally(() => {
          this.inFlight.delete(running);
          // a free slot: look for the next job at once
          this.schedule(0);
        });
        this.inFlight.add(running);
      }
    } finally {
      this.ticking = false;
      this.schedule(this.options.pollMs);
    }
    return claimed.length;
  }

  private async runJob(job: UpgradeJobRow) {
    const { jobs, logger } = this.options;
    const maxAttempts = this.options.maxAttempts ?? 3;
    const run = await jobs.getRun(job.run_id);
    let outcome: JobOutcome;
    if (!run) {
      outcome = failed('its run no longer exists');
    } else if (job.attempts > maxAttempts) {
      outcome = failed(
        `the upgrade was started ${maxAttempts} times and its worker stopped each time`,
      );
    } else {
      try {
        outcome = await this.options.run(job, run);
      } catch (error) {
        if (error instanceof TooManyRequestsError) {
          // the fleet's per-minute allowance is spent: back to the queue, and wait
          this.waitUntil =
            this.now().getTime() + error.retryAfterSeconds * 1000;
          await jobs.release(job.id, this.id, this.now());
          return;
        }
        const expected = EXPECTED.includes((error as Error).name);
        if (!expected) {
          logger.error(
            `security-posture: the upgrade job of ${job.entity_ref} failed: ${
              (error as Error).stack ?? error
            }`,
          );
        }
        outcome = failed(
          expected
            ? (error as Error).message
            : `the upgrade failed: ${(error as Error).message}`,
        );
      }
    }
    await jobs.complete(job, this.id, outcome, this.now());
  }
}

function failed(error: string): JobOutcome {
  return { outcome: 'failed', error, branch: null, changeUrl: null };
}
