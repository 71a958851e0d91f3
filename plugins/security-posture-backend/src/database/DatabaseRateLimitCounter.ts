import { Knex } from 'knex';
import { RateLimitCounter } from '../lib/RateLimiter';
import { giveBackToWindow, takeFromWindow } from './operations/rateLimits';

/** Rate-limit windows in `posture_rate_limits`: one count for every replica. @internal */
export class DatabaseRateLimitCounter implements RateLimitCounter {
  constructor(private readonly db: Knex) {}

  take(key: string, windowStart: number, amount: number): Promise<number> {
    return takeFromWindow(this.db, key, windowStart, amount);
  }

  giveBack(key: string, windowStart: number, amount: number): Promise<void> {
    return giveBackToWindow(this.db, key, windowStart, amount);
  }
}
