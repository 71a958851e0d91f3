import { TooManyRequestsError } from './errors';

/** Where a limiter counts: shared by every replica (the database) in the plugin. @internal */
export interface RateLimitCounter {
  /**
   * Records `amount` for the key when it fits under `limit` in the window of `windowMs` before
   * `nowMs`; answers what the window held before, and when a refused take could fit.
   */
  take(
    key: string,
    options: { amount: number; limit: number; windowMs: number; nowMs: number },
  ): Promise<{ taken: number; allowed: boolean; freesAtMs: number | null }>;
}

/**
 * At most `limit` of something per key in any `windowSeconds` (a sliding window): a take that
 * would go past it is refused whole, and not counted, with a {@link TooManyRequestsError} whose
 * `Retry-After` says when the window's oldest take leaves it.
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
    const nowMs = (this.options.clock ?? Date.now)();
    const result = await counter.take(key, {
      amount,
      limit,
      windowMs: windowSeconds * 1000,
      nowMs,
    });
    if (!result.allowed) {
      const waitMs =
        result.freesAtMs === null
          ? windowSeconds * 1000
          : result.freesAtMs - nowMs;
      throw new TooManyRequestsError(
        this.options.describe(limit, result.taken),
        Math.min(windowSeconds, Math.max(1, Math.ceil(waitMs / 1000))),
      );
    }
  }
}
