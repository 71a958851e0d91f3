import { Knex } from 'knex';
import { RateLimitCounter } from '../lib/RateLimiter';
import { takeSliding } from './operations/rateLimits';

/** Rate-limit windows in `posture_rate_limits`: one count for every replica. @internal */
export class DatabaseRateLimitCounter implements RateLimitCounter {
  constructor(private readonly db: Knex) {}

  take(
    key: string,
    options: { amount: number; limit: number; windowMs: number; nowMs: number },
  ) {
    return takeSliding(this.db, key, options);
  }
}
