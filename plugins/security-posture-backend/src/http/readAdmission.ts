import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';

/** How many reads of this replica run at once, and how many may wait for their turn. @internal */
export interface ReadAdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
}

/** When a read refused because the queue is full may come back. */
const RETRY_AFTER_SECONDS = 1;

/**
 * Admission of this replica's reads (GET and HEAD): at most `maxConcurrent` run at once, the
 * others wait in order, and past `maxQueued` waiting a read is answered 503 with `Retry-After`.
 *
 * Node runs every request of a replica on one thread: under 50 concurrent findings reads, each
 * step of an upload (every statement it awaits) waits behind the steps of 50 reads, and the upload
 * took 11x (PostgreSQL) to 20x (SQLite) its time alone. With reads admitted a few at a time, the
 * others wait without using the thread, writes are never queued here, and the reads' throughput
 * stays what the CPU gives. It limits one replica's own work, like a connection pool; nothing
 * correct depends on it (docs/architecture.md).
 *
 * @internal
 */
export class ReadAdmission {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits: ReadAdmissionLimits) {}

  /** Reads waiting for their turn now (for tests and logs). */
  get queued(): number {
    return this.waiting.length;
  }

  middleware(): express.RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        next();
        return;
      }
      if (this.running < this.limits.maxConcurrent) {
        this.admit(res);
        next();
        return;
      }
      if (this.waiting.length >= this.limits.maxQueued) {
        res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
        next(
          new ServiceUnavailableError(
            `security-posture is serving ${this.running} reads with ${this.waiting.length} waiting ` +
              `(securityPosture.http.maxQueuedReads); try again shortly`,
          ),
        );
        return;
      }
      const waiter = { turn: () => {} };
      // a client that leaves while waiting gives its place up (the response closes unanswered)
      const gone = () => {
        const at = this.waiting.indexOf(waiter.turn);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      waiter.turn = () => {
        res.off('close', gone);
        this.admit(res);
        next();
      };
      res.once('close', gone);
      this.waiting.push(waiter.turn);
    };
  }

  private admit(res: express.Response): void {
    this.running += 1;
    let left = false;
    const leave = () => {
      if (left) return;
      left = true;
      this.running -= 1;
      this.waiting.shift()?.();
    };
    res.once('finish', leave);
    res.once('close', leave);
  }
}
