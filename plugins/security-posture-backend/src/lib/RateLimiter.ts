import { TooManyRequestsError } from './errors';

/** Where a limiter counts: shared by every replica (the database) in the plugin. @internal */
export interface RateLimitCounter {
  /** Adds `amount` to the key's window and answers the window's total after it. */
  take(key: string, windowStart: number, amount: number): Promise<number>;
  /** Takes back `amount` from the key's window. */
  giveBack(key: string, windowStart: number, amount: number): Promise<void>;
}

/**
 * At most `limit` of something per key and fixed window of `windowSeconds`: a take that would go
 * past it is refused whole with a {@link TooManyRequestsError} whose `Retry-After` is the rest of
 * the window, and is not counted.
 *
 * @internal
 */
export class RateLimiter {
  constructor(
    private readonly options: {
      counter: RateLimitCounter;
      limit: number;
      windowSeconds: number;
      /** Says what is limited, for the refusal: `(limit, taken) => message`. */
      describe: (limit: number, taken: number) => string;
      clock?: () => number;
    },
  ) {}

  async take(key: string, amount = 1): Promise<void> {
    const { counter, limit, windowSeconds } = this.options;
    const now = (this.options.clock ?? Date.now)() / 1000;
    const windowStart = Math.floor(now / windowSeconds) * windowSeconds;
    const taken = await counter.take(key, windowStart, amount);
    if (taken > limit) {
      await counter.giveBack(key, windowStart, amount);
      throw new TooManyRequestsError(
        this.options.describe(limit, taken - amount),
        Math.max(1, Math.ceil(windowStart + windowSeconds - now)),
      );
    }
  }
}
