import { ServiceUnavailableError } from '@backstage/errors';
import express from 'express';

/** How many reads of this replica run at once, how many may wait, and how long for writes. @internal */
export interface ReadAdmissionLimits {
  maxConcurrent: number;
  maxQueued: number;
  /** How long a waiting read defers to this replica's writes in flight before it runs anyway. */
  maxDelayForWritesMs: number;
}

/** When a read refused because the queue is full may come back. */
const RETRY_AFTER_SECONDS = 1;

interface Waiter {
  since: number;
  turn: () => void;
}

/**
 * Admission of this replica's reads (GET and HEAD): at most `maxConcurrent` run at once and at
 * most `maxConcurrent` start in one turn of the event loop; the others wait in order, and past
 * `maxQueued` waiting a read is answered 503 with `Retry-After`. Writes are never queued, and
 * while one is in flight on this replica waiting reads defer to it for up to `maxDelayForWritesMs`
 * each (reads already running go on).
 *
 * Node runs every request of a replica on one thread. Under 50 concurrent findings reads an upload
 * took 11x (PostgreSQL) to 20x (SQLite) its time alone, and still 4x to 12x with a few reads
 * running at once: a read that answers without waiting for I/O (better-sqlite3 answers on the
 * thread) ends in the same turn it starts, so the reads that arrived together, or that waited,
 * ran back to back in one turn while the upload's next step (its request, a body chunk, a
 * statement's answer, its response) waited behind all of them. A few reads per turn bound that
 * wait, and writers first (with the wait bounded, so a stream of writes cannot starve the reads)
 * lets an upload run at about its own speed. It shapes one replica's own work, like a connection
 * pool; nothing correct depends on it (docs/architecture.md).
 *
 * @internal
 */
export class ReadAdmission {
  private running = 0;
  private writing = 0;
  private startedThisTurn = 0;
  private turnScheduled = false;
  private readonly waiting: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly limits: ReadAdmissionLimits) {}

  /** Reads waiting for their turn now (for tests and logs). */
  get queued(): number {
    return this.waiting.length;
  }

  middleware(): express.RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        this.writing += 1;
        this.onEnd(res, () => {
          this.writing -= 1;
          this.nextTurn();
        });
        next();
        return;
      }
      // in order: a read that arrives while others wait for their turn waits behind them
      if (this.waiting.length === 0 && this.writing === 0 && this.hasRoom()) {
        this.start(res);
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
      const waiter: Waiter = { since: Date.now(), turn: () => {} };
      // a client that leaves while waiting gives its place up (the response closes unanswered)
      const gone = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
      };
      waiter.turn = () => {
        res.off('close', gone);
        this.start(res);
        next();
      };
      res.once('close', gone);
      this.waiting.push(waiter);
      this.nextTurn();
    };
  }

  private hasRoom(): boolean {
    return (
      this.running < this.limits.maxConcurrent &&
      this.startedThisTurn < this.limits.maxConcurrent
    );
  }

  private start(res: express.Response): void {
    this.running += 1;
    this.startedThisTurn += 1;
    // the next turn gives the next reads theirs
    this.nextTurn();
    this.onEnd(res, () => {
      this.running -= 1;
      this.nextTurn();
    });
  }

  private onEnd(res: express.Response, end: () => void): void {
    let ended = false;
    const once = () => {
      if (ended) return;
      ended = true;
      end();
    };
    res.once('finish', once);
    res.once('close', once);
  }

  /**
   * Waiting reads get their turn on the event loop's next turn, never in the callback of the
   * request that just ended or arrived: I/O that is ready by then (an upload's next step) runs
   * first.
   */
  private nextTurn(): void {
    if (this.turnScheduled) return;
    this.turnScheduled = true;
    setImmediate(() => {
      this.turnScheduled = false;
      this.startedThisTurn = 0;
      this.next();
    });
  }

  /** Starts the waiting reads whose turn it is, and wakes up when the first one's deferral ends. */
  private next(): void {
    const now = Date.now();
    while (this.waiting.length && this.hasRoom()) {
      const first = this.waiting[0];
      if (
        this.writing > 0 &&
        now - first.since < this.limits.maxDelayForWritesMs
      ) {
        break;
      }
      this.waiting.shift();
      first.turn();
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing > 0 && this.waiting.length && this.hasRoom()) {
      const wait =
        this.waiting[0].since + this.limits.maxDelayForWritesMs - now;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.next();
      }, Math.max(1, wait));
      this.timer.unref();
    }
  }
}
